/**
 * The intent journal as the app and the CLI open it: a file in the user's data directory in
 * standard mode, memory only in kiosk mode (nothing of a kiosk session touches the disk).
 *
 * How the engine uses it (see also reconcile-intents.ts):
 * 1. just before each activation POST: `journal.record({ id: clientRequestId, roleId, target, action: 'selfActivate' })`
 *    (the same id again before a resend after reconciling);
 * 2. after a definitive answer (a request resource, or a 4xx other than 429): `journal.clear(clientRequestId)`;
 *    after a 5xx, a reset or an unreadable answer, only once reconciliation found the request or decided to resend;
 * 3. at start, once a silent token is available: `reconcilePendingIntents(journal, createGraphIntentReader({ graph, token }))`,
 *    and show each result's message; nothing is re-sent from there.
 */
import { join } from 'node:path';
import type { IntentJournal } from './intent-journal';
import { createIntentJournal } from './intent-journal';
import { nodeJournalFs } from './node-journal-fs';

export const INTENT_JOURNAL_FILE = 'activation-intents.json';

export function createAppIntentJournal(options: {
  readonly mode: 'standard' | 'kiosk';
  /** Electron's `app.getPath('userData')`, or the CLI's config directory. */
  readonly userDataDir: string;
  readonly now?: () => Date;
}): IntentJournal {
  return createIntentJournal({
    mode: options.mode,
    path: join(options.userDataDir, INTENT_JOURNAL_FILE),
    fs: nodeJournalFs(),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
