/**
 * The signed-in user's Azure PIM requests, shaped as the Graph ones (`PimRequest`) so that `status`, `cancel` and the
 * home screen's pending list treat all three kinds alike. ARM lists them at the provider root with
 * `$filter=asTarget()`. An Azure request is cancelled at its scope, so its id here is the full ARM id
 * (`{scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{guid}`), not the bare name.
 */
import { azureRequestId } from '../../shared/domain/azure-request-id';
import type { PimRequest } from '../pim/pim-requests';
import { targetKey } from '../pim/target-key';
import type { ArmApi } from './arm-api';
import { ARM_PATHS } from './arm-paths';
import { armRequestSchema } from './arm-schemas';

export async function readAzureRequests(arm: Pick<ArmApi, 'getAll'>, token: string): Promise<PimRequest[]> {
  return (await arm.getAll(ARM_PATHS.assignmentRequests, token, armRequestSchema)).map((item) => ({
    id: azureRequestId(item.properties.scope, item.name),
    kind: 'azureResource' as const,
    status: item.properties.status,
    // ARM spells request types in Pascal case (`SelfActivate`); Graph's `action` is camel case (`selfActivate`).
    action: (item.properties.requestType ?? '').replace(/^./, (first) => first.toLowerCase()),
    roleId: targetKey({ kind: 'azureResource', scope: item.properties.scope, roleDefinitionId: item.properties.roleDefinitionId }),
    createdDateTime: item.properties.createdOn ?? null,
    startDateTime: item.properties.scheduleInfo?.startDateTime ?? null,
    justification: item.properties.justification ?? null,
  }));
}
