/**
 * The follower: every role of a run shares one poll. The surface is a stand-in that counts its
 * reads and turns instances active when the test says so. The follower's timers and clock are fake: the test says
 * how much of its time passes, so the counts below do not depend on how busy the machine is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoleTarget } from '../../../../src/shared/domain/roles';
import type { ActivationSurface, ScheduleInstance, ScheduleRequest } from '../../../../src/core/pim/activation-surface';
import { targetKey } from '../../../../src/core/pim/graph-paths';
import { createFollower } from '../../../../src/core/engine/follower';

const role = (n: number): RoleTarget => ({ kind: 'directoryRole', roleDefinitionId: `role-${String(n)}`, directoryScopeId: '/' });

function fakeSurface() {
  const active = new Map<string, ScheduleInstance>();
  const requests: ScheduleRequest[] = [];
  const reads = { instances: 0, requests: 0, lists: 0 };
  const surface: ActivationSurface = {
    collectionOf: (target) => target.kind,
    submit: () => Promise.reject(new Error('the follower never submits')),
    instances: () => {
      reads.instances += 1;
      return Promise.resolve([...active.values()]);
    },
    requests: () => {
      reads.lists += 1;
      return Promise.resolve(requests);
    },
    request: (_target, requestId) => {
      reads.requests += 1;
      return Promise.resolve(requests.find((r) => r.id === requestId) ?? null);
    },
  };
  const activate = (target: RoleTarget): void => {
    active.set(targetKey(target), {
      targetKey: targetKey(target),
      startDateTime: '2026-12-03T00:00:00Z',
      endDateTime: '2026-12-03T01:00:00Z',
    });
  };
  return { surface, reads, requests, activate };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('follower', () => {
  it('follows three roles with one shared read per tick, backing off, until each is active', async () => {
    const fake = fakeSurface();
    const follower = createFollower({
      surface: fake.surface,
      readToken: () => Promise.resolve('t'),
      timeoutMs: 10_000,
      pollMinMs: 10,
      pollMaxMs: 40,
    });
    const follows = [1, 2, 3].map((n) => follower.follow(role(n), `req-${String(n)}`));
    await vi.advanceTimersByTimeAsync(120);
    // Three roles waited the whole time, yet each tick read the collection once (not three times).
    const ticks = fake.reads.instances;
    expect(ticks).toBeGreaterThanOrEqual(2);
    // Backing off from 10 ms towards 40 ms: far fewer than one read per 10 ms.
    expect(ticks).toBeLessThan(12);
    // Each waiting role's own request by its id (three per tick), never the person's whole list.
    expect(fake.reads.requests).toBe(3 * ticks);
    expect(fake.reads.lists).toBe(0);
    for (const n of [1, 2, 3]) {
      fake.activate(role(n));
    }
    await vi.advanceTimersByTimeAsync(40);
    const results = await Promise.all(follows);
    expect(results.map((r) => r.kind)).toEqual(['active', 'active', 'active']);
    expect(fake.reads.instances - ticks).toBeLessThanOrEqual(2);
  });

  it('reports a request PIM ended, and a timed-out one as scheduled with its start', async () => {
    const fake = fakeSurface();
    fake.requests.push({
      id: 'denied',
      status: 'Denied',
      action: 'selfActivate',
      createdDateTime: null,
      targetKey: targetKey(role(1)),
      startDateTime: null,
    });
    fake.requests.push({
      id: 'slow',
      status: 'Granted',
      action: 'selfActivate',
      createdDateTime: null,
      targetKey: targetKey(role(2)),
      startDateTime: '2026-12-03T00:00:00Z',
    });
    const follower = createFollower({
      surface: fake.surface,
      readToken: () => Promise.resolve('t'),
      timeoutMs: 60,
      pollMinMs: 10,
      pollMaxMs: 20,
    });
    const both = Promise.all([follower.follow(role(1), 'denied'), follower.follow(role(2), 'slow')]);
    await vi.runAllTimersAsync();
    const [denied, slow] = await both;
    expect(denied).toEqual({ kind: 'ended', status: 'Denied' });
    expect(slow).toEqual({ kind: 'timed-out', startDateTime: '2026-12-03T00:00:00Z' });
  });

  it('rejects the roles of a collection whose read failed', async () => {
    const fake = fakeSurface();
    const surface: ActivationSurface = { ...fake.surface, instances: () => Promise.reject(new Error('read failed')) };
    const follower = createFollower({ surface, readToken: () => Promise.resolve('t'), timeoutMs: 1000, pollMinMs: 10 });
    await expect(follower.follow(role(1), 'r')).rejects.toThrow('read failed');
  });
});
