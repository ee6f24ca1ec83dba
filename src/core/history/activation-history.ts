/**
 * The local activation history: a small JSON-lines file in the user's profile, or nothing at
 * all in kiosk mode.
 *
 * JSON lines because appending one line per activation is cheap and a damaged line (a crash
 * mid-write, a hand edit) spoils only itself: reading skips and reports it and keeps the
 * rest. The file is bounded: when it grows past `maxEntries` plus some slack it is rewritten
 * with the newest entries, atomically (src/core/fs/atomic-write.ts) so a crash never leaves it
 * half-written.
 */
import { appError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { HistoryEntry, HistoryReadout, SkippedLine } from '../../shared/domain/history';
import { checkHistoryEntry } from './history-entry';
import { parseJsonStrict } from '../../shared/json/duplicate-keys';

/** The file operations the history needs; `nodeHistoryFs` implements them, tests count them. */
export type HistoryFs = {
  /** Rejects with a Node-style `{ code: 'ENOENT' }` when the file does not exist. */
  readFile(path: string): Promise<string>;
  appendFile(path: string, data: string): Promise<void>;
  /** Replaces the file whole, owner-only, flushed (`writeFileAtomic` from src/core/fs). */
  replaceAtomically(path: string, data: string): Promise<void>;
  /** Removes the file; no error when it is already gone. */
  remove(path: string): Promise<void>;
};

export type { HistoryReadout, SkippedLine };

export type ActivationHistory = {
  readonly enabled: boolean;
  append(entries: readonly HistoryEntry[]): Promise<Result<null>>;
  list(): Promise<Result<HistoryReadout>>;
  clear(): Promise<Result<null>>;
};

export const DEFAULT_MAX_HISTORY_ENTRIES = 500;
/** A line longer than this is not one of ours (entries are a few hundred bytes). */
const MAX_LINE_LENGTH = 8 * 1024;
/**
 * Far above what `maxEntries` lines take. A bigger file was not written by us (or was written
 * by a much older, unbounded version); only its tail is read, so a huge file cannot stall the UI.
 */
export const MAX_HISTORY_FILE_CHARS = 4 * 1024 * 1024;

export type JsonLinesHistoryOptions = {
  readonly file: string;
  readonly fs: HistoryFs;
  readonly maxEntries?: number;
};

/** History kept in a JSON-lines file. */
export function createJsonLinesHistory(options: JsonLinesHistoryOptions): ActivationHistory {
  const { file, fs } = options;
  const maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_MAX_HISTORY_ENTRIES));
  // Compact only once the file is well past the bound, so most activations are a single append.
  const compactAt = maxEntries + Math.max(10, Math.ceil(maxEntries / 4));
  // Writes are serialized: two activations finishing together must not interleave lines or
  // race a compaction.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const readRaw = async (): Promise<Result<string>> => {
    try {
      return ok(await fs.readFile(file));
    } catch (cause) {
      if (codeOf(cause) === 'ENOENT') {
        return ok('');
      }
      return err(
        appError(
          'unexpected',
          `The activation history could not be read (${codeOf(cause) ?? 'unknown error'}). Activations are not affected.`,
          { retryable: true },
        ),
      );
    }
  };

  return {
    enabled: true,
    append: (entries) =>
      serialized(async () => {
        if (entries.length === 0) {
          return ok(null);
        }
        const raw = await readRaw();
        if (!raw.ok) {
          return raw;
        }
        // Parsing also strips any field the schema does not name, so nothing else is ever written.
        const checked = entries.map((entry) => checkHistoryEntry(entry));
        const invalidAt = checked.findIndex((result) => !result.success);
        if (invalidAt !== -1) {
          return err(appError('input/invalid', `History entry ${String(invalidAt + 1)} is malformed and nothing was written.`));
        }
        const lines = checked.flatMap((result) => (result.success ? [JSON.stringify(result.data)] : []));
        const existing = parseLines(raw.value);
        try {
          if (existing.entries.length + lines.length > compactAt) {
            // Oldest first on disk: keep the newest `maxEntries` of old plus new.
            const kept = [...existing.entries.map((entry) => JSON.stringify(entry)), ...lines].slice(-maxEntries);
            await fs.replaceAtomically(file, `${kept.join('\n')}\n`);
          } else {
            // A crash mid-append can leave a last line without its newline; start on a fresh line.
            const lead = raw.value === '' || raw.value.endsWith('\n') ? '' : '\n';
            await fs.appendFile(file, `${lead}${lines.join('\n')}\n`);
          }
        } catch (cause) {
          return err(
            appError(
              'unexpected',
              `The activation could not be added to the local history (${codeOf(cause) ?? 'write failed'}). The activation itself is not affected.`,
              { retryable: true },
            ),
          );
        }
        return ok(null);
      }),
    list: () =>
      serialized(async () => {
        const raw = await readRaw();
        if (!raw.ok) {
          return raw;
        }
        const parsed = parseLines(raw.value);
        return ok({ entries: [...parsed.entries].reverse(), skipped: parsed.skipped, enabled: true });
      }),
    clear: () =>
      serialized(async () => {
        try {
          await fs.remove(file);
          return ok(null);
        } catch (cause) {
          return err(
            appError('unexpected', `The activation history could not be cleared (${codeOf(cause) ?? 'unknown error'}).`, {
              retryable: true,
            }),
          );
        }
      }),
  };
}

