/**
 * The stable key of a role target, in one place for every kind:
 * `role:<roleDefinitionId>:<scope>`, `group:<groupId>:<accessId>`, `azure:<scope>:<role definition GUID>`.
 *
 * Azure ids are case-insensitive and ARM writes a role definition id under more than one scope (the tenant root or a
 * subscription), so an Azure key is the lower-cased scope and the definition's GUID alone.
 */
import type { AzureResourceTarget, RoleTarget } from '../../shared/domain/roles';

/** Directory roles and PIM groups: the targets Microsoft Graph activates. */
export type GraphRoleTarget = Exclude<RoleTarget, AzureResourceTarget>;

export function isGraphTarget(target: RoleTarget): target is GraphRoleTarget {
  return target.kind !== 'azureResource';
}

/** The role definition GUID at the end of an ARM role definition id. */
export function roleDefinitionGuid(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').pop() ?? '').toLowerCase();
}

export function targetKey(target: RoleTarget): string {
  switch (target.kind) {
    case 'directoryRole':
      return `role:${target.roleDefinitionId}:${target.directoryScopeId}`;
    case 'group':
      return `group:${target.groupId}:${target.accessId}`;
    case 'azureResource':
      return `azure:${target.scope.toLowerCase()}:${roleDefinitionGuid(target.roleDefinitionId)}`;
  }
}
