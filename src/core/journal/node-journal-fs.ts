/**
 * The journal's file operations on the real file system: bounded reads and atomic replacement
 * (write a temporary file beside the target, flush it, rename it over the target), so a crash
 * mid-write leaves either the old journal or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
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
    replaceAtomically: async (path, text) => {
      const dir = dirname(path);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const temp = join(dir, `.${basename(path)}.${String(process.pid)}.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temp, path);
      } catch (cause) {
        await unlink(temp).catch(() => undefined);
        throw cause;
      }
    },
  };
}
