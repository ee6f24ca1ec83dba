/**
 * Argument schemas, one per channel. `satisfies` makes a missing or mistyped schema a
 * compile error; the main-side router parses every message's arguments with these before
 * anything else sees them.
 */
import { z } from 'zod';
import type { InvokeArgs, InvokeChannel } from './contract';
import { AZURE_REQUEST_ID_MAX, parseAzureRequestId } from '../domain/azure-request-id';
import { FAVOURITE_NAME_MAX, MAX_PUBLISHED_FAVOURITES } from '../domain/favourites';
import { ROLE_ID_MAX } from '../domain/roles';
import {
  activationInputProblems,
  DATE_TIME_TEXT_MAX,
  MAX_ROLES_PER_ACTIVATION,
  MAX_SCHEDULE_AHEAD_MS,
  PIM_REQUEST_ID_MAX,
  SCHEDULE_TOO_FAR,
} from '../rules/activation-input';
import { checkActivationDuration } from '../rules/duration';
import { extensionReasonProblem } from '../rules/extension';
import type { TextField } from '../rules/text';
import { ACTIVATION_TEXT_FIELDS, textProblem } from '../rules/text';

/** Bounded identifiers: role ids are derived from GUIDs and scope paths. */
const roleId = z
  .string()
  .min(1, 'A role id is required.')
  .max(ROLE_ID_MAX, `A role id is at most ${String(ROLE_ID_MAX)} characters.`);

/** A string judged by one of the project's rules, which names the problem (null when there is none). */
const judgedBy = (problem: (value: string) => string | null) =>
  z.string().superRefine((value, ctx) => {
    const found = problem(value);
    if (found !== null) {
      ctx.addIssue({ code: 'custom', message: found });
    }
  });

/** Free text under the project's one text rule (src/shared/rules/text.ts). */
const plainText = (field: TextField) => judgedBy((value) => textProblem(value, field));

/** A duration under the project's one duration grammar (src/shared/rules/duration.ts). */
const activationDuration = judgedBy((value) => {
  const checked = checkActivationDuration(value);
  return checked.ok ? null : checked.problem;
});

/** An ISO 8601 date-time with an explicit offset (`Z` or `+02:00`), so "when" never depends on a machine's zone. */
const startDateTime = z
  .string()
  .max(DATE_TIME_TEXT_MAX, `A start time is at most ${String(DATE_TIME_TEXT_MAX)} characters.`)
  .superRefine((value, ctx) => {
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(at)) {
      ctx.addIssue({ code: 'custom', message: 'The start time must be a date and time with its offset, e.g. 2026-05-04T09:00:00Z.' });
    } else if (at > Date.now() + MAX_SCHEDULE_AHEAD_MS) {
      ctx.addIssue({ code: 'custom', message: SCHEDULE_TOO_FAR });
    }
  });

export const activationRequestSchema = z
  .object({
    roleIds: z
      .array(roleId)
      .min(1, 'Choose at least one role.')
      .max(MAX_ROLES_PER_ACTIVATION, `At most ${String(MAX_ROLES_PER_ACTIVATION)} roles at once.`),
    duration: activationDuration,
    durations: z.record(roleId, activationDuration).optional(),
    startDateTime: startDateTime.optional(),
    justification: plainText(ACTIVATION_TEXT_FIELDS.justification),
    ticketNumber: plainText(ACTIVATION_TEXT_FIELDS.ticketNumber).optional(),
    ticketSystem: plainText(ACTIVATION_TEXT_FIELDS.ticketSystem).optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    // The one activation-input rule, without a policy (the engine applies the roles' own): a ticket is a pair. The
    // fields' own text problems were reported by their schemas above.
    const { ticketNumber, ticketSystem } = activationInputProblems(request);
    for (const [path, message] of [
      ['ticketNumber', ticketNumber],
      ['ticketSystem', ticketSystem],
    ] as const) {
      if (message !== undefined && (request[path] ?? '').trim() === '') {
        ctx.addIssue({ code: 'custom', path: [path], message });
      }
    }
    // A duration for a role that is not being activated is a mistake in the caller, not something to ignore.
    for (const id of Object.keys(request.durations ?? {})) {
      if (!request.roleIds.includes(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['durations', id],
          message: `A duration was given for "${id}", which is not among the roles to activate.`,
        });
      }
    }
  });

/** An extension request: the same duration grammar and Reason rule as an activation, and a Reason is required. */
export const extensionRequestSchema = z
  .object({
    roleId,
    duration: activationDuration,
    justification: judgedBy(extensionReasonProblem),
  })
  .strict();

const requestKind = z.enum(['directoryRole', 'group']);
const pimRequestId = z
  .string()
  .min(1, 'A request id is required.')
  .max(PIM_REQUEST_ID_MAX, `A request id is at most ${String(PIM_REQUEST_ID_MAX)} characters.`)
  .regex(/^[A-Za-z0-9-]+$/, 'A request id has only letters, digits and hyphens.');

/** An Azure request is cancelled at its scope: its full ARM id, nothing looser. */
const azureRequestIdSchema = z
  .string()
  .max(AZURE_REQUEST_ID_MAX, `An Azure request id is at most ${String(AZURE_REQUEST_ID_MAX)} characters.`)
  .refine((id) => parseAzureRequestId(id) !== null, {
    message: 'An Azure request id is the full ARM id: {scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{guid}.',
  });

const none = z.tuple([]);

/** The favourites the window publishes for the tray: bounded in number and size, ids and names only. */
const favouriteRoles = z
  .array(
    z
      .object({
        id: roleId,
        displayName: z
          .string()
          .min(1, 'A role name is required.')
          .max(FAVOURITE_NAME_MAX, `A role name is at most ${String(FAVOURITE_NAME_MAX)} characters.`),
      })
      .strict(),
  )
  .max(MAX_PUBLISHED_FAVOURITES, `At most ${String(MAX_PUBLISHED_FAVOURITES)} favourites.`);

export const invokeArgSchemas = {
  'app:get-info': none,
  'auth:get-session': none,
  'auth:sign-in': none,
  'auth:cancel-sign-in': none,
  'auth:sign-out': none,
  'roles:list': none,
  'roles:states': none,
  'activation:plan': z.tuple([activationRequestSchema]),
  'activation:activate': z.tuple([activationRequestSchema]),
  'activation:deactivate': z.tuple([z.object({ roleId }).strict()]),
  'activation:request-extension': z.tuple([extensionRequestSchema]),
  'activation:list-pending': none,
  'activation:cancel-request': z.tuple([
    z.discriminatedUnion('kind', [
      z.object({ requestId: pimRequestId, kind: requestKind }).strict(),
      z.object({ requestId: azureRequestIdSchema, kind: z.literal('azureResource') }).strict(),
    ]),
  ]),
  'deep-link:take': none,
  'diagnostics:copy': none,
  'diagnostics:save-bundle': none,
  'history:list': none,
  'history:clear': none,
  'history:request-updates': none,
  'tray:set-favourites': z.tuple([favouriteRoles]),
  'setup:connect-tenant': z.tuple([
    z
      .object({
        tenant: plainText({ label: 'The tenant', max: 253 }),
        clientId: plainText({ label: 'The client id', max: 64 }),
        cloud: z.enum(['public', 'usgov', 'usgov-dod', 'china']).optional(),
      })
      .strict(),
  ]),
  'setup:use-demo': none,
} satisfies { [C in InvokeChannel]: z.ZodType<InvokeArgs<C>> };

export const INVOKE_CHANNELS = Object.keys(invokeArgSchemas) as InvokeChannel[];
