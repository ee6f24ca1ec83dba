/**
 * The one request pipeline for Microsoft's REST APIs. Microsoft Graph (as the final middleware of the Graph client)
 * and Azure Resource Manager (a plain client) send every exchange through the same stages, outermost first:
 *
 * 1. retry (retry-stage.ts): reads only, on 429/503/504 or no answer, `Retry-After` honoured and bounded; a write is
 *    sent exactly once, because a 5xx or a reset may hide an applied request and the engine reconciles first;
 * 2. request count: every attempt, retries included;
 * 3. call record (call-record.ts): one record per attempt for the diagnostics timeline (path only);
 * 4. server clock: the `Date` header of every answer, for the skew warning;
 * 5. the FetchLike.
 *
 * Failures become data in one place too (service-failure.ts): `exchangeAsData` turns an error answer or a missing
 * answer into the `GraphFailure` every PIM rule reads.
 */
import type { Logger } from '../logging/logger';
import { recordCalls } from './call-record';
import type { CallRecord, RequestIdHeader } from './call-record';
import type { FetchLike } from './fetch-like';
import { createServerClock, readRetry, sleep as realSleep } from './read-retry';
import type { ReadRetryOptions, ServerClock } from './read-retry';
import { retryReads } from './retry-stage';

/** One HTTP exchange as the stages see it. */
export type Exchange = {
  readonly method: string;
  readonly url: string;
  readonly init: RequestInit;
  /** True when the exchange only reads (GETs, and POSTs that batch reads): only reads are retried. */
  readonly read: boolean;
};
export type Send = (exchange: Exchange) => Promise<Response>;
/** A stage wraps the rest of the pipeline. */
export type Stage = (next: Send) => Send;

/** `stages` in order, outermost first, around `send`. */
export function composeStages(stages: readonly Stage[], send: Send): Send {
  return stages.reduceRight<Send>((next, stage) => stage(next), send);
}

/** Notes the `Date` header of every answer on the server clock. */
export function noteServerClock(clock: ServerClock): Stage {
  return (next) => async (exchange) => {
    const response = await next(exchange);
    clock.note(response.headers.get('date'));
    return response;
  };
}

/** Counts every attempt that reaches the network (retries included). */
export function countRequests(counter: { count: number }): Stage {
  return (next) => (exchange) => {
    counter.count += 1;
    return next(exchange);
  };
}

export type PipelineOptions = ReadRetryOptions & {
  /** The API's name in log lines ("Microsoft Graph", "Azure Resource Manager"). */
  readonly service: string;
  readonly fetch: FetchLike;
  readonly logger: Logger;
  /** The header the service names its request id in. */
  readonly requestIdHeader: RequestIdHeader;
  readonly onCall?: (call: CallRecord) => void;
  readonly now?: () => Date;
  /** Waits between retries (default: a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Milliseconds for call durations (default: `Date.now`). */
  readonly elapsedMs?: () => number;
};

export type RequestPipeline = {
  readonly send: Send;
  /** Local clock minus the service's clock in seconds (0 until an answer was seen), and the service's time. */
  clock(): { readonly skewSeconds: number; readonly serverTime: Date };
  /** HTTP requests sent (including retries). */
  requestCount(): number;
};

export function createRequestPipeline(options: PipelineOptions): RequestPipeline {
  const now = options.now ?? (() => new Date());
  const serverClock = createServerClock(now);
  const counter = { count: 0 };
  const log = options.logger;
  const send = composeStages(
    [
      retryReads({ retry: readRetry(options), now, sleep: options.sleep ?? realSleep, log, service: options.service }),
      countRequests(counter),
      recordCalls({
        onCall: options.onCall,
        requestIdHeader: options.requestIdHeader,
        elapsedMs: options.elapsedMs ?? Date.now,
        log,
        service: options.service,
      }),
      noteServerClock(serverClock),
    ],
    (exchange) => options.fetch(exchange.url, exchange.init),
  );
  return { send, clock: () => serverClock.read(), requestCount: () => counter.count };
}
