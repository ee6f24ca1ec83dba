/**
 * The Azure Resource Manager client for PIM, over the request pipeline Graph uses too (src/core/net/request-pipeline.ts:
 * retry, request count, call record, server clock, failures as data):
 * - every answer is parsed with the caller's zod schema at this edge (an item that does not fit is left out and
 *   logged by position, never by content);
 * - collections follow `nextLink`, which must stay on the configured ARM origin (the token is never sent elsewhere);
 * - reads honour `Retry-After` on 429/503/504 and otherwise back off with jitter, bounded; a read without an answer
 *   is sent again (bounded);
 * - writes (the schedule request PUT, cancel) are sent exactly once: a 5xx or a reset may hide an applied request,
 *   so the caller reconciles before any resend;
 * - failures are thrown as `GraphCallError` with a `GraphFailure`, the shape every PIM rule of the engine reads.
 */
import type { z } from 'zod';
import { GraphCallError } from '../graph/graph-api';
import type { Logger } from '../logging/logger';
import type { CallRecord } from '../net/call-record';
import type { FetchLike } from '../net/fetch-like';
import type { ReadRetryOptions } from '../net/read-retry';
import { createRequestPipeline } from '../net/request-pipeline';
import { exchangeAsData } from '../net/service-failure';

export const ARM_API_VERSION = '2020-10-01';

export type ArmApi = {
  /** One GET; the body parsed with `schema`. */
  get<S extends z.ZodType>(path: string, token: string, schema: S): Promise<z.output<S>>;
  /** Every page of a collection, each item parsed with `item` (items that do not fit are left out). */
  getAll<S extends z.ZodType>(path: string, token: string, item: S): Promise<z.output<S>[]>;
  /** A write, sent exactly once. Returns the parsed body (null for an empty one). */
  send(method: 'PUT' | 'POST', path: string, body: unknown, token: string): Promise<unknown>;
  /** A POST that only reads (ARM's batch of GETs, docs/arm-batch.md): retried like a read. Returns the parsed body. */
  postRead(path: string, body: unknown, token: string): Promise<unknown>;
  /** Local clock minus ARM's clock in seconds (0 until an answer was seen). */
  clock(): { readonly skewSeconds: number; readonly serverTime: Date };
  /** HTTP requests sent (including retries). */
  requestCount(): number;
};

export type ArmApiOptions = ReadRetryOptions & {
  /** `https://host[:port]`. */
  readonly armEndpoint: string;
  readonly fetch: FetchLike;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Told about every HTTP exchange, for the diagnostics timeline (path only: no query, headers or body). */
  readonly onCall?: (call: CallRecord) => void;
  /** Waits between read retries (default: a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
};

const MAX_PAGES = 500;

export function createArmApi(options: ArmApiOptions): ArmApi {
  const origin = new URL(options.armEndpoint).origin;
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ area: 'arm' });
  const pipeline = createRequestPipeline({
    ...options,
    service: 'Azure Resource Manager',
    logger: log,
    requestIdHeader: 'x-ms-request-id',
  });

  /** An absolute URL on the ARM origin with the api-version; anything pointing elsewhere is refused. */
  const urlFor = (pathOrUrl: string): URL => {
    const url = new URL(pathOrUrl, `${origin}/`);
    if (url.origin !== origin) {
      throw new GraphCallError({ status: -1, code: 'ForeignNextLink', message: 'Azure Resource Manager pointed to another host.' });
    }
    if (!url.searchParams.has('api-version')) {
      url.searchParams.set('api-version', ARM_API_VERSION);
    }
    return url;
  };

  /** One exchange through the pipeline; resolves with a successful answer's text or throws the failure. */
  const exchange = async (method: string, url: URL, token: string, body?: unknown, readOnly = false): Promise<string> => {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    const outcome = await exchangeAsData(pipeline.send, { method, url: url.toString(), init, read: method === 'GET' || readOnly }, now);
    if (!outcome.ok) {
      throw new GraphCallError(outcome.failure);
    }
    return outcome.response.text().catch(() => '');
  };

  const parseJson = (text: string): unknown => {
    if (text.trim() === '') {
      return null;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new GraphCallError({ status: 200, code: 'InvalidJson', message: 'Azure Resource Manager sent an answer that is not JSON.' });
    }
  };

  const get = async <S extends z.ZodType>(path: string, token: string, schema: S): Promise<z.output<S>> => {
    const parsed = schema.safeParse(parseJson(await exchange('GET', urlFor(path), token)));
    if (!parsed.success) {
      throw new GraphCallError({
        status: 200,
        code: 'InvalidJson',
        message: 'Azure Resource Manager sent an answer of an unexpected shape.',
      });
    }
    return parsed.data;
  };

  const getAll = async <S extends z.ZodType>(path: string, token: string, item: S): Promise<z.output<S>[]> => {
    const items: z.output<S>[] = [];
    let skipped = 0;
    let next: string | null = path;
    for (let page = 0; next !== null && page < MAX_PAGES; page += 1) {
      const body = parseJson(await exchange('GET', urlFor(next), token)) as { value?: unknown; nextLink?: unknown } | null;
      const values = Array.isArray(body?.value) ? (body.value as unknown[]) : [];
      for (const value of values) {
        const parsed = item.safeParse(value);
        if (parsed.success) {
          items.push(parsed.data);
        } else {
          skipped += 1;
        }
      }
      next = typeof body?.nextLink === 'string' && body.nextLink !== '' ? body.nextLink : null;
    }
    if (skipped > 0) {
      log.warn('left out items Azure Resource Manager returned in an unexpected shape', { skipped, kept: items.length });
    }
    return items;
  };

  const send = async (method: 'PUT' | 'POST', path: string, body: unknown, token: string): Promise<unknown> =>
    parseJson(await exchange(method, urlFor(path), token, body));

  return {
    get,
    getAll,
    send,
    postRead: async (path, body, token) => parseJson(await exchange('POST', urlFor(path), token, body, true)),
    clock: () => pipeline.clock(),
    requestCount: () => pipeline.requestCount(),
  };
}
