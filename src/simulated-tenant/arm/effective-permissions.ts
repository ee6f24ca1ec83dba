/**
 * Azure RBAC as the caller sees it: role definitions with their permissions, and the caller's effective permissions
 * at a scope (`GET {scope}/providers/Microsoft.Authorization/permissions`, api-version 2022-04-01), one entry per
 * role assignment in effect at or above the scope. Only assignments their plane already honours count
 * (`effectiveAssignments`): after a PIM activation, ARM's permissions lag the instance by the propagation delay.
 */
import type { Reply } from '../http/http-kit';
import type { TenantModel } from '../model/tenant-model';
import { armError, armJson, type ArmCall } from './arm-errors';

type Permission = {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
};

const permission = (actions: string[], notActions: string[] = [], dataActions: string[] = []): Permission => ({
  actions,
  notActions,
  dataActions,
  notDataActions: [],
});

/** The built-in roles the scenarios use, with their documented permissions (abridged where Microsoft lists dozens). */
const BUILT_IN_PERMISSIONS: Readonly<Record<string, Permission>> = {
  // Owner
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': permission(['*']),
  // Contributor
  'b24988ac-6180-42a0-ab88-20f7382dd24c': permission(
    ['*'],
    [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
    ],
  ),
  // User Access Administrator
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': permission(['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*']),
  // Reader
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': permission(['*/read']),
  // Key Vault Administrator
  '00482a5a-887f-4fb3-b363-3b7fe8e74483': permission(
    [
      'Microsoft.Authorization/*/read',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Support/*',
      'Microsoft.KeyVault/checkNameAvailability/read',
      'Microsoft.KeyVault/deletedVaults/read',
      'Microsoft.KeyVault/locations/*/read',
      'Microsoft.KeyVault/vaults/*/read',
      'Microsoft.KeyVault/operations/read',
    ],
    [],
    ['Microsoft.KeyVault/vaults/*'],
  ),
};

/** A role's permissions: the built-in table, or read-only for a role the table does not know. */
export function rolePermissions(roleDefinitionId: string): Permission {
  return BUILT_IN_PERMISSIONS[roleDefinitionId.toLowerCase()] ?? permission(['*/read']);
}

function inheritedBy(scope: string, assignedAt: string): boolean {
  const child = scope.toLowerCase();
  const parent = assignedAt.toLowerCase();
  return child === parent || child.startsWith(`${parent}/`);
}

/** `GET {scope}/providers/Microsoft.Authorization/permissions`: the caller's effective permissions at the scope. */
export function effectivePermissions(model: TenantModel, call: ArmCall, userId: string, scope: string): Reply {
  if (scope === '' || !model.azureScopes.has(scope.toLowerCase())) {
    return armError(call, 404, 'ResourceNotFound', `The scope '${scope}' could not be found.`);
  }
  const value = model.effectiveAssignments(userId).flatMap((assignment) => {
    const target = assignment.target;
    return target.kind === 'azureRole' && inheritedBy(scope, target.scope) ? [rolePermissions(target.roleDefinitionId)] : [];
  });
  return armJson(call, 200, { value });
}

/** `GET {scope}/providers/Microsoft.Authorization/roleDefinitions/{guid}`: one role definition with its permissions. */
export function roleDefinition(model: TenantModel, call: ArmCall, scope: string, name: string): Reply {
  const role = model.azureRoles.get(name.toLowerCase());
  if (role === undefined) {
    return armError(call, 404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${name}' does not exist.`);
  }
  return armJson(call, 200, {
    id: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`,
    name: role.id,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: role.displayName,
      description: role.description,
      type: role.type,
      permissions: [rolePermissions(role.id)],
      assignableScopes: ['/'],
    },
  });
}
