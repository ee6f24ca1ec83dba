/**
 * Routes of the simulated Azure Resource Manager PIM API (`Microsoft.Authorization`, api-version 2020-10-01 and the
 * later versions with the same schema): schedule instances and requests for the caller (`$filter=asTarget()`),
 * `nextLink` paging, policy assignments per scope and role, the activation PUT and cancel.
 *
 * ARM paths are case-insensitive: `/subscriptions/{id}/resourceGroups/{name}` matches whatever case the client sent.
 */
import type { SigningKey } from '../auth/jwt';
import type { InboundRequest, Reply } from '../http/http-kit';
import { trimTrailingSlashes } from '../http/http-kit';
import type { RoutedReply } from '../http/surface-server';
import type { Target, TenantModel } from '../model/tenant-model';
import { refreshRequestStatuses } from '../graph/activation-service';
import { authenticateArm, type ArmPrincipal } from './arm-auth';
import { armError, armJson, newArmCall, type ArmCall } from './arm-errors';
import { submitArmRequest } from './arm-activation';
import { effectivePermissions, roleDefinition } from './effective-permissions';
import {
  assignmentInstance,
  assignmentSchedule,
  azureTarget,
  eligibilityInstance,
  policyAssignmentResource,
  roleDefinitionGuid,
  scheduleRequest,
} from './arm-resources';

export const ARM_API_VERSIONS = [
  '2020-10-01',
  '2020-10-01-preview',
  // Permissions and role definitions (effective permissions at a scope).
  '2022-04-01',
  '2022-04-01-preview',
  '2024-02-01-preview',
  '2024-09-01-preview',
];

export type ArmContext = {
  readonly model: () => TenantModel;
  readonly key: () => SigningKey;
  readonly origin: () => string;
  readonly authorizationUri: () => string;
};

const ROUTE =
  /^(?<scope>(?:\/[^/]+)*?)\/providers\/Microsoft\.Authorization\/(?<collection>[A-Za-z]+)(?:\/(?<name>[^/]+)(?:\/(?<verb>[A-Za-z]+))?)?$/i;

type Route = { readonly scope: string; readonly collection: string; readonly name: string | null; readonly verb: string | null };

function parseRoute(path: string): Route | null {
  const groups = ROUTE.exec(trimTrailingSlashes(path))?.groups;
  if (groups === undefined) {
    return null;
  }
  return {
    scope: groups.scope ?? '',
    collection: (groups.collection ?? '').toLowerCase(),
    name: groups.name ?? null,
    verb: groups.verb?.toLowerCase() ?? null,
  };
}

/** Whether `scope` is `parent` or below it (`''` is the tenant root, above everything). */
function withinScope(scope: string, parent: string): boolean {
  const child = scope.toLowerCase();
  const root = parent.toLowerCase();
  return root === '' || child === root || child.startsWith(`${root}/`);
}

