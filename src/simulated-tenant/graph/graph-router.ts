/**
 * Routes of the simulated Microsoft Graph v1.0 PIM API, including `$batch`.
 */
import type { SigningKey } from '../auth/jwt';
import type { Journal, FaultInjector } from '../control/journal-and-faults';
import { sanitizeQuery } from '../control/journal-and-faults';
import type { InboundRequest, Reply } from '../http/http-kit';
import { safeDecode, trimTrailingSlashes } from '../http/http-kit';
import type { RoutedReply } from '../http/surface-server';
import { targetKey, type TenantModel } from '../model/tenant-model';
import type { FaultSpec } from '../api-types';
import { refreshRequestStatuses, submitScheduleRequest } from './activation-service';
import { authenticate, requireScope, type Principal } from './graph-auth';
import { graphError, graphJson, newGraphCall, notFound, type GraphCall } from './graph-errors';
import { organizationReply } from './organization';
import { applySelect, decodeSkipToken, encodeSkipToken, matchesFilter, parseExpand, parseFilter } from './odata';
import { conditionalAccessPolicyResource, strengthResource } from './conditional-access';
import { directoryRolesOf, memberGroupsOf, ownedGroupsOf } from './membership';
import { policyAssignment } from './policy-rules';
import {
  directoryAssignmentInstance,
  directoryEligibilityInstance,
  directoryAssignmentSchedule,
  directoryEligibilitySchedule,
  groupAssignmentSchedule,
  groupAssignmentInstance,
  groupEligibilityInstance,
  groupResource,
  requestResource,
  roleDefinition,
} from './resources';

const SCOPES = {
  me: ['User.Read', 'User.ReadBasic.All', 'User.Read.All', 'Directory.Read.All'],
  readEligibilityDirectory: [
    'RoleEligibilitySchedule.Read.Directory',
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'RoleEligibilitySchedule.ReadWrite.Directory',
    'RoleManagement.ReadWrite.Directory',
  ],
  readAssignmentDirectory: [
    'RoleAssignmentSchedule.Read.Directory',
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'RoleAssignmentSchedule.ReadWrite.Directory',
    'RoleManagement.ReadWrite.Directory',
  ],
  writeAssignmentDirectory: [
    'RoleAssignmentSchedule.ReadWrite.Directory',
    'RoleAssignmentSchedule.Remove.Directory',
    'RoleManagement.ReadWrite.Directory',
  ],
  readPolicyDirectory: [
    'RoleManagementPolicy.Read.Directory',
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'RoleManagementPolicy.ReadWrite.Directory',
    'RoleManagement.ReadWrite.Directory',
  ],
  readPolicyGroup: ['RoleManagementPolicy.Read.AzureADGroup', 'RoleManagementPolicy.ReadWrite.AzureADGroup'],
  readEligibilityGroup: [
    'PrivilegedEligibilitySchedule.Read.AzureADGroup',
    'PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup',
    'PrivilegedAccess.Read.AzureADGroup',
    'PrivilegedAccess.ReadWrite.AzureADGroup',
  ],
  readAssignmentGroup: [
    'PrivilegedAssignmentSchedule.Read.AzureADGroup',
    'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
    'PrivilegedAccess.Read.AzureADGroup',
    'PrivilegedAccess.ReadWrite.AzureADGroup',
  ],
  writeAssignmentGroup: ['PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup', 'PrivilegedAccess.ReadWrite.AzureADGroup'],
  authenticationContexts: ['Policy.Read.ConditionalAccess', 'AuthenticationContext.Read.All', 'Policy.Read.All'],
  /** The list page names Policy.Read.All as the only delegated permission. */
  conditionalAccessPolicies: ['Policy.Read.All'],
  authenticationStrengths: [
    'Policy.Read.AuthenticationMethod',
    'Policy.Read.All',
    'Policy.ReadWrite.AuthenticationMethod',
    'Policy.ReadWrite.ConditionalAccess',
  ],
} as const;

