/**
 * The one rule for when an activation starts, shared by the CLI's `--start`, the desktop form's start field and the
 * IPC schema: the grammar a person may type, and how far from now a start may be.
 *
 * Typed forms: a date and time, local unless an offset is given (`2026-12-24T08:00`, `2026-12-24 08:00`,
 * `2026-12-24T08:00:00Z`, `2026-12-24T08:00+01:00`), or a time from now (`+2h`, `+90m`, `+1h30m`, `+1d`). The
 * upper bound is the activation-input rule's (activation-input.ts), which the IPC schema checks too.
 */
import { MAX_SCHEDULE_AHEAD_MS, SCHEDULE_TOO_FAR } from './activation-input';

/** A start this far in the past still means "now" (a minute spent between typing and sending). */
const PAST_TOLERANCE_MS = 60_000;

export type StartTime = { readonly ok: true; readonly iso: string } | { readonly ok: false; readonly problem: string };

const RELATIVE = /^\+(?:(\d{1,2})d)?(?:(\d{1,3})h)?(?:(\d{1,5})m)?$/i;
const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/i;

const FORMS =
  'a date and time such as 2026-12-24T08:00 (local time unless an offset like Z or +01:00 is given), or a time from now such as +2h or +1h30m';

/** Problems with a start instant relative to `now`, or null when it may be sent. */
export function startTimeProblem(at: number, now: number): string | null {
  if (Number.isNaN(at)) {
    return `The start must be ${FORMS}.`;
  }
  if (at < now - PAST_TOLERANCE_MS) {
    return 'The start time has passed; choose a later time, or leave it out to start now.';
  }
  if (at > now + MAX_SCHEDULE_AHEAD_MS) {
    return SCHEDULE_TOO_FAR;
  }
  return null;
}

function absolute(match: RegExpExecArray): number {
  const [, y, mo, d, h, mi, s, offset] = match;
  const parts = [y, mo, d, h, mi, s ?? '0'].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return Number.NaN;
  }
  if (offset === undefined) {
    // Local time: built from its fields, and refused when the calendar rolled it over (30 February).
    const local = new Date(year, month - 1, day, hour, minute, second);
    return local.getDate() === day && local.getMonth() === month - 1 ? local.getTime() : Number.NaN;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(utc).getUTCDate() !== day) {
    return Number.NaN;
  }
  if (offset.toUpperCase() === 'Z') {
    return utc;
  }
  const sign = offset.startsWith('-') ? -1 : 1;
  const [oh, om] = offset.slice(1).split(':').map(Number) as [number, number];
  return oh > 14 || om > 59 ? Number.NaN : utc - sign * (oh * 60 + om) * 60_000;
}

/** A typed start as an instant (ISO 8601, UTC), judged against `now`. */
export function parseStartTime(text: string, now: number): StartTime {
  const typed = text.trim();
  const relative = RELATIVE.exec(typed);
  const match = ABSOLUTE.exec(typed);
  const [, days, hours, minutes] = relative ?? [];
  const at =
    relative !== null && typed.length > 1
      ? now + ((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes ?? 0)) * 60_000
      : match === null
        ? Number.NaN
        : absolute(match);
  const problem = startTimeProblem(at, now);
  return problem === null ? { ok: true, iso: new Date(at).toISOString() } : { ok: false, problem };
}
