/**
 * The follower: waits for accepted requests to become active instances, for every role of a run
 * at once. One poll serves them all: per tick, one read of the instances of each collection that
 * has someone waiting (and, for those not active yet, a read of each one's own request by its id, to notice a
 * request PIM ended). The interval starts short and backs off; a role joining the wait starts it
 * short again, so a role submitted late is not left waiting behind a long interval.
 */
import type { RoleTarget } from '../../shared/domain/roles';
import type { ActivationSurface, ScheduleInstance, ScheduleRequest } from '../pim/activation-surface';
import { targetKey } from '../pim/graph-paths';

export type FollowResult =
  | { readonly kind: 'active'; readonly startDateTime: string | null; readonly endDateTime: string | null }
  /** PIM ended the request without activating it (denied, failed, cancelled, revoked). */
  | { readonly kind: 'ended'; readonly status: string }
  /** Not active within the time allowed: reported as scheduled, with the start PIM holds. */
  | { readonly kind: 'timed-out'; readonly startDateTime: string | null };

export type FollowerOptions = {
  readonly surface: ActivationSurface;
  /** A plain token for reading a collection (its API's resource). */
  readonly readToken: (collection: string) => Promise<string>;
  readonly timeoutMs: number;
  readonly pollMinMs?: number;
  readonly pollMaxMs?: number;
};

export type Follower = {
  /** Resolves when the target's instance is active, its request ended, or time is up; rejects when a read fails. */
  follow(target: RoleTarget, requestId: string | null): Promise<FollowResult>;
  /** Reads sent so far (tests and benchmarks). */
  reads(): number;
};

type Waiter = {
  readonly target: RoleTarget;
  readonly key: string;
  readonly collection: string;
  readonly requestId: string | null;
  readonly deadline: number;
  readonly resolve: (result: FollowResult) => void;
  readonly reject: (cause: unknown) => void;
};

const ENDED = new Set(['Denied', 'Failed', 'Canceled', 'Revoked']);
const BACKOFF = 1.6;

/** The follower's state: who waits, and the poll's interval and wake-up. */
type Poll = {
  readonly options: FollowerOptions;
  readonly minMs: number;
  readonly maxMs: number;
  readonly waiters: Set<Waiter>;
  interval: number;
  running: boolean;
  wake: (() => void) | null;
  readCount: number;
};

export function createFollower(options: FollowerOptions): Follower {
  const minMs = options.pollMinMs ?? 150;
  const poll: Poll = {
    options,
    minMs,
    maxMs: options.pollMaxMs ?? 2000,
    waiters: new Set(),
    interval: minMs,
    running: false,
    wake: null,
    readCount: 0,
  };
  return {
    follow(target, requestId) {
      return new Promise<FollowResult>((resolve, reject) => {
        poll.waiters.add({
          target,
          key: targetKey(target),
          collection: options.surface.collectionOf(target),
          requestId,
          deadline: Date.now() + options.timeoutMs,
          resolve,
          reject,
        });
        // A newcomer is checked soon: the first look at a fresh request is the likeliest to succeed.
        poll.interval = poll.minMs;
        if (poll.running) {
          poll.wake?.();
        } else {
          void loop(poll);
        }
      });
    },
    reads: () => poll.readCount,
  };
}

function done(poll: Poll, waiter: Waiter, settle: () => void): void {
  poll.waiters.delete(waiter);
  settle();
}

/** Waiters whose role has an instance now are settled active; the others are returned. */
function settleActive(poll: Poll, waiting: readonly Waiter[], instances: readonly ScheduleInstance[]): Waiter[] {
  const pending: Waiter[] = [];
  for (const waiter of waiting) {
    const instance = instances.find((i) => i.targetKey === waiter.key);
    if (instance === undefined) {
      pending.push(waiter);
    } else {
      done(poll, waiter, () => {
        waiter.resolve({ kind: 'active', startDateTime: instance.startDateTime, endDateTime: instance.endDateTime });
      });
    }
  }
  return pending;
}

/** Each waiting role's own request, by its id: the reads grow with the roles in flight, never with the person's history. */
function readRequests(poll: Poll, pending: readonly Waiter[], token: string): Promise<(ScheduleRequest | null)[]> {
  return Promise.all(
    pending.map((waiter) => {
      if (waiter.requestId === null) {
        return Promise.resolve(null);
      }
      poll.readCount += 1;
      return poll.options.surface.request(waiter.target, waiter.requestId, token);
    }),
  );
}

/** One look at a collection for everyone waiting in it: active, ended, out of time, or still waiting. */
async function checkCollection(poll: Poll, collection: string, token: string): Promise<void> {
  const waiting = [...poll.waiters].filter((w) => w.collection === collection);
  try {
    poll.readCount += 1;
    const pending = settleActive(poll, waiting, await poll.options.surface.instances(collection, token));
    if (pending.length === 0) {
      return;
    }
    // The person's whole request list is read only to reconcile after a fault, never here.
    const requests = await readRequests(poll, pending, token);
    for (const [index, waiter] of pending.entries()) {
      const request = requests[index] ?? null;
      if (request !== null && ENDED.has(request.status)) {
        done(poll, waiter, () => {
          waiter.resolve({ kind: 'ended', status: request.status });
        });
      } else if (Date.now() + poll.interval > waiter.deadline) {
        done(poll, waiter, () => {
          waiter.resolve({ kind: 'timed-out', startDateTime: request?.startDateTime ?? null });
        });
      }
    }
  } catch (cause) {
    for (const waiter of waiting) {
      done(poll, waiter, () => {
        waiter.reject(cause);
      });
    }
  }
}

/** Waits `ms`, or less when a newcomer wakes the poll. */
function pause(poll: Poll, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(finish, ms);
    function finish(): void {
      clearTimeout(timer);
      poll.wake = null;
      resolve();
    }
    poll.wake = finish;
  });
}

/** The shared poll: one round per interval while anyone waits, the interval backing off between rounds. */
async function loop(poll: Poll): Promise<void> {
  poll.running = true;
  try {
    while (poll.waiters.size > 0) {
      const collections = [...new Set([...poll.waiters].map((w) => w.collection))];
      let tokens: string[];
      try {
        tokens = await Promise.all(collections.map((c) => poll.options.readToken(c)));
      } catch (cause) {
        for (const waiter of [...poll.waiters]) {
          done(poll, waiter, () => {
            waiter.reject(cause);
          });
        }
        break;
      }
      await Promise.all(collections.map((c, index) => checkCollection(poll, c, tokens[index] ?? '')));
      if (poll.waiters.size === 0) {
        break;
      }
      await pause(poll, poll.interval);
      poll.interval = Math.min(poll.maxMs, Math.round(poll.interval * BACKOFF));
    }
  } finally {
    poll.running = false;
  }
}
