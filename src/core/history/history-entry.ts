/**
 * One line of the local activation history, and how a finished activation becomes lines.
 *
 * Kept: what was activated, when, for how long, the outcome and the PIM request id (which
 * the admin needs to follow up an approval or quote to support), and the admin's own
 * justification and ticket, so "what did I say last time?" has an answer. Never kept: tokens,
 * evidence, usernames. The justification is redacted like diagnostics in case a secret was
 * pasted into it.
 */
import { z } from 'zod';
import type { ActivationReport, ActivationRequest, ActivationStatus } from '../../shared/domain/activation';
import { durationFor } from '../../shared/domain/activation';
import type { ActivationEntry, HistoryEntry, RoleEventEntry } from '../../shared/domain/history';
import { ERROR_CODES } from '../../shared/errors';
import { redact } from '../diagnostics/redact';
import { ROLE_ID_MAX } from '../../shared/domain/roles';
import { AZURE_REQUEST_ID_MAX } from '../../shared/domain/azure-request-id';
import { DATE_TIME_TEXT_MAX, DURATION_TEXT_MAX, PIM_REQUEST_ID_MAX } from '../../shared/rules/activation-input';
import { JUSTIFICATION_MAX, TICKET_FIELD_MAX } from '../../shared/rules/text';

/** A role's display name as history keeps it (names are short; the bound is the role id's). */
export const ROLE_NAME_MAX = ROLE_ID_MAX;

/**
 * A request id as history keeps it: a Graph request's GUID or an Azure request's full ARM id, which is longer than
 * a GUID and is what the History view matches decisions against. A cut id would match nothing, so an id over the
 * bound is not kept at all.
 */
export const HISTORY_REQUEST_ID_MAX = Math.max(PIM_REQUEST_ID_MAX, AZURE_REQUEST_ID_MAX);

export type { HistoryEntry };

const STATUSES = ['active', 'already-active', 'pending-approval', 'scheduled', 'failed'] as const satisfies readonly ActivationStatus[];
const isoDate = z
  .string()
  .max(DATE_TIME_TEXT_MAX)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

const activationEntrySchema = z.object({
  v: z.literal(1),
  kind: z.literal('activation').optional(),
  at: isoDate,
  roleId: z.string().min(1).max(ROLE_ID_MAX),
  displayName: z.string().max(ROLE_NAME_MAX),
  status: z.enum(STATUSES),
  duration: z.string().max(DURATION_TEXT_MAX),
  requestId: z.string().max(HISTORY_REQUEST_ID_MAX).optional(),
  startDateTime: isoDate.nullable().optional(),
  endDateTime: isoDate.nullable().optional(),
  errorCode: z.enum(ERROR_CODES).optional(),
  justification: z.string().max(JUSTIFICATION_MAX).optional(),
  ticketNumber: z.string().max(TICKET_FIELD_MAX).optional(),
  ticketSystem: z.string().max(TICKET_FIELD_MAX).optional(),
}) satisfies z.ZodType<ActivationEntry>;

const roleEventEntrySchema = z.object({
  v: z.literal(1),
  kind: z.enum(['deactivation', 'extension', 'cancellation']),
  at: isoDate,
  roleId: z.string().min(1).max(ROLE_ID_MAX),
  displayName: z.string().max(ROLE_NAME_MAX),
  requestId: z.string().max(HISTORY_REQUEST_ID_MAX).optional(),
  duration: z.string().max(DURATION_TEXT_MAX).optional(),
  startDateTime: isoDate.nullable().optional(),
  endDateTime: isoDate.nullable().optional(),
  justification: z.string().max(JUSTIFICATION_MAX).optional(),
}) satisfies z.ZodType<RoleEventEntry>;

/**
 * Validates a line read back from disk: a hand-edited or damaged line must not reach the UI. An activation (with or
 * without its kind: older lines have none) or another event on a role.
 */
export const historyEntrySchema = z.union([activationEntrySchema, roleEventEntrySchema]) satisfies z.ZodType<HistoryEntry>;

const EVENT_KINDS: readonly unknown[] = roleEventEntrySchema.shape.kind.options;

/** Checks one entry against the schema its kind names, so a bad line's reason names its own field, not "no union matched". */
export function checkHistoryEntry(data: unknown): z.ZodSafeParseResult<HistoryEntry> {
  const kind = typeof data === 'object' && data !== null && 'kind' in data ? data.kind : undefined;
  return EVENT_KINDS.includes(kind) ? roleEventEntrySchema.safeParse(data) : activationEntrySchema.safeParse(data);
}

/** One history entry per role in a finished activation run. */
export function historyEntriesFromReport(report: ActivationReport, request: ActivationRequest, at: Date): ActivationEntry[] {
  const justification = bounded(redact(request.justification), 500);
  return report.outcomes.map((outcome) => ({
    v: 1,
    at: at.toISOString(),
    roleId: bounded(outcome.roleId, ROLE_ID_MAX),
    displayName: bounded(outcome.displayName, ROLE_NAME_MAX),
    status: outcome.status,
    duration: bounded(durationFor(request, outcome.roleId), DURATION_TEXT_MAX),
    ...(outcome.requestId === undefined || outcome.requestId.length > HISTORY_REQUEST_ID_MAX ? {} : { requestId: outcome.requestId }),
    ...(outcome.startDateTime === undefined ? {} : { startDateTime: outcome.startDateTime }),
    ...(outcome.endDateTime === undefined ? {} : { endDateTime: outcome.endDateTime }),
    ...(outcome.error === undefined ? {} : { errorCode: outcome.error.code }),
    ...(justification === '' ? {} : { justification }),
    ...(request.ticketNumber === undefined ? {} : { ticketNumber: bounded(request.ticketNumber, 100) }),
    ...(request.ticketSystem === undefined ? {} : { ticketSystem: bounded(request.ticketSystem, 100) }),
  }));
}

export function bounded(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}
