/**
 * `{scope}/…/roleManagementPolicyAssignments[?$filter=roleDefinitionId eq '{id}']`: each Azure role's policy at a
 * scope, with its effective rules; a user who may not read policies, or any user at a scope the scenario marks
 * `policiesReadable: false`, gets 403 `AuthorizationFailed`.
 */
import type { Reply } from '../../http/http-kit';
import { armError } from '../arm-errors';
import { policyAssignmentResource, roleDefinitionGuid } from '../arm-resources';
import { armPage, type ArmExchange, type ArmRoute } from '../arm-route';

function policyAssignments(exchange: ArmExchange): Reply {
  const { model, call, principal } = exchange;
  const scope = exchange.path.scope;
  const known = model.azureScopes.get(scope.toLowerCase());
  if (!model.canReadPolicies(principal.user) || (scope !== '' && known?.policiesReadable !== true)) {
    return armError(
      call,
      403,
      'AuthorizationFailed',
      `The client '${principal.user.userPrincipalName}' with object id '${principal.user.id}' does not have authorization to perform action 'Microsoft.Authorization/roleManagementPolicyAssignments/read' over scope '${scope}/providers/Microsoft.Authorization' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
  if (scope === '') {
    return armError(
      call,
      400,
      'InvalidScope',
      'Role management policy assignments are read at a management group, subscription, resource group or resource scope.',
    );
  }
  const filter = exchange.request.url.searchParams.get('$filter');
  let roles = [...model.azureRoles.keys()];
  if (filter !== null && filter.trim() !== '') {
    const match = /^\s*roleDefinitionId\s+eq\s+'([^']+)'\s*$/i.exec(filter);
    if (match?.[1] === undefined) {
      return armError(call, 400, 'InvalidFilter', `The filter '${filter}' is not supported; use roleDefinitionId eq '{id}'.`);
    }
    const wanted = roleDefinitionGuid(match[1]);
    roles = roles.filter((role) => role === wanted);
  }
  return armPage(
    exchange,
    roles.map((role) => policyAssignmentResource(model, scope, role)),
  );
}

export const policyRoutes: readonly ArmRoute[] = [
  { method: 'GET', path: 'roleManagementPolicyAssignments', handle: (exchange) => ({ reply: policyAssignments(exchange) }) },
];
