/**
 * Pure derivations from wizard state: which roles to show, the duration cap, the request to send,
 * and what is missing before it can be sent.
 */
import type { AppError, FieldIssue } from '../../shared/errors';
import type { ActivationPlan, ActivationRequest } from '../../shared/domain/activation';
import type { EligibleRole, RoleCatalog } from '../../shared/domain/roles';
import { formatMinutes, isoDurationToMinutes, minutesToIsoDuration } from './format';
import type { ActivationForm, KindFilter, RoleFilter, Run, RunRow } from './wizard-state';
import { activationInputProblems } from '../../shared/rules/activation-input';
import { startTimeProblem } from '../../shared/rules/start-time';

/** Durations offered in the picker; the list is cut at the strictest policy among the selection. */
export const DURATION_CHOICES_MINUTES: readonly number[] = [30, 60, 90, 120, 180, 240, 360, 480, 600, 720, 960, 1440];

/** Used when no selected role's policy states a maximum (Entra's own ceiling is 24 hours). */
export const FALLBACK_MAX_MINUTES = 1440;

export function matchesFilter(role: EligibleRole, filter: RoleFilter): boolean {
  const r = role.requirements;
  switch (filter) {
    case 'all':
      return true;
    case 'step-up':
      return r.authenticationContext !== null;
    case 'mfa':
      return r.mfa;
    case 'approval':
      return r.approval;
    case 'ticket':
      return r.ticket;
    case 'none':
      return r.known && r.authenticationContext === null && !r.mfa && !r.approval && !r.ticket && !r.justification;
    case 'unknown':
      return !r.known;
  }
}

export type ListQuery = {
  readonly query: string;
  readonly filter: RoleFilter;
  readonly kind: KindFilter;
  readonly favourites: readonly string[];
  /** Roles not offered for activation (waiting for approval); active roles never are. */
  readonly exclude?: ReadonlySet<string>;
};

/** Lower-cased text a search matches against, computed once per role and catalog. */
const searchText = new WeakMap<EligibleRole, string>();
function haystackOf(role: EligibleRole): string {
  let text = searchText.get(role);
  if (text === undefined) {
    text = [role.displayName, role.description ?? '', role.scopeLabel, role.requirements.authenticationContext?.displayName ?? '']
      .join('\n')
      .toLowerCase();
    searchText.set(role, text);
  }
  return text;
}

/**
 * The roles that can be activated, matching search and filters: favourites first (in the
 * catalog's order), then the rest. Active roles and roles waiting for approval are listed in
 * their own sections, never here.
 */
export function filterRoles(catalog: RoleCatalog, list: ListQuery): readonly EligibleRole[] {
  const needle = list.query.trim().toLowerCase();
  const favourites = new Set(list.favourites);
  const pinned: EligibleRole[] = [];
  const rest: EligibleRole[] = [];
  for (const role of catalog.eligible) {
    if (role.active !== null || list.exclude?.has(role.id) === true) {
      continue;
    }
    if (list.kind !== 'all' && role.target.kind !== list.kind) {
      continue;
    }
    if (!matchesFilter(role, list.filter) || (needle !== '' && !haystackOf(role).includes(needle))) {
      continue;
    }
    (favourites.has(role.id) ? pinned : rest).push(role);
  }
  return [...pinned, ...rest];
}

export function selectedRoles(catalog: RoleCatalog, selection: readonly string[]): readonly EligibleRole[] {
  return selection.map((id) => catalog.eligible.find((role) => role.id === id)).filter((role): role is EligibleRole => role !== undefined);
}

/** The strictest maximum duration among the roles, and which role sets it. */
export function durationCap(roles: readonly EligibleRole[]): { readonly minutes: number; readonly setBy: EligibleRole | null } {
  let cap: { minutes: number; setBy: EligibleRole | null } = { minutes: FALLBACK_MAX_MINUTES, setBy: null };
  for (const role of roles) {
    const max = role.requirements.maximumDuration === null ? null : isoDurationToMinutes(role.requirements.maximumDuration);
    if (max !== null && max < cap.minutes) {
      cap = { minutes: max, setBy: role };
    }
  }
  return cap;
}

