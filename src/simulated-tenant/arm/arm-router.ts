/**
 * The simulated Azure Resource Manager PIM API (`Microsoft.Authorization`, api-version 2020-10-01 and the later
 * versions with the same schema): a table of routes (method and path after the provider → handler), one handler
 * module per resource in `routes/`: schedule instances, schedules and requests for the caller (`$filter=asTarget()`),
 * `nextLink` paging, policy assignments per scope and role, the activation PUT and cancel, effective permissions.
 *
 * Order of checks: api-version present → token → a `Microsoft.Authorization` path (`arm-path.ts`) → a supported
 * api-version → the route → 405 for another method or a named item, 404 `InvalidResourceType` otherwise.
 */
import type { SigningKey } from '../auth/jwt';
import type { InboundRequest } from '../http/http-kit';
import { matchPath, pathPattern } from '../http/path-pattern';
import type { RoutedReply } from '../http/surface-server';
import type { TenantModel } from '../model/tenant-model';
import { refreshRequestStatuses } from '../graph/activation-service';
import { authenticateArm } from './arm-auth';
import { armError, newArmCall } from './arm-errors';
import { parseArmPath } from './arm-path';
import type { ArmExchange, ArmRoute, ArmRouted } from './arm-route';
import { permissionRoutes } from './routes/permission-routes';
import { policyRoutes } from './routes/policy-routes';
import { requestRoutes } from './routes/request-routes';
import { scheduleListRoutes } from './routes/schedule-list-routes';

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

/** Every ARM route the tenant answers. */
export const ARM_ROUTES: readonly ArmRoute[] = [...scheduleListRoutes, ...requestRoutes, ...policyRoutes, ...permissionRoutes];

const TABLE = ARM_ROUTES.map((route) => ({ ...route, pattern: pathPattern(route.path) }));

/** Finds the route for an authenticated request and runs it. */
function dispatch(exchange: ArmExchange): ArmRouted {
  const { request, call, path } = exchange;
  const segments = [path.collection, path.name, path.verb].filter((segment): segment is string => segment !== null);
  for (const route of TABLE) {
    const params = route.method === request.method ? matchPath(route.pattern, segments, true) : null;
    if (params !== null) {
      return route.handle(exchange, params);
    }
  }
  if (request.method !== 'GET' || path.name !== null) {
    return { reply: armError(call, 405, 'MethodNotAllowed', `The method '${request.method}' is not allowed for this resource.`) };
  }
  return {
    reply: armError(
      call,
      404,
      'InvalidResourceType',
      `The resource type '${path.collection}' could not be found in the namespace 'Microsoft.Authorization'.`,
    ),
  };
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
    const principalId = auth.principal.user.id;
    const path = parseArmPath(request.path);
    if (path === null) {
      const message = `The resource type could not be found in the namespace for path '${request.path}'.`;
      return { principalId, reply: armError(call, 404, 'InvalidResourceType', message) };
    }
    if (!ARM_API_VERSIONS.includes(version)) {
      const message = `The api-version '${version}' is invalid. The supported versions are '${ARM_API_VERSIONS.join(',')}'.`;
      return { principalId, reply: armError(call, 400, 'InvalidApiVersionParameter', message) };
    }
    refreshRequestStatuses(model);
    const exchange = { request, call, principal: auth.principal, model, origin: context.origin(), path };
    return { principalId, ...dispatch(exchange) };
  }
}
