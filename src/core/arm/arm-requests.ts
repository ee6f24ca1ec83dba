/**
 * The signed-in user's Azure PIM requests, shaped as the Graph ones (`PimRequest`) so that `status`, `cancel`,
 * `--wait` and the home screen's pending list treat all three kinds alike. ARM lists them at the provider root with
 * `$filter=asTarget()`. An Azure request is cancelled at its scope, so its id here is the full ARM id
 * (`{scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{guid}`), not the bare name.
 */
import { azureRequestId, parseAzureRequestId } from '../../shared/domain/azure-request-id';
import type { PimRequest } from '../pim/pim-requests';
import type { ArmApi } from './arm-api';
import { ARM_PATHS, armRequestPath } from './arm-paths';
import type { ArmRequest } from './arm-schemas';
import { armInstanceSchema, armItemKey, armRequestSchema } from './arm-schemas';

function toPimRequest(item: ArmRequest): PimRequest {
  return {
    id: azureRequestId(item.properties.scope, item.name),
    kind: 'azureResource',
    status: item.properties.status,
    // ARM spells request types in Pascal case (`SelfActivate`); Graph's `action` is camel case (`selfActivate`).
    action: (item.properties.requestType ?? '').replace(/^./, (first) => first.toLowerCase()),
    roleId: armItemKey(item),
    createdDateTime: item.properties.createdOn ?? null,
    startDateTime: item.properties.scheduleInfo?.startDateTime ?? null,
    duration: item.properties.scheduleInfo?.expiration?.duration ?? null,
    endDateTime: item.properties.scheduleInfo?.expiration?.endDateTime ?? null,
    justification: item.properties.justification ?? null,
  };
}

export async function readAzureRequests(arm: Pick<ArmApi, 'getAll'>, token: string): Promise<PimRequest[]> {
  return (await arm.getAll(ARM_PATHS.assignmentRequests, token, armRequestSchema)).map(toPimRequest);
}

/** One request by its full ARM id: a single GET at its scope (`--wait` follows it). */
export async function readAzureRequest(arm: Pick<ArmApi, 'get'>, token: string, id: string): Promise<PimRequest> {
  const ref = parseAzureRequestId(id);
  if (ref === null) {
    // The engine's own outcomes carry full ids; anything else here is a wiring mistake.
    throw new TypeError('Not a full ARM request id.');
  }
  return toPimRequest(await arm.get(armRequestPath(ref.scope, ref.name), token, armRequestSchema));
}

/** The active assignment of an Azure role (by its catalog key), or null when there is none yet. */
export async function readAzureActiveInstance(
  arm: Pick<ArmApi, 'getAll'>,
  token: string,
  roleId: string,
): Promise<{ readonly startDateTime: string | null; readonly endDateTime: string | null } | null> {
  const found = (await arm.getAll(ARM_PATHS.assignmentInstances, token, armInstanceSchema)).find((item) => armItemKey(item) === roleId);
  return found === undefined
    ? null
    : { startDateTime: found.properties.startDateTime ?? null, endDateTime: found.properties.endDateTime ?? null };
}