/**
 * The picker's choices up to the cap; `current` (e.g. a help-desk link's 45 minutes) is offered
 * too when it is within the cap, so the select shows what will be sent.
 */
export function durationChoices(capMinutes: number, current?: number): readonly number[] {
  const choices = DURATION_CHOICES_MINUTES.filter((m) => m <= capMinutes);
  const withCap = choices.includes(capMinutes) ? choices : [...choices, capMinutes];
  return current !== undefined && current > 0 && current < capMinutes && !withCap.includes(current)
    ? [...withCap, current].sort((a, b) => a - b)
    : withCap;
}

/** What the selected roles demand of the form (unknown policies demand nothing up front). */
export function formRequirements(roles: readonly EligibleRole[]): { readonly justification: boolean; readonly ticket: boolean } {
  return {
    justification: roles.some((role) => role.requirements.justification),
    ticket: roles.some((role) => role.requirements.ticket),
  };
}

/** One role's maximum in minutes (Entra's 24-hour ceiling when its policy states none). */
export function roleCapMinutes(role: EligibleRole): number {
  const max = role.requirements.maximumDuration === null ? null : isoDurationToMinutes(role.requirements.maximumDuration);
  return max === null ? FALLBACK_MAX_MINUTES : Math.min(max, FALLBACK_MAX_MINUTES);
}

/** The minutes one role will be asked for: its own choice, else the common one, always within its own cap. */
export function roleMinutes(role: EligibleRole, form: Pick<ActivationForm, 'durationMinutes' | 'durations'>): number {
  return Math.min(form.durations[role.id] ?? form.durationMinutes, roleCapMinutes(role));
}

