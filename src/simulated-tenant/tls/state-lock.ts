/**
 * An exclusive lock file in the tenant's state folder, so that several processes starting at once (test workers,
 * the app, `npm run tenant`) never each write half a certificate pair.
 *
 * A lock can be left behind by a process that crashed or was killed. It is broken, safely, when its owner is
 * known to be gone (same machine, process id no longer running) or when it is older than `STALE_AFTER_MS`, which
 * is shorter than `WAIT_MS`: a waiting start always outlives a dead holder's lock instead of giving up first (the
 * earlier 15 s wait against a 30 s stale age blocked every start for good). Breaking renames the lock to a unique
 * name first, so of two processes breaking at once only one succeeds, and a lock taken afresh in between is put
 * back rather than deleted.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Creating the TLS material takes well under a second; a holder older than this is hung or gone. */
export const STALE_AFTER_MS = 10_000;
/** How long a start waits for the lock; longer than the stale age, so a stale lock is broken before giving up. */
export const WAIT_MS = 20_000;
const POLL_MS = 25;

export type StateLockDeps = {
  readonly now: () => number;
  /** Blocks for `ms` (the tenant's start is synchronous). */
  readonly pause: (ms: number) => void;
  /** Whether a process with this id runs on this machine. */
  readonly isAlive: (pid: number) => boolean;
  readonly pid: number;
  readonly host: string;
};

type Owner = { readonly pid: number; readonly host: string; readonly createdAt: number };

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export const realLockDeps: StateLockDeps = {
  now: () => Date.now(),
  pause: (ms) => {
    Atomics.wait(sleeper, 0, 0, ms);
  },
  isAlive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it runs, as another user.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  pid: process.pid,
  host: hostname(),
};

function readOwner(text: string): Owner | null {
  try {
    const value = JSON.parse(text) as Partial<Owner>;
    return typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.createdAt === 'number'
      ? { pid: value.pid, host: value.host, createdAt: value.createdAt }
      : null;
  } catch {
    return null;
  }
}

/** Why the lock at `lockPath` (whose text is `text`) may be broken, or null while its holder may still be working. */
export function staleReason(text: string, mtimeMs: number, deps: StateLockDeps): string | null {
  const owner = readOwner(text);
  // A lock from an earlier version (empty) or cut short: only its file time says how old it is.
  const age = deps.now() - (owner?.createdAt ?? mtimeMs);
  if (owner !== null && owner.host === deps.host && owner.pid !== deps.pid && !deps.isAlive(owner.pid)) {
    return `its owner (process ${String(owner.pid)}) is no longer running`;
  }
  return age >= STALE_AFTER_MS ? `it is ${String(Math.round(age / 1000))} s old` : null;
}

/** Takes the lock; its text when taken (to release only our own), else null. */
function tryCreate(lockPath: string, deps: StateLockDeps): string | null {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o600);
  } catch {
    return null;
  }
  const text = JSON.stringify({ pid: deps.pid, host: deps.host, createdAt: deps.now(), nonce: randomBytes(6).toString('hex') });
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return text;
}

/** Breaks the lock if it is still the stale one that was read; true when this process broke it. */
function breakStale(lockPath: string, seen: string): boolean {
  const aside = `${lockPath}.${String(process.pid)}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return false; // Someone else broke or released it first.
  }
  let moved: string;
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    // Unreadable: treat as what was seen.
    moved = seen;
  }
  if (moved !== seen) {
    // A fresh lock was taken between reading and renaming: put it back (unless yet another one exists) and wait.
    try {
      linkSync(aside, lockPath);
    } catch {
      // A newer lock is in place; the one set aside is lost to its owner, who will find its lock gone on release.
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return true;
}

/** Runs `work` holding the lock file `.tls.lock` in `stateDir`; throws a message that says what to do when it cannot. */
export function withStateLock<T>(stateDir: string, work: () => T, deps: StateLockDeps = realLockDeps): T {
  const lockPath = join(stateDir, '.tls.lock');
  const deadline = deps.now() + WAIT_MS;
  let mine: string | null;
  while ((mine = tryCreate(lockPath, deps)) === null) {
    let text: string;
    let mtimeMs: number;
    try {
      text = readFileSync(lockPath, 'utf8');
      mtimeMs = statSync(lockPath).mtimeMs;
    } catch {
      continue; // Released between the two calls: try again at once.
    }
    if (staleReason(text, mtimeMs, deps) !== null && breakStale(lockPath, text)) {
      continue;
    }
    if (deps.now() > deadline) {
      throw new Error(
        `Timed out after ${String(WAIT_MS / 1000)} s waiting for the TLS state lock ${lockPath}, held by a tenant that is still starting; try again, or delete the file if no tenant is running.`,
      );
    }
    deps.pause(POLL_MS);
  }
  try {
    return work();
  } finally {
    // Only our own lock: had ours been broken as stale, the file may now be another process's.
    try {
      if (readFileSync(lockPath, 'utf8') === mine) {
        unlinkSync(lockPath);
      }
    } catch {
      // Already gone: nothing to release.
    }
  }
}
