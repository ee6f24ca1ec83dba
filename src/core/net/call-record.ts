/**
 * The call-record stage of the request pipeline: one record per HTTP exchange (retries included) for the diagnostics
 * timeline, the same for Graph and Azure Resource Manager. A record holds the method, the URL path without its query
 * (filters can name people), the status, the service's request id and error code, and the time taken: never headers,
 * tokens or bodies.
 */
import type { TimelineInput } from '../diagnostics/diagnostics-recorder';
import type { Logger } from '../logging/logger';
import type { Stage } from './request-pipeline';

/** One HTTP exchange with a Microsoft API, as the diagnostics timeline records it. */
export type CallRecord = {
  readonly method: string;
  /** The URL path without the query string, e.g. `/v1.0/roleManagement/directory/roleAssignmentScheduleRequests`. */
  readonly path: string;
  /** HTTP status; -1 when no answer came (reset, timeout). */
  readonly status: number;
  readonly requestId?: string;
  /** The service's `error.code` for an error answer. */
  readonly serviceCode?: string;
  readonly durationMs: number;
};

/** Graph names its request id `request-id`; Azure Resource Manager `x-ms-request-id`. */
export type RequestIdHeader = 'request-id' | 'x-ms-request-id';

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(unparseable URL)';
  }
}

/** `error.code` of an error body, read from a clone so the caller still gets the whole answer. */
async function serviceCodeOf(response: Response): Promise<string | undefined> {
  try {
    const text = await response.clone().text();
    const body = JSON.parse(text.slice(0, 64 * 1024)) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code.slice(0, 100) : undefined;
  } catch {
    return undefined;
  }
}

export function recordCalls(options: {
  readonly onCall: ((call: CallRecord) => void) | undefined;
  readonly requestIdHeader: RequestIdHeader;
  readonly elapsedMs: () => number;
  readonly log: Logger;
  readonly service: string;
}): Stage {
  const { onCall } = options;
  if (onCall === undefined) {
    return (next) => next;
  }
  const report = (call: CallRecord): void => {
    try {
      onCall(call);
    } catch (cause) {
      options.log.warn(`${options.service} call observer failed`, { error: cause });
    }
  };
  return (next) => async (exchange) => {
    const sentAt = options.elapsedMs();
    const base = { method: exchange.method, path: pathOf(exchange.url) };
    let response: Response;
    try {
      response = await next(exchange);
    } catch (cause) {
      report({ ...base, status: -1, durationMs: options.elapsedMs() - sentAt });
      throw cause;
    }
    const durationMs = options.elapsedMs() - sentAt;
    const requestId = response.headers.get(options.requestIdHeader) ?? undefined;
    const serviceCode = response.status >= 400 ? await serviceCodeOf(response) : undefined;
    report({
      ...base,
      status: response.status,
      durationMs,
      ...(requestId === undefined ? {} : { requestId }),
      ...(serviceCode === undefined ? {} : { serviceCode }),
    });
    return response;
  };
}

/** A call record as a diagnostics timeline entry; `step` names it (method and a readable path). */
export function timelineEntryOf(call: CallRecord, step: string): TimelineInput {
  return {
    step,
    outcome: call.status >= 200 && call.status < 400 ? 'succeeded' : 'failed',
    ...(call.status === -1 ? { detail: 'no answer (connection failed or timed out)' } : { httpStatus: call.status }),
    ...(call.requestId === undefined ? {} : { requestId: call.requestId }),
    ...(call.serviceCode === undefined ? {} : { serviceCode: call.serviceCode }),
    durationMs: call.durationMs,
  };
}
