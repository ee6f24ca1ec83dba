/**
 * The intent journal on the real file system: atomic replacement, bounds, corrupt-file
 * tolerance, concurrency, no secrets by construction, and memory-only in kiosk mode.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IntentInput, JournalFs } from '../../../../src/core/journal/intent-journal';
import {
  createFileIntentJournal,
  createIntentJournal,
  createMemoryIntentJournal,
  MAX_INTENTS,
  MAX_JOURNAL_BYTES,
  serializeJournal,
} from '../../../../src/core/journal/intent-journal';
import { nodeJournalFs } from '../../../../src/core/journal/node-journal-fs';

let dir = '';
let path = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pim-journal-'));
  path = join(dir, 'state', 'activation-intents.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const intent = (n: number, extra: Partial<IntentInput> = {}): IntentInput => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  roleId: 'role:62e90394-69f5-4237-9190-012177145e10:/',
  target: { kind: 'directoryRole', roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/' },
  action: 'selfActivate',
  recordedAt: new Date(Date.UTC(2026, 10, 25, 12, 0, n)).toISOString(),
  ...extra,
});

const fixedNow = () => new Date(Date.UTC(2026, 10, 25, 13, 0, 0));

describe('file journal', () => {
  it('records, reads and clears intents, replacing the file atomically with owner-only permissions', async () => {
    const journal = createFileIntentJournal({ path, fs: nodeJournalFs(), now: fixedNow });
    expect(journal.persistent).toBe(true);
    expect((await journal.read()).intents).toEqual([]);
    await journal.record(intent(1));
    await journal.record(intent(2));
    expect((await journal.read()).intents.map((i) => i.id)).toEqual([intent(1).id, intent(2).id]);
    await journal.clear(intent(1).id);
    expect((await journal.read()).intents.map((i) => i.id)).toEqual([intent(2).id]);
    // No temporary files are left behind, and only the owner may read the journal.
    expect(await readdir(join(dir, 'state'))).toEqual(['activation-intents.json']);
    if (process.platform !== 'win32') {
      expect((await stat(path)).mode & 0o077).toBe(0);
    }
  });

  it('a second journal on the same file (the next start) sees what the first recorded', async () => {
    await createFileIntentJournal({ path, fs: nodeJournalFs(), now: fixedNow }).record(intent(7));
    const restarted = createFileIntentJournal({ path, fs: nodeJournalFs(), now: fixedNow });
    expect((await restarted.read()).intents.map((i) => i.id)).toEqual([intent(7).id]);
  });

  it('stores only the target, correlation id, action, role key and time: no tokens, no justification', async () => {
    const journal = createFileIntentJournal({ path, fs: nodeJournalFs(), now: fixedNow });
    await journal.record(intent(3));
    const stored = JSON.parse(await readFile(path, 'utf8')) as { intents: Record<string, unknown>[] };
    expect(Object.keys(stored.intents[0] ?? {}).sort()).toEqual(['action', 'id', 'recordedAt', 'roleId', 'target']);
    // A caller trying to slip in anything else is refused and nothing is written.
    const withToken = { ...intent(4), accessToken: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' } as IntentInput;
    await expect(journal.record(withToken)).rejects.toThrow(/malformed intent/);
    await expect(journal.record(intent(5, { id: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig' }))).rejects.toThrow(/correlation id/);
    expect((await journal.read()).intents.map((i) => i.id)).toEqual([intent(3).id]);
    expect(await readFile(path, 'utf8')).not.toMatch(/eyJ/);
  });

  it('records Azure role intents (an ARM scope and role definition id) and refuses anything else in their place', async () => {
    const journal = createFileIntentJournal({ path, fs: nodeJournalFs(), now: fixedNow });
    const scope = '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/resourceGroups/rg-app(eu)/providers/Microsoft.KeyVault/vaults/kv-1';
    const azure = (target: Record<string, string>, n = 6): IntentInput =>
      intent(n, {
        roleId: `azure:${scope.toLowerCase()}:00482a5a-887f-4fb3-b363-3b7fe8e74483`,
        target: target as unknown as IntentInput['target'],
      });
    const ok = {
      kind: 'azureResource',
      scope,
      roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/00482a5a-887f-4fb3-b363-3b7fe8e74483`,
    };
    await journal.record(azure(ok));
    expect((await createFileIntentJournal({ path, fs: nodeJournalFs(), now: fixedNow }).read()).intents[0]?.target).toEqual(ok);
    await expect(journal.record(azure({ ...ok, scope: 'subscriptions/no-leading-slash' }, 7))).rejects.toThrow(/malformed intent/);
    await expect(journal.record(azure({ ...ok, scope: `/${'a'.repeat(700)}` }, 8))).rejects.toThrow(/malformed intent/);
    await expect(journal.record(azure({ ...ok, scope: '/subscriptions/x y' }, 9))).rejects.toThrow(/malformed intent/);
    await expect(journal.record(azure({ ...ok, justification: 'no' }, 10))).rejects.toThrow(/malformed intent/);
    expect((await journal.read()).intents).toHaveLength(1);
  });

  it(`keeps at most ${String(MAX_INTENTS)} intents, dropping the oldest`, async () => {
    const journal = createFileIntentJournal({ path, fs: nodeJournalFs(), now: fixedNow });
    for (let n = 1; n <= MAX_INTENTS + 8; n += 1) {
      await journal.record(intent(n));
    }
    const ids = (await journal.read()).intents.map((i) => i.id);
    expect(ids).toHaveLength(MAX_INTENTS);
    expect(ids[0]).toBe(intent(9).id);
    expect(ids.at(-1)).toBe(intent(MAX_INTENTS + 8).id);
  });

  it('loses nothing when many roles record and clear in parallel', async () => {
    const journal = createFileIntentJournal({ path, fs: nodeJournalFs(), now: fixedNow });
    await Promise.all(Array.from({ length: 12 }, (_, n) => journal.record(intent(n + 1))));
    await Promise.all([journal.clear(intent(2).id), journal.clear(intent(5).id), journal.record(intent(20))]);
    const ids = new Set((await journal.read()).intents.map((i) => i.id));
    expect(ids.size).toBe(11);
    expect(ids.has(intent(2).id) || ids.has(intent(5).id)).toBe(false);
    expect(ids.has(intent(20).id)).toBe(true);
  });

  it('drops intents older than 7 days on read', async () => {
    await mkdir(join(dir, 'state'), { recursive: true });
    const old = { ...intent(1), recordedAt: '2026-11-01T00:00:00.000Z' };
    await writeFile(path, serializeJournal([old, { ...intent(2), recordedAt: '2026-11-25T12:00:00.000Z' }]));
    const readout = await createFileIntentJournal({ path, fs: nodeJournalFs(), now: fixedNow }).read();
    expect(readout.intents.map((i) => i.id)).toEqual([intent(2).id]);
    expect(readout.problems.join(' ')).toMatch(/older than 7 days/);
  });
});

describe('corrupt and hostile journal files', () => {
  const cases: readonly { name: string; text: string | Buffer; problem: RegExp; kept?: number }[] = [
    {
      name: 'cut short mid-write',
      text: serializeJournal([{ ...intent(1), recordedAt: '2026-11-25T12:00:01.000Z' }]).slice(0, 40),
      problem: /not valid JSON/,
    },
    { name: 'random bytes', text: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22, 0x01, 0x80]), problem: /not valid JSON/ },
    { name: 'a JSON array', text: '[]', problem: /unknown format/ },
    { name: 'a future version', text: JSON.stringify({ version: 2, intents: [] }), problem: /unknown format/ },
    { name: 'an extra top-level key', text: JSON.stringify({ version: 1, intents: [], tokens: ['x'] }), problem: /unknown format/ },
    {
      name: 'entries with foreign fields, wrong types and prototype keys',
      text: JSON.stringify({
        version: 1,
        intents: [
          { ...intent(1), refreshToken: '0.AAA-secret' },
          { ...intent(2), target: { kind: 'directoryRole', roleDefinitionId: 5 } },
          JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
          'a string',
          null,
          intent(3),
        ],
      }),
      problem: /Entry 1 .*malformed.*Entry 2 .*malformed.*Entry 3 .*malformed/,
      kept: 1,
    },
  ];
  for (const c of cases) {
    it(`treats ${c.name} as empty or skips the bad entries, reports why, and recovers on the next write`, async () => {
      await mkdir(join(dir, 'state'), { recursive: true });
      await writeFile(path, c.text);
      const journal = createFileIntentJournal({ path, fs: nodeJournalFs(), now: fixedNow });
      const readout = await journal.read();
      expect(readout.intents).toHaveLength(c.kept ?? 0);
      expect(readout.problems.join(' ')).toMatch(c.problem);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await journal.record(intent(9));
      const after = await journal.read();
      expect(after.problems).toEqual([]);
      expect(after.intents.map((i) => i.id)).toContain(intent(9).id);
    });
  }

  it(`ignores a file larger than ${String(MAX_JOURNAL_BYTES)} bytes without reading it whole`, async () => {
    await mkdir(join(dir, 'state'), { recursive: true });
    await writeFile(path, `{"version":1,"intents":[${'"x",'.repeat(MAX_JOURNAL_BYTES / 2)}"x"]}`);
    const readout = await createFileIntentJournal({ path, fs: nodeJournalFs(), now: fixedNow }).read();
    expect(readout.intents).toEqual([]);
    expect(readout.problems.join(' ')).toMatch(/could not be read \(larger than 65536 bytes\)/);
  });

  it('keeps the previous journal intact when a write fails (the rename never happened)', async () => {
    const real = nodeJournalFs();
    const journal = createFileIntentJournal({ path, fs: real, now: fixedNow });
    await journal.record(intent(1));
    const before = await readFile(path, 'utf8');
    const failing: JournalFs = {
      readText: (p, max) => real.readText(p, max),
      replaceAtomically: async (_target, text) => {
        // Simulates a crash after the temporary file was written but before the rename.
        await writeFile(join(dir, 'state', '.activation-intents.json.999.deadbeef.tmp'), text.slice(0, 10));
        throw new Error('disk full');
      },
    };
    await expect(createFileIntentJournal({ path, fs: failing, now: fixedNow }).record(intent(2))).rejects.toThrow('disk full');
    expect(await readFile(path, 'utf8')).toBe(before);
    // A leftover temporary file does not confuse the next start.
    expect((await createFileIntentJournal({ path, fs: real, now: fixedNow }).read()).intents.map((i) => i.id)).toEqual([intent(1).id]);
  });

  it('cleans up its temporary file when the rename fails', async () => {
    await mkdir(path, { recursive: true }); // the journal path is a directory: rename must fail
    await expect(nodeJournalFs().replaceAtomically(path, '{}')).rejects.toThrow();
    expect((await readdir(join(dir, 'state'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports an unreadable journal instead of failing', async () => {
    const broken: JournalFs = {
      readText: () => Promise.reject(new Error('EACCES: permission denied')),
      replaceAtomically: () => Promise.resolve(),
    };
    const readout = await createFileIntentJournal({ path, fs: broken, now: fixedNow }).read();
    expect(readout).toEqual({
      intents: [],
      problems: ['The activation journal could not be read (EACCES: permission denied); it was ignored.'],
    });
  });
});

describe('kiosk mode', () => {
  it('keeps the journal in memory only: not one file operation', async () => {
    const calls: string[] = [];
    const spy: JournalFs = {
      readText: (p) => {
        calls.push(`read ${p}`);
        return Promise.resolve(null);
      },
      replaceAtomically: (p) => {
        calls.push(`write ${p}`);
        return Promise.resolve();
      },
    };
    const journal = createIntentJournal({ mode: 'kiosk', path, fs: spy, now: fixedNow });
    expect(journal.persistent).toBe(false);
    await journal.record(intent(1));
    expect((await journal.read()).intents.map((i) => i.id)).toEqual([intent(1).id]);
    await journal.clear(intent(1).id);
    expect((await journal.read()).intents).toEqual([]);
    expect(calls).toEqual([]);
    // The standard mode with the same spy does touch it.
    await createIntentJournal({ mode: 'standard', path, fs: spy, now: fixedNow }).record(intent(2));
    expect(calls.some((c) => c.startsWith('write'))).toBe(true);
  });

  it('the memory journal is bounded and validates like the file journal', async () => {
    const journal = createMemoryIntentJournal({ now: fixedNow });
    for (let n = 1; n <= MAX_INTENTS + 3; n += 1) {
      await journal.record(intent(n));
    }
    expect((await journal.read()).intents).toHaveLength(MAX_INTENTS);
    await expect(journal.record({ ...intent(1), action: 'delete' as never })).rejects.toThrow(/malformed intent/);
  });
});
