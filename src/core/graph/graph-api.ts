/**
 * The real Microsoft Graph client, configured for PIM:
 * - `Client.initWithMiddleware` with our own chain: authentication (the SDK's handler, so
 *   `customHosts` decides whether a host may receive the token), a retry step that retries
 *   reads only, and a final step that sends through the injected FetchLike;
 * - `customHosts` = the bare host name of a custom Graph endpoint (the SDK strips ports and
 *   otherwise drops the Authorization header for unknown hosts);
 * - reads honour `Retry-After` and otherwise back off with jitter, bounded; the activation POST
 *   is never retried here (a 504 or a reset may hide a committed request; the caller
 *   reconciles before any resend);
 * - the `Date` header of each response keeps track of the server clock.
 */
import { AuthenticationHandler, AuthenticationHandlerOptions, Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { isMicrosoftGraphHost } from '../config/clouds';
import type { Logger } from '../logging/logger';
import type { FetchLike } from '../net/fetch-like';
import type { GraphFailure } from './graph-failure';
import { graphFailureFrom, parseRetryAfter } from './graph-failure';
import { z } from 'zod';
import { createServerClock, readRetry, RETRYABLE_STATUS, sleep } from '../net/read-retry';
import type { ReadRetryOptions } from '../net/read-retry';

export const BATCH_LIMIT = 20;

export class GraphCallError extends Error {
  readonly failure: GraphFailure;
  constructor(failure: GraphFailure) {
    super(`${failure.code} (${String(failure.status)})`);
    this.name = 'GraphCallError';
    this.failure = failure;
  }
}

export type BatchItemResult = {
  readonly id: string;
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
};

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

/** One HTTP exchange with Graph, as the diagnostics timeline records it: no headers, no query, no body. */
export type GraphCallRecord = {
  readonly method: string;
  /** The URL path without the query string (filters can name users), e.g. `/v1.0/roleManagement/directory/roleAssignmentScheduleRequests`. */
  readonly path: string;
  /** HTTP status; -1 when no answer came (reset, timeout). */
  readonly status: number;
  readonly requestId?: string;
  /** The service's `error.code` for an error answer. */
  readonly serviceCode?: string;
  readonly durationMs: number;
};

export type GraphApiOptions = ReadRetryOptions & {
  /** `https://host[:port]`, without a version. */
  readonly graphEndpoint: string;
  readonly fetch: FetchLike;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Told about every HTTP exchange (retries included), for the diagnostics timeline. */
  readonly onCall?: (call: GraphCallRecord) => void;
};

function requestUrl(request: Context['request']): string {
  // The SDK always passes the URL as a string to the middleware chain.
  return typeof request === 'string' ? request : (request as unknown as { url: string }).url;
}

/** True for requests that only read: GETs, and `$batch` POSTs (ours hold only GETs). */
function isRead(method: string, url: string): boolean {
  return method === 'GET' || new URL(url).pathname.endsWith('/$batch');
}

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

export function createGraphApi(options: GraphApiOptions): GraphApi {
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ area: 'graph' });
  const { maxRetries, delay: backoff } = readRetry(options);
  const serverClock = createServerClock(now);
  let requests = 0;

  const report = (call: GraphCallRecord): void => {
    try {
      options.onCall?.(call);
    } catch (cause) {
      log.warn('Graph call observer failed', { error: cause });
    }
  };
  const reportResponse = async (method: string, url: string, response: Response, durationMs: number): Promise<void> => {
    if (options.onCall === undefined) {
      return;
    }
    const requestId = response.headers.get('request-id') ?? undefined;
    const serviceCode = response.status >= 400 ? await serviceCodeOf(response) : undefined;
    report({
      method,
      path: pathOf(url),
      status: response.status,
      durationMs,
      ...(requestId === undefined ? {} : { requestId }),
      ...(serviceCode === undefined ? {} : { serviceCode }),
    });
  };

  const send: Middleware = {
    execute: async (context: Context): Promise<void> => {
      const url = requestUrl(context.request);
      const init = (context.options ?? {}) as RequestInit;
      const method = (init.method ?? 'GET').toUpperCase();
      for (let attempt = 0; ; attempt += 1) {
        requests += 1;
        const sentAt = Date.now();
        let response: Response;
        try {
          response = await options.fetch(url, init);
        } catch (cause) {
          report({ method, path: pathOf(url), status: -1, durationMs: Date.now() - sentAt });
          // No answer at all: a read can safely be sent again (bounded); a write must surface for reconciliation.
          if (!isRead(method, url) || attempt >= maxRetries) {
            throw cause;
          }
          log.info('Graph read got no answer; retrying', { attempt: attempt + 1, error: cause });
          await sleep(backoff(attempt, undefined));
          continue;
        }
        await reportResponse(method, url, response, Date.now() - sentAt);
        serverClock.note(response.headers.get('date'));
        if (!RETRYABLE_STATUS.has(response.status) || !isRead(method, url) || attempt >= maxRetries) {
          context.response = response;
          return;
        }
        const wait = backoff(attempt, parseRetryAfter(response.headers.get('retry-after'), now()));
        log.info('Graph asked us to slow down; retrying the read', {
          status: response.status,
          waitMs: Math.round(wait),
          attempt: attempt + 1,
        });
        await response.arrayBuffer().catch(() => undefined);
        await sleep(wait);
      }
    },
  };
  const auth = new AuthenticationHandler({
    getAccessToken: () => Promise.reject(new Error('No token was given for this Graph request.')),
  });
  auth.setNext(send);

  const host = new URL(options.graphEndpoint).hostname;
  const client = Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${new URL(options.graphEndpoint).origin}/`,
    defaultVersion: 'v1.0',
    ...(isMicrosoftGraphHost(options.graphEndpoint) ? {} : { customHosts: new Set([host]) }),
  });

  const withToken = (path: string, token: string) =>
    client.api(path).middlewareOptions([new AuthenticationHandlerOptions({ getAccessToken: () => Promise.resolve(token) })]);

  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      if (cause instanceof GraphCallError) {
        throw cause;
      }
      const failure = graphFailureFrom(cause);
      if (!(cause instanceof GraphError)) {
        log.warn('Graph call failed without a response', { error: cause });
      }
      throw new GraphCallError(failure);
    }
  };

  const get = <T>(path: string, token: string): Promise<T> => call(() => withToken(path, token).get() as Promise<T>);

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

  const batchGet = async (
    list: readonly { readonly id: string; readonly url: string }[],
    token: string,
  ): Promise<Map<string, BatchItemResult>> => {
    const results = new Map<string, BatchItemResult>();
    const chunks: { id: string; url: string }[][] = [];
    for (let i = 0; i < list.length; i += BATCH_LIMIT) {
      chunks.push(list.slice(i, i + BATCH_LIMIT).map((r) => ({ id: r.id, url: r.url })));
    }
    const runChunk = async (chunk: { id: string; url: string }[]): Promise<void> => {
      let pending = chunk;
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        const body = { requests: pending.map((r) => ({ id: r.id, method: 'GET', url: r.url })) };
        const answer: unknown = await call(() => withToken('/$batch', token).post(body) as Promise<unknown>);
        const retry: { id: string; url: string }[] = [];
        let retryAfter: number | undefined;
        for (const item of batchItems(answer, log)) {
          const headers = Object.fromEntries(Object.entries(item.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
          if (RETRYABLE_STATUS.has(item.status) && attempt < maxRetries) {
            const original = pending.find((r) => r.id === item.id);
            if (original !== undefined) {
              retry.push(original);
              retryAfter = Math.max(retryAfter ?? 0, parseRetryAfter(headers['retry-after'], now()) ?? 0);
              continue;
            }
          }
          results.set(item.id, { id: item.id, status: item.status, body: item.body, headers });
        }
        pending = retry;
        if (pending.length > 0) {
          await sleep(backoff(attempt, retryAfter));
        }
      }
    };
    await Promise.all(chunks.map(runChunk));
    return results;
  };

  const post = <T>(path: string, body: unknown, token: string, postOptions: { readonly clientRequestId?: string } = {}): Promise<T> =>
    call(() => {
      const request = withToken(path, token);
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
    clock: () => serverClock.read(),
    requestCount: () => requests,
  };
}

const batchItemSchema = z.object({
  id: z.string(),
  status: z.number().int(),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});
const batchEnvelopeSchema = z.object({ responses: z.array(z.unknown()) });

/**
 * The items of a `$batch` answer that have the documented shape. A malformed item, or a
 * malformed envelope, is left out and logged: the caller treats an unanswered request as
 * unreadable (a policy becomes "unknown"), which is safe, where a cast would carry garbage on.
 */
function batchItems(answer: unknown, logger: Logger): z.infer<typeof batchItemSchema>[] {
  const envelope = batchEnvelopeSchema.safeParse(answer);
  if (!envelope.success) {
    logger.warn('$batch answer has an unexpected shape; its requests count as unanswered');
    return [];
  }
  const items = envelope.data.responses.map((item) => batchItemSchema.safeParse(item));
  const dropped = items.filter((item) => !item.success).length;
  if (dropped > 0) {
    logger.warn('$batch answer items with an unexpected shape were left out', { dropped });
  }
  return items.flatMap((item) => (item.success ? [item.data] : []));
}
