/**
 * The retry stage of the request pipeline: a read that gets 429, 503 or 504, or no answer at all, is sent again, at
 * most `retry.maxRetries` times, after the service's `Retry-After` (bounded) or a jittered backoff. A write is never
 * sent again here: a 5xx or a reset may hide a request the service applied, and the engine reconciles before any
 * resend (docs/protocol.md).
 */
import { parseRetryAfter } from '../graph/graph-failure';
import type { Logger } from '../logging/logger';
import { RETRYABLE_STATUS } from './read-retry';
import type { ReadRetry } from './read-retry';
import type { Stage } from './request-pipeline';

export type RetryStageOptions = {
  readonly retry: ReadRetry;
  /** For `Retry-After` given as a date. */
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: Logger;
  readonly service: string;
};

export function retryReads(options: RetryStageOptions): Stage {
  const { retry, log, service } = options;
  return (next) => async (exchange) => {
    const { read } = exchange;
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await next(exchange);
      } catch (cause) {
        // No answer at all: a read can safely be sent again (bounded); a write must surface for reconciliation.
        if (!read || attempt >= retry.maxRetries) {
          throw cause;
        }
        log.info(`${service} read got no answer; retrying`, { attempt: attempt + 1, error: cause });
        await options.sleep(retry.delay(attempt, undefined));
        continue;
      }
      if (!read || !RETRYABLE_STATUS.has(response.status) || attempt >= retry.maxRetries) {
        return response;
      }
      const wait = retry.delay(attempt, parseRetryAfter(response.headers.get('retry-after'), options.now()));
      log.info(`${service} asked us to slow down; retrying the read`, {
        status: response.status,
        waitMs: Math.round(wait),
        attempt: attempt + 1,
      });
      await response.arrayBuffer().catch(() => undefined);
      await options.sleep(wait);
    }
  };
}
