/**
 * The TLS state lock (src/simulated-tenant/tls/state-lock.ts): a lock left by a crashed process never blocks the next
 * start, a live holder is waited for, and breaking a stale lock never deletes a fresh one. Real files in a temporary
 * folder; the clock, the pause and process liveness are injected (the pause advances the fake clock), so nothing here
 * waits for real time.
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STALE_AFTER_MS, staleReason, WAIT_MS, withStateLock } from '../../../src/simulated-tenant/tls/state-lock';
import type { StateLockDeps } from '../../../src/simulated-tenant/tls/state-lock';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pim-lock-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.parse('2026-12-07T00:00:00Z');

/** A fake clock that the lock's pause advances, and a set of running process ids. */
function fakeDeps(alive: readonly number[], onPause?: (now: number) => void) {
  let now = T0;
  const pauses: number[] = [];
  const deps: StateLockDeps = {
    now: () => now,
    pause: (ms) => {
      pauses.push(ms);
      now += ms;
      onPause?.(now);
    },
    isAlive: (pid) => alive.includes(pid),
    pid: 100,
    host: 'workstation',
  };
  return { deps, pauses, elapsed: () => now - T0 };
}

const lockFile = () => join(dir, '.tls.lock');
const holder = (pid: number, createdAt: number, host = 'workstation') => JSON.stringify({ pid, host, createdAt });

describe('TLS state lock', () => {
  it('waits longer than a lock takes to go stale, so a dead holder never makes a start give up', () => {
    expect(STALE_AFTER_MS).toBeLessThan(WAIT_MS);
  });

  it('breaks at once a lock whose owner process is gone, runs the work and releases the lock', () => {
    writeFileSync(lockFile(), holder(4242, T0));
    const { deps, pauses } = fakeDeps([]);
    expect(withStateLock(dir, () => existsSync(lockFile()), deps)).toBe(true);
    expect(pauses).toEqual([]);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('waits for a live holder, and takes the lock as soon as it is released', () => {
    writeFileSync(lockFile(), holder(4242, T0));
    const { deps, elapsed } = fakeDeps([4242], (now) => {
      if (now - T0 >= 2_000) {
        rmSync(lockFile(), { force: true });
      }
    });
    expect(withStateLock(dir, () => 'done', deps)).toBe('done');
    expect(elapsed()).toBeGreaterThanOrEqual(2_000);
    expect(elapsed()).toBeLessThan(STALE_AFTER_MS);
  });

  it('breaks a lock older than the stale age even when its holder still runs (hung), well before the wait ends', () => {
    writeFileSync(lockFile(), holder(4242, T0));
    const { deps, elapsed } = fakeDeps([4242]);
    expect(withStateLock(dir, () => 'done', deps)).toBe('done');
    expect(elapsed()).toBeGreaterThanOrEqual(STALE_AFTER_MS);
    expect(elapsed()).toBeLessThan(WAIT_MS);
  });

  it('ages a lock from an earlier version (an empty file) by its file time', () => {
    writeFileSync(lockFile(), '');
    const old = (T0 - STALE_AFTER_MS - 1_000) / 1000;
    utimesSync(lockFile(), old, old);
    const { deps, pauses } = fakeDeps([]);
    expect(withStateLock(dir, () => 'done', deps)).toBe('done');
    expect(pauses).toEqual([]);
  });

  it('does not judge a process on another machine by its id (a shared home folder), only by age', () => {
    const deps = fakeDeps([]).deps;
    expect(staleReason(holder(4242, T0, 'other-host'), T0, deps)).toBeNull();
    expect(staleReason(holder(4242, T0), T0, deps)).toMatch(/no longer running/);
    expect(staleReason(holder(4242, T0 - STALE_AFTER_MS, 'other-host'), T0, deps)).toMatch(/10 s old/);
  });

  it('never deletes a lock taken afresh while the old one was judged stale', () => {
    writeFileSync(lockFile(), holder(4242, T0 - STALE_AFTER_MS));
    const fresh = holder(5151, T0);
    const seenAtFirstPause: string[] = [];
    const { deps, elapsed } = fakeDeps([5151], () => {
      if (seenAtFirstPause.length === 0) {
        seenAtFirstPause.push(readFileSync(lockFile(), 'utf8'));
      }
    });
    // Just as this process finds the old lock's owner gone, a live process replaces it with a fresh lock.
    let replaced = false;
    const racing: StateLockDeps = {
      ...deps,
      isAlive: (pid) => {
        if (pid === 4242 && !replaced) {
          replaced = true;
          writeFileSync(lockFile(), fresh);
        }
        return deps.isAlive(pid);
      },
    };
    expect(withStateLock(dir, () => 'done', racing)).toBe('done');
    // The fresh lock was put back and waited for; it was taken only once it had gone stale in its turn.
    expect(seenAtFirstPause).toEqual([fresh]);
    expect(elapsed()).toBeGreaterThanOrEqual(STALE_AFTER_MS);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('releases only its own lock, not one another process took after breaking it', () => {
    const other = holder(5151, T0);
    const { deps } = fakeDeps([]);
    withStateLock(
      dir,
      () => {
        writeFileSync(lockFile(), other);
      },
      deps,
    );
    expect(readFileSync(lockFile(), 'utf8')).toBe(other);
  });
});
