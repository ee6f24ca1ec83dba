/**
 * What a Graph route handler receives and returns, and the helpers every handler module shares: the scope check, the
 * JSON body reader and the listing of a collection.
 *
 * Why a table of routes: each resource's handlers live in a module of their own (`routes/`), and the router only
 * finds the one that answers a method and path (see `graph-router.ts`).
 */
import type { InboundRequest, Reply } from '../http/http-kit';
import type { TenantModel } from '../model/tenant-model';
import { collection, type Expandable } from './graph-collection';
import { requireScope, type Principal } from './graph-auth';
import type { GraphCall } from './graph-errors';

/** One authenticated Graph request, as a handler sees it. */
export type GraphExchange = {
  readonly request: InboundRequest;
  readonly call: GraphCall;
  readonly principal: Principal;
  readonly model: TenantModel;
  /** This surface's origin, for `@odata.context` and `@odata.nextLink`. */
  readonly origin: string;
  /** Authorize URL for a `WWW-Authenticate` challenge. */
  readonly authorizationUri: string;
  /** The path's segments after `/v1.0`, empty ones left out (`//me` is `me`). */
  readonly segments: readonly string[];
};

/** A handler's answer, and the action the journal records beside it. */
export type GraphRouted = { readonly reply: Reply; readonly action?: string | null };

export type GraphHandler = (exchange: GraphExchange, params: Readonly<Record<string, string>>) => GraphRouted;

/**
 * A route: a method (`*` for any, the handler then answers 405 itself) and a path of segments joined with `/`, where
 * `{name}` matches any one segment and reaches the handler as `params.name`. With `byCurrentUser` the path is followed
 * by the `filterByCurrentUser(on='principal')` function segment.
 */
export type GraphRoute = {
  readonly method: string;
  readonly path: string;
  readonly byCurrentUser?: boolean;
  readonly handle: GraphHandler;
};

/** Graph's 403 when the token carries none of `scopes`; null when it carries one. */
export function refusal(exchange: GraphExchange, scopes: readonly string[]): Reply | null {
  return requireScope(exchange.principal, scopes, exchange.call);
}

/** The body as JSON: null when empty, `ok: false` when it does not parse. */
export function parseJsonBody(request: InboundRequest): { ok: true; value: unknown } | { ok: false } {
  if (request.body.length === 0) {
    return { ok: true, value: null };
  }
  try {
    return { ok: true, value: JSON.parse(request.body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A collection after the scope check, with the OData query options and paging applied. */
export function list(
  exchange: GraphExchange,
  scopes: readonly string[],
  items: Record<string, unknown>[],
  entity: string,
  expandable: Expandable,
): GraphRouted {
  const refused = refusal(exchange, scopes);
  if (refused !== null) {
    return { reply: refused };
  }
  return { reply: collection(exchange, items, entity, expandable) };
}
