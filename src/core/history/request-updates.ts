/**
 * What became of the requests the history recorded, as the role-state model tells it now: a decision on an
 * activation or an extension that waited for an approver, a scheduled activation that started or was cancelled, an
 * activation deactivated before its end (here, in the portal or with the CLI). Small summaries for the History view.
 *
 * The history file is not rewritten: it records what happened when the person acted, and PIM is the truth about what
 * happened since (read each time History is shown). An entry whose request PIM no longer lists (PIM keeps requests
 * for a limited time) keeps its recorded state. Phases are the model's (src/core/state), never judged again here.
 */
import type { ActivationEntry, HistoryEntry, HistoryRequestState, HistoryRequestUpdate } from '../../shared/domain/history';
import { isActivationEntry, mayHaveBeenInEffect, waitingRequestId } from '../../shared/domain/history';
import type { RequestPhase, RequestState } from '../../shared/domain/role-state';

/** A request as the role-state model lists it; only what History needs. */
export type ModelRequest = Pick<RequestState, 'id' | 'roleId' | 'action' | 'phase' | 'createdDateTime'>;

/** The history's state for a phase of the model; null for one that says nothing the person can act on. */
export function historyStateOf(phase: RequestPhase): HistoryRequestState | null {
  switch (phase) {
    case 'pending':
      return 'pending-approval';
    case 'approved':
    case 'provisioned':
      return 'approved';
    case 'cancelled':
      return 'canceled';
    case 'scheduled':
    case 'denied':
    case 'expired':
    case 'failed':
      return phase;
    default:
      return null;
  }
}

const time = (iso: string | null | undefined): number => (iso == null ? Number.NaN : Date.parse(iso));

/** The first deactivation PIM recorded for the role while this activation ran (after it was recorded, before its end). */
function deactivatedAt(entry: ActivationEntry, requests: readonly ModelRequest[]): string | null {
  // PIM's own times where the entry has them: the local clock that stamped `at` may differ from the service's.
  const start = time(entry.startDateTime);
  const from = Number.isNaN(start) ? time(entry.at) : start;
  const until = time(entry.endDateTime);
  const ends = requests
    .filter((r) => r.roleId === entry.roleId && r.action.toLowerCase() === 'selfdeactivate' && r.phase === 'revoked')
    .map((r) => time(r.createdDateTime))
    .filter((at) => at > from && !(at >= until))
    .sort((a, b) => a - b);
  return ends.length === 0 ? null : new Date(ends[0] ?? 0).toISOString();
}

/** What became of one entry's request, or null when PIM says nothing new. */
function updateOf(
  entry: HistoryEntry,
  requests: readonly ModelRequest[],
  byId: ReadonlyMap<string, ModelRequest>,
): HistoryRequestUpdate | null {
  if (entry.requestId === undefined) {
    return null;
  }
  const request = byId.get(entry.requestId.toLowerCase());
  const state = request === undefined ? null : historyStateOf(request.phase);
  if (isActivationEntry(entry)) {
    const ended =
      mayHaveBeenInEffect(entry) && (entry.status !== 'pending-approval' || state === 'approved') ? deactivatedAt(entry, requests) : null;
    if (ended !== null) {
      return { requestId: entry.requestId, state: 'deactivated', endedAt: ended };
    }
    const decided = state !== null && state !== entry.status && (entry.status === 'pending-approval' || entry.status === 'scheduled');
    return decided ? { requestId: entry.requestId, state } : null;
  }
  return waitingRequestId(entry) !== null && state !== null && state !== 'pending-approval' ? { requestId: entry.requestId, state } : null;
}

/**
 * One update per followed request PIM has moved on from; requests still waiting, unknown to PIM or in a phase that
 * says nothing are left out, so the entry shows what was recorded.
 */
export function requestUpdates(entries: readonly HistoryEntry[], requests: readonly ModelRequest[]): HistoryRequestUpdate[] {
  const byId = new Map(requests.map((r) => [r.id.toLowerCase(), r]));
  const updates = new Map<string, HistoryRequestUpdate>();
  for (const entry of entries) {
    const update = updateOf(entry, requests, byId);
    if (update !== null) {
      updates.set(update.requestId.toLowerCase(), update);
    }
  }
  return [...updates.values()];
}