export type GraphContext = {
  readonly model: () => TenantModel;
  readonly key: () => SigningKey;
  readonly origin: () => string;
  readonly authorizationUri: () => string;
  readonly journal: Journal;
  readonly faults: FaultInjector;
};

const FILTER_BY_CURRENT_USER = /^filterByCurrentUser\(on='([^']*)'\)$/i;
export const MAX_BATCH_REQUESTS = 20;

/** The reply for an injected 429/503/504 in Graph's error format. */
export function graphFaultReply(fault: FaultSpec, call: GraphCall): Reply {
  switch (fault.kind) {
    case 'throttle': {
      const retry = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
      return graphError(
        call,
        429,
        'TooManyRequests',
        'Too many requests. Please try again later.',
        retry === null ? {} : { 'retry-after': String(retry) },
      );
    }
    case 'gateway-timeout':
      return graphError(call, 504, 'GatewayTimeout', 'The gateway did not receive a timely response from the upstream service.');
    default:
      return graphError(call, 503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please try again later.');
  }
}

export function createGraphRouter(context: GraphContext): (request: InboundRequest) => Promise<RoutedReply> {
  return (request) => Promise.resolve(handle(request, null));

  function handle(request: InboundRequest, batchItemId: string | null): RoutedReply {
    const model = context.model();
    const call = newGraphCall(request, model.clock.now());
    const path = trimTrailingSlashes(request.path);
    if (!path.startsWith('/v1.0/') && path !== '/v1.0') {
      if (path.startsWith('/beta/')) {
        return { reply: graphError(call, 400, 'BadRequest', 'The simulated tenant implements Microsoft Graph v1.0 only.') };
      }
      return { reply: graphError(call, 404, 'NotFound', `Unsupported path ${request.path}. Use /v1.0/...`) };
    }
    const resource = path.slice('/v1.0'.length);
    if (resource === '/$batch' && request.method === 'POST' && batchItemId === null) {
      return { reply: batch(request, call) };
    }
    const auth = authenticate(model, context.key(), context.authorizationUri(), request.headers.authorization, call);
    if (!auth.ok) {
      return { reply: auth.reply };
    }
    refreshRequestStatuses(model);
    const principal = auth.principal;
    // The user's own organization is answered beside the PIM resources (organization.ts).
    const organization = organizationReply(
      request,
      call,
      principal,
      model.scenario.tenant,
      context.origin(),
      resource.split('/').filter(Boolean),
    );
    const routed = organization === null ? dispatch(request, resource, call, principal, model) : { reply: organization };
    return { principalId: principal.user.id, ...routed };
  }

  function parseJsonBody(request: InboundRequest): { ok: true; value: unknown } | { ok: false } {
    if (request.body.length === 0) {
      return { ok: true, value: null };
    }
    try {
      return { ok: true, value: JSON.parse(request.body.toString('utf8')) as unknown };
    } catch {
      return { ok: false };
    }
  }

  function dispatch(
    request: InboundRequest,
    resource: string,
    call: GraphCall,
    principal: Principal,
    model: TenantModel,
  ): { reply: Reply; action?: string | null } {
    const segments = resource.split('/').filter((segment) => segment !== '');
    const method = request.method;
    const functionSegment = segments.at(-1) ?? '';
    const fbcu = FILTER_BY_CURRENT_USER.exec(functionSegment);
    const base = segments.slice(0, fbcu === null ? segments.length : -1).join('/');
    if (fbcu !== null && fbcu[1] !== 'principal') {
      return {
        reply: graphError(call, 400, 'BadRequest', `The parameter 'on' has an invalid value '${fbcu[1] ?? ''}'. Supported: principal.`),
      };
    }
    const denied = (scopes: readonly string[]): Reply | null => requireScope(principal, scopes, call);
    const list = (
      scopes: readonly string[],
      items: Record<string, unknown>[],
      entity: string,
      expandable: Readonly<Record<string, (item: Record<string, unknown>) => unknown>>,
    ): { reply: Reply } => {
      const refused = denied(scopes);
      if (refused !== null) {
        return { reply: refused };
      }
      return { reply: collection(request, call, items, entity, expandable) };
    };
    const me = principal.user;
    const roleExpand = {
      roleDefinition: (item: Record<string, unknown>) => {
        const role = model.roles.get(String(item.roleDefinitionId));
        return role === undefined ? null : roleDefinition(role);
      },
    };
    const groupExpand = {
      group: (item: Record<string, unknown>) => {
        const group = model.groups.get(String(item.groupId));
        return group === undefined ? null : groupResource(group);
      },
    };
    const key = `${method} ${base}${fbcu === null ? '' : '/fbcu'}`;
    switch (key) {
      case 'GET me': {
        const refused = denied(SCOPES.me);
        return {
          reply:
            refused ??
            graphJson(call, 200, {
              '@odata.context': `${context.origin()}/v1.0/$metadata#users/$entity`,
              ...applySelect(
                {
                  businessPhones: [],
                  displayName: me.displayName,
                  givenName: me.displayName.split(' ')[0] ?? me.displayName,
                  jobTitle: me.jobTitle,
                  mail: me.userPrincipalName,
                  mobilePhone: null,
                  officeLocation: null,
                  preferredLanguage: 'en-US',
                  surname: me.displayName.split(' ').slice(1).join(' '),
                  userPrincipalName: me.userPrincipalName,
                  id: me.id,
                },
                request.url.searchParams.get('$select'),
              ),
            }),
        };
      }
      case 'GET roleManagement/directory/roleEligibilityScheduleInstances/fbcu':
        return list(
          SCOPES.readEligibilityDirectory,
          model
            .currentEligibilities(me.id)
            .filter((item) => item.target.kind === 'directoryRole')
            .map(directoryEligibilityInstance),
          'unifiedRoleEligibilityScheduleInstance',
          roleExpand,
        );
      case 'GET roleManagement/directory/roleEligibilitySchedules/fbcu':
        return list(
          SCOPES.readEligibilityDirectory,
          model.eligibilities
            .filter(
              (item) =>
                item.principalId === me.id && item.target.kind === 'directoryRole' && (item.end === null || item.end > model.clock.now()),
            )
            .map(directoryEligibilitySchedule),
          'unifiedRoleEligibilitySchedule',
          roleExpand,
        );
      case 'GET roleManagement/directory/roleAssignmentScheduleInstances/fbcu':
        return list(
          SCOPES.readAssignmentDirectory,
          model
            .currentAssignments(me.id)
            .filter((item) => item.target.kind === 'directoryRole')
            .map(directoryAssignmentInstance),
          'unifiedRoleAssignmentScheduleInstance',
          roleExpand,
        );
      case 'GET roleManagement/directory/roleAssignmentSchedules/fbcu':
        return list(
          SCOPES.readAssignmentDirectory,
          model
            .assignmentSchedules(me.id)
            .filter((item) => item.target.kind === 'directoryRole')
            .map((item) => directoryAssignmentSchedule(item, model)),
          'unifiedRoleAssignmentSchedule',
          roleExpand,
        );
      case 'GET identityGovernance/privilegedAccess/group/assignmentSchedules/fbcu':
        return list(
          SCOPES.readAssignmentGroup,
          model
            .assignmentSchedules(me.id)
            .filter((item) => item.target.kind === 'group')
            .map((item) => groupAssignmentSchedule(item, model)),
          'privilegedAccessGroupAssignmentSchedule',
          groupExpand,
        );
      case 'GET roleManagement/directory/roleAssignmentScheduleRequests/fbcu':
        return list(
          SCOPES.readAssignmentDirectory,
          model.requests
            .filter((item) => item.principalId === me.id && item.target.kind === 'directoryRole')
            .map((item) => requestResource(item, model)),
          'unifiedRoleAssignmentScheduleRequest',
          roleExpand,
        );
      case 'POST roleManagement/directory/roleAssignmentScheduleRequests':
      case 'POST identityGovernance/privilegedAccess/group/assignmentScheduleRequests': {
        const kind = base.startsWith('roleManagement') ? 'directoryRole' : 'group';
        const refused = denied(kind === 'directoryRole' ? SCOPES.writeAssignmentDirectory : SCOPES.writeAssignmentGroup);
        if (refused !== null) {
          return { reply: refused };
        }
        const body = parseJsonBody(request);
        if (!body.ok) {
          return {
            reply: graphError(
              call,
              400,
              'BadRequest',
              'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
            ),
          };
        }
        return submitScheduleRequest({
          model,
          principal,
          call,
          kind,
          body: body.value,
          authorizationUri: context.authorizationUri(),
          contextBase: `${context.origin()}/v1.0/`,
        });
      }
      case 'GET policies/roleManagementPolicyAssignments':
        return { reply: policyAssignments(request, call, principal, model) };
      case 'GET identity/conditionalAccess/authenticationContextClassReferences':
        return list(
          SCOPES.authenticationContexts,
          model.scenario.authenticationContexts.map((item) => ({
            id: item.id,
            displayName: item.displayName,
            description: item.description,
            isAvailable: item.isAvailable,
          })),
          'identity/conditionalAccess/authenticationContextClassReferences',
          {},
        );
      case 'GET me/transitiveMemberOf/microsoft.graph.directoryRole':
        return list(SCOPES.me, directoryRolesOf(model, me.id), 'directoryObject', {});
      case 'GET me/ownedObjects/microsoft.graph.group':
        return list(SCOPES.me, ownedGroupsOf(model, me.id), 'directoryObject', {});
      case 'POST me/checkMemberGroups': {
        const refused = denied(SCOPES.me);
        if (refused !== null) {
          return { reply: refused };
        }
        const body = parseJsonBody(request);
        const groupIds =
          body.ok && typeof body.value === 'object' && body.value !== null ? (body.value as { groupIds?: unknown }).groupIds : undefined;
        if (!Array.isArray(groupIds) || groupIds.some((id) => typeof id !== 'string') || groupIds.length === 0 || groupIds.length > 20) {
          return { reply: graphError(call, 400, 'Request_BadRequest', 'groupIds must be an array of 1 to 20 group ids.') };
        }
        return {
          reply: graphJson(call, 200, {
            '@odata.context': `${context.origin()}/v1.0/$metadata#Collection(Edm.String)`,
            value: memberGroupsOf(model, me.id, groupIds as string[]),
          }),
        };
      }
      case 'GET identity/conditionalAccess/policies':
      case 'GET policies/authenticationStrengthPolicies': {
        const strengths = base.startsWith('policies/');
        const readable = strengths ? model.settings.conditionalAccessReadable.strengths : model.settings.conditionalAccessReadable.policies;
        const refused = denied(strengths ? SCOPES.authenticationStrengths : SCOPES.conditionalAccessPolicies);
        if (refused === null && (!readable || !model.canReadPolicies(me))) {
          // Microsoft documents these reads for a few reader and administrator roles only.
          return { reply: graphError(call, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') };
        }
        return list(
          strengths ? SCOPES.authenticationStrengths : SCOPES.conditionalAccessPolicies,
          strengths
            ? [...model.strengths.values()].map((item) => strengthResource(item, context.origin()))
            : model.scenario.conditionalAccessPolicies.map((item) => conditionalAccessPolicyResource(item, model, context.origin())),
          strengths ? 'policies/authenticationStrengthPolicies' : 'identity/conditionalAccess/policies',
          {},
        );
      }
      case 'GET identityGovernance/privilegedAccess/group/eligibilityScheduleInstances/fbcu':
        return list(
          SCOPES.readEligibilityGroup,
          model
            .currentEligibilities(me.id)
            .filter((item) => item.target.kind === 'group')
            .map(groupEligibilityInstance),
          'privilegedAccessGroupEligibilityScheduleInstance',
          groupExpand,
        );
      case 'GET identityGovernance/privilegedAccess/group/assignmentScheduleInstances/fbcu':
        return list(
          SCOPES.readAssignmentGroup,
          model
            .currentAssignments(me.id)
            .filter((item) => item.target.kind === 'group')
            .map(groupAssignmentInstance),
          'privilegedAccessGroupAssignmentScheduleInstance',
          groupExpand,
        );
      case 'GET identityGovernance/privilegedAccess/group/assignmentScheduleRequests/fbcu':
        return list(
          SCOPES.readAssignmentGroup,
          model.requests
            .filter((item) => item.principalId === me.id && item.target.kind === 'group')
            .map((item) => requestResource(item, model)),
          'privilegedAccessGroupAssignmentScheduleRequest',
          groupExpand,
        );
      case 'GET roleManagement/directory/roleDefinitions': {
        return list(
          SCOPES.readEligibilityDirectory,
          [...model.roles.values()].map(roleDefinition),
          'roleManagement/directory/roleDefinitions',
          {},
        );
      }
      default:
        return requestById(request, segments, call, principal, model);
    }
  }

  /** `GET …/roleAssignmentScheduleRequests/{id}`, `POST …/{id}/cancel` (roles and groups). */
  function requestById(
    request: InboundRequest,
    segments: string[],
    call: GraphCall,
    principal: Principal,
    model: TenantModel,
  ): { reply: Reply; action?: string | null } {
    const joined = segments.join('/');
    const match =
      /^(roleManagement\/directory\/roleAssignmentScheduleRequests|identityGovernance\/privilegedAccess\/group\/assignmentScheduleRequests)\/([^/]+)(\/cancel)?$/.exec(
        joined,
      );
    if (match === null) {
      return { reply: notFound(call, request.path) };
    }
    const kind = match[1]?.startsWith('roleManagement') ? 'directoryRole' : 'group';
    const id = match[2] ?? '';
    const cancel = match[3] !== undefined;
    const found = model.requests.find((item) => item.id === id && item.target.kind === kind);
    const refused = requireScope(
      principal,
      kind === 'directoryRole'
        ? cancel
          ? SCOPES.writeAssignmentDirectory
          : SCOPES.readAssignmentDirectory
        : cancel
          ? SCOPES.writeAssignmentGroup
          : SCOPES.readAssignmentGroup,
      call,
    );
    if (refused !== null) {
      return { reply: refused };
    }
    if (found === undefined || found.principalId !== principal.user.id) {
      return { reply: graphError(call, 404, 'NotFound', `The request ${id} was not found.`) };
    }
    if (!cancel && request.method === 'GET') {
      return {
        reply: graphJson(call, 200, {
          '@odata.context': `${context.origin()}/v1.0/$metadata#${match[1] ?? ''}/$entity`,
          ...requestResource(found, model),
        }),
      };
    }
    if (cancel && request.method === 'POST') {
      if (
        !['PendingApproval', 'PendingAdminDecision', 'Granted', 'PendingProvisioning', 'PendingScheduleCreation'].includes(found.status)
      ) {
        return {
          reply: graphError(call, 400, 'RequestCannotBeCanceled', `The request cannot be canceled because its status is ${found.status}.`),
          action: 'cancel',
        };
      }
      found.status = 'Canceled';
      found.completedAt = model.clock.now();
      if (found.assignmentId !== null) {
        const assignment = model.assignments.find((item) => item.id === found.assignmentId);
        if (
          assignment !== undefined &&
          assignment.assignmentType === 'Activated' &&
          targetKey(assignment.target) === targetKey(found.target)
        ) {
          assignment.revoked = true;
        }
      }
      return {
        reply: { status: 204, headers: { 'request-id': call.requestId, 'client-request-id': call.clientRequestId }, body: '' },
        action: 'cancel',
      };
    }
    return { reply: graphError(call, 405, 'MethodNotAllowed', `${request.method} is not allowed on this resource.`) };
  }

  function policyAssignments(request: InboundRequest, call: GraphCall, principal: Principal, model: TenantModel): Reply {
    const filterText = request.url.searchParams.get('$filter');
    const clauses = filterText === null ? null : parseFilter(filterText);
    if (clauses === null) {
      return graphError(
        call,
        400,
        'BadRequest',
        "The $filter query option is required and must contain 'scopeId eq' and 'scopeType eq' clauses.",
      );
    }
    const valueOf = (field: string): string | null => {
      const clause = clauses.find((item) => item.field.toLowerCase() === field.toLowerCase());
      return clause === undefined || clause.value === null ? null : String(clause.value);
    };
    const scopeId = valueOf('scopeId');
    const scopeType = valueOf('scopeType');
    const roleDefinitionId = valueOf('roleDefinitionId');
    if (scopeId === null || scopeType === null) {
      return graphError(
        call,
        400,
        'BadRequest',
        "The $filter query option is required and must contain 'scopeId eq' and 'scopeType eq' clauses.",
      );
    }
    const isGroup = scopeType.toLowerCase() === 'group';
    if (!isGroup && !['directory', 'directoryrole'].includes(scopeType.toLowerCase())) {
      return graphError(call, 400, 'BadRequest', `Invalid scopeType '${scopeType}'. Supported: Directory, DirectoryRole, Group.`);
    }
    const refused = requireScope(principal, isGroup ? SCOPES.readPolicyGroup : SCOPES.readPolicyDirectory, call);
    if (refused !== null) {
      return refused;
    }
    if (!model.canReadPolicies(principal.user)) {
      return graphError(call, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
    const expand = parseExpand(request.url.searchParams.get('$expand'));
    if (expand === null) {
      return graphError(call, 400, 'BadRequest', 'Invalid $expand query option.');
    }
    const policyExpand = expand.find((item) => item.name === 'policy');
    const unknown = expand.find((item) => item.name !== 'policy');
    if (unknown !== undefined) {
      return graphError(
        call,
        400,
        'BadRequest',
        `Could not find a property named '${unknown.name}' on type 'microsoft.graph.unifiedRoleManagementPolicyAssignment'.`,
      );
    }
    const expandRules = policyExpand?.nested !== null && policyExpand?.nested !== undefined && /\$expand=rules/i.test(policyExpand.nested);
    const items: Record<string, unknown>[] = [];
    if (isGroup) {
      const group = model.groups.get(scopeId);
      if (group !== undefined) {
        for (const access of ['member', 'owner'] as const) {
          if (roleDefinitionId === null || roleDefinitionId.toLowerCase() === access) {
            items.push(
              policyAssignment(
                {
                  policyId: group.policies[access].policyId,
                  scopeId,
                  scopeType: 'Group',
                  roleDefinitionId: access,
                  spec: group.policies[access].spec,
                },
                model,
                policyExpand !== undefined,
                expandRules,
              ),
            );
          }
        }
      }
    } else if (scopeId === '/') {
      for (const role of model.roles.values()) {
        if (roleDefinitionId === null || roleDefinitionId === role.id) {
          items.push(
            policyAssignment(
              { policyId: role.policyId, scopeId: '/', scopeType: 'DirectoryRole', roleDefinitionId: role.id, spec: role.policy },
              model,
              policyExpand !== undefined,
              expandRules,
            ),
          );
        }
      }
    }
    const contextSuffix = policyExpand === undefined ? '' : expandRules ? '(policy(rules()))' : '(policy())';
    return page(request, call, items, `policies/roleManagementPolicyAssignments${contextSuffix}`);
  }

  /** A collection response with $filter, $expand, $select, $top and paging. */
  function collection(
    request: InboundRequest,
    call: GraphCall,
    items: Record<string, unknown>[],
    entity: string,
    expandable: Readonly<Record<string, (item: Record<string, unknown>) => unknown>>,
  ): Reply {
    const params = request.url.searchParams;
    const expand = parseExpand(params.get('$expand'));
    if (expand === null) {
      return graphError(call, 400, 'BadRequest', 'Invalid $expand query option.');
    }
    for (const item of expand) {
      if (expandable[item.name] === undefined) {
        return graphError(
          call,
          400,
          'BadRequest',
          `Could not find a property named '${item.name}' on type 'microsoft.graph.${entity.split('/').pop() ?? entity}'.`,
        );
      }
    }
    let result = items.map((item) => {
      const expanded: Record<string, unknown> = { ...item };
      for (const entry of expand) {
        const expander = expandable[entry.name];
        if (expander !== undefined) {
          expanded[entry.name] = expander(item);
        }
      }
      return expanded;
    });
    const filterText = params.get('$filter');
    if (filterText !== null) {
      const clauses = parseFilter(filterText);
      if (clauses === null) {
        return graphError(call, 400, 'BadRequest', `Invalid filter clause: ${filterText}`);
      }
      result = result.filter((item) => matchesFilter(item, clauses));
    }
    const select = params.get('$select');
    result = result.map((item) => {
      const projected = applySelect(item, select);
      for (const entry of expand) {
        projected[entry.name] = item[entry.name];
      }
      return projected;
    });
    const contextName = entity.includes('/') ? entity : `Collection(${entity})`;
    return page(request, call, result, contextName);
  }

  function page(request: InboundRequest, call: GraphCall, items: Record<string, unknown>[], contextName: string): Reply {
    const params = request.url.searchParams;
    const model = context.model();
    const offset = decodeSkipToken(params.get('$skiptoken'));
    if (offset === null) {
      return graphError(call, 400, 'BadRequest', 'The $skiptoken is not valid.');
    }
    const topText = params.get('$top');
    const top = topText === null ? null : Number(topText);
    if (top !== null && (!Number.isInteger(top) || top < 1 || top > 999)) {
      return graphError(call, 400, 'BadRequest', "Invalid value for '$top': it must be an integer between 1 and 999.");
    }
    const size = Math.min(model.settings.graphPageSize, top ?? Number.MAX_SAFE_INTEGER);
    const slice = items.slice(offset, offset + size);
    const body: Record<string, unknown> = { '@odata.context': `${context.origin()}/v1.0/$metadata#${contextName}` };
    if (offset + size < items.length) {
      // Keep the client's own query text (Graph writes `$skiptoken=` unencoded) and replace only the skip token.
      const kept = request.url.search
        .replace(/^\?/, '')
        .split('&')
        .filter((part) => part !== '' && !/^(\$|%24)skiptoken=/i.test(part));
      kept.push(`$skiptoken=${encodeSkipToken(offset + size)}`);
      body['@odata.nextLink'] = `${context.origin()}${request.url.pathname}?${kept.join('&')}`;
    }
    body.value = slice;
    return graphJson(call, 200, body);
  }

  function batch(request: InboundRequest, call: GraphCall): Reply {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body.toString('utf8'));
    } catch {
      return graphError(
        call,
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    }
    const requests = typeof parsed === 'object' && parsed !== null ? (parsed as { requests?: unknown }).requests : undefined;
    if (!Array.isArray(requests) || requests.length === 0) {
      return graphError(call, 400, 'BadRequest', 'Invalid batch payload format.');
    }
    if (requests.length > MAX_BATCH_REQUESTS) {
      return graphError(call, 400, 'BadRequest', `Number of batch request steps exceeds the maximum of ${MAX_BATCH_REQUESTS}.`);
    }
    type Step = { id: string; method: string; url: string; headers: Record<string, string>; body: unknown; dependsOn: string[] };
    const steps: Step[] = [];
    const seen = new Set<string>();
    for (const raw of requests) {
      const step = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const id = typeof step.id === 'string' ? step.id : typeof step.id === 'number' ? String(step.id) : '';
      if (id === '' || typeof step.method !== 'string' || typeof step.url !== 'string') {
        return graphError(call, 400, 'BadRequest', 'Each batch request needs id, method and url.');
      }
      if (seen.has(id.toLowerCase())) {
        return graphError(call, 400, 'BadRequest', `Batch request contains duplicate Id '${id}'.`);
      }
      seen.add(id.toLowerCase());
      const headers: Record<string, string> = {};
      if (typeof step.headers === 'object' && step.headers !== null) {
        for (const [name, value] of Object.entries(step.headers as Record<string, unknown>)) {
          if (typeof value === 'string') {
            headers[name.toLowerCase()] = value;
          }
        }
      }
      steps.push({
        id,
        method: step.method.toUpperCase(),
        url: step.url,
        headers,
        body: step.body,
        dependsOn: Array.isArray(step.dependsOn) ? step.dependsOn.filter((item): item is string => typeof item === 'string') : [],
      });
    }
    const statuses = new Map<string, number>();
    const responses = steps.map((step) => {
      const started = Date.now();
      const failedDependency = step.dependsOn.some((dependency) => {
        const status = statuses.get(dependency.toLowerCase());
        return status === undefined || status >= 400;
      });
      let reply: Reply;
      let principalId: string | null = null;
      let action: string | null = null;
      let faultKind: FaultSpec['kind'] | null = null;
      const relative = step.url.startsWith('/') ? step.url : `/${step.url}`;
      const url = new URL(`/v1.0${relative.replace(/^\/v1\.0/, '')}`, context.origin());
      const itemCall = newGraphCall(request, context.model().clock.now());
      if (failedDependency) {
        reply = graphError(itemCall, 424, 'FailedDependency', 'A request this request depends on failed.');
      } else if (step.body !== undefined && step.headers['content-type'] === undefined) {
        reply = graphError(itemCall, 400, 'BadRequest', 'Content-Type header is required for a batch request with a body.');
      } else {
        const fault = context.faults.take('graph', step.method, safeDecode(url.pathname));
        const statusFault =
          fault !== null && (fault.kind === 'throttle' || fault.kind === 'unavailable' || fault.kind === 'gateway-timeout');
        if (statusFault && fault.afterApply !== true) {
          reply = graphFaultReply(fault, itemCall);
          faultKind = fault.kind;
        } else {
          const inner: InboundRequest = {
            method: step.method,
            url,
            path: safeDecode(url.pathname),
            headers: {
              ...step.headers,
              authorization: request.headers.authorization,
              'client-request-id': request.headers['client-request-id'],
            },
            body:
              step.body === undefined
                ? Buffer.alloc(0)
                : Buffer.from(typeof step.body === 'string' ? step.body : JSON.stringify(step.body)),
            cookies: {},
          };
          const routed = handle(inner, step.id);
          reply = statusFault ? graphFaultReply(fault, itemCall) : routed.reply;
          faultKind = statusFault ? fault.kind : null;
          principalId = routed.principalId ?? null;
          action = routed.action ?? null;
        }
      }
      statuses.set(step.id.toLowerCase(), reply.status);
      context.journal.record({
        at: context.model().clock.now().toISOString(),
        surface: 'graph',
        method: step.method,
        path: url.pathname,
        query: sanitizeQuery(url.searchParams),
        status: reply.status,
        requestId: reply.headers['request-id'] ?? null,
        clientRequestId: request.headers['client-request-id'] ?? null,
        principalId,
        batchItemId: step.id,
        action,
        fault: faultKind,
        durationMs: Date.now() - started,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.headers)) {
        if (['content-type', 'retry-after', 'www-authenticate', 'odata-version', 'cache-control'].includes(name)) {
          headers[
            name === 'content-type'
              ? 'Content-Type'
              : name === 'retry-after'
                ? 'Retry-After'
                : name === 'www-authenticate'
                  ? 'WWW-Authenticate'
                  : name
          ] = value;
        }
      }
      let body: unknown = undefined;
      if (reply.body !== '') {
        try {
          body = JSON.parse(reply.body) as unknown;
        } catch {
          body = reply.body;
        }
      }
      return { id: step.id, status: reply.status, headers, ...(body === undefined ? {} : { body }) };
    });
    return graphJson(call, 200, { responses });
  }
}
