/**
 * `HistoryFs` on the real file system, with the file readable only by its owner.
 */
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import type { HistoryFs } from './activation-history';

/** Owner read/write only: the history names the admin's roles and reasons. */
const FILE_MODE = 0o600;

export function nodeHistoryFs(): HistoryFs {
  return {
    readFile: (file) => readFile(file, 'utf8'),
    appendFile: async (file, data) => {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await appendFile(file, data, { encoding: 'utf8', mode: FILE_MODE });
    },
    replaceAtomically: writeFileAtomic,
    remove: (file) => rm(file, { force: true }),
  };
}
