/**
 * The app's journal: a file under the user's data directory in standard mode, nothing on disk
 * in kiosk mode.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppIntentJournal, INTENT_JOURNAL_FILE } from '../../../../src/core/journal/app-intent-journal';

let dir = '';
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const intent = {
  id: '00000000-0000-4000-8000-000000000001',
  roleId: 'role:62e90394-69f5-4237-9190-012177145e10:/',
  target: { kind: 'directoryRole', roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/' },
  action: 'selfActivate',
} as const;

describe('createAppIntentJournal', () => {
  it('writes activation-intents.json under the user data directory in standard mode', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pim-app-journal-'));
    const journal = createAppIntentJournal({ mode: 'standard', userDataDir: dir });
    await journal.record(intent);
    expect(await readdir(dir)).toEqual([INTENT_JOURNAL_FILE]);
    expect((await createAppIntentJournal({ mode: 'standard', userDataDir: dir }).read()).intents.map((i) => i.id)).toEqual([intent.id]);
  });

  it('writes nothing in kiosk mode', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pim-app-journal-'));
    const journal = createAppIntentJournal({ mode: 'kiosk', userDataDir: dir });
    await journal.record(intent);
    expect((await journal.read()).intents).toHaveLength(1);
    expect(await readdir(dir)).toEqual([]);
  });
});
