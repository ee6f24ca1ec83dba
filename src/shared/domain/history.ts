/**
 * The local activation history as the UI sees it: what was activated, when, for how long and
 * with which outcome. Never tokens, evidence or usernames. Reading, writing and validation
 * live in `src/core/history`.
 */
import type { ErrorCode } from '../errors';
import type { ActivationStatus } from './activation';

export type HistoryEntry = {
  readonly v: 1;
  /** When the outcome was recorded, ISO 8601. */
  readonly at: string;
  readonly roleId: string;
  readonly displayName: string;
  readonly status: ActivationStatus;
  /** ISO 8601 duration asked for. */
  readonly duration: string;
  readonly requestId?: string;
  readonly startDateTime?: string | null;
  readonly endDateTime?: string | null;
  readonly errorCode?: ErrorCode;
  readonly justification?: string;
  readonly ticketNumber?: string;
  readonly ticketSystem?: string;
};

/** A line of the history file that could not be read. */
export type SkippedLine = { readonly line: number; readonly reason: string };

export type HistoryReadout = {
  /** Newest first. */
  readonly entries: readonly HistoryEntry[];
  /** Lines that could not be read; reported so the UI can say "2 damaged entries were skipped". */
  readonly skipped: readonly SkippedLine[];
  /** False in kiosk mode, where nothing is kept. */
  readonly enabled: boolean;
};

/**
 * What became of a request that was waiting for an approver when its history entry was written,
 * as PIM tells it now. `approved` is a request PIM provisioned (the role was activated, and may
 * since have ended); `scheduled` an approved one that starts later.
 */
export type HistoryRequestState = 'pending-approval' | 'scheduled' | 'approved' | 'denied' | 'canceled' | 'expired' | 'failed';

/** A summary for one history entry's request: its id as the history holds it, and its state now. Nothing else crosses IPC. */
export type HistoryRequestUpdate = { readonly requestId: string; readonly state: HistoryRequestState };

/**
 * The request id of an entry recorded as waiting for approval, lower-cased (ARM names are GUIDs in any case), or null:
 * the entries whose fate PIM is asked about, and matched by, in main and in the window alike.
 */
export function waitingRequestId(entry: HistoryEntry): string | null {
  return entry.status === 'pending-approval' && entry.requestId !== undefined ? entry.requestId.toLowerCase() : null;
}
