import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_HISTORY_FILE_CHARS,
  NullHistory,
  createActivationHistory,
  createJsonLinesHistory,
  parseLines,
} from '../../../../src/core/history/activation-history';
import type { ActivationHistory, HistoryReadout } from '../../../../src/core/history/activation-history';
import type { HistoryEntry } from '../../../../src/core/history/history-entry';
import type { ActivationEntry } from '../../../../src/shared/domain/history';
import { nodeHistoryFs } from '../../../../src/core/history/node-history-fs';
import type { Result } from '../../../../src/shared/result';
import { memoryFs } from './memory-fs';

const FILE = '/profile/activation-history.jsonl';

function entry(n: number, overrides: Partial<ActivationEntry> = {}): ActivationEntry {
  return {
    v: 1,
    at: new Date(Date.UTC(2026, 10, 25, 14, 0, n)).toISOString(),
    roleId: `role:${String(n)}:/`,
    displayName: `Role ${String(n)}`,
    status: 'active',
    duration: 'PT1H',
    requestId: `req-${String(n)}`,
    ...overrides,
  };
}

function value<T>(result: Result<T>): T {
  if (!result.ok) {
    throw new Error(JSON.stringify(result.error));
  }
  return result.value;
}

async function list(history: ActivationHistory): Promise<HistoryReadout> {
  return value(await history.list());
}