/** The `datetime-local` value as an instant with its offset, or null for "now" or an unreadable value. */
export function scheduledStart(startAt: string): string | null {
  if (startAt.trim() === '') {
    return null;
  }
  const at = new Date(startAt);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/**
 * The request for the selected roles. Each role gets its own duration within its own policy;
 * when they all agree the request carries one `duration`, otherwise the first role's is the
 * default and the others are listed in `durations`.
 */
export function buildRequest(roles: readonly EligibleRole[], form: ActivationForm): ActivationRequest {
  const minutes = roles.map((role) => roleMinutes(role, form));
  const first = minutes[0] ?? Math.min(form.durationMinutes, FALLBACK_MAX_MINUTES);
  const durations: Record<string, string> = {};
  roles.forEach((role, i) => {
    const m = minutes[i] ?? first;
    if (m !== first) {
      durations[role.id] = minutesToIsoDuration(m);
    }
  });
  const ticketNumber = form.ticketNumber.trim();
  const ticketSystem = form.ticketSystem.trim();
  const start = scheduledStart(form.startAt);
  return {
    roleIds: roles.map((role) => role.id),
    duration: minutesToIsoDuration(first),
    ...(Object.keys(durations).length > 0 ? { durations } : {}),
    ...(start === null ? {} : { startDateTime: start }),
    justification: form.justification.trim(),
    ...(ticketNumber === '' ? {} : { ticketNumber }),
    // A ticket system alone (e.g. pre-filled by policy) means nothing to PIM without a number.
    ...(ticketSystem === '' || ticketNumber === '' ? {} : { ticketSystem }),
  };
}

/** The form's fields in the order they appear, so focus goes to the first one with a problem. */
export const FORM_FIELDS = ['justification', 'ticketNumber', 'ticketSystem', 'startAt'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** Problems the admin can fix in the form, checked before asking the engine; one message per field. */
export function validateForm(
  form: ActivationForm,
  needs: { readonly justification: boolean; readonly ticket: boolean },
  now: number = Date.now(),
): Partial<Record<FormField, string>> {
  const issues: Partial<Record<FormField, string>> = {};
  if (form.startAt.trim() !== '') {
    const start = scheduledStart(form.startAt);
    // The bounds are the one start-time rule the CLI's --start and the IPC schema apply too.
    const problem = start === null ? null : startTimeProblem(Date.parse(start), now);
    if (start === null) {
      issues.startAt = 'Enter the start as a date and time, or clear it to start now.';
    } else if (problem !== null) {
      issues.startAt = problem;
    }
  }
  // The project's one activation-input rule: the verdicts the main process and the CLI give, shown before sending.
  const input = { justification: form.justification, ticketNumber: form.ticketNumber, ticketSystem: form.ticketSystem };
  return { ...issues, ...activationInputProblems(input, needs) };
}

/** The plan's per-role problems as readable lines. */
export function planProblems(plan: ActivationPlan, nameOf: (roleId: string) => string): readonly string[] {
  return plan.problems.flatMap((problem) => problem.issues.map((issue: FieldIssue) => `${nameOf(problem.roleId)}: ${issue.message}`));
}

export function describeCap(cap: { readonly minutes: number; readonly setBy: EligibleRole | null }): string {
  return cap.setBy === null
    ? `Up to ${formatMinutes(cap.minutes)}.`
    : `Up to ${formatMinutes(cap.minutes)}, the maximum for ${cap.setBy.displayName}.`;
}

/** Local clock minus server clock, in ms, from the catalog (0 when unknown). */
export function skewMs(catalog: RoleCatalog | null): number {
  return catalog === null ? 0 : catalog.clockSkewSeconds * 1000;
}

export const CLOCK_SKEW_WARNING_SECONDS = 120;

/** PIM refuses to end an activation in its first five minutes (ActiveDurationTooShort). */
export const MIN_ACTIVE_BEFORE_DEACTIVATE_MS = 5 * 60_000;

const RETRY_SAFE_CODES: ReadonlySet<AppError['code']> = new Set([
  'auth/cancelled',
  'auth/timed-out',
  'auth/step-up-unsatisfied',
  'auth/mfa-unsatisfied',
]);

/**
 * A retry is offered only where sending the request again cannot do harm: the engine says the
 * error is retryable (it reconciles before resending), or nothing was submitted because the
 * sign-in did not complete.
 */
export function isRetrySafe(error: AppError | null): boolean {
  // A dead end (the engine names a remedy) cannot succeed by trying again: the screen says what to do instead.
  return error !== null && error.remedy === undefined && (error.retryable || RETRY_SAFE_CODES.has(error.code));
}

/** A throttle this short is waited out and retried automatically (once per role); longer ones wait for the admin. */
export const AUTO_RETRY_MAX_SECONDS = 10;

/**
 * Rows that failed (or never finished) in a finished run. An unconfirmed row did not fail: PIM may hold its request,
 * so it is checked, never retried from here.
 */
export function failedRows(run: Run): readonly RunRow[] {
  return run.rows.filter((row) => !row.unconfirmed && (row.outcome?.status === 'failed' || (row.outcome === null && row.error !== null)));
}

/** Rows whose outcome the engine flagged unconfirmed: PIM may have accepted them. */
export function unconfirmedRows(run: Run): readonly RunRow[] {
  return run.rows.filter((row) => row.unconfirmed);
}

/**
 * The automatic retry a finished run is due, if any: every failed role was refused for a short
 * throttle on its first try (nothing was applied, so sending again is safe), and the admin has
 * not stopped it. Waits the longest `Retry-After` among them.
 */
export function autoRetryOf(run: Run): { readonly roleIds: readonly string[]; readonly seconds: number } | null {
  if (run.inFlight || run.autoRetryDeclined) {
    return null;
  }
  const failed = failedRows(run);
  const short = failed.filter(
    (row) =>
      row.attempt === 1 &&
      row.error?.code === 'graph/throttled' &&
      row.error.retryAfterSeconds !== undefined &&
      row.error.retryAfterSeconds <= AUTO_RETRY_MAX_SECONDS,
  );
  if (short.length === 0) {
    return null;
  }
  return { roleIds: short.map((row) => row.roleId), seconds: Math.max(...short.map((row) => row.error?.retryAfterSeconds ?? 0)) };
}
