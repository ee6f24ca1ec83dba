/**
 * PIM policies: `policies/roleManagementPolicyAssignments` for a directory scope or a group, filtered by scope and
 * optionally by role, with `$expand=policy($expand=rules)`.
 */
import type { Reply } from '../../http/http-kit';
import type { TenantModel } from '../../model/tenant-model';
import { page } from '../graph-collection';
import { graphError, type GraphCall } from '../graph-errors';
import { refusal, type GraphExchange, type GraphRoute } from '../graph-route';
import { GRAPH_SCOPES } from '../graph-scopes';
import { parseExpand, parseFilter } from '../odata';
import { policyAssignment } from '../policy-rules';

const FILTER_REQUIRED = "The $filter query option is required and must contain 'scopeId eq' and 'scopeType eq' clauses.";

type PolicyQuery = { readonly scopeId: string; readonly isGroup: boolean; readonly roleDefinitionId: string | null };
type PolicyExpand = { readonly policy: boolean; readonly rules: boolean };

/** The scope (and role) the `$filter` asks for, or Graph's 400. */
function policyQuery(text: string | null, call: GraphCall): PolicyQuery | Reply {
  const clauses = text === null ? null : parseFilter(text);
  if (clauses === null) {
    return graphError(call, 400, 'BadRequest', FILTER_REQUIRED);
  }
  const valueOf = (field: string): string | null => {
    const clause = clauses.find((item) => item.field.toLowerCase() === field.toLowerCase());
    return clause === undefined || clause.value === null ? null : String(clause.value);
  };
  const scopeId = valueOf('scopeId');
  const scopeType = valueOf('scopeType');
  if (scopeId === null || scopeType === null) {
    return graphError(call, 400, 'BadRequest', FILTER_REQUIRED);
  }
  const isGroup = scopeType.toLowerCase() === 'group';
  if (!isGroup && !['directory', 'directoryrole'].includes(scopeType.toLowerCase())) {
    return graphError(call, 400, 'BadRequest', `Invalid scopeType '${scopeType}'. Supported: Directory, DirectoryRole, Group.`);
  }
  return { scopeId, isGroup, roleDefinitionId: valueOf('roleDefinitionId') };
}

/** Whether `$expand` asks for the policy and its rules, or Graph's 400. */
function policyExpand(text: string | null, call: GraphCall): PolicyExpand | Reply {
  const expand = parseExpand(text);
  if (expand === null) {
    return graphError(call, 400, 'BadRequest', 'Invalid $expand query option.');
  }
  const policy = expand.find((item) => item.name === 'policy');
  const unknown = expand.find((item) => item.name !== 'policy');
  if (unknown !== undefined) {
    return graphError(
      call,
      400,
      'BadRequest',
      `Could not find a property named '${unknown.name}' on type 'microsoft.graph.unifiedRoleManagementPolicyAssignment'.`,
    );
  }
  const rules = policy?.nested !== null && policy?.nested !== undefined && /\$expand=rules/i.test(policy.nested);
  return { policy: policy !== undefined, rules };
}

function assignments(model: TenantModel, query: PolicyQuery, expand: PolicyExpand): Record<string, unknown>[] {
  const { scopeId, roleDefinitionId } = query;
  const items: Record<string, unknown>[] = [];
  if (query.isGroup) {
    const group = model.groups.get(scopeId);
    const accesses = group === undefined ? [] : (['member', 'owner'] as const);
    for (const access of accesses.filter((item) => roleDefinitionId === null || roleDefinitionId.toLowerCase() === item)) {
      const policy = group?.policies[access];
      if (policy !== undefined) {
        const input = { policyId: policy.policyId, scopeId, scopeType: 'Group', roleDefinitionId: access, spec: policy.spec } as const;
        items.push(policyAssignment(input, model, expand.policy, expand.rules));
      }
    }
  } else if (scopeId === '/') {
    for (const role of model.roles.values()) {
      if (roleDefinitionId === null || roleDefinitionId === role.id) {
        items.push(
          policyAssignment(
            { policyId: role.policyId, scopeId: '/', scopeType: 'DirectoryRole', roleDefinitionId: role.id, spec: role.policy },
            model,
            expand.policy,
            expand.rules,
          ),
        );
      }
    }
  }
  return items;
}

function policyAssignments(exchange: GraphExchange): Reply {
  const { call, model, request } = exchange;
  const query = policyQuery(request.url.searchParams.get('$filter'), call);
  if ('status' in query) {
    return query;
  }
  const refused = refusal(exchange, query.isGroup ? GRAPH_SCOPES.readPolicyGroup : GRAPH_SCOPES.readPolicyDirectory);
  if (refused !== null) {
    return refused;
  }
  if (!model.canReadPolicies(exchange.principal.user)) {
    return graphError(call, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }
  const expand = policyExpand(request.url.searchParams.get('$expand'), call);
  if ('status' in expand) {
    return expand;
  }
  const contextSuffix = !expand.policy ? '' : expand.rules ? '(policy(rules()))' : '(policy())';
  return page(exchange, assignments(model, query, expand), `policies/roleManagementPolicyAssignments${contextSuffix}`);
}

export const policyRoutes: readonly GraphRoute[] = [
  { method: 'GET', path: 'policies/roleManagementPolicyAssignments', handle: (exchange) => ({ reply: policyAssignments(exchange) }) },
];
