/**
 * Argument schemas, one per channel. `satisfies` makes a missing or mistyped schema a
 * compile error; the main-side router parses every message's arguments with these before
 * anything else sees them.
 */
import { z } from 'zod';
import type { InvokeArgs, InvokeChannel } from './contract';

/** Bounded identifiers: role ids are derived from GUIDs and scope paths. */
const roleId = z.string().min(1, 'A role id is required.').max(400, 'A role id is at most 400 characters.');

// Control characters are refused everywhere text reaches Graph or the logs.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const plainText = (max: number) =>
  z
    .string()
    .max(max, `At most ${String(max)} characters.`)
    .refine((s) => !CONTROL_CHARS.test(s), 'Control characters are not allowed.');

export const activationRequestSchema = z
  .object({
    roleIds: z.array(roleId).min(1, 'Choose at least one role.').max(50, 'At most 50 roles at once.'),
    duration: z.string().regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$/, 'Duration must be ISO 8601, e.g. PT2H or PT30M.'),
    justification: plainText(500),
    ticketNumber: plainText(100).optional(),
    ticketSystem: plainText(100).optional(),
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
        tenant: plainText(253),
        clientId: plainText(64),
        cloud: z.enum(['public', 'usgov', 'usgov-dod', 'china']).optional(),
      })
      .strict(),
  ]),
  'setup:use-demo': none,
} satisfies { [C in InvokeChannel]: z.ZodType<InvokeArgs<C>> };

export const INVOKE_CHANNELS = Object.keys(invokeArgSchemas) as InvokeChannel[];
