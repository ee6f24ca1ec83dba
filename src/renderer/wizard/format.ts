/**
 * Pure text helpers for the wizard: durations, countdowns, phases and sign-in methods in words.
 *
 * Kept free of React and the DOM so the reducer and the unit tests can use them.
 */
import { assertNever } from '../../shared/assert';
import type { ActivationPhase } from '../../shared/domain/activation';
import { parseIsoDuration, toIsoDuration } from '../../shared/rules/duration';

/** Whole minutes in an ISO 8601 duration such as `PT8H`, `PT1H30M` or `P1D`; null when unreadable or zero. */
export function isoDurationToMinutes(iso: string): number | null {
  const seconds = parseIsoDuration(iso);
  const minutes = seconds === null ? 0 : Math.floor(seconds / 60);
  return minutes > 0 ? minutes : null;
}

/** `90` → `PT1H30M`, in the project's one duration grammar. */
export function minutesToIsoDuration(minutes: number): string {
  return toIsoDuration(Math.max(1, Math.round(minutes)) * 60);
}

/** `90` → `1 h 30 min`. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) {
    return `${String(m)} min`;
  }
  return m === 0 ? `${String(h)} h` : `${String(h)} h ${String(m)} min`;
}

/** A countdown such as `1 h 04 min 09 s`, or `0 s` once passed. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) {
    return `${String(h)} h ${pad(m)} min ${pad(s)} s`;
  }
  return m > 0 ? `${String(m)} min ${pad(s)} s` : `${String(s)} s`;
}

/** A short elapsed time: `350 ms`, `4.2 s`, `2 min 5 s`. */
export function formatElapsed(ms: number): string {
  if (ms < 1000) {
    return `${String(Math.max(0, Math.round(ms)))} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  const s = Math.round(ms / 1000);
  return `${String(Math.floor(s / 60))} min ${String(s % 60)} s`;
}

/** Minutes left from `now` until `end` (ISO), rounded down; null when there is no end. */
export function minutesLeft(end: string | null, now: number): number | null {
  if (end === null) {
    return null;
  }
  const t = Date.parse(end);
  return Number.isNaN(t) ? null : Math.max(0, Math.floor((t - now) / 60_000));
}

export function phaseLabel(phase: ActivationPhase): string {
  switch (phase) {
    case 'queued':
      return 'queued';
    case 'stepping-up':
      return 'waiting for step-up sign-in';
    case 'submitting':
      return 'submitted';
    case 'reconciling':
      return 'checking current state';
    case 'provisioning':
      return 'provisioning';
    case 'pending-approval':
      return 'pending approval';
    case 'active':
      return 'active';
    case 'already-active':
      return 'already active';
    case 'scheduled':
      return 'scheduled';
    case 'denied':
      return 'denied';
    case 'failed':
      return 'failed';
    default:
      return assertNever(phase, 'phase');
  }
}

/** Phases after which nothing more will happen in this run. */
export function isFinalPhase(phase: ActivationPhase): boolean {
  return (
    phase === 'active' ||
    phase === 'already-active' ||
    phase === 'scheduled' ||
    phase === 'denied' ||
    phase === 'failed' ||
    phase === 'pending-approval'
  );
}

/**
 * The `amr` values of Entra tokens in words (docs/protocol.md, "Claims requests and token claims"). Unknown values are
 * shown as they are: the claim is for display only and new methods appear over time.
 */
const AMR_NAMES: Readonly<Record<string, string>> = {
  pwd: 'Password',
  mfa: 'Multifactor authentication',
  rsa: 'Authenticator app or hardware-backed key',
  ngcmfa: 'Windows Hello for Business (strong multifactor)',
  fido: 'FIDO2 security key or passkey',
  otp: 'One-time code',
  sms: 'Text message',
  tel: 'Phone call',
  face: 'Face recognition',
  fpt: 'Fingerprint',
  hwk: 'Hardware-protected key',
  swk: 'Software-protected key',
  wia: 'Windows integrated authentication',
  kba: 'Knowledge-based authentication',
  pop: 'Proof of possession',
  mca: 'Multifactor via a partner',
  sc: 'Smart card',
  pin: 'PIN',
  vpn: 'VPN',
};

export function methodName(amr: string): string {
  return AMR_NAMES[amr] ?? amr;
}

/** "Global Administrator", "Global Administrator and Exchange Administrator", "A, B and C". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) {
    return names[0] ?? '';
  }
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/**
 * How long each phase took to be reached: the first from the run's start, then from the phase
 * before. null where a time is unknown (a phase known only from the final report).
 */
export function phaseDurations(marks: readonly { readonly at: string }[], startedAt: string): readonly (number | null)[] {
  let previous = Date.parse(startedAt);
  return marks.map((mark) => {
    const at = Date.parse(mark.at);
    if (Number.isNaN(at)) {
      return null;
    }
    const took = Number.isNaN(previous) ? null : Math.max(0, at - previous);
    previous = at;
    return took;
  });
}

/** How a run ended, as far as the headline needs: each role's final status, or null when unknown. */
type FinalStatus =
  'active' | 'already-active' | 'pending-approval' | 'scheduled' | 'activating' | 'unconfirmed' | 'denied' | 'failed' | null;

/**
 * A headline that tells the truth about a finished run: "All 3 roles are active", "2 of 3 roles
 * active, 1 failed", "Nothing was activated".
 */
export function resultHeadline(statuses: readonly FinalStatus[]): string {
  const total = statuses.length;
  const count = (...wanted: FinalStatus[]) => statuses.filter((s) => wanted.includes(s)).length;
  const active = count('active', 'already-active');
  const pending = count('pending-approval');
  const scheduled = count('scheduled');
  const activating = count('activating');
  const unconfirmed = count('unconfirmed');
  const failed = total - active - pending - scheduled - activating - unconfirmed;
  if (active === 0 && pending === 0 && scheduled === 0 && activating === 0) {
    // Never "nothing was activated" while PIM may have accepted a request: the headline says what the body says.
    if (unconfirmed > 0) {
      const rest = failed > 0 ? `; ${String(failed)} not activated` : '';
      return `Not confirmed: PIM may have accepted ${unconfirmed === 1 ? 'it' : 'them'}. Check before retrying${rest}`;
    }
    return 'Nothing was activated';
  }
  if (active === total) {
    return total === 1 ? 'The role is active' : `All ${String(total)} roles are active`;
  }
  const parts = [
    `${String(active)} of ${plural(total, 'role')} active`,
    pending > 0 ? `${String(pending)} waiting for approval` : null,
    scheduled > 0 ? `${String(scheduled)} scheduled` : null,
    activating > 0 ? `${String(activating)} on its way` : null,
    unconfirmed > 0 ? `${String(unconfirmed)} not confirmed (check before retrying)` : null,
    failed > 0 ? `${String(failed)} not activated` : null,
  ];
  return parts.filter((p): p is string => p !== null).join(', ');
}

/** "1 second", "30 seconds". */
export function formatSeconds(seconds: number): string {
  return plural(Math.max(0, Math.ceil(seconds)), 'second');
}
