/**
 * The role-state model as it may cross to the renderer: strict, so main sends exactly the model (no field added by
 * mistake, never a token), with bounded strings. The handlers parse every model with it before it leaves main.
 */
import { z } from 'zod';
import type { RoleStateModel } from '../domain/role-state';
import { ROLE_ID_MAX } from '../domain/roles';
import { AZURE_REQUEST_ID_MAX } from '../domain/azure-request-id';

const when = z.string().max(40).nullable();
const kind = z.enum(['directoryRole', 'group', 'azureResource']);
const word = z.string().max(100);

/** One request as the model names it. */
export const requestStateSchema = z
  .object({
    id: z.string().min(1).max(AZURE_REQUEST_ID_MAX),
    kind,
    roleId: z.string().max(ROLE_ID_MAX),
    action: word,
    status: word,
    phase: z.enum(['pending', 'approved', 'denied', 'cancelled', 'expired', 'failed', 'scheduled', 'provisioned', 'revoked', 'unknown']),
    createdDateTime: when,
    startDateTime: when,
    endDateTime: when,
  })
  .strict();

/** One role where it stands. */
export const roleStateSchema = z
  .object({
    roleId: z.string().min(1).max(ROLE_ID_MAX),
    kind,
    displayName: z.string().max(600),
    state: z.enum(['eligible', 'pending-approval', 'scheduled', 'activating', 'active', 'assigned']),
    startDateTime: when,
    endDateTime: when,
    eligible: z.boolean(),
    eligibleUntil: when,
    request: requestStateSchema.nullable(),
  })
  .strict();

export const roleStateModelSchema = z
  .object({
    roles: z.array(roleStateSchema).max(5000),
    requests: z.array(requestStateSchema).max(5000),
    at: z.string().max(40),
  })
  .strict() satisfies z.ZodType<RoleStateModel>;
