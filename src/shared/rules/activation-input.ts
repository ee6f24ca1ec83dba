/**
 * The one rule for what a person asks an activation to carry: the duration, the reason (justification) and the
 * ticket. The window's form, the IPC schema, the engine, the CLI and help-desk links all ask this module, so the same
 * input gets the same verdict and the same words on every surface (test/unit/shared/activation-input-surfaces.test.ts
 * runs one table through all of them).
 *
 * - Every text field is under the project's text rule (length bound, no control or invisible characters).
 * - A ticket is a pair: a number without its system, or a system without its number, is refused. PIM records both
 *   as the request's `ticketInfo`, and a half ticket says nothing an approver or an auditor can follow.
 * - What a role's policy demands (a reason, a ticket, a maximum duration) is checked when the policy is known: the
 *   window and the engine know it; the IPC schema, the CLI's pre-check and links do not, and leave it to the engine.
 * - A required reason is any non-blank text, as PIM itself asks: the app adds no length rule of its own.
 *
 * At most one problem per field, the first that applies, so a form can show it beside the field.
 */
import type { FieldIssue } from '../errors';
import { checkActivationDuration, describeIsoDuration, parseIsoDuration } from './duration';
import { ACTIVATION_TEXT_FIELDS, textProblem } from './text';

export type ActivationInputField = 'duration' | 'justification' | 'ticketNumber' | 'ticketSystem';

export type ActivationInput = {
  /** ISO 8601; left out where a surface offers only valid choices (the window's picker). */
  readonly duration?: string | undefined;
  readonly justification: string;
  readonly ticketNumber?: string | undefined;
  readonly ticketSystem?: string | undefined;
};

/** What the roles' policies demand; `NO_POLICY` where the policy is not known yet. */
export type ActivationNeeds = {
  readonly justification: boolean;
  readonly ticket: boolean;
  /** The strictest maximum among the roles (ISO 8601), null when no policy states one. */
  readonly maximumDuration?: string | null;
};

/** Bounds on an activation's parts, the same on every surface (requests, links, history read back from disk). */
export const MAX_ROLES_PER_ACTIVATION = 50;
/** Longer than any ISO 8601 duration or date-time the app writes (`2026-05-04T09:00:00.000+02:00` is 29). */
export const DURATION_TEXT_MAX = 40;
export const DATE_TIME_TEXT_MAX = 40;
/** A Graph request id is a GUID; 100 leaves room without letting a page of text through. */
export const PIM_REQUEST_ID_MAX = 100;

/** How far ahead an activation may be scheduled: PIM's own schedules are bounded, and a typo of a year should not pass. */
export const MAX_SCHEDULE_AHEAD_DAYS = 30;
export const MAX_SCHEDULE_AHEAD_MS = MAX_SCHEDULE_AHEAD_DAYS * 86_400_000;
export const SCHEDULE_TOO_FAR = `The start can be at most ${String(MAX_SCHEDULE_AHEAD_DAYS)} days ahead.`;

export const NO_POLICY: ActivationNeeds = { justification: false, ticket: false, maximumDuration: null };

export const REASON_REQUIRED = 'The policy requires a reason: say why you need it (for example the change or incident number).';
export const TICKET_NUMBER_REQUIRED = 'The policy requires a ticket: enter the ticket number (for example CHG0012345).';
export const TICKET_SYSTEM_REQUIRED = 'The policy requires a ticket: enter the ticket system (for example ServiceNow).';
export const TICKET_NUMBER_MISSING = 'A ticket system was given without a ticket number; give both, or neither.';
export const TICKET_SYSTEM_MISSING = 'A ticket number was given without its ticket system (for example ServiceNow); give both, or neither.';

const blank = (value: string | undefined): boolean => (value ?? '').trim() === '';

function durationProblem(duration: string, maximum: string | null | undefined): string | null {
  const checked = checkActivationDuration(duration);
  if (!checked.ok) {
    return checked.problem;
  }
  const max = maximum == null ? null : parseIsoDuration(maximum);
  if (maximum != null && max !== null && checked.seconds > max) {
    return `This role can be active for at most ${describeIsoDuration(maximum)} (${maximum}); you asked for ${describeIsoDuration(duration)}. Choose a shorter duration.`;
  }
  return null;
}

/** The problem with each field, the first that applies; an empty object when the input may be sent. */
export function activationInputProblems(
  input: ActivationInput,
  needs: ActivationNeeds = NO_POLICY,
): Partial<Record<ActivationInputField, string>> {
  const problems: Partial<Record<ActivationInputField, string>> = {};
  const duration = input.duration === undefined ? null : durationProblem(input.duration, needs.maximumDuration);
  if (duration !== null) {
    problems.duration = duration;
  }
  const numberGiven = !blank(input.ticketNumber);
  const systemGiven = !blank(input.ticketSystem);
  const missing: Record<Exclude<ActivationInputField, 'duration'>, string | null> = {
    justification: needs.justification && blank(input.justification) ? REASON_REQUIRED : null,
    ticketNumber: numberGiven ? null : needs.ticket ? TICKET_NUMBER_REQUIRED : systemGiven ? TICKET_NUMBER_MISSING : null,
    ticketSystem: systemGiven ? null : needs.ticket ? TICKET_SYSTEM_REQUIRED : numberGiven ? TICKET_SYSTEM_MISSING : null,
  };
  for (const field of ['justification', 'ticketNumber', 'ticketSystem'] as const) {
    const problem = textProblem(input[field] ?? '', ACTIVATION_TEXT_FIELDS[field]) ?? missing[field];
    if (problem !== null) {
      problems[field] = problem;
    }
  }
  return problems;
}

/** The same verdict as a list of issues (the engine's and the CLI's form), in the fields' order. */
export function activationInputIssues(input: ActivationInput, needs: ActivationNeeds = NO_POLICY): FieldIssue[] {
  return Object.entries(activationInputProblems(input, needs)).map(([path, message]) => ({ path, message }));
}
