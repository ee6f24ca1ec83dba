/**
 * The local activation history as table rows and sentences, kept pure for tests.
 */
import { assertNever } from '../../shared/assert';
import type { ActivationStatus } from '../../shared/domain/activation';
import type { HistoryEntry, HistoryReadout } from '../../shared/domain/history';
import { formatMinutes, isoDurationToMinutes, plural } from '../wizard/format';

export type HistoryRow = {
  readonly key: string;
  readonly at: string;
  readonly role: string;
  readonly outcome: string;
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
    case 'failed':
      return 'Failed';
    default:
      return assertNever(status, 'status');
  }
}

export function historyRows(entries: readonly HistoryEntry[]): readonly HistoryRow[] {
  return entries.map((entry, i) => {
    const minutes = isoDurationToMinutes(entry.duration);
    return {
      key: `${entry.at}-${entry.roleId}-${String(i)}`,
      at: entry.at,
      role: entry.displayName,
      outcome: entry.status === 'failed' && entry.errorCode !== undefined ? `Failed (${entry.errorCode})` : outcomeLabel(entry.status),
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
