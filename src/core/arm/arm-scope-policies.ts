/**
 * Reads the role settings of many Azure scopes (`roleManagementPolicyAssignments` listed per scope, each with its
 * `effectiveRules`) in few round trips: 20 scopes per ARM batch (docs/arm-batch.md), every batch at once, a scope's
 * further pages (`nextLink`) in the next batch. When the batch endpoint is refused, the scopes of that batch are read
 * one request each (16 in flight), as before the batch existed.
 *
 * A scope whose settings cannot be read (403, or still throttled after the retries) maps to null: its roles'
 * requirements are unknown, never "none"; the other scopes are unaffected.
 */
import type { z } from 'zod';
import { GraphCallError } from '../graph/graph-api';
import type { Logger } from '../logging/logger';
import type { ReadRetry } from '../net/read-retry';
import type { ArmApi } from './arm-api';
import { ARM_BATCH_SIZE, armBatchGet } from './arm-batch';
import { armScopePoliciesPath } from './arm-paths';
import { armPolicyAssignmentSchema } from './arm-schemas';

export type ArmPolicyAssignment = z.output<typeof armPolicyAssignmentSchema>;
/** Settings by scope; null where they could not be read. */
export type ScopePolicies = ReadonlyMap<string, readonly ArmPolicyAssignment[] | null>;

const BATCHES_IN_FLIGHT = 16;
const MAX_PAGES = 50;

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

type Reading = { readonly scope: string; url: string; readonly assignments: ArmPolicyAssignment[]; pages: number };

/** Items of one page that fit the schema; the page's `nextLink`, if any. */
function pageOf(content: unknown): { items: ArmPolicyAssignment[]; nextLink: string | null } {
  const body = (typeof content === 'object' && content !== null ? content : {}) as { value?: unknown; nextLink?: unknown };
  const values = Array.isArray(body.value) ? (body.value as unknown[]) : [];
  const items = values.flatMap((value) => {
    const parsed = armPolicyAssignmentSchema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
  return { items, nextLink: typeof body.nextLink === 'string' && body.nextLink !== '' ? body.nextLink : null };
}

export type ScopePolicyReader = {
  readonly arm: ArmApi;
  readonly token: string;
  readonly log: Logger;
  readonly retry?: ReadRetry;
  /** Told each batch's scopes as soon as they are read, for streaming requirements. */
  readonly onRead?: (read: ScopePolicies) => void;
};

/** One scope read on its own (the fallback when the batch endpoint is refused). */
async function readOne(reader: ScopePolicyReader, reading: Reading): Promise<readonly ArmPolicyAssignment[] | null> {
  try {
    return [...reading.assignments, ...(await reader.arm.getAll(reading.url, reader.token, armPolicyAssignmentSchema))];
  } catch (cause) {
    if (!(cause instanceof GraphCallError)) {
      throw cause;
    }
    if (cause.failure.status !== 403) {
      reader.log.warn('Azure role policy read failed', { status: cause.failure.status, code: cause.failure.code });
    }
    return null;
  }
}

/** At most {@link ARM_BATCH_SIZE} scopes: batched until every page is read, or one by one once the batch is refused. */
async function readChunk(
  reader: ScopePolicyReader,
  scopes: readonly string[],
): Promise<Map<string, readonly ArmPolicyAssignment[] | null>> {
  const done = new Map<string, readonly ArmPolicyAssignment[] | null>();
  let pending: Reading[] = scopes.map((scope) => ({ scope, url: armScopePoliciesPath(scope), assignments: [], pages: 0 }));
  while (pending.length > 0) {
    const answer = await armBatchGet(
      reader.arm,
      reader.token,
      pending.map((reading, index) => ({ name: String(index), url: reading.url })),
      reader.retry,
    );
    if (answer.kind === 'refused') {
      reader.log.info('Azure Resource Manager refused a batch; reading role settings one scope at a time', {
        status: answer.status,
        code: answer.code,
      });
      const read = await pooled(pending, BATCHES_IN_FLIGHT, (reading) => readOne(reader, reading));
      pending.forEach((reading, index) => done.set(reading.scope, read[index] ?? null));
      return done;
    }
    const next: Reading[] = [];
    pending.forEach((reading, index) => {
      const item = answer.items.get(String(index));
      if (item?.status !== 200) {
        if (item?.status !== 403) {
          reader.log.warn('Azure role policy read failed', { status: item?.status ?? 'no answer' });
        }
        done.set(reading.scope, null);
        return;
      }
      const page = pageOf(item.content);
      reading.assignments.push(...page.items);
      reading.pages += 1;
      if (page.nextLink !== null && reading.pages < MAX_PAGES) {
        reading.url = page.nextLink;
        next.push(reading);
      } else {
        done.set(reading.scope, reading.assignments);
      }
    });
    pending = next;
  }
  return done;
}

/** Every scope's settings; batches run at once (bounded) and report as each is read. */
export async function readScopePolicies(reader: ScopePolicyReader, scopes: readonly string[]): Promise<ScopePolicies> {
  const chunks: string[][] = [];
  for (let index = 0; index < scopes.length; index += ARM_BATCH_SIZE) {
    chunks.push(scopes.slice(index, index + ARM_BATCH_SIZE));
  }
  const read = await pooled(chunks, BATCHES_IN_FLIGHT, async (chunk) => {
    const settled = await readChunk(reader, chunk);
    reader.onRead?.(settled);
    return settled;
  });
  return new Map(read.flatMap((settled) => [...settled]));
}
