/**
 * Requests and sequential round trips of a run, from the simulated tenant's journal: what the benchmark prints and
 * the catalog's integration test asserts. A `$batch` (Graph) or ARM batch counts once; its items are not requests.
 */
import type { JournalEntry, SimulatedTenant } from '../../src/simulated-tenant';

function sent(tenant: SimulatedTenant, fromSeq: number, toSeq = Number.MAX_SAFE_INTEGER): JournalEntry[] {
  return tenant.control.journal().filter((j) => j.seq > fromSeq && j.seq <= toSeq && j.surface !== 'control' && j.batchItemId === null);
}

/** HTTP requests the tenant received after `fromSeq` (up to `toSeq`). */
export function requestsSince(tenant: SimulatedTenant, fromSeq: number, toSeq?: number): number {
  return sent(tenant, fromSeq, toSeq).length;
}

/**
 * Sequential round trips: the longest chain of requests each sent after the previous one was answered, from the
 * tenant's journal (arrival time and duration). Exact when requests go out in waves (test/support/wave-fetch.ts); with
 * a plain fetch on a busy machine a late arrival can look like a dependency, so it may count high, never low.
 */
export function tripsSince(tenant: SimulatedTenant, fromSeq: number, toSeq?: number): number {
  const entries = sent(tenant, fromSeq, toSeq)
    .map((j) => ({ start: Date.parse(j.at), end: Date.parse(j.at) + j.durationMs }))
    .sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  entries.forEach((entry, index) => {
    let deepest = 0;
    for (let before = 0; before < index; before += 1) {
      const earlier = entries[before];
      if (earlier !== undefined && earlier.end <= entry.start) {
        deepest = Math.max(deepest, depth[before] ?? 0);
      }
    }
    depth[index] = deepest + 1;
  });
  return Math.max(0, ...depth);
}

/** Requests per surface and path (resource groups and subscriptions folded), most first: where a run's requests go. */
export function requestsByPath(tenant: SimulatedTenant, fromSeq: number): [string, number][] {
  const counts = new Map<string, number>();
  for (const j of sent(tenant, fromSeq)) {
    const path = j.path.replace(/\/resourceGroups\/[^/]+/i, '/resourceGroups/*').replace(/\/subscriptions\/[^/]+/i, '/subscriptions/*');
    const key = `${j.surface} ${j.method} ${path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}
