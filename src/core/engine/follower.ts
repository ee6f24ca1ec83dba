/**
 * The follower: waits for accepted requests to become active instances, for every role of a run
 * at once. One poll serves them all: per tick, one read of the instances of each collection that
 * has someone waiting (and, for those not active yet, a read of each one's own request by its id, to notice a
 * request PIM ended). The interval starts short and backs off; a role joining the wait starts it
 * short again, so a role submitted late is not left waiting behind a long interval.
 */
import type { RoleTarget } from '../../shared/domain/roles';
import type { ActivationSurface, ScheduleRequest } from '../pim/activation-surface';
import { targetKey } from '../pim/graph-paths';

export type FollowResult =
  | { readonly kind: 'active'; readonly startDateTime: string | null; readonly endDateTime: string | null }
  /** PIM ended the request without activating it (denied, failed, cancelled, revoked). */
  | { readonly kind: 'ended'; readonly status: string }
  /** Not active within the time allowed: reported as scheduled, with the start PIM holds. */
  | { readonly kind: 'timed-out'; readonly startDateTime: string | null };

export type FollowerOptions = {
  readonly surface: ActivationSurface;
  /** A token for the reads (the plain one). */
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

export function createFollower(options: FollowerOptions): Follower {
  const minMs = options.pollMinMs ?? 150;
  const maxMs = options.pollMaxMs ?? 2000;
  const waiters = new Set<Waiter>();
  let interval = minMs;
  let running = false;
  let wake: (() => void) | null = null;
  let readCount = 0;

  const done = (waiter: Waiter, settle: () => void): void => {
    waiters.delete(waiter);
    settle();
  };

  const checkCollection = async (collection: string, token: string): Promise<void> => {
    const waiting = [...waiters].filter((w) => w.collection === collection);
    try {
      readCount += 1;
      const instances = await options.surface.instances(collection, token);
      const pending: Waiter[] = [];
      for (const waiter of waiting) {
        const instance = instances.find((i) => i.targetKey === waiter.key);
        if (instance === undefined) {
          pending.push(waiter);
        } else {
          done(waiter, () => {
            waiter.resolve({ kind: 'active', startDateTime: instance.startDateTime, endDateTime: instance.endDateTime });
          });
        }
      }
      if (pending.length === 0) {
        return;
      }
      // Each waiting role's own request, by its id: the reads grow with the roles in flight, never with the
      // person's history (their whole request list is read only to reconcile after a fault).
      const requests = await Promise.all(
        pending.map((waiter) => {
          if (waiter.requestId === null) {
            return Promise.resolve(null);
          }
          readCount += 1;
          return options.surface.request(waiter.target, waiter.requestId, token);
        }),
      );
      for (const [index, waiter] of pending.entries()) {
        const request: ScheduleRequest | null = requests[index] ?? null;
        if (request !== null && ENDED.has(request.status)) {
          done(waiter, () => {
            waiter.resolve({ kind: 'ended', status: request.status });
          });
        } else if (Date.now() + interval > waiter.deadline) {
          done(waiter, () => {
            waiter.resolve({ kind: 'timed-out', startDateTime: request?.startDateTime ?? null });
          });
        }
      }
    } catch (cause) {
      for (const waiter of waiting) {
        done(waiter, () => {
          waiter.reject(cause);
        });
      }
    }
  };

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      function finish(): void {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = finish;
    });

  const loop = async (): Promise<void> => {
    running = true;
    try {
      while (waiters.size > 0) {
        const collections = [...new Set([...waiters].map((w) => w.collection))];
        let tokens: string[];
        try {
          tokens = await Promise.all(collections.map((c) => options.readToken(c)));
        } catch (cause) {
          for (const waiter of [...waiters]) {
            done(waiter, () => {
              waiter.reject(cause);
            });
          }
          break;
        }
        await Promise.all(collections.map((c, index) => checkCollection(c, tokens[index] ?? '')));
        if (waiters.size === 0) {
          break;
        }
        await pause(interval);
        interval = Math.min(maxMs, Math.round(interval * BACKOFF));
      }
    } finally {
      running = false;
    }
  };

  return {
    follow(target, requestId) {
      return new Promise<FollowResult>((resolve, reject) => {
        waiters.add({
          target,
          key: targetKey(target),
          collection: options.surface.collectionOf(target),
          requestId,
          deadline: Date.now() + options.timeoutMs,
          resolve,
          reject,
        });
        // A newcomer is checked soon: the first look at a fresh request is the likeliest to succeed.
        interval = minMs;
        if (running) {
          wake?.();
        } else {
          void loop();
        }
      });
    },
    reads: () => readCount,
  };
}
