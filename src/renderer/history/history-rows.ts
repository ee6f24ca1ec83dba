/**
 * The local history as table rows and sentences, kept pure for tests: activations, deactivations, extension
 * requests and cancellations, each with what PIM says now about its request (`updates`, from the role-state model).
 */
import { assertNever } from '../../shared/assert';
import type { ActivationStatus } from '../../shared/domain/activation';
import type {
  ActivationEntry,
  HistoryEntry,
  HistoryReadout,
  HistoryRequestState,
  HistoryRequestUpdate,
  RoleEventEntry,
} from '../../shared/domain/history';
import { isActivationEntry } from '../../shared/domain/history';
import { formatMinutes, isoDurationToMinutes, plural } from '../wizard/format';

export type HistoryRow = {
  readonly key: string;
  readonly at: string;
  readonly role: string;
  readonly outcome: string;
  /** True when the outcome is PIM's current word on the recorded request, not what was recorded. */
  readonly updated: boolean;
  /** When it starts or started, shown only when that was after it was recorded (a scheduled activation). */
  readonly start: string | null;
  /** When it ends or ended (ISO), when known. */
  readonly end: string | null;
  /** True when `end` is an early end: a deactivation before the planned end. */
  readonly endedEarly: boolean;
  readonly duration: string | null;
  readonly reason: string | null;
  /** "CHG-1 (ServiceNow)", or null without a ticket. */
  readonly ticket: string | null;
  /** Codes for the Details disclosure (request id, error code), never for the prose. */
  readonly details: readonly { readonly label: string; readonly codes: readonly string[] }[];
};

export function outcomeLabel(status: ActivationStatus): string {
  switch (status) {
    case 'active':
      return 'Activated';
    case 'already-active':
      return 'Already active';
    case 'pending-approval':
      return 'Pending approval';
    case 'scheduled':
      return 'Scheduled';
    case 'denied':
      return 'Denied';
    case 'failed':
      return 'Failed';
    default:
      return assertNever(status, 'status');
  }
}

/** What became of a recorded request, as the Outcome column says it; an extension's approval is not an activation. */
export function requestStateLabel(state: HistoryRequestState, kind: 'activation' | 'extension' = 'activation'): string {
  switch (state) {
    case 'pending-approval':
      return kind === 'extension' ? 'Extension requested: waiting for an administrator' : 'Pending approval';
    case 'approved':
      return kind === 'extension' ? 'Extension approved' : 'Approved, activated';
    case 'scheduled':
      return 'Approved, starts later';
    case 'denied':
      return kind === 'extension' ? 'Extension denied' : 'Denied';
    case 'canceled':
      return 'Cancelled';
    case 'expired':
      return 'Expired: nobody approved it in time';
    case 'failed':
      return 'Failed after approval';
    case 'deactivated':
      return 'Activated, then deactivated';
    default:
      return assertNever(state, 'state');
  }
}

const time = (iso: string | null | undefined): number => (iso == null ? Number.NaN : Date.parse(iso));

/** The update for an entry's request, by lower-cased id (ARM names are GUIDs in any case). */
function updateFor(entry: HistoryEntry, updates: ReadonlyMap<string, HistoryRequestUpdate>): HistoryRequestUpdate | undefined {
  return entry.requestId === undefined ? undefined : updates.get(entry.requestId.toLowerCase());
}

/**
 * When an activation ended early: PIM's word (a deactivation the model lists) or, without it (offline), a deactivation
 * this app recorded for the role after the activation and before its planned end.
 */
function earlyEnd(entry: ActivationEntry, update: HistoryRequestUpdate | undefined, all: readonly HistoryEntry[]): string | null {
  if (update?.state === 'deactivated') {
    return update.endedAt ?? null;
  }
  if (entry.status !== 'active' && entry.status !== 'already-active' && update?.state !== 'approved') {
    return null;
  }
  const from = time(entry.at);
  const until = time(entry.endDateTime);
  const ends = all
    .filter((e) => e.kind === 'deactivation' && e.roleId === entry.roleId && time(e.at) > from && !(time(e.at) >= until))
    .map((e) => e.at)
    .sort();
  return ends[0] ?? null;
}

