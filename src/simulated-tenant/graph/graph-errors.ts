/**
 * Microsoft Graph's error envelope: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`
 * plus the `request-id` / `client-request-id` response headers (docs/protocol.md, "Activation errors").
 */
import { randomUUID } from 'node:crypto';
import type { InboundRequest, Reply } from '../http/http-kit';

export type GraphCall = {
  readonly requestId: string;
  readonly clientRequestId: string;
  readonly date: Date;
};

export function newGraphCall(request: InboundRequest, now: Date): GraphCall {
  const requestId = randomUUID();
  return { requestId, clientRequestId: request.headers['client-request-id'] ?? requestId, date: now };
}

export function graphHeaders(call: GraphCall, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    'request-id': call.requestId,
    'client-request-id': call.clientRequestId,
    'x-ms-ags-diagnostic': '{"ServerInfo":{"DataCenter":"Simulated","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"SIM"}}',
    'odata-version': '4.0',
    ...extra,
  };
}

export function graphJson(call: GraphCall, status: number, value: unknown, extra: Record<string, string> = {}): Reply {
  return { status, headers: graphHeaders(call, extra), body: JSON.stringify(value) };
}

export function graphError(call: GraphCall, status: number, code: string, message: string, extra: Record<string, string> = {}): Reply {
  return graphJson(
    call,
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: call.date.toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': call.requestId,
          'client-request-id': call.clientRequestId,
        },
      },
    },
    extra,
  );
}

export function notFound(call: GraphCall, path: string): Reply {
  return graphError(call, 400, 'BadRequest', `Resource not found for the segment '${path.split('/').filter(Boolean).pop() ?? path}'.`);
}
