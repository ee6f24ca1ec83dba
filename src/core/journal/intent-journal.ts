/**
 * The activation intent journal: a small record, written before each activation POST, of
 * what was about to be asked of PIM, so that a restart after a crash can find out whether the
 * request took effect instead of sending it again (docs/security.md, row 25).
 *
 * Why it looks like this:
 * - Graph offers no idempotency key for `roleAssignmentScheduleRequests`; a POST whose answer
 *   was lost may have committed. The journal lets the next start reconcile by reading.
 * - It holds no secrets by construction: a strict schema allows only the target, the
 *   correlation id, the action, the role key and the time. No tokens, no justification.
 * - The file is replaced atomically (temporary file + rename), bounded in entries and size,
 *   and a corrupt or foreign file is reported and treated as empty, never fatal.
 * - Kiosk mode keeps the journal in memory only: nothing of the session touches the disk.
 */
import { z } from 'zod';
import type { RoleTarget } from '../../shared/domain/roles';
import { parseJsonStrict } from '../../shared/json/duplicate-keys';

/** What the engine records before an activation POST. */
export type ActivationIntent = {
  /** The `client-request-id` sent with the POST: one per logical activation (reused on a resend). */
  readonly id: string;
  /** The eligible role's key, e.g. `role:<roleDefinitionId>:/` (what the UI and CLI name). */
  readonly roleId: string;
  readonly target: RoleTarget;
  /** `selfExtend`: a request to lengthen an administrator's time-bound assignment. */
  readonly action: 'selfActivate' | 'selfExtend' | 'selfDeactivate';
  /** When the intent was recorded, ISO 8601 (server time when known, else local). */
  readonly recordedAt: string;
};

export type IntentInput = Omit<ActivationIntent, 'recordedAt'> & { readonly recordedAt?: string };

/** What reading the journal found, beside the intents themselves. */
export type JournalReadout = {
  readonly intents: readonly ActivationIntent[];
  /** Why the stored file (or some of its entries) could not be used; empty when all was well. */
  readonly problems: readonly string[];
};

export type IntentJournal = {
  /** False for the in-memory journal (kiosk mode). */
  readonly persistent: boolean;
  /** Records an intent (replacing one with the same id). Resolves once it is durable. */
  record(intent: IntentInput): Promise<ActivationIntent>;
  /** Forgets an intent after a definitive answer; unknown ids are ignored. */
  clear(id: string): Promise<void>;
  /** The intents still waiting for an answer, oldest first. */
  read(): Promise<JournalReadout>;
};

/** The few file operations the journal needs; `nodeJournalFs()` is the real one. */
export type JournalFs = {
  /** The file's text, or null when it does not exist. */
  readText(path: string, maxBytes: number): Promise<string | null>;
  /** Writes `text` to `path` atomically: a temporary file in the same directory, then rename. */
  replaceAtomically(path: string, text: string): Promise<void>;
};

export const MAX_INTENTS = 32;
export const MAX_JOURNAL_BYTES = 64 * 1024;
/** Intents older than this are dropped on read: PIM requests this old are no longer "in flight". */
export const MAX_INTENT_AGE_MS = 7 * 24 * 3600 * 1000;

const JOURNAL_VERSION = 1;
const GUID_LIKE = /^[0-9A-Za-z-]{1,64}$/;
const SCOPE = /^\/[\w\-./]{0,300}$/;

// An ARM id: a management group, subscription, resource group or resource scope, or a role definition under one.
const ARM_ID = /^\/[\w\-./()']{1,600}$/;

const targetSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('directoryRole'), roleDefinitionId: z.string().regex(GUID_LIKE), directoryScopeId: z.string().regex(SCOPE) })
    .strict(),
  z.object({ kind: z.literal('group'), groupId: z.string().regex(GUID_LIKE), accessId: z.enum(['member', 'owner']) }).strict(),
  z.object({ kind: z.literal('azureResource'), scope: z.string().regex(ARM_ID), roleDefinitionId: z.string().regex(ARM_ID) }).strict(),
]);