describe('JSON-lines activation history', () => {
  it('appends entries and lists them newest first', async () => {
    const fs = memoryFs();
    const history = createJsonLinesHistory({ file: FILE, fs });
    value(await history.append([entry(1)]));
    value(await history.append([entry(2), entry(3)]));
    const readout = await list(history);
    expect(readout.entries.map((e) => e.roleId)).toEqual(['role:3:/', 'role:2:/', 'role:1:/']);
    expect(readout.skipped).toEqual([]);
    expect(readout.enabled).toBe(true);
    expect(fs.files.get(FILE)?.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('lists nothing when there is no file yet', async () => {
    expect(await list(createJsonLinesHistory({ file: FILE, fs: memoryFs() }))).toEqual({ entries: [], skipped: [], enabled: true });
  });

  it('skips and reports damaged lines and keeps every good one', async () => {
    const good = [entry(1), entry(2), entry(3)].map((e) => JSON.stringify(e));
    const text = [
      good[0],
      '{"v":1,"at":"2026-11-25T14:00:00Z"',
      'not json at all',
      good[1],
      JSON.stringify({ ...entry(9), status: 'hacked' }),
      JSON.stringify({ ...entry(9), v: 2 }),
      '[]',
      'null',
      'x'.repeat(9000),
      '',
      `${good[2] ?? ''}\r`,
    ].join('\n');
    const history = createJsonLinesHistory({ file: FILE, fs: memoryFs({ [FILE]: text }) });
    const readout = await list(history);
    expect(readout.entries.map((e) => e.roleId)).toEqual(['role:3:/', 'role:2:/', 'role:1:/']);
    expect(readout.skipped).toEqual([
      { line: 2, reason: 'not valid JSON' },
      { line: 3, reason: 'not valid JSON' },
      { line: 5, reason: expect.stringMatching(/^not a history entry \(status: /) as string },
      { line: 6, reason: expect.stringMatching(/^not a history entry \(v: /) as string },
      { line: 7, reason: expect.stringMatching(/^not a history entry/) as string },
      { line: 8, reason: expect.stringMatching(/^not a history entry/) as string },
      { line: 9, reason: 'line is too long to be a history entry' },
    ]);
  });

  it('starts a new line after a line cut short by a crash, so the next entry is not lost', async () => {
    const fs = memoryFs({ [FILE]: `${JSON.stringify(entry(1))}\n{"v":1,"at":"2026` });
    const history = createJsonLinesHistory({ file: FILE, fs });
    value(await history.append([entry(2)]));
    const readout = await list(history);
    expect(readout.entries.map((e) => e.roleId)).toEqual(['role:2:/', 'role:1:/']);
    expect(readout.skipped).toEqual([{ line: 2, reason: 'not valid JSON' }]);
  });

  it('stays bounded: compacts to the newest entries through the atomic writer', async () => {
    const fs = memoryFs();
    const history = createJsonLinesHistory({ file: FILE, fs, maxEntries: 20 });
    for (let i = 1; i <= 100; i += 1) {
      value(await history.append([entry(i)]));
      const lines = (fs.files.get(FILE) ?? '').split('\n').filter(Boolean).length;
      expect(lines).toBeLessThanOrEqual(30);
    }
    const readout = await list(history);
    expect(readout.entries[0]?.roleId).toBe('role:100:/');
    expect(readout.entries.length).toBeGreaterThanOrEqual(20);
    expect(fs.calls).toContain(`replaceAtomically ${FILE}`);
    expect([...fs.files.keys()]).toEqual([FILE]);
  });

  it('serializes concurrent appends so none is lost', async () => {
    const fs = memoryFs();
    const history = createJsonLinesHistory({ file: FILE, fs, maxEntries: 15 });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => history.append([entry(i)])));
    expect(results.every((r) => r.ok)).toBe(true);
    const readout = await list(history);
    expect(readout.skipped).toEqual([]);
    expect(readout.entries[0]?.roleId).toBe('role:39:/');
    // The newest 15 survive compaction, in order.
    expect(readout.entries.slice(0, 15).map((e) => e.roleId)).toEqual(Array.from({ length: 15 }, (_, i) => `role:${String(39 - i)}:/`));
  });

  it('writes only the fields it knows, never a token that rides along', async () => {
    const fs = memoryFs();
    const history = createJsonLinesHistory({ file: FILE, fs });
    const sneaky = {
      ...entry(1),
      accessToken: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      evidence: { methods: ['pwd'] },
    } as unknown as HistoryEntry;
    value(await history.append([sneaky]));
    expect(fs.files.get(FILE)).not.toContain('eyJ');
    expect(fs.files.get(FILE)).not.toContain('evidence');
  });

  it('refuses a malformed entry without writing anything', async () => {
    const fs = memoryFs();
    const history = createJsonLinesHistory({ file: FILE, fs });
    const result = await history.append([entry(1), { ...entry(2), roleId: '' }]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('input/invalid');
      expect(result.error.message).toContain('History entry 2 is malformed');
    }
    expect(fs.files.has(FILE)).toBe(false);
  });

  it('reports read and write failures as data, and an unreadable file does not get overwritten', async () => {
    const fs = memoryFs({ [FILE]: `${JSON.stringify(entry(1))}\n` });
    const history = createJsonLinesHistory({ file: FILE, fs });
    fs.failNext('readFile', 'EACCES');
    const listed = await history.list();
    expect(listed.ok).toBe(false);
    if (!listed.ok) {
      expect(listed.error.message).toContain('could not be read (EACCES)');
    }
    fs.failNext('readFile', 'EIO');
    expect((await history.append([entry(2)])).ok).toBe(false);
    expect(fs.calls.filter((c) => c.startsWith('appendFile') || c.startsWith('replaceAtomically'))).toEqual([]);
    fs.failNext('appendFile', 'ENOSPC');
    const appended = await history.append([entry(3)]);
    expect(appended.ok).toBe(false);
    if (!appended.ok) {
      expect(appended.error.message).toContain('ENOSPC');
      expect(appended.error.message).toContain('The activation itself is not affected');
    }
    // A failure does not jam the queue.
    value(await history.append([entry(4)]));
    expect((await list(history)).entries.map((e) => e.roleId)).toEqual(['role:4:/', 'role:1:/']);
  });

  it('clears the file', async () => {
    const fs = memoryFs({ [FILE]: `${JSON.stringify(entry(1))}\n` });
    const history = createJsonLinesHistory({ file: FILE, fs });
    value(await history.clear());
    expect(fs.files.has(FILE)).toBe(false);
    expect((await list(history)).entries).toEqual([]);
  });
});

describe('kiosk mode keeps no history', () => {
  it('NullHistory makes zero file-system calls and lists nothing, marked disabled', async () => {
    const fs = memoryFs({ [FILE]: `${JSON.stringify(entry(1))}\n` });
    const history = createActivationHistory({ mode: 'kiosk', file: FILE, fs });
    expect(history).toBeInstanceOf(NullHistory);
    expect(history.enabled).toBe(false);
    for (let i = 0; i < 10; i += 1) {
      value(await history.append([entry(i, { justification: 'Incident 42 on the payroll tenant' })]));
    }
    expect(await list(history)).toEqual({ entries: [], skipped: [], enabled: false });
    value(await history.clear());
    expect(fs.calls).toEqual([]);
    expect(fs.files.get(FILE)).toBe(`${JSON.stringify(entry(1))}\n`);
  });

  it('standard mode writes to the file', async () => {
    const fs = memoryFs();
    const history = createActivationHistory({ mode: 'standard', file: FILE, fs });
    value(await history.append([entry(1)]));
    expect(fs.calls).toContain(`appendFile ${FILE}`);
  });
});

describe('parseLines under random damage (property loop)', () => {
  it('never throws, and every intact line survives whatever surrounds it', () => {
    let seed = 5;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const junk = ['{', '}', '"', '\\', 'null', '[1]', '{"__proto__":{"x":1}}', '\u0000', '\u202e', '{"v":1}', 'é', ' '];
    for (let round = 0; round < 300; round += 1) {
      const lines: string[] = [];
      let intact = 0;
      for (let i = 0; i < 20; i += 1) {
        if (random() < 0.5) {
          lines.push(JSON.stringify(entry(i)));
          intact += 1;
        } else {
          lines.push(Array.from({ length: 1 + Math.floor(random() * 8) }, () => junk[Math.floor(random() * junk.length)]).join(''));
        }
      }
      const parsed = parseLines(lines.join('\n'));
      expect(parsed.entries).toHaveLength(intact);
      expect(parsed.entries.length + parsed.skipped.length).toBeLessThanOrEqual(20);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    }
  });
});

describe('nodeHistoryFs on a real directory', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('creates the folder, writes an owner-only file, compacts and clears', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pim-history-'));
    const file = path.join(dir, 'nested', 'activation-history.jsonl');
    const history = createJsonLinesHistory({ file, fs: nodeHistoryFs(), maxEntries: 3 });
    for (let i = 1; i <= 20; i += 1) {
      value(await history.append([entry(i)]));
    }
    const readout = await list(history);
    expect(readout.entries[0]?.roleId).toBe('role:20:/');
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean).length).toBeLessThanOrEqual(13);
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
    expect(await readdir(path.dirname(file))).toEqual(['activation-history.jsonl']);
    value(await history.clear());
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    value(await history.clear());
  });
});

describe('a history file far larger than the store ever writes', () => {
  it('reads only the tail, reports the rest, and keeps the newest entries', async () => {
    const line = JSON.stringify(entry(1));
    const filler = `${line}\n`.repeat(Math.ceil((MAX_HISTORY_FILE_CHARS + 1000) / (line.length + 1)));
    const text = `${filler}${JSON.stringify(entry(2))}\n`;
    const history = createJsonLinesHistory({ file: FILE, fs: memoryFs({ [FILE]: text }) });
    const readout = await list(history);
    expect(readout.entries[0]?.roleId).toBe('role:2:/');
    expect(readout.skipped[0]?.reason).toMatch(/^the file is too large; its first \d+ lines were not read$/);
    expect(readout.entries.length).toBeLessThan(filler.split('\n').length);
  });
});
