/**
 * The one ISO 8601 duration grammar of the project, for PIM activations and policy limits.
 *
 * Every surface uses it: the IPC argument schema, the engine's policy check, the CLI's
 * `--duration`, help-desk links and the wizard. Only days, hours, minutes and seconds are read
 * (`P1D`, `PT8H`, `PT1H30M`); years, months and weeks are refused because their length varies
 * or because PIM never speaks in them. Letters may be typed in either case (`pt2h`); what is
 * sent to Graph is always the canonical upper-case form from `toIsoDuration`.
 */
import { echoable } from './text';

const GRAMMAR = /^P(?!$)(?:(\d{1,4})D)?(?:T(?=\d)(?:(\d{1,5})H)?(?:(\d{1,6})M)?(?:(\d{1,7})S)?)?$/;

/**
 * Our floor, not PIM's: PIM documents no minimum activation duration, but an activation cannot be ended within five
 * minutes of its start (`ActiveDurationTooShort`, docs/protocol.md), so a shorter one could not be deactivated at all.
 */
export const MIN_ACTIVATION_SECONDS = 5 * 60;
/** No PIM policy allows an activation longer than 24 hours. */
export const MAX_ACTIVATION_SECONDS = 24 * 3600;

/** Seconds in an ISO 8601 duration, or null when it is not one this grammar reads. */
export function parseIsoDuration(text: string): number | null {
  // No trimming: a value with white space or a line break around it is not a duration.
  const match = GRAMMAR.exec(text.toUpperCase());
  if (match === null) {
    return null;
  }
  const [, d, h, m, s] = match;
  const n = (v: string | undefined): number => (v === undefined ? 0 : Number(v));
  return n(d) * 86400 + n(h) * 3600 + n(m) * 60 + n(s);
}

/** `PT2H30M` for 9000 seconds; days are written as hours because PIM policies speak in hours. */
export function toIsoDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s === 0) {
    return 'PT0S';
  }
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `PT${h > 0 ? `${String(h)}H` : ''}${m > 0 ? `${String(m)}M` : ''}${sec > 0 ? `${String(sec)}S` : ''}`;
}

/** "2 h 30 min", "45 min", "1 day 2 h" for people. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (days > 0) {
    parts.push(`${String(days)} day${days === 1 ? '' : 's'}`);
  }
  if (hours > 0) {
    parts.push(`${String(hours)} h`);
  }
  if (minutes > 0) {
    parts.push(`${String(minutes)} min`);
  }
  if (parts.length === 0) {
    parts.push(`${String(s)} s`);
  }
  return parts.join(' ');
}

/** Human form of an ISO duration, or the text itself when it cannot be parsed. */
export function describeIsoDuration(text: string): string {
  const seconds = parseIsoDuration(text);
  return seconds === null ? text : formatDuration(seconds);
}

export type ActivationDuration =
  | { readonly ok: true; readonly seconds: number; /** Canonical form, the one sent to Graph. */ readonly iso: string }
  | { readonly ok: false; readonly problem: string };

/**
 * Checks a requested activation duration on its face, before any policy is known: the grammar,
 * whole minutes, at least five minutes and at most 24 hours. The role's own maximum is checked
 * later against its policy (`validateActivation`).
 */
export function checkActivationDuration(text: string): ActivationDuration {
  const seconds = parseIsoDuration(text);
  if (seconds === null) {
    return {
      ok: false,
      problem: `"${echoable(text, { max: 40 })}" is not an ISO 8601 duration in days, hours and minutes; write e.g. PT30M, PT2H or PT1H30M.`,
    };
  }
  if (seconds % 60 !== 0) {
    return { ok: false, problem: `PIM activates for whole minutes; ${formatDuration(seconds)} has ${String(seconds % 60)} s left over.` };
  }
  if (seconds < MIN_ACTIVATION_SECONDS) {
    return { ok: false, problem: 'The duration must be at least 5 minutes.' };
  }
  if (seconds > MAX_ACTIVATION_SECONDS) {
    return { ok: false, problem: `${formatDuration(seconds)} is longer than PIM's 24-hour maximum; ask for 24 hours or less.` };
  }
  return { ok: true, seconds, iso: toIsoDuration(seconds) };
}

/**
 * A duration in its canonical form (`pt2h`, `PT120M` → `PT2H`), the form shown and sent to Graph and ARM; text that is
 * not a duration is returned as it is (its check reports it).
 */
export function canonicalDuration(duration: string): string;
export function canonicalDuration(duration: string | undefined): string | undefined;
export function canonicalDuration(duration: string | undefined): string | undefined {
  const seconds = duration === undefined ? null : parseIsoDuration(duration);
  return seconds === null ? duration : toIsoDuration(seconds);
}
