/**
 * Graph's JSON `$batch`: up to {@link MAX_BATCH_REQUESTS} steps, run in order through the same routes as single
 * requests, each with its own status, `dependsOn` (424 after a failed dependency), per-item status faults and its own
 * journal entry (`batchItemId`).
 */
import { sanitizeQuery, type FaultInjector, type Journal } from '../control/journal-and-faults';
import { safeDecode, type InboundRequest, type Reply } from '../http/http-kit';
import type { RoutedReply } from '../http/surface-server';
import type { TenantModel } from '../model/tenant-model';
import type { FaultSpec } from '../api-types';
import { graphError, graphJson, newGraphCall, type GraphCall } from './graph-errors';

export const MAX_BATCH_REQUESTS = 20;

export type BatchContext = {
  readonly model: () => TenantModel;
  readonly origin: () => string;
  readonly journal: Journal;
  readonly faults: FaultInjector;
  /** Routes one step as a request of its own (never another `$batch`). */
  readonly route: (request: InboundRequest, batchItemId: string) => RoutedReply;
  /** The reply for an injected 429/503/504 in Graph's error format. */
  readonly faultReply: (fault: FaultSpec, call: GraphCall) => Reply;
};

type Step = { id: string; method: string; url: string; headers: Record<string, string>; body: unknown; dependsOn: string[] };
type StepOutcome = { reply: Reply; principalId: string | null; action: string | null; fault: FaultSpec['kind'] | null };

/** The headers a batch item's answer carries, in Graph's spelling. */
const ITEM_HEADERS: ReadonlyMap<string, string> = new Map([
  ['content-type', 'Content-Type'],
  ['retry-after', 'Retry-After'],
  ['www-authenticate', 'WWW-Authenticate'],
  ['odata-version', 'odata-version'],
  ['cache-control', 'cache-control'],
]);

export function batch(context: BatchContext, request: InboundRequest, call: GraphCall): Reply {
  const steps = parseSteps(request, call);
  if (!Array.isArray(steps)) {
    return steps;
  }
  const statuses = new Map<string, number>();
  const responses = steps.map((step) => {
    const started = Date.now();
    const relative = step.url.startsWith('/') ? step.url : `/${step.url}`;
    const url = new URL(`/v1.0${relative.replace(/^\/v1\.0/, '')}`, context.origin());
    const outcome = runStep(context, request, step, url, statuses);
    const { reply } = outcome;
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
      principalId: outcome.principalId,
      batchItemId: step.id,
      action: outcome.action,
      fault: outcome.fault,
      durationMs: Date.now() - started,
    });
    return itemResponse(step.id, reply);
  });
  return graphJson(call, 200, { responses });
}

/** The steps of a well-formed batch, or Graph's 400 for the whole batch. */
function parseSteps(request: InboundRequest, call: GraphCall): Step[] | Reply {
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
  const steps: Step[] = [];
  const seen = new Set<string>();
  for (const raw of requests) {
    const step = parseStep(raw);
    if (step === null) {
      return graphError(call, 400, 'BadRequest', 'Each batch request needs id, method and url.');
    }
    if (seen.has(step.id.toLowerCase())) {
      return graphError(call, 400, 'BadRequest', `Batch request contains duplicate Id '${step.id}'.`);
    }
    seen.add(step.id.toLowerCase());
    steps.push(step);
  }
  return steps;
}

function parseStep(raw: unknown): Step | null {
  const step = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const id = typeof step.id === 'string' ? step.id : typeof step.id === 'number' ? String(step.id) : '';
  if (id === '' || typeof step.method !== 'string' || typeof step.url !== 'string') {
    return null;
  }
  const headers: Record<string, string> = {};
  if (typeof step.headers === 'object' && step.headers !== null) {
    for (const [name, value] of Object.entries(step.headers as Record<string, unknown>)) {
      if (typeof value === 'string') {
        headers[name.toLowerCase()] = value;
      }
    }
  }
  return {
    id,
    method: step.method.toUpperCase(),
    url: step.url,
    headers,
    body: step.body,
    dependsOn: Array.isArray(step.dependsOn) ? step.dependsOn.filter((item): item is string => typeof item === 'string') : [],
  };
}

/** One step: a failed dependency, a missing content type, a status fault, or the routed answer. */
function runStep(context: BatchContext, request: InboundRequest, step: Step, url: URL, statuses: ReadonlyMap<string, number>): StepOutcome {
  const failedDependency = step.dependsOn.some((dependency) => {
    const status = statuses.get(dependency.toLowerCase());
    return status === undefined || status >= 400;
  });
  const itemCall = newGraphCall(request, context.model().clock.now());
  const answered = (reply: Reply): StepOutcome => ({ reply, principalId: null, action: null, fault: null });
  if (failedDependency) {
    return answered(graphError(itemCall, 424, 'FailedDependency', 'A request this request depends on failed.'));
  }
  if (step.body !== undefined && step.headers['content-type'] === undefined) {
    return answered(graphError(itemCall, 400, 'BadRequest', 'Content-Type header is required for a batch request with a body.'));
  }
  const fault = context.faults.take('graph', step.method, safeDecode(url.pathname));
  const statusFault = fault !== null && (fault.kind === 'throttle' || fault.kind === 'unavailable' || fault.kind === 'gateway-timeout');
  if (statusFault && fault.afterApply !== true) {
    return { ...answered(context.faultReply(fault, itemCall)), fault: fault.kind };
  }
  const routed = context.route(innerRequest(request, step, url), step.id);
  return {
    reply: statusFault ? context.faultReply(fault, itemCall) : routed.reply,
    principalId: routed.principalId ?? null,
    action: routed.action ?? null,
    fault: statusFault ? fault.kind : null,
  };
}

/** A step as a request of its own, carrying the batch's authorization and client request id. */
function innerRequest(request: InboundRequest, step: Step, url: URL): InboundRequest {
  return {
    method: step.method,
    url,
    path: safeDecode(url.pathname),
    headers: {
      ...step.headers,
      authorization: request.headers.authorization,
      'client-request-id': request.headers['client-request-id'],
    },
    body: step.body === undefined ? Buffer.alloc(0) : Buffer.from(typeof step.body === 'string' ? step.body : JSON.stringify(step.body)),
    cookies: {},
  };
}

function itemResponse(id: string, reply: Reply): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers)) {
    const spelled = ITEM_HEADERS.get(name);
    if (spelled !== undefined) {
      headers[spelled] = value;
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
  return { id, status: reply.status, headers, ...(body === undefined ? {} : { body }) };
}
