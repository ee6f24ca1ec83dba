/**
 * What became of the history's "Pending approval" entries: matched by request id against the
 * requests PIM holds for the signed-in user, as small summaries for the History view.
 *
 * The history file is not rewritten: it records what happened when the admin activated, and
 * PIM is the truth about what happened since (read each time History is shown). An entry whose
 * request PIM no longer lists (PIM keeps requests for a limited time) keeps its recorded state.
 */
import type { HistoryEntry, HistoryRequestState, HistoryRequestUpdate } from '../../shared/domain/history';
import { waitingRequestId } from '../../shared/domain/history';
import { requestPhase } from '../pim/pim-requests';

/** A request as PIM lists it: Graph's id (directory roles, groups) or its full ARM id (Azure roles), and its status. */
export type RequestStatus = { readonly id: string; readonly status: string };

/** The history's state for a PIM status; null for a status that says nothing the admin can act on. */
export function historyStateOf(status: string): HistoryRequestState | null {
  const phase = requestPhase(status);
  switch (phase) {
    case 'active':
      return 'approved';
    case 'pending-approval':
    case 'scheduled':
    case 'denied':
    case 'canceled':
    case 'expired':
    case 'failed':
      return phase;
    default:
      return null;
  }
}

/** The request ids of entries still recorded as waiting for approval. */
export function waitingRequestIds(entries: readonly HistoryEntry[]): ReadonlySet<string> {
  return new Set(entries.flatMap((entry) => waitingRequestId(entry) ?? []));
}

/**
 * One update per waiting request PIM has moved on from; requests still pending, unknown to
 * PIM or in a state that says nothing are left out, so the entry shows what was recorded.
 */
export function requestUpdates(entries: readonly HistoryEntry[], requests: readonly RequestStatus[]): HistoryRequestUpdate[] {
  const waiting = waitingRequestIds(entries);
  const updates = new Map<string, HistoryRequestUpdate>();
  for (const request of requests) {
    const id = request.id.toLowerCase();
    const state = historyStateOf(request.status);
    if (waiting.has(id) && state !== null && state !== 'pending-approval') {
      updates.set(id, { requestId: request.id, state });
    }
  }
  return [...updates.values()];
}
