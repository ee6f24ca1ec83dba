/**
 * The activation surface on Azure Resource Manager (Azure resource roles): the same four functions the Graph surface
 * offers, so ARM activations go through the same submitter, step-up coordinator and follower.
 *
 * Why the request name is the client request id: ARM names a schedule request by a GUID the client chooses, so the id
 * minted for an attempt (and written to the intent journal before the PUT) is also the name to look the request up by
 * after a lost answer. A new attempt mints a new id; the same name is never sent twice.
 */
import { azureRequestId, parseAzureRequestId } from '../../shared/domain/azure-request-id';
import type { AzureResourceTarget, RoleTarget } from '../../shared/domain/roles';
import { GraphCallError } from '../graph/graph-api';
import type { ActivationSurface, ScheduleInstance, ScheduleRequest } from '../pim/activation-surface';
import { AZURE_COLLECTION } from '../pim/routed-surface';
import { targetKey } from '../pim/target-key';
import type { ArmApi } from './arm-api';
import { ARM_PATHS, armCancelPath, armRequestBody, armRequestPath } from './arm-paths';
import { armInstanceSchema, armItemKey, armRequestSchema, type ArmRequest } from './arm-schemas';

/** A request as the pipeline reports it; its id is the full ARM id, so whoever holds it can cancel it at its scope. */
function toRequest(item: ArmRequest): ScheduleRequest {
  return {
    id: azureRequestId(item.properties.scope, item.name),
    status: item.properties.status,
    action: item.properties.requestType ?? '',
    createdDateTime: item.properties.createdOn ?? null,
    targetKey: armItemKey(item),
    startDateTime: item.properties.scheduleInfo?.startDateTime ?? null,
  };
}

function azureTarget(target: RoleTarget): AzureResourceTarget {
  if (target.kind !== 'azureResource') {
    // The engine routes by kind; reaching here with another kind is a wiring mistake, not a service answer.
    throw new Error(`The ARM surface cannot activate a ${target.kind} target.`);
  }
  return target;
}

export function createArmActivationSurface(
  arm: ArmApi,
  options: { readonly linkedSchedule?: (key: string) => string | null } = {},
): ActivationSurface {
  return {
    collectionOf: () => AZURE_COLLECTION,
    async submit(target, principalId, details, token, clientRequestId) {
      if (details.action === 'selfExtend') {
        // The engine refuses Azure extensions before any token is asked; reaching here is a wiring mistake.
        throw new Error('The ARM surface does not send extension requests.');
      }
      const azure = azureTarget(target);
      const body = armRequestBody(azure, principalId, 'SelfActivate', {
        startDateTime: details.startDateTime,
        duration: details.duration,
        justification: details.justification,
        linkedRoleEligibilityScheduleId: options.linkedSchedule?.(targetKey(azure)) ?? null,
        ...(details.ticketNumber === undefined ? {} : { ticketNumber: details.ticketNumber }),
        ...(details.ticketSystem === undefined ? {} : { ticketSystem: details.ticketSystem }),
      });
      const answer = await arm.send('PUT', armRequestPath(azure.scope, clientRequestId), body, token).catch((cause: unknown) => {
        // ARM names a pending request for the same role `RoleAssignmentRequestExists` (names are never reused here):
        // the pipeline knows that answer by Graph's name for it.
        if (cause instanceof GraphCallError && cause.failure.code === 'RoleAssignmentRequestExists') {
          throw new GraphCallError({ ...cause.failure, code: 'PendingRoleAssignmentRequest' });
        }
        throw cause;
      });
      const parsed = armRequestSchema.safeParse(answer);
      if (!parsed.success) {
        // Accepted but unreadable: the request may have been applied, so the caller reconciles before any resend.
        throw new GraphCallError({
          status: 201,
          code: 'UnreadableResponse',
          message: 'Azure Resource Manager accepted the request but its answer could not be read.',
        });
      }
      return toRequest(parsed.data);
    },
    async requests(_collection, token) {
      return (await arm.getAll(ARM_PATHS.assignmentRequests, token, armRequestSchema)).map(toRequest);
    },
    async request(target, requestId, token) {
      const ref = parseAzureRequestId(requestId);
      if (ref === null) {
        return null;
      }
      azureTarget(target);
      try {
        return toRequest(await arm.get(armRequestPath(ref.scope, ref.name), token, armRequestSchema));
      } catch (cause) {
        if (cause instanceof GraphCallError && cause.failure.status === 404) {
          return null;
        }
        throw cause;
      }
    },
    async instances(_collection, token): Promise<ScheduleInstance[]> {
      return (await arm.getAll(ARM_PATHS.assignmentInstances, token, armInstanceSchema)).map((item) => ({
        targetKey: armItemKey(item),
        startDateTime: item.properties.startDateTime ?? null,
        endDateTime: item.properties.endDateTime ?? null,
      }));
    },
  };
}

/**
 * Deactivates an active Azure role (`SelfDeactivate` at its scope), sent once under `name` (a new GUID per attempt).
 * ARM refuses within 5 minutes of activation (`ActiveDurationTooShort`); the caller maps that answer.
 */
export async function deactivateAzureRole(
  arm: ArmApi,
  target: AzureResourceTarget,
  principalId: string,
  token: string,
  name: string,
  justification?: string,
): Promise<ScheduleRequest> {
  const body = armRequestBody(target, principalId, 'SelfDeactivate', justification === undefined ? {} : { justification });
  const parsed = armRequestSchema.safeParse(await arm.send('PUT', armRequestPath(target.scope, name), body, token));
  if (!parsed.success) {
    throw new GraphCallError({
      status: 201,
      code: 'UnreadableResponse',
      message: 'Azure Resource Manager accepted the deactivation but its answer could not be read.',
    });
  }
  return toRequest(parsed.data);
}

/** Cancels a pending request (waiting for approval) by its name at its scope. */
export async function cancelAzureRequest(arm: ArmApi, scope: string, name: string, token: string): Promise<void> {
  await arm.send('POST', armCancelPath(scope, name), {}, token);
}
