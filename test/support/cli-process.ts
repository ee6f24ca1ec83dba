/**
 * A spawned CLI's output as it arrives: `said(pattern)` resolves the moment its progress (stderr) matches, or when
 * the process ends, on the output events themselves (no polling interval to wait out or to race).
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

export type WatchedRun = {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
};

export function watchOutput(child: ChildProcessWithoutNullStreams): {
  readonly done: Promise<WatchedRun>;
  readonly stderr: () => string;
  readonly said: (pattern: RegExp) => Promise<void>;
} {
  let stdout = '';
  let stderr = '';
  let ended = false;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of [...listeners]) {
      listener();
    }
  };
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    notify();
  });
  const done = new Promise<WatchedRun>((resolve) => {
    child.on('close', (code, signal) => {
      ended = true;
      notify();
      resolve({ code, signal, stdout, stderr });
    });
  });
  const said = (pattern: RegExp): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (ended || pattern.test(stderr)) {
          listeners.delete(check);
          resolve();
        }
      };
      listeners.add(check);
      check();
    });
  return { done, stderr: () => stderr, said };
}
