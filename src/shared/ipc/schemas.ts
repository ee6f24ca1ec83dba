/**
 * Argument schemas, one per channel. `satisfies` makes a missing or mistyped schema a
 * compile error; the main-side router parses every message's arguments with these before
 * anything else sees them.
 */
import { z } from 'zod';
import type { InvokeArgs, InvokeChannel } from './contract';
import { checkActivationDuration } from '../rules/duration';
import type { TextField } from '../rules/text';
import { ACTIVATION_TEXT_FIELDS, textProblem } from '../rules/text';

/** Bounded identifiers: role ids are derived from GUIDs and scope paths. */
const roleId = z.string().min(1, 'A role id is required.').max(400, 'A role id is at most 400 characters.');

/** Free text under the project's one text rule (src/shared/rules/text.ts). */
const plainText = (field: TextField) =>
  z.string().superRefine((value, ctx) => {
    const problem = textProblem(value, field);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', message: problem });
    }
  });

/** A duration under the project's one duration grammar (src/shared/rules/duration.ts). */
const activationDuration = z.string().superRefine((value, ctx) => {
  const checked = checkActivationDuration(value);
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', message: checked.problem });
  }
});

export const activationRequestSchema = z
  .object({
    roleIds: z.array(roleId).min(1, 'Choose at least one role.').max(50, 'At most 50 roles at once.'),
    duration: activationDuration,
    justification: plainText(ACTIVATION_TEXT_FIELDS.justification),
    ticketNumber: plainText(ACTIVATION_TEXT_FIELDS.ticketNumber).optional(),
    ticketSystem: plainText(ACTIVATION_TEXT_FIELDS.ticketSystem).optional(),
  })
  .strict();

const none = z.tuple([]);

export const invokeArgSchemas = {
  'app:get-info': none,
  'auth:get-session': none,
  'auth:sign-in': none,
  'auth:cancel-sign-in': none,
  'auth:sign-out': none,
  'roles:list': none,
  'activation:plan': z.tuple([activationRequestSchema]),
  'activation:activate': z.tuple([activationRequestSchema]),
  'activation:deactivate': z.tuple([z.object({ roleId }).strict()]),
  'deep-link:take': none,
  'diagnostics:copy': none,
  'diagnostics:save-bundle': none,
  'history:list': none,
  'history:clear': none,
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
