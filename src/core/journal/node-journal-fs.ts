/**
 * The journal's file operations on the real file system: bounded reads and atomic replacement
 * (src/core/fs/atomic-write.ts), so a crash mid-write leaves either the old journal or the new
 * one, never half of one.
 */
import { readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic-write';
import type { JournalFs } from './intent-journal';

function isMissing(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && (cause as { code?: unknown }).code === 'ENOENT';
}

export function nodeJournalFs(): JournalFs {
  return {
    readText: async (path, maxBytes) => {
      try {
        const info = await stat(path);
        if (info.size > maxBytes) {
          throw new Error(`larger than ${String(maxBytes)} bytes`);
        }
        return await readFile(path, 'utf8');
      } catch (cause) {
        if (isMissing(cause)) {
          return null;
        }
        throw cause;
      }
    },
    replaceAtomically: writeFileAtomic,
  };
}
