/**
 * The local activation history as table rows and sentences, kept pure for tests.
 */
import { assertNever } from '../../shared/assert';
import type { ActivationStatus } from '../../shared/domain/activation';
import type { HistoryEntry, HistoryReadout, HistoryRequestState, HistoryRequestUpdate } from '../../shared/domain/history';
import { waitingRequestId } from '../../shared/domain/history';
import { formatMinutes, isoDurationToMinutes, plural } from '../wizard/format';

export type HistoryRow = {
  readonly key: string;
  readonly at: string;
  readonly role: string;
  readonly outcome: string;
  /** True when the outcome is PIM's current word on a request recorded as pending, not what was recorded. */
  readonly updated: boolean;
  readonly requestId: string | null;
  readonly duration: string;
  /** When the activation ends or ended (ISO), when PIM said. */
  readonly end: string | null;
  readonly reason: string | null;
  /** "CHG-1 (ServiceNow)", or null without a ticket. */
  readonly ticket: string | null;
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

/** What became of a request recorded as pending approval, as the Outcome column says it. */
export function requestStateLabel(state: HistoryRequestState): string {
  switch (state) {
    case 'pending-approval':
      return 'Pending approval';
    case 'approved':
      return 'Approved, activated';
    case 'scheduled':
      return 'Approved, starts later';
    case 'denied':
      return 'Denied';
    case 'canceled':
      return 'Cancelled';
    case 'expired':
      return 'Expired: nobody approved it in time';
    case 'failed':
      return 'Failed after approval';
    default:
      return assertNever(state, 'state');
  }
}

/** The current state of each updated request, by lower-cased id (ARM names are GUIDs in any case). */
function statesById(updates: readonly HistoryRequestUpdate[]): ReadonlyMap<string, HistoryRequestState> {
  return new Map(updates.map((u) => [u.requestId.toLowerCase(), u.state]));
}

function outcomeOf(entry: HistoryEntry, states: ReadonlyMap<string, HistoryRequestState>): { outcome: string; updated: boolean } {
  const waiting = waitingRequestId(entry);
  const now = waiting === null ? undefined : states.get(waiting);
  if (now !== undefined && now !== 'pending-approval') {
    return { outcome: requestStateLabel(now), updated: true };
  }
  return {
    outcome: entry.status === 'failed' && entry.errorCode !== undefined ? `Failed (${entry.errorCode})` : outcomeLabel(entry.status),
    updated: false,
  };
}

/** Rows for the entries, newest first; `updates` (PIM's word on requests recorded as pending) replaces their outcome. */
export function historyRows(entries: readonly HistoryEntry[], updates: readonly HistoryRequestUpdate[] = []): readonly HistoryRow[] {
  const states = statesById(updates);
  return entries.map((entry, i) => {
    const minutes = isoDurationToMinutes(entry.duration);
    return {
      key: `${entry.at}-${entry.roleId}-${String(i)}`,
      at: entry.at,
      role: entry.displayName,
      ...outcomeOf(entry, states),
      requestId: entry.requestId ?? null,
      duration: minutes === null ? entry.duration : formatMinutes(minutes),
      end: entry.endDateTime ?? null,
      reason: entry.justification ?? null,
      ticket:
        entry.ticketNumber === undefined
          ? null
          : entry.ticketSystem === undefined
            ? entry.ticketNumber
            : `${entry.ticketNumber} (${entry.ticketSystem})`,
    };
  });
}

/** "2 damaged entries were skipped", or null when the file read cleanly. */
export function skippedNote(readout: HistoryReadout): string | null {
  const n = readout.skipped.length;
  return n === 0 ? null : `${plural(n, 'damaged entry', 'damaged entries')} ${n === 1 ? 'was' : 'were'} skipped.`;
}
