/**
 * The local activation history as the UI sees it: what was activated, when, for how long and
 * with which outcome. Never tokens, evidence or usernames. Reading, writing and validation
 * live in `src/core/history`.
 */
import type { ErrorCode } from '../errors';
import type { ActivationStatus } from './activation';

/** An activation run's outcome for one role: what was asked and what PIM answered at the time. */
export type ActivationEntry = {
  readonly v: 1;
  /** Absent on lines written before the history kept other events: those are all activations. */
  readonly kind?: 'activation';
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

/**
 * What the person did to a role or a request besides activating, as PIM accepted it: a deactivation, an extension
 * request (which waits for an administrator), a cancelled request. Refused operations change nothing and are not kept.
 */
export type RoleEventKind = 'deactivation' | 'extension' | 'cancellation';

export type RoleEventEntry = {
  readonly v: 1;
  readonly kind: RoleEventKind;
  /** When PIM accepted it, ISO 8601. */
  readonly at: string;
  readonly roleId: string;
  readonly displayName: string;
  /** The request PIM made of it (the deactivation's, the extension's) or the one cancelled. */
  readonly requestId?: string;
  /** An extension's asked duration; a cancelled request's. */
  readonly duration?: string;
  /** A cancelled scheduled request's start, a deactivated activation's planned end: what the event changed. */
  readonly startDateTime?: string | null;
  readonly endDateTime?: string | null;
  readonly justification?: string;
};

export type HistoryEntry = ActivationEntry | RoleEventEntry;

/** Whether an entry records an activation (every line written before other events were kept does). */
export function isActivationEntry(entry: HistoryEntry): entry is ActivationEntry {
  return entry.kind === undefined || entry.kind === 'activation';
}

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
 * What became of a request an entry recorded, as the role-state model tells it now. `approved` is a request PIM
 * provisioned (the role was activated, and may since have ended); `scheduled` an approved one that starts later;
 * `deactivated` an activation ended before its time (by this app, the portal or the CLI: PIM's deactivation request).
 */
export type HistoryRequestState =
  'pending-approval' | 'scheduled' | 'approved' | 'denied' | 'canceled' | 'expired' | 'failed' | 'deactivated';

/**
 * A summary for one history entry's request: its id as the history holds it, its state now, and for a deactivation
 * when it ended. Nothing else crosses IPC.
 */
export type HistoryRequestUpdate = {
  readonly requestId: string;
  readonly state: HistoryRequestState;
  /** When a `deactivated` activation ended, ISO 8601. */
  readonly endedAt?: string;
};

/**
 * The request id of an entry still waiting for a decision (an activation recorded as pending approval, an extension
 * request), lower-cased (ARM names are GUIDs in any case), or null: the entries whose fate PIM is asked about, and
 * matched by, in main and in the window alike.
 */
export function waitingRequestId(entry: HistoryEntry): string | null {
  if (entry.requestId === undefined) {
    return null;
  }
  const waits = isActivationEntry(entry) ? entry.status === 'pending-approval' : entry.kind === 'extension';
  return waits ? entry.requestId.toLowerCase() : null;
}

/** An activation that was, or was about to be, in effect when recorded: one a later deactivation may have ended. */
export function mayHaveBeenInEffect(entry: ActivationEntry): boolean {
  return (
    entry.status === 'active' || entry.status === 'already-active' || entry.status === 'scheduled' || entry.status === 'pending-approval'
  );
}

/**
 * The request ids PIM is asked about, lower-cased: entries waiting for a decision, and activations whose end may have
 * come early. None means History needs no network at all.
 */
export function followedRequestIds(entries: readonly HistoryEntry[]): ReadonlySet<string> {
  return new Set(
    entries.flatMap((entry) => {
      const waiting = waitingRequestId(entry);
      if (waiting !== null) {
        return [waiting];
      }
      return isActivationEntry(entry) && entry.requestId !== undefined && mayHaveBeenInEffect(entry) ? [entry.requestId.toLowerCase()] : [];
    }),
  );
}
