/**
 * What an ARM route handler receives and returns, and the paging every collection shares.
 *
 * A route names a method and the path after `providers/Microsoft.Authorization/` (`{name}` for any one segment,
 * compared without case as ARM does); the scope before the provider reaches the handler in `exchange.path.scope`.
 */
import type { InboundRequest, Reply } from '../http/http-kit';
import type { RoutedReply } from '../http/surface-server';
import type { TenantModel } from '../model/tenant-model';
import type { ArmPrincipal } from './arm-auth';
import { armError, armJson, type ArmCall } from './arm-errors';
import type { ArmPath } from './arm-path';

/** One authenticated ARM request, as a handler sees it. */
export type ArmExchange = {
  readonly request: InboundRequest;
  readonly call: ArmCall;
  readonly principal: ArmPrincipal;
  readonly model: TenantModel;
  /** This surface's origin, for `nextLink`. */
  readonly origin: string;
  readonly path: ArmPath;
};

export type ArmRouted = Omit<RoutedReply, 'principalId'>;

export type ArmRoute = {
  readonly method: string;
  /** After `providers/Microsoft.Authorization/`: `collection`, `collection/{name}` or `collection/{name}/verb`. */
  readonly path: string;
  readonly handle: (exchange: ArmExchange, params: Readonly<Record<string, string>>) => ArmRouted;
};

/** One page of a collection, with an absolute `nextLink` carrying an opaque `$skipToken` when more remain. */
export function armPage(exchange: ArmExchange, items: readonly Record<string, unknown>[]): Reply {
  const { request, call } = exchange;
  const size = exchange.model.settings.armPageSize;
  const token = request.url.searchParams.get('$skipToken');
  const offset = token === null ? 0 : Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10);
  if (!Number.isInteger(offset) || offset < 0) {
    return armError(call, 400, 'InvalidSkipToken', 'The $skipToken is not valid.');
  }
  const value = items.slice(offset, offset + size);
  const body: Record<string, unknown> = { value };
  if (offset + size < items.length) {
    const next = new URL(request.url.pathname, exchange.origin);
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
