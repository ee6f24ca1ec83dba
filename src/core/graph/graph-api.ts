/**
 * The real Microsoft Graph client, configured for PIM:
 * - `Client.initWithMiddleware` with our own chain: authentication (the SDK's handler, so
 *   `customHosts` decides whether a host may receive the token), then a final step that sends
 *   through the request pipeline Azure Resource Manager uses too (src/core/net/request-pipeline.ts:
 *   reads retried on 429/503/504 or no answer with `Retry-After` honoured and bounded, every
 *   attempt counted and recorded, the server clock noted) over the injected FetchLike;
 * - `customHosts` = the bare host name of a custom Graph endpoint (the SDK strips ports and
 *   otherwise drops the Authorization header for unknown hosts);
 * - the activation POST is never retried (a 504 or a reset may hide a committed request; the
 *   caller reconciles before any resend);
 * - an error answer is parsed by the pipeline's one failure parser (service-failure.ts) and handed
 *   to the caller through a per-request middleware option, so Graph and ARM fail alike.
 */
import { AuthenticationHandler, AuthenticationHandlerOptions, Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { isMicrosoftGraphHost } from '../config/clouds';
import type { Logger } from '../logging/logger';
import type { CallRecord } from '../net/call-record';
import type { FetchLike } from '../net/fetch-like';
import type { ReadRetryOptions } from '../net/read-retry';
import { createRequestPipeline } from '../net/request-pipeline';
import type { RequestPipeline } from '../net/request-pipeline';
import { exchangeAsData } from '../net/service-failure';
import type { GraphFailure } from './graph-failure';
import { graphFailureFrom } from './graph-failure';
import { batchGetter } from './graph-batch';
import type { BatchItemResult } from './graph-batch';

export type { BatchItemResult } from './graph-batch';

export class GraphCallError extends Error {
  readonly failure: GraphFailure;
  constructor(failure: GraphFailure) {
    super(`${failure.code} (${String(failure.status)})`);
    this.name = 'GraphCallError';
    this.failure = failure;
  }
}

export type GraphApi = {
  get<T>(path: string, token: string): Promise<T>;
  /** Every page of a collection (`@odata.nextLink`). */
  getAll<T>(path: string, token: string): Promise<T[]>;
  /** GETs through `$batch`, 20 per request, batches in parallel; throttled items are retried. */
  batchGet(requests: readonly { readonly id: string; readonly url: string }[], token: string): Promise<Map<string, BatchItemResult>>;
  /** A write: sent exactly once, never retried. */
  post<T>(path: string, body: unknown, token: string, options?: { readonly clientRequestId?: string }): Promise<T>;
  /** Local clock minus server clock in seconds (0 until a response was seen), and the server's time. */
  clock(): { readonly skewSeconds: number; readonly serverTime: Date };
  /** HTTP requests sent (including retries). */
  requestCount(): number;
};

/** One HTTP exchange with Graph, as the diagnostics timeline records it (the pipeline's call record). */
export type GraphCallRecord = CallRecord;

export type GraphApiOptions = ReadRetryOptions & {
  /** `https://host[:port]`, without a version. */
  readonly graphEndpoint: string;
  readonly fetch: FetchLike;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Told about every HTTP exchange (retries included), for the diagnostics timeline. */
  readonly onCall?: (call: GraphCallRecord) => void;
  /** Waits between read retries (default: a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
};

function requestUrl(request: Context['request']): string {
  // The SDK always passes the URL as a string to the middleware chain.
  return typeof request === 'string' ? request : (request as unknown as { url: string }).url;
}

/** True for requests that only read: GETs, and `$batch` POSTs (ours hold only GETs). */
function isRead(method: string, url: string): boolean {
  return method === 'GET' || new URL(url).pathname.endsWith('/$batch');
}

/** Per request: where the final middleware leaves the failure it parsed, for `call` to throw once the SDK gives up. */
class FailureSlot implements MiddlewareOptions {
  failure: GraphFailure | null = null;
}

/** The last step of the SDK's chain: the request pipeline; an error answer still goes back to the SDK. */
function pipelineMiddleware(pipeline: RequestPipeline, now: () => Date): Middleware {
  return {
    execute: async (context: Context): Promise<void> => {
      const url = requestUrl(context.request);
      const init = (context.options ?? {}) as RequestInit;
      const method = (init.method ?? 'GET').toUpperCase();
      const outcome = await exchangeAsData(pipeline.send, { method, url, init, read: isRead(method, url) }, now);
      if (!outcome.ok) {
        const slot = context.middlewareControl?.getMiddlewareOptions(FailureSlot) as FailureSlot | undefined;
        if (slot !== undefined) {
          slot.failure = outcome.failure;
        }
        if (outcome.response === null) {
          throw outcome.cause;
        }
      }
      context.response = outcome.response;
    },
  };
}

export function createGraphApi(options: GraphApiOptions): GraphApi {
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ area: 'graph' });
  const pipeline = createRequestPipeline({ ...options, service: 'Microsoft Graph', logger: log, requestIdHeader: 'request-id' });
  const auth = new AuthenticationHandler({
    getAccessToken: () => Promise.reject(new Error('No token was given for this Graph request.')),
  });
  auth.setNext(pipelineMiddleware(pipeline, now));

  const host = new URL(options.graphEndpoint).hostname;
  const client = Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${new URL(options.graphEndpoint).origin}/`,
    defaultVersion: 'v1.0',
    ...(isMicrosoftGraphHost(options.graphEndpoint) ? {} : { customHosts: new Set([host]) }),
  });

  const withToken = (path: string, token: string, slot: FailureSlot) =>
    client.api(path).middlewareOptions([new AuthenticationHandlerOptions({ getAccessToken: () => Promise.resolve(token) }), slot]);

  /** Runs one SDK request; whatever it throws becomes a GraphCallError, with the failure the pipeline parsed. */
  const call = async <T>(path: string, token: string, run: (request: ReturnType<typeof withToken>) => Promise<T>): Promise<T> => {
    const slot = new FailureSlot();
    try {
      return await run(withToken(path, token, slot));
    } catch (cause) {
      if (cause instanceof GraphCallError) {
        throw cause;
      }
      if (slot.failure === null && !(cause instanceof GraphError)) {
        log.warn('Graph call failed without a response', { error: cause });
      }
      throw new GraphCallError(slot.failure ?? graphFailureFrom(cause));
    }
  };

  const get = <T>(path: string, token: string): Promise<T> => call(path, token, (request) => request.get() as Promise<T>);

  const getAll = async <T>(path: string, token: string): Promise<T[]> => {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next !== undefined && page < 500; page += 1) {
      const body: { value?: T[]; '@odata.nextLink'?: string } = await get(next, token);
      items.push(...(body.value ?? []));
      next = body['@odata.nextLink'];
    }
    return items;
  };

  const batchGet = batchGetter({
    post: (body, token) => call('/$batch', token, (request) => request.post(body) as Promise<unknown>),
    retry: options,
    now,
    sleep: options.sleep,
    log,
  });

  const post = <T>(path: string, body: unknown, token: string, postOptions: { readonly clientRequestId?: string } = {}): Promise<T> =>
    call(path, token, (request) => {
      if (postOptions.clientRequestId !== undefined) {
        request.header('client-request-id', postOptions.clientRequestId);
      }
      return request.post(body) as Promise<T>;
    });

  return {
    get,
    getAll,
    batchGet,
    post,
    clock: () => pipeline.clock(),
    requestCount: () => pipeline.requestCount(),
  };
}