/** Strict and bounded: a field that could carry a token (or anything else) is refused. */
export const intentSchema = z
  .object({
    id: z.string().regex(GUID_LIKE, 'must be a correlation id (letters, digits and dashes, at most 64)'),
    roleId: z
      .string()
      .min(1)
      // `azure:<scope>:<role guid>` for an Azure role: the longest key, bounded by its scope's bound.
      .max(700)
      .regex(/^[\w:\-./()']+$/, 'must be a role key such as role:<id>:/'),
    target: targetSchema,
    action: z.enum(['selfActivate', 'selfExtend', 'selfDeactivate']),
    recordedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

const fileSchema = z.object({ version: z.literal(JOURNAL_VERSION), intents: z.array(z.unknown()) }).strict();

/** Parses the journal file's text; never throws. */
export function parseJournal(text: string | null, now: Date): JournalReadout {
  if (text === null || text.trim() === '') {
    return { intents: [], problems: [] };
  }
  let raw: unknown;
  try {
    raw = parseJsonStrict(text);
  } catch {
    return { intents: [], problems: ['The activation journal is not valid JSON (it may have been cut short); it was ignored.'] };
  }
  const file = fileSchema.safeParse(raw);
  if (!file.success) {
    return { intents: [], problems: ['The activation journal has an unknown format or version; it was ignored.'] };
  }
  const problems: string[] = [];
  const byId = new Map<string, ActivationIntent>();
  file.data.intents.forEach((entry, index) => {
    const parsed = intentSchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(`Entry ${String(index + 1)} of the activation journal is malformed and was skipped.`);
      return;
    }
    if (now.getTime() - Date.parse(parsed.data.recordedAt) > MAX_INTENT_AGE_MS) {
      problems.push(`Entry ${String(index + 1)} of the activation journal is older than 7 days and was dropped.`);
      return;
    }
    byId.set(parsed.data.id, parsed.data);
  });
  return { intents: bounded([...byId.values()]), problems };
}

function bounded(intents: readonly ActivationIntent[]): ActivationIntent[] {
  const sorted = [...intents].sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt));
  return sorted.slice(Math.max(0, sorted.length - MAX_INTENTS));
}

export function serializeJournal(intents: readonly ActivationIntent[]): string {
  return `${JSON.stringify({ version: JOURNAL_VERSION, intents: bounded(intents) }, null, 2)}\n`;
}

function validIntent(input: IntentInput, now: Date): ActivationIntent {
  const candidate = { ...input, recordedAt: input.recordedAt ?? now.toISOString() };
  const parsed = intentSchema.safeParse(candidate);
  if (!parsed.success) {
    // A programming error in the caller, not a user-facing condition: the engine builds intents itself.
    throw new TypeError(
      `Refusing to journal a malformed intent: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * Serialises operations so that concurrent record/clear calls (several roles activate in
 * parallel) never lose each other's updates.
 */
function serial(): <T>(run: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(run: () => Promise<T>): Promise<T> => {
    const next = tail.then(run, run);
    tail = next.catch(() => undefined);
    return next;
  };
}

export type FileIntentJournalOptions = {
  readonly path: string;
  readonly fs: JournalFs;
  readonly now?: () => Date;
};

/** The persistent journal (standard mode). */
export function createFileIntentJournal(options: FileIntentJournalOptions): IntentJournal {
  const now = options.now ?? (() => new Date());
  const run = serial();
  const load = async (): Promise<JournalReadout> => {
    let text: string | null;
    try {
      text = await options.fs.readText(options.path, MAX_JOURNAL_BYTES);
    } catch (cause) {
      const reason = cause instanceof Error && cause.message !== '' ? cause.message : 'unreadable';
      return { intents: [], problems: [`The activation journal could not be read (${reason}); it was ignored.`] };
    }
    return parseJournal(text, now());
  };
  return {
    persistent: true,
    record: (input) =>
      run(async () => {
        const intent = validIntent(input, now());
        const { intents } = await load();
        await options.fs.replaceAtomically(options.path, serializeJournal([...intents.filter((i) => i.id !== intent.id), intent]));
        return intent;
      }),
    clear: (id) =>
      run(async () => {
        const { intents } = await load();
        if (!intents.some((i) => i.id === id)) {
          return;
        }
        await options.fs.replaceAtomically(options.path, serializeJournal(intents.filter((i) => i.id !== id)));
      }),
    read: () => run(load),
  };
}

/** The in-memory journal (kiosk mode): survives nothing, which is the point. */
export function createMemoryIntentJournal(options: { readonly now?: () => Date } = {}): IntentJournal {
  const now = options.now ?? (() => new Date());
  let intents: ActivationIntent[] = [];
  return {
    persistent: false,
    record: (input) =>
      Promise.resolve().then(() => {
        const intent = validIntent(input, now());
        intents = bounded([...intents.filter((i) => i.id !== intent.id), intent]);
        return intent;
      }),
    clear: (id) => {
      intents = intents.filter((i) => i.id !== id);
      return Promise.resolve();
    },
    read: () => Promise.resolve({ intents: [...intents], problems: [] }),
  };
}

/** The journal for a run mode: a file in standard mode, memory only in kiosk mode. */
export function createIntentJournal(options: {
  readonly mode: 'standard' | 'kiosk';
  readonly path: string;
  readonly fs: JournalFs;
  readonly now?: () => Date;
}): IntentJournal {
  const timing = options.now === undefined ? {} : { now: options.now };
  return options.mode === 'kiosk'
    ? createMemoryIntentJournal(timing)
    : createFileIntentJournal({ path: options.path, fs: options.fs, ...timing });
}
