/**
 * The simulated Azure Resource Manager batch endpoint, `POST /batch?api-version=2020-06-01`: several ARM calls in one
 * HTTP request, as the Azure portal and public tools use it. Microsoft's REST reference does not describe it; what is
 * modelled here is what docs/arm-batch.md records as observed (and marks unconfirmed):
 * - body `{"requests":[{"httpMethod","name","url"}]}` (`url` absolute on the ARM host or relative; `relativeUrl` too);
 *   answer `{"responses":[{"name","httpStatusCode","headers","content","contentLength"}]}` in request order;
 * - every item is answered on its own: a refused or throttled item (403, 429 with its own `Retry-After`) leaves the
 *   others and the batch (200) untouched; items are authorized with the batch's bearer token;
 * - up to 20 items are answered at once; 21 to 500 are accepted (202 with `Location` and `Retry-After`) and their
 *   answers read from that location; more than 500, or a malformed body, refuse the whole batch (400).
 * Each item is journaled like a `$batch` step (`batchItemId` = its name); faults apply per item as on the wire.
 */
import { randomUUID } from 'node:crypto';
import type { JournalEntry } from '../api-types';
import type { FaultInjector, Journal } from '../control/journal-and-faults';
import { sanitizeQuery } from '../control/journal-and-faults';
import type { InboundRequest, Reply } from '../http/http-kit';
import { safeDecode } from '../http/http-kit';
import { equalsIgnoringAsciiCase } from '../http/path-pattern';
import type { RoutedReply } from '../http/surface-server';
import { armError, armFaultReply, armJson, newArmCall } from './arm-errors';

export const ARM_BATCH_VERSIONS = ['2015-11-01', '2020-06-01', '2022-12-01'];
/** Items answered in the batch's own response; above it the batch is accepted and answered later. */
export const ARM_BATCH_SYNC_LIMIT = 20;
export const ARM_BATCH_LIMIT = 500;
const MAX_ACCEPTED = 100;

type Route = (request: InboundRequest) => Promise<RoutedReply>;

export type ArmBatchContext = {
  readonly origin: () => string;
  readonly journal: Journal;
  readonly faults: FaultInjector;
  readonly now: () => Date;
  /** False: this cloud offers no batch endpoint (404, as for any unknown path). */
  readonly enabled: () => boolean;
};

type Item = { readonly name: string; readonly method: string; readonly url: URL };

/**
 * `/batch` (`pending` undefined) or `/batch/{id}` (an accepted batch's answers), any case, with at most one trailing
 * slash; null for any other path. Segment by segment, as every route table here matches paths.
 */
function batchPath(path: string): { readonly pending: string | undefined } | null {
  const segments = (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
  if (segments.length < 2 || segments.length > 3 || segments[0] !== '' || !equalsIgnoringAsciiCase(segments[1] ?? '', 'batch')) {
    return null;
  }
  const pending = segments[2];
  return pending === '' ? null : { pending };
}

/** The ARM surface's routes with the batch endpoint in front: `/batch` here, everything else (and every item) to `route`. */
export function withArmBatch(route: Route, context: ArmBatchContext): Route {
  const batch = createArmBatch(route, context);
  return (request) => (batchPath(request.path) === null ? route(request) : batch(request));
}

function parseItems(request: InboundRequest, origin: string): Item[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    return 'The request content is not valid JSON.';
  }
  const requests = typeof parsed === 'object' && parsed !== null ? (parsed as { requests?: unknown }).requests : undefined;
  if (!Array.isArray(requests) || requests.length === 0) {
    return "The batch request must have a non-empty 'requests' array.";
  }
  if (requests.length > ARM_BATCH_LIMIT) {
    return `The batch request has ${String(requests.length)} requests; at most ${String(ARM_BATCH_LIMIT)} are allowed.`;
  }
  const items: Item[] = [];
  for (const raw of requests as unknown[]) {
    const step = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const target = typeof step.url === 'string' && step.url !== '' ? step.url : step.relativeUrl;
    if (typeof step.httpMethod !== 'string' || typeof target !== 'string' || target === '') {
      return "Each batch request needs 'httpMethod' and 'url' (or 'relativeUrl').";
    }
    items.push({
      name: typeof step.name === 'string' && step.name !== '' ? step.name : randomUUID(),
      method: step.httpMethod.toUpperCase(),
      url: new URL(target, `${origin}/`),
    });
  }
  return items;
}

/** An item's answer in the batch's shape: its status, the headers a client reads, its JSON body as `content`. */
function itemResponse(name: string, reply: Reply): Record<string, unknown> {
  let content: unknown = null;
  if (reply.body !== '') {
    try {
      content = JSON.parse(reply.body) as unknown;
    } catch {
      content = reply.body;
    }
  }
  const headers: Record<string, string> = {};
  for (const [header, value] of Object.entries(reply.headers)) {
    if (header === 'retry-after') {
      headers['Retry-After'] = value;
    } else if (header.startsWith('x-ms-') || header === 'content-type') {
      headers[header] = value;
    }
  }
  return { name, httpStatusCode: reply.status, headers, content, contentLength: Buffer.byteLength(reply.body) };
}

