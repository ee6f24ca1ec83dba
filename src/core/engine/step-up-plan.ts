/**
 * How the step-up coordinator plans a batch, as pure functions: when a batch may start, and in which order its
 * contexts are asked for. A batch starts once every role the run expects has either asked for its step-up or
 * finished submitting, so the run's contexts are planned together instead of one challenge at a time; the batch's
 * distinct step-ups are then ordered by the first role (in the request's order) that needs each, and step-ups no
 * expected role asked for come last, in the order they arrived.
 */

/** One distinct step-up waiting to be planned: the roles that asked for it and when it arrived. */
export type PlanEntry = {
  readonly roleIds: Iterable<string>;
  /** Arrival order within the run. */
  readonly seq: number;
};

/** Position of the first of `roleIds` in the request's order; after every role when none is expected. */
export function rankOf(roleIds: Iterable<string>, expected: readonly string[]): number {
  let rank = Number.POSITIVE_INFINITY;
  for (const roleId of roleIds) {
    const index = expected.indexOf(roleId);
    if (index !== -1) {
      rank = Math.min(rank, index);
    }
  }
  return rank;
}

/** The batch in the order its prompts are asked for: by the first role that needs each, then by arrival. */
export function planOrder<T extends PlanEntry>(queued: readonly T[], expected: readonly string[]): T[] {
  const ranked = queued.map((entry) => ({ entry, rank: rankOf(entry.roleIds, expected) }));
  ranked.sort((a, b) => a.rank - b.rank || a.entry.seq - b.entry.seq);
  return ranked.map(({ entry }) => entry);
}

/**
 * Whether a batch may start: every expected role has finished submitting or is waiting on a step-up (how many of
 * its step-up requests are unanswered, by role).
 */
export function batchMayStart(expected: readonly string[], finished: ReadonlySet<string>, waiting: ReadonlyMap<string, number>): boolean {
  return expected.every((roleId) => finished.has(roleId) || (waiting.get(roleId) ?? 0) > 0);
}
