/**
 * GETs through Azure Resource Manager's batch endpoint (`POST /batch`, docs/arm-batch.md): up to 20 reads in one
 * request, each answered on its own. What this relies on is observed, not documented by Microsoft, so:
 * - a batch the endpoint refuses (404/400/405: not offered here; or still failing after the read retries) is
 *   reported as `refused`, and the caller reads those URLs one by one instead;
 * - an item throttled or unavailable (429/503/504) is sent again in a later batch after its own `Retry-After`
 *   (bounded); any other item failure is that item's answer, never the batch's.
 */
import { z } from 'zod';
import { GraphCallError } from '../graph/graph-api';
import { parseRetryAfter } from '../graph/graph-failure';
import { readRetry, RETRYABLE_STATUS, sleep, type ReadRetry } from '../net/read-retry';
import type { ArmApi } from './arm-api';

export const ARM_BATCH_PATH = '/batch?api-version=2020-06-01';
/** Items per batch: above 20 the endpoint answers later (202), which this client does not rely on. */
export const ARM_BATCH_SIZE = 20;

export type ArmBatchItem = {
  readonly name: string;
  readonly status: number;
  /** Header names lowercased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly content: unknown;
};

/** One batch's answers by name, or why the endpoint refused the whole batch. */
export type ArmBatchAnswer =
  | { readonly kind: 'answered'; readonly items: ReadonlyMap<string, ArmBatchItem> }
  | { readonly kind: 'refused'; readonly status: number; readonly code: string };

const responseSchema = z.object({
  responses: z.array(
    z.object({
      name: z.string(),
      httpStatusCode: z.number().int(),
      headers: z.record(z.string(), z.unknown()).nullish(),
      content: z.unknown(),
    }),
  ),
});

function lowercased(headers: Record<string, unknown> | null | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).flatMap(([name, value]) => (typeof value === 'string' ? [[name.toLowerCase(), value]] : [])),
  );
}

/** One POST of at most {@link ARM_BATCH_SIZE} GETs. */
async function postBatch(arm: ArmApi, token: string, requests: readonly { name: string; url: string }[]): Promise<ArmBatchAnswer> {
  let body: unknown;
  try {
    body = await arm.postRead(ARM_BATCH_PATH, { requests: requests.map((r) => ({ httpMethod: 'GET', name: r.name, url: r.url })) }, token);
  } catch (cause) {
    if (cause instanceof GraphCallError) {
      return { kind: 'refused', status: cause.failure.status, code: cause.failure.code };
    }
    throw cause;
  }
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) {
    // A 202 (accepted for later) has no body, and neither has an answer we cannot read: both are a refusal here.
    return { kind: 'refused', status: 200, code: 'UnexpectedBatchAnswer' };
  }
  const items = new Map<string, ArmBatchItem>();
  for (const item of parsed.data.responses) {
    items.set(item.name, { name: item.name, status: item.httpStatusCode, headers: lowercased(item.headers), content: item.content });
  }
  return { kind: 'answered', items };
}

/**
 * Sends `requests` (unique names) in one batch, then the throttled ones again (bounded, after the longest
 * `Retry-After` they asked for). A refusal of the first batch is returned as is; a refusal of a retry leaves the
 * throttled items with their last answer.
 */
export async function armBatchGet(
  arm: ArmApi,
  token: string,
  requests: readonly { readonly name: string; readonly url: string }[],
  retry: ReadRetry = readRetry({}),
): Promise<ArmBatchAnswer> {
  const results = new Map<string, ArmBatchItem>();
  let pending = requests;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    const answer = await postBatch(arm, token, pending);
    if (answer.kind === 'refused') {
      return attempt === 0 ? answer : { kind: 'answered', items: results };
    }
    const again: { name: string; url: string }[] = [];
    let retryAfter: number | undefined;
    for (const request of pending) {
      const item = answer.items.get(request.name);
      if (item !== undefined && RETRYABLE_STATUS.has(item.status) && attempt < retry.maxRetries) {
        again.push(request);
        retryAfter = Math.max(retryAfter ?? 0, parseRetryAfter(item.headers['retry-after']) ?? 0);
      }
      if (item !== undefined) {
        results.set(request.name, item);
      }
    }
    pending = again;
    if (pending.length > 0) {
      await sleep(retry.delay(attempt, retryAfter));
    }
  }
  return { kind: 'answered', items: results };
}