/**
 * Parses the file's lines, oldest first; each bad line is skipped and reported on its own.
 */
export function parseLines(fullText: string): { readonly entries: HistoryEntry[]; readonly skipped: SkippedLine[] } {
  const entries: HistoryEntry[] = [];
  const skipped: SkippedLine[] = [];
  let text = fullText;
  let firstLine = 1;
  if (fullText.length > MAX_HISTORY_FILE_CHARS) {
    const tailStart = fullText.indexOf('\n', fullText.length - MAX_HISTORY_FILE_CHARS) + 1;
    const droppedLines = fullText.slice(0, tailStart).split('\n').length - 1;
    skipped.push({ line: 1, reason: `the file is too large; its first ${String(droppedLines)} lines were not read` });
    text = tailStart === 0 ? '' : fullText.slice(tailStart);
    firstLine = droppedLines + 1;
  }
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') {
      return;
    }
    const lineNumber = index + firstLine;
    if (line.length > MAX_LINE_LENGTH) {
      skipped.push({ line: lineNumber, reason: 'line is too long to be a history entry' });
      return;
    }
    let data: unknown;
    try {
      data = parseJsonStrict(line);
    } catch {
      skipped.push({ line: lineNumber, reason: 'not valid JSON' });
      return;
    }
    const parsed = checkHistoryEntry(data);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      skipped.push({
        line: lineNumber,
        reason: first === undefined ? 'not a history entry' : `not a history entry (${first.path.join('.') || 'entry'}: ${first.message})`,
      });
      return;
    }
    entries.push(parsed.data);
  });
  return { entries, skipped };
}

/**
 * The history used in kiosk mode: it keeps nothing and touches no file.
 *
 * A privileged access workstation must not remember who activated what; the list is empty
 * and says it is disabled, so the UI can explain why.
 */
export class NullHistory implements ActivationHistory {
  readonly enabled = false;

  append(): Promise<Result<null>> {
    return Promise.resolve(ok(null));
  }

  list(): Promise<Result<HistoryReadout>> {
    return Promise.resolve(ok({ entries: [], skipped: [], enabled: false }));
  }

  clear(): Promise<Result<null>> {
    return Promise.resolve(ok(null));
  }
}

/** The history for a run mode: a file in standard mode, nothing in kiosk mode. */
export function createActivationHistory(options: JsonLinesHistoryOptions & { readonly mode: 'standard' | 'kiosk' }): ActivationHistory {
  return options.mode === 'kiosk' ? new NullHistory() : createJsonLinesHistory(options);
}

function codeOf(cause: unknown): string | undefined {
  return typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
}