function activationOutcome(entry: ActivationEntry, update: HistoryRequestUpdate | undefined, ended: string | null) {
  if (ended !== null) {
    return { outcome: requestStateLabel('deactivated'), updated: false };
  }
  if (update !== undefined && update.state !== 'pending-approval') {
    return { outcome: requestStateLabel(update.state), updated: entry.status === 'pending-approval' };
  }
  return { outcome: outcomeLabel(entry.status), updated: false };
}

function durationText(iso: string | undefined): string | null {
  if (iso === undefined) {
    return null;
  }
  const minutes = isoDurationToMinutes(iso);
  return minutes === null ? iso : formatMinutes(minutes);
}

/** The start, when it was after the entry was recorded: a scheduled activation's, a cancelled scheduled request's. */
function laterStart(entry: HistoryEntry): string | null {
  const start = entry.startDateTime ?? null;
  return time(start) > time(entry.at) ? start : null;
}

function activationRow(entry: ActivationEntry, update: HistoryRequestUpdate | undefined, all: readonly HistoryEntry[]) {
  const ended = earlyEnd(entry, update, all);
  return {
    ...activationOutcome(entry, update, ended),
    start: laterStart(entry),
    end: ended ?? entry.endDateTime ?? null,
    endedEarly: ended !== null,
    ticket:
      entry.ticketNumber === undefined
        ? null
        : entry.ticketSystem === undefined
          ? entry.ticketNumber
          : `${entry.ticketNumber} (${entry.ticketSystem})`,
    details: [
      { label: 'PIM request', codes: entry.requestId === undefined ? [] : [entry.requestId] },
      { label: 'Error code', codes: entry.errorCode === undefined ? [] : [entry.errorCode] },
    ],
  };
}

function eventOutcome(entry: RoleEventEntry, update: HistoryRequestUpdate | undefined): { outcome: string; updated: boolean } {
  switch (entry.kind) {
    case 'deactivation':
      return { outcome: 'Deactivated', updated: false };
    case 'extension':
      return update === undefined
        ? { outcome: requestStateLabel('pending-approval', 'extension'), updated: false }
        : { outcome: requestStateLabel(update.state, 'extension'), updated: true };
    case 'cancellation':
      return { outcome: laterStart(entry) === null ? 'Request cancelled' : 'Scheduled activation cancelled', updated: false };
    default:
      return assertNever(entry.kind, 'kind');
  }
}

function eventRow(entry: RoleEventEntry, update: HistoryRequestUpdate | undefined) {
  return {
    ...eventOutcome(entry, update),
    start: laterStart(entry),
    // A deactivation ends the role when it is recorded; a cancellation's end is the one that no longer comes.
    end: entry.kind === 'deactivation' ? entry.at : entry.kind === 'cancellation' ? null : (entry.endDateTime ?? null),
    endedEarly: entry.kind === 'deactivation',
    ticket: null,
    details: [{ label: 'PIM request', codes: entry.requestId === undefined ? [] : [entry.requestId] }],
  };
}

/** Rows for the entries, newest first; `updates` (PIM's word on the recorded requests) decide what each says now. */
export function historyRows(entries: readonly HistoryEntry[], updates: readonly HistoryRequestUpdate[] = []): readonly HistoryRow[] {
  const byId = new Map(updates.map((u) => [u.requestId.toLowerCase(), u]));
  return entries.map((entry, i) => {
    const update = updateFor(entry, byId);
    return {
      key: `${entry.at}-${entry.roleId}-${String(i)}`,
      at: entry.at,
      role: entry.displayName,
      duration: durationText(entry.duration),
      reason: entry.justification ?? null,
      ...(isActivationEntry(entry) ? activationRow(entry, update, entries) : eventRow(entry, update)),
    };
  });
}

/** "2 damaged entries were skipped", or null when the file read cleanly. */
export function skippedNote(readout: HistoryReadout): string | null {
  const n = readout.skipped.length;
  return n === 0 ? null : `${plural(n, 'damaged entry', 'damaged entries')} ${n === 1 ? 'was' : 'were'} skipped.`;
}
