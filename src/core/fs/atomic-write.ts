/**
 * The one way this app replaces a file: write a uniquely named temporary file beside the target (owner-only), flush
 * it to disk, rename it over the target, then flush the folder so the rename itself survives a power cut.
 *
 * Why each step: a crash mid-write must leave the old file or the new one, never half of one (a half-written token
 * cache fails to decrypt, a half-written journal loses the record of an activation in flight); a fixed temporary
 * name lets two writers (two app instances, a CLI beside the app) clobber each other's half-written file; the file
 * holds tokens, roles or reasons, so it is created 0600 in a 0700 folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** A fresh temporary path beside `path`: hidden, naming the process, random, so concurrent writers never share one. */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${String(process.pid)}.${randomBytes(8).toString('hex')}.tmp`);
}

/** Replaces `path` with `data` atomically and durably (see the module comment). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const temp = temporaryPathFor(path);
  try {
    // 'wx': never open a file someone else placed at this name.
    const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (cause) {
    await unlink(temp).catch(() => undefined);
    throw cause;
  }
  await syncDirectory(dir);
}

/**
 * Flushes a folder's entries (the rename). Windows cannot open a folder for this and NTFS journals renames itself,
 * so there the step is skipped.
 */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') {
    return;
  }
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