/** One item: refused if not for this host, a status fault if one matches, else routed with the batch's token; journaled. */
async function answerItem(route: Route, context: ArmBatchContext, outer: InboundRequest, item: Item): Promise<Record<string, unknown>> {
  const started = Date.now();
  const path = safeDecode(item.url.pathname);
  let reply: Reply;
  let principalId: string | null = null;
  const fault = context.faults.take('arm', item.method, path);
  const statusFault = fault !== null && (fault.kind === 'throttle' || fault.kind === 'unavailable' || fault.kind === 'gateway-timeout');
  if (item.url.origin !== context.origin()) {
    reply = armError(newArmCall(outer), 400, 'InvalidBatchRequestUrl', `The batch request url '${item.url.origin}' is not this host.`);
  } else if (statusFault) {
    reply = armFaultReply(fault, { ...outer, method: item.method, url: item.url, path });
  } else {
    const routed = await route({
      method: item.method,
      url: item.url,
      path,
      headers: { authorization: outer.headers.authorization, accept: 'application/json' },
      body: Buffer.alloc(0),
      cookies: {},
    });
    reply = routed.reply;
    principalId = routed.principalId ?? null;
  }
  const entry: Omit<JournalEntry, 'seq'> = {
    at: context.now().toISOString(),
    surface: 'arm',
    method: item.method,
    path: item.url.pathname,
    query: sanitizeQuery(item.url.searchParams),
    status: reply.status,
    requestId: reply.headers['x-ms-request-id'] ?? null,
    clientRequestId: outer.headers['x-ms-client-request-id'] ?? null,
    principalId,
    batchItemId: item.name,
    action: null,
    fault: statusFault ? fault.kind : null,
    durationMs: Date.now() - started,
  };
  context.journal.record(entry);
  return itemResponse(item.name, reply);
}

function createArmBatch(route: Route, context: ArmBatchContext): Route {
  /** Answers of accepted (asynchronous) batches, read once from their location. */
  const accepted = new Map<string, unknown>();

  const readAccepted = (request: InboundRequest, id: string): RoutedReply => {
    const call = newArmCall(request);
    const responses = accepted.get(id);
    if (responses === undefined) {
      return { reply: armError(call, 404, 'BatchNotFound', `The batch '${id}' could not be found.`) };
    }
    accepted.delete(id);
    return { reply: armJson(call, 200, { responses }) };
  };

  return async (request) => {
    const call = newArmCall(request);
    const version = request.url.searchParams.get('api-version') ?? '';
    const pending = batchPath(request.path)?.pending;
    if (!context.enabled()) {
      return { reply: armError(call, 404, 'InvalidResourceType', `The resource type could not be found for path '${request.path}'.`) };
    }
    if (!ARM_BATCH_VERSIONS.includes(version)) {
      const listed = ARM_BATCH_VERSIONS.join(',');
      return {
        reply: armError(
          call,
          400,
          'InvalidApiVersionParameter',
          `The api-version '${version}' is invalid. The supported versions are '${listed}'.`,
        ),
      };
    }
    if (pending !== undefined && request.method === 'GET') {
      return readAccepted(request, pending);
    }
    if (request.method !== 'POST' || pending !== undefined) {
      return { reply: armError(call, 405, 'MethodNotAllowed', `The method '${request.method}' is not allowed for this resource.`) };
    }
    if (request.headers.authorization === undefined) {
      return { reply: armError(call, 401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.") };
    }
    const items = parseItems(request, context.origin());
    if (typeof items === 'string') {
      return { reply: armError(call, 400, 'InvalidBatchRequest', items) };
    }
    // Items run in turn, in request order: what one changes, the next one sees.
    const responses: Record<string, unknown>[] = [];
    for (const item of items) {
      responses.push(await answerItem(route, context, request, item));
    }
    if (items.length <= ARM_BATCH_SYNC_LIMIT) {
      return { reply: armJson(call, 200, { responses }) };
    }
    const id = randomUUID();
    accepted.set(id, responses);
    // Answers nobody reads are dropped, oldest first: the simulated tenant runs for days in demos.
    for (const stale of accepted.keys()) {
      if (accepted.size <= MAX_ACCEPTED) {
        break;
      }
      accepted.delete(stale);
    }
    const location = `${context.origin()}/batch/${id}?api-version=${version}`;
    return { reply: armJson(call, 202, null, { location, 'retry-after': '0' }) };
  };
}
