/**
 * The signed-in user's Azure requests that wait for an approver, shaped as the home screen lists the directory and
 * group ones: named from the catalog, and carrying the full ARM id, since an Azure request is cancelled at its scope.
 * ARM lists them at the provider root with `$filter=asTarget()`.
 */
import type { PendingRequest } from '../../shared/domain/activation';
import { azureRequestId } from '../../shared/domain/azure-request-id';
import { targetKey } from '../pim/target-key';
import type { ArmApi } from './arm-api';
import { ARM_PATHS } from './arm-paths';
import { armRequestSchema } from './arm-schemas';

export async function readAzurePendingRequests(
  arm: Pick<ArmApi, 'getAll'>,
  token: string,
  nameOf: (roleId: string) => string | undefined,
): Promise<PendingRequest[]> {
  return (await arm.getAll(ARM_PATHS.assignmentRequests, token, armRequestSchema))
    .filter((item) => item.properties.status === 'PendingApproval' || item.properties.status === 'PendingAdminDecision')
    .map((item) => {
      const roleId = targetKey({ kind: 'azureResource', scope: item.properties.scope, roleDefinitionId: item.properties.roleDefinitionId });
      return {
        requestId: azureRequestId(item.properties.scope, item.name),
        kind: 'azureResource' as const,
        roleId,
        displayName: nameOf(roleId) ?? roleId,
        createdDateTime: item.properties.createdOn ?? null,
        justification: null,
        status: item.properties.status,
      };
    });
}

/** Every Azure request of the signed-in user by its name (the GUID the history keeps) and status. */
export async function readAzureRequestStatuses(
  arm: Pick<ArmApi, 'getAll'>,
  token: string,
): Promise<{ readonly id: string; readonly status: string }[]> {
  return (await arm.getAll(ARM_PATHS.assignmentRequests, token, armRequestSchema)).map((item) => ({
    id: item.name,
    status: item.properties.status,
  }));
}
