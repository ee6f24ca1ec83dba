/**
 * An in-memory `HistoryFs` that records every call, so tests can prove what was (not) written.
 */
import type { HistoryFs } from '../../../../src/core/history/activation-history';

export type MemoryFs = HistoryFs & {
  readonly files: Map<string, string>;
  readonly calls: string[];
  /** Makes the next call of that operation fail with this Node-style code. */
  failNext(operation: keyof HistoryFs, code: string): void;
};

export function memoryFs(initial: Record<string, string> = {}): MemoryFs {
  const files = new Map(Object.entries(initial));
  const calls: string[] = [];
  const failures = new Map<string, string>();
  const guard = (operation: keyof HistoryFs, path: string): void => {
    calls.push(`${operation} ${path}`);
    const code = failures.get(operation);
    if (code !== undefined) {
      failures.delete(operation);
      throw Object.assign(new Error(code), { code });
    }
  };
  return {
    files,
    calls,
    failNext: (operation, code) => {
      failures.set(operation, code);
    },
    readFile: async (path) => {
      guard('readFile', path);
      await Promise.resolve();
      const content = files.get(path);
      if (content === undefined) {
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      }
      return content;
    },
    appendFile: async (path, data) => {
      guard('appendFile', path);
      await Promise.resolve();
      files.set(path, (files.get(path) ?? '') + data);
    },
    replaceAtomically: async (path, data) => {
      guard('replaceAtomically', path);
      await Promise.resolve();
      files.set(path, data);
    },
    remove: async (path) => {
      guard('remove', path);
      await Promise.resolve();
      files.delete(path);
    },
  };
}
