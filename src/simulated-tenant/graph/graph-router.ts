/**
 * The simulated Microsoft Graph v1.0 PIM API: a table of routes (method and path → handler), one handler module per
 * resource in `routes/`, and `$batch` (`graph-batch.ts`) running its steps through the same table.
 *
 * Order of checks for every request: version prefix → `$batch` → token → the `filterByCurrentUser` function's
 * parameter → the route (an exact path first, then a path with placeholders) → 400 "Resource not found".
 */
import type { SigningKey } from '../auth/jwt';
import type { Journal, FaultInjector } from '../control/journal-and-faults';
import type { InboundRequest, Reply } from '../http/http-kit';
import { trimTrailingSlashes } from '../http/http-kit';
import { equalsIgnoringAsciiCase, hasPlaceholders, matchPath, pathPattern, type PathPattern } from '../http/path-pattern';
import type { RoutedReply } from '../http/surface-server';
import type { TenantModel } from '../model/tenant-model';
import type { FaultSpec } from '../api-types';
import { refreshRequestStatuses } from './activation-service';
import { batch } from './graph-batch';
import { authenticate } from './graph-auth';
import { graphError, newGraphCall, notFound, type GraphCall } from './graph-errors';
import type { GraphExchange, GraphRoute, GraphRouted } from './graph-route';
import { conditionalAccessRoutes } from './routes/conditional-access-routes';
import { groupScheduleRoutes } from './routes/group-schedule-routes';
import { meRoutes } from './routes/me-routes';
import { organizationRoutes } from './routes/organization-routes';
import { policyRoutes } from './routes/policy-routes';
import { roleScheduleRoutes } from './routes/role-schedule-routes';
import { scheduleRequestRoutes } from './routes/schedule-request-routes';

export type GraphContext = {
  readonly model: () => TenantModel;
  readonly key: () => SigningKey;
  readonly origin: () => string;
  readonly authorizationUri: () => string;
  readonly journal: Journal;
  readonly faults: FaultInjector;
};

/** Every Graph route the tenant answers. */
export const GRAPH_ROUTES: readonly GraphRoute[] = [
  ...meRoutes,
  ...organizationRoutes,
  ...roleScheduleRoutes,
  ...groupScheduleRoutes,
  ...scheduleRequestRoutes,
  ...policyRoutes,
  ...conditionalAccessRoutes,
];

const routeKey = (method: string, path: string, byCurrentUser: boolean): string =>
  `${method} ${path}${byCurrentUser ? '/filterByCurrentUser' : ''}`;

/** Routes without placeholders, by method and path. */
const EXACT = new Map(
  GRAPH_ROUTES.filter((route) => !hasPlaceholders(pathPattern(route.path))).map((route) => [
    routeKey(route.method, route.path, route.byCurrentUser === true),
    route,
  ]),
);
/** Routes with placeholders (`{id}`), tried in order after the exact ones; method `*` takes any method. */
const PATTERNS: readonly (GraphRoute & { readonly pattern: PathPattern })[] = GRAPH_ROUTES.filter((route) =>
  hasPlaceholders(pathPattern(route.path)),
).map((route) => ({ ...route, pattern: pathPattern(route.path) }));

const BY_CURRENT_USER = "filterByCurrentUser(on='";

/** The `on` parameter of a `filterByCurrentUser(on='…')` segment (any case), or null for any other segment. */
function byCurrentUserParameter(segment: string): string | null {
  if (segment.length < BY_CURRENT_USER.length + 2 || !segment.endsWith("')")) {
    return null;
  }
  if (!equalsIgnoringAsciiCase(segment.slice(0, BY_CURRENT_USER.length), BY_CURRENT_USER)) {
    return null;
  }
  const on = segment.slice(BY_CURRENT_USER.length, -2);
  return on.includes("'") ? null : on;
}

/** Finds the route for an authenticated request and runs it. */
function dispatch(exchange: GraphExchange): GraphRouted {
  const { request, call, segments } = exchange;
  const on = byCurrentUserParameter(segments.at(-1) ?? '');
  if (on !== null && on !== 'principal') {
    return { reply: graphError(call, 400, 'BadRequest', `The parameter 'on' has an invalid value '${on}'. Supported: principal.`) };
  }
  const base = segments.slice(0, on === null ? segments.length : -1).join('/');
  const exact = EXACT.get(routeKey(request.method, base, on !== null));
  if (exact !== undefined) {
    return exact.handle(exchange, {});
  }
  for (const route of PATTERNS) {
    const params = route.method === '*' || route.method === request.method ? matchPath(route.pattern, segments) : null;
    if (params !== null) {
      return route.handle(exchange, params);
    }
  }
  return { reply: notFound(call, request.path) };
}

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
  const batchContext = { ...context, route: handle, faultReply: graphFaultReply };
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
      return { reply: batch(batchContext, request, call) };
    }
    const auth = authenticate(model, context.key(), context.authorizationUri(), request.headers.authorization, call);
    if (!auth.ok) {
      return { reply: auth.reply };
    }
    refreshRequestStatuses(model);
    const segments = resource.split('/').filter((segment) => segment !== '');
    const exchange = {
      request,
      call,
      principal: auth.principal,
      model,
      origin: context.origin(),
      authorizationUri: context.authorizationUri(),
      segments,
    };
    return { principalId: auth.principal.user.id, ...dispatch(exchange) };
  }
}
