/**
 * Pure derivations from wizard state: which roles to show, the duration cap, the request to send,
 * and what is missing before it can be sent.
 */
import type { AppError, FieldIssue } from '../../shared/errors';
import type { ActivationPlan, ActivationRequest } from '../../shared/domain/activation';
import type { EligibleRole, RoleCatalog } from '../../shared/domain/roles';
import { formatMinutes, isoDurationToMinutes, minutesToIsoDuration } from './format';
import type { ActivationForm, RoleFilter } from './wizard-state';
import { ACTIVATION_TEXT_FIELDS, textProblem } from '../../shared/rules/text';

/** Durations offered in the picker; the list is cut at the strictest policy among the selection. */
export const DURATION_CHOICES_MINUTES: readonly number[] = [30, 60, 90, 120, 180, 240, 360, 480, 600, 720, 960, 1440];

/** Used when no selected role's policy states a maximum (Entra's own ceiling is 24 hours). */
export const FALLBACK_MAX_MINUTES = 1440;

export function matchesFilter(role: EligibleRole, filter: RoleFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'inactive':
      return role.active === null;
    case 'active':
      return role.active !== null;
    case 'step-up':
      return role.requirements.authenticationContext !== null || role.requirements.mfa;
    case 'approval':
      return role.requirements.approval;
    case 'unknown':
      return !role.requirements.known;
  }
}

export function filterRoles(catalog: RoleCatalog, query: string, filter: RoleFilter): readonly EligibleRole[] {
  const needle = query.trim().toLowerCase();
  return catalog.eligible.filter((role) => {
    if (!matchesFilter(role, filter)) {
      return false;
    }
    if (needle === '') {
      return true;
    }
    const haystack = [
      role.displayName,
      role.description ?? '',
      role.scopeLabel,
      role.requirements.authenticationContext?.displayName ?? '',
    ];
    return haystack.some((text) => text.toLowerCase().includes(needle));
  });
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

export function buildRequest(selection: readonly string[], form: ActivationForm, capMinutes: number): ActivationRequest {
  const minutes = Math.min(form.durationMinutes, capMinutes);
  const duration = minutesToIsoDuration(minutes);
  const ticketNumber = form.ticketNumber.trim();
  const ticketSystem = form.ticketSystem.trim();
  return {
    roleIds: selection,
    duration,
    justification: form.justification.trim(),
    ...(ticketNumber === '' ? {} : { ticketNumber }),
    // A ticket system alone (e.g. pre-filled by policy) means nothing to PIM without a number.
    ...(ticketSystem === '' || ticketNumber === '' ? {} : { ticketSystem }),
  };
}

export type FormField = 'justification' | 'ticketNumber' | 'duration';

/** Problems the admin can fix in the form, checked before asking the engine. */
export function validateForm(
  form: ActivationForm,
  needs: { readonly justification: boolean; readonly ticket: boolean },
): Partial<Record<FormField, string>> {
  const issues: Partial<Record<FormField, string>> = {};
  if (needs.justification && form.justification.trim().length < 5) {
    issues.justification = 'Give a reason of at least 5 characters: a policy for these roles requires one.';
  }
  // The project's one text rule: the same refusals the main process would give, shown before sending.
  const reasonProblem = textProblem(form.justification, ACTIVATION_TEXT_FIELDS.justification);
  if (reasonProblem !== null) {
    issues.justification = reasonProblem;
  }
  if (needs.ticket && form.ticketNumber.trim() === '') {
    issues.ticketNumber = 'Enter the ticket number: a policy for these roles requires one.';
  }
  const ticketProblem = textProblem(form.ticketNumber, ACTIVATION_TEXT_FIELDS.ticketNumber);
  if (ticketProblem !== null) {
    issues.ticketNumber = ticketProblem;
  }
  return issues;
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
  return error !== null && (error.retryable || RETRY_SAFE_CODES.has(error.code));
}
