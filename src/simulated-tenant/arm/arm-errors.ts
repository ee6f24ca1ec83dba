/**
 * Azure Resource Manager's reply envelope: JSON bodies, errors as `{"error":{"code","message"}}` (CloudError), and the
 * `x-ms-request-id` / `x-ms-correlation-request-id` headers every ARM answer carries.
 */
import { randomUUID } from 'node:crypto';
import type { FaultSpec } from '../api-types';
import type { InboundRequest, Reply } from '../http/http-kit';

export type ArmCall = { readonly requestId: string; readonly correlationId: string };

export function newArmCall(request: InboundRequest): ArmCall {
  const requestId = randomUUID();
  return {
    requestId,
    correlationId: request.headers['x-ms-correlation-request-id'] ?? request.headers['x-ms-client-request-id'] ?? requestId,
  };
}

export function armJson(call: ArmCall, status: number, value: unknown, extra: Record<string, string> = {}): Reply {
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
      'x-ms-request-id': call.requestId,
      'x-ms-correlation-request-id': call.correlationId,
      ...extra,
    },
    body: value === null ? '' : JSON.stringify(value),
  };
}

export function armError(call: ArmCall, status: number, code: string, message: string, extra: Record<string, string> = {}): Reply {
  return armJson(call, status, { error: { code, message } }, extra);
}

/** The reply for an injected 429/503/504 in ARM's format (throttling names the operation type, as ARM does). */
export function armFaultReply(fault: FaultSpec, request: InboundRequest): Reply {
  const call = newArmCall(request);
  switch (fault.kind) {
    case 'throttle': {
      const retry = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
      const operation = request.method === 'GET' ? 'Read' : 'Write';
      return armError(
        call,
        429,
        'TooManyRequests',
        `The request is being throttled as the limit has been reached for operation type - ${operation}. For more information, refer to - https://aka.ms/armthrottling`,
        retry === null ? {} : { 'retry-after': String(retry) },
      );
    }
    case 'gateway-timeout':
      return armError(
        call,
        504,
        'GatewayTimeout',
        "The gateway did not receive a response from 'Microsoft.Authorization' within the specified time period.",
      );
    default:
      return armError(call, 503, 'ServiceUnavailable', 'The service is currently unavailable. Please try again later.');
  }
}