export function createArmRouter(context: ArmContext): (request: InboundRequest) => Promise<RoutedReply> {
  return (request) => Promise.resolve(handle(request));

  function handle(request: InboundRequest): RoutedReply {
    const model = context.model();
    const call = newArmCall(request);
    const version = request.url.searchParams.get('api-version');
    if (version === null || version === '') {
      return {
        reply: armError(
          call,
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        ),
      };
    }
    const auth = authenticateArm(model, context.key(), context.authorizationUri(), request.headers.authorization, call);
    if (!auth.ok) {
      return { reply: auth.reply };
    }
    const route = parseRoute(request.path);
    if (route === null) {
      return {
        principalId: auth.principal.user.id,
        reply: armError(
          call,
          404,
          'InvalidResourceType',
          `The resource type could not be found in the namespace for path '${request.path}'.`,
        ),
      };
    }
    if (!ARM_API_VERSIONS.includes(version)) {
      return {
        principalId: auth.principal.user.id,
        reply: armError(
          call,
          400,
          'InvalidApiVersionParameter',
          `The api-version '${version}' is invalid. The supported versions are '${ARM_API_VERSIONS.join(',')}'.`,
        ),
      };
    }
    refreshRequestStatuses(model);
    const routed = dispatch(request, route, call, auth.principal, model);
    return { principalId: auth.principal.user.id, ...routed };
  }

  function dispatch(
    request: InboundRequest,
    route: Route,
    call: ArmCall,
    principal: ArmPrincipal,
    model: TenantModel,
  ): Omit<RoutedReply, 'principalId'> {
    const me = principal.user;
    const method = request.method;
    if (route.collection === 'roleassignmentschedulerequests' && route.name !== null) {
      if (method === 'PUT' && route.verb === null) {
        return submitArmRequest({ model, principal, call, scope: route.scope, name: route.name, body: parseBody(request) });
      }
      if (method === 'GET' && route.verb === null) {
        return { reply: getRequest(model, call, me.id, route.name) };
      }
      if (method === 'POST' && route.verb === 'cancel') {
        return { reply: cancelRequest(model, call, me.id, route.name), action: 'Cancel' };
      }
    }
    if (method === 'GET' && route.collection === 'roledefinitions' && route.name !== null && route.verb === null) {
      return { reply: roleDefinition(model, call, route.scope, route.name) };
    }
    if (method !== 'GET' || route.name !== null) {
      return { reply: armError(call, 405, 'MethodNotAllowed', `The method '${method}' is not allowed for this resource.`) };
    }
    switch (route.collection) {
      case 'roleeligibilityscheduleinstances':
      case 'roleassignmentscheduleinstances':
      case 'roleassignmentschedules':
      case 'roleassignmentschedulerequests': {
        const refused = requireAsTarget(request, call, me.id);
        if (refused !== null) {
          return { reply: refused };
        }
        return { reply: page(request, call, model, listFor(route, model, me.id)) };
      }
      case 'rolemanagementpolicyassignments':
        return { reply: policyAssignments(request, route.scope, call, principal, model) };
      case 'permissions':
        return { reply: effectivePermissions(model, call, me.id, route.scope) };
      default:
        return {
          reply: armError(
            call,
            404,
            'InvalidResourceType',
            `The resource type '${route.collection}' could not be found in the namespace 'Microsoft.Authorization'.`,
          ),
        };
    }
  }

  function listFor(route: Route, model: TenantModel, userId: string): Record<string, unknown>[] {
    const now = model.clock.now();
    const inScope = (target: Target) => {
      const azure = azureTarget(target);
      return azure !== null && withinScope(azure.scope, route.scope) ? azure : null;
    };
    if (route.collection === 'roleeligibilityscheduleinstances') {
      return model.currentEligibilities(userId, now).flatMap((item) => {
        const target = inScope(item.target);
        return target === null ? [] : [eligibilityInstance(model, item, target)];
      });
    }
    if (route.collection === 'roleassignmentscheduleinstances') {
      return model.currentAssignments(userId, now).flatMap((item) => {
        const target = inScope(item.target);
        return target === null ? [] : [assignmentInstance(model, item, target)];
      });
    }
    if (route.collection === 'roleassignmentschedules') {
      return model.assignmentSchedules(userId, now).flatMap((item) => {
        const target = inScope(item.target);
        return target === null ? [] : [assignmentSchedule(model, item, target)];
      });
    }
    return model.requests
      .filter((item) => item.principalId === userId)
      .flatMap((item) => {
        const target = inScope(item.target);
        return target === null ? [] : [scheduleRequest(model, item, target)];
      });
  }

  function parseBody(request: InboundRequest): unknown {
    try {
      return request.body.length === 0 ? null : (JSON.parse(request.body.toString('utf8')) as unknown);
    } catch {
      return null;
    }
  }

  /** Only an RBAC administrator may list other principals' schedules; the simulated users are not. */
  function requireAsTarget(request: InboundRequest, call: ArmCall, userId: string): Reply | null {
    const filter = (request.url.searchParams.get('$filter') ?? '').replace(/\s+/g, '').toLowerCase();
    if (filter === 'astarget()') {
      return null;
    }
    if (filter === '') {
      return armError(
        call,
        400,
        'InsufficientPermissions',
        `The requestor ${userId} does not have permissions for this request. Please use $filter=asTarget() to filter on the requestor's assignments.`,
      );
    }
    return armError(
      call,
      400,
      'InvalidFilter',
      `The filter '${request.url.searchParams.get('$filter') ?? ''}' is not supported here; use $filter=asTarget().`,
    );
  }

  /** One page of a collection, with an absolute `nextLink` carrying an opaque `$skipToken` when more remain. */
  function page(request: InboundRequest, call: ArmCall, model: TenantModel, items: readonly Record<string, unknown>[]): Reply {
    const size = model.settings.armPageSize;
    const token = request.url.searchParams.get('$skipToken');
    const offset = token === null ? 0 : Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10);
    if (!Number.isInteger(offset) || offset < 0) {
      return armError(call, 400, 'InvalidSkipToken', 'The $skipToken is not valid.');
    }
    const value = items.slice(offset, offset + size);
    const body: Record<string, unknown> = { value };
    if (offset + size < items.length) {
      const next = new URL(request.url.pathname, context.origin());
      for (const [name, parameter] of request.url.searchParams) {
        if (name !== '$skipToken') {
          next.searchParams.append(name, parameter);
        }
      }
      next.searchParams.set('$skipToken', Buffer.from(String(offset + size)).toString('base64url'));
      body.nextLink = next.toString();
    }
    return armJson(call, 200, body);
  }

  function policyAssignments(request: InboundRequest, scope: string, call: ArmCall, principal: ArmPrincipal, model: TenantModel): Reply {
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
    const filter = request.url.searchParams.get('$filter');
    let roles = [...model.azureRoles.keys()];
    if (filter !== null && filter.trim() !== '') {
      const match = /^\s*roleDefinitionId\s+eq\s+'([^']+)'\s*$/i.exec(filter);
      if (match?.[1] === undefined) {
        return armError(call, 400, 'InvalidFilter', `The filter '${filter}' is not supported; use roleDefinitionId eq '{id}'.`);
      }
      const wanted = roleDefinitionGuid(match[1]);
      roles = roles.filter((role) => role === wanted);
    }
    return page(
      request,
      call,
      model,
      roles.map((role) => policyAssignmentResource(model, scope, role)),
    );
  }

  function ownRequest(model: TenantModel, userId: string, name: string) {
    return model.requests.find((item) => item.id === name.toLowerCase() && item.principalId === userId && item.target.kind === 'azureRole');
  }

  function getRequest(model: TenantModel, call: ArmCall, userId: string, name: string): Reply {
    const request = ownRequest(model, userId, name);
    const target = request === undefined ? null : azureTarget(request.target);
    if (request === undefined || target === null) {
      return armError(
        call,
        404,
        'RoleAssignmentScheduleRequestNotFound',
        `The role assignment schedule request '${name}' could not be found.`,
      );
    }
    return armJson(call, 200, scheduleRequest(model, request, target));
  }

  function cancelRequest(model: TenantModel, call: ArmCall, userId: string, name: string): Reply {
    const request = ownRequest(model, userId, name);
    if (request === undefined) {
      return armError(
        call,
        404,
        'RoleAssignmentScheduleRequestNotFound',
        `The role assignment schedule request '${name}' could not be found.`,
      );
    }
    const now = model.clock.now();
    const assignment = request.assignmentId === null ? undefined : model.assignments.find((item) => item.id === request.assignmentId);
    // A pending request, or (as on Graph) one accepted with a start still ahead: a scheduled activation.
    const scheduled = request.status === 'Granted' && assignment !== undefined && assignment.start > now;
    if (request.status !== 'PendingApproval' && !scheduled) {
      return armError(call, 400, 'RequestCannotBeCancelled', `The request is ${request.status}; only a pending request can be cancelled.`);
    }
    request.status = 'Canceled';
    request.completedAt = now;
    if (scheduled) {
      assignment.revoked = true;
    }
    return armJson(call, 200, null);
  }
}
