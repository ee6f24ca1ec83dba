/**
 * GETs through Graph's `$batch`: 20 per request, the batches in parallel. Items Graph answers with 429, 503 or 504
 * are sent again in the next batch (reads only, bounded, after the longest `Retry-After` they asked for); the
 * `$batch` POST itself goes through the request pipeline like any read.
 */
import { z } from 'zod';
import type { Logger } from '../logging/logger';
import { RETRYABLE_STATUS, readRetry, sleep as realSleep } from '../net/read-retry';
import type { ReadRetryOptions } from '../net/read-retry';
import { parseRetryAfter } from './graph-failure';

export const BATCH_LIMIT = 20;

export type BatchItemResult = {
  readonly id: string;
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
};

type BatchRequest = { readonly id: string; readonly url: string };

export type BatchGetterPorts = {
  /** Sends one `$batch` body (a read) and resolves with its parsed answer. */
  readonly post: (body: unknown, token: string) => Promise<unknown>;
  readonly retry: ReadRetryOptions;
  readonly now: () => Date;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly log: Logger;
};

export function batchGetter(
  ports: BatchGetterPorts,
): (list: readonly BatchRequest[], token: string) => Promise<Map<string, BatchItemResult>> {
  const { maxRetries, delay: backoff } = readRetry(ports.retry);
  const sleep = ports.sleep ?? realSleep;
  return async (list, token) => {
    const results = new Map<string, BatchItemResult>();
    const chunks: BatchRequest[][] = [];
    for (let i = 0; i < list.length; i += BATCH_LIMIT) {
      chunks.push(list.slice(i, i + BATCH_LIMIT).map((r) => ({ id: r.id, url: r.url })));
    }
    const runChunk = async (chunk: BatchRequest[]): Promise<void> => {
      let pending = chunk;
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        const body = { requests: pending.map((r) => ({ id: r.id, method: 'GET', url: r.url })) };
        const answer = await ports.post(body, token);
        const retry: BatchRequest[] = [];
        let retryAfter: number | undefined;
        for (const item of batchItems(answer, ports.log)) {
          const headers = Object.fromEntries(Object.entries(item.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
          if (RETRYABLE_STATUS.has(item.status) && attempt < maxRetries) {
            const original = pending.find((r) => r.id === item.id);
            if (original !== undefined) {
              retry.push(original);
              retryAfter = Math.max(retryAfter ?? 0, parseRetryAfter(headers['retry-after'], ports.now()) ?? 0);
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
