/**
 * The Results model: what the Done step says of each role of a run. PIM's current word, from the role-state model,
 * wins over the run's report: an approval or a denial may have landed since, and Refresh re-reads the model.
 */
import type { RequestPhase, RoleState, RoleStateModel } from '../../shared/domain/role-state';
import type { EligibleRole } from '../../shared/domain/roles';
import type { RunRow } from './wizard-state';

export type RoleView =
  | { readonly kind: 'active'; readonly start: string | null; readonly end: string | null }
  | { readonly kind: 'pending'; readonly requestId: string | null }
  | { readonly kind: 'failed' }
  /** PIM decided against the run's request (an approver denied it, it was cancelled or expired). */
  | { readonly kind: 'decided'; readonly phase: Extract<RequestPhase, 'denied' | 'cancelled' | 'expired' | 'failed'> }
  | { readonly kind: 'deactivated' }
  | { readonly kind: 'scheduled'; readonly start: string | null }
  /** PIM accepted the request and the assignment is not visible yet (the model says activating). */
  | { readonly kind: 'activating' }
  /** The engine flagged the outcome unconfirmed and PIM has not been read since: it may have accepted it. */
  | { readonly kind: 'unconfirmed' }
  /** The outcome was unconfirmed; PIM, read after the run, holds nothing for the role: nothing took effect. */
  | { readonly kind: 'not-taken'; readonly checkedAt: string };

/** A role's place in the headline: a role deactivated since still counts as activated by this run. */
export const FINAL_OF = {
  active: 'active',
  deactivated: 'active',
  pending: 'pending-approval',
  scheduled: 'scheduled',
  failed: 'failed',
  decided: 'failed',
  'not-taken': 'failed',
  activating: 'activating',
  unconfirmed: 'unconfirmed',
} as const satisfies Record<RoleView['kind'], string>;

/** The decision PIM recorded on the run's own request, if it was one against it. */
function decisionOn(row: RunRow, state: RoleState | undefined): Extract<RoleView, { kind: 'decided' }>['phase'] | null {
  const requestId = row.outcome?.requestId ?? row.requestId;
  const request = state?.request ?? null;
  if (request === null || requestId === null || request.id !== requestId) {
    return null;
  }
  const { phase } = request;
  return phase === 'denied' || phase === 'cancelled' || phase === 'expired' || phase === 'failed' ? phase : null;
}

/**
 * True when the role-state model was read after the run ended (`finishedAt`, local time): it can then settle what an
 * unconfirmed outcome left open. The model's time is the service's, so the clock skew brings it to local time.
 */
export function modelReadAfter(model: RoleStateModel | undefined, skewMs: number, finishedAt: string | null): boolean {
  return model !== undefined && finishedAt !== null && Date.parse(model.at) + skewMs > Date.parse(finishedAt);
}

/** What a model read after the run says of a role whose outcome was unconfirmed. */
function reconciled(state: RoleState | undefined, checkedAt: string): RoleView {
  switch (state?.state) {
    case 'pending-approval':
      return { kind: 'pending', requestId: state.request?.id ?? null };
    case 'scheduled':
      return { kind: 'scheduled', start: state.startDateTime };
    case 'activating':
      return { kind: 'activating' };
    default:
      return { kind: 'not-taken', checkedAt };
  }
}

/**
 * One role of a run on the Results screen. `checkedAt` is the model's time when it was read after the run ended
 * (modelReadAfter), else null: only such a read settles an unconfirmed outcome.
 */
export function viewOf(
  row: RunRow,
  role: EligibleRole | undefined,
  state: RoleState | undefined,
  deactivated: boolean,
  checkedAt: string | null = null,
): RoleView {
  if (deactivated) {
    return { kind: 'deactivated' };
  }
  if (role?.active != null) {
    return { kind: 'active', start: role.active.startDateTime, end: role.active.endDateTime };
  }
  // The model is read again while the Results screen follows a decision: an approval shows there first.
  if (state?.state === 'active' || state?.state === 'assigned') {
    return { kind: 'active', start: state.startDateTime, end: state.endDateTime };
  }
  if (row.unconfirmed) {
    return checkedAt === null ? { kind: 'unconfirmed' } : reconciled(state, checkedAt);
  }
  const decided = decisionOn(row, state);
  if (decided !== null) {
    return { kind: 'decided', phase: decided };
  }
  if (state?.state === 'scheduled' && state.request?.id === (row.outcome?.requestId ?? row.requestId)) {
    return { kind: 'scheduled', start: state.startDateTime };
  }
  const outcome = row.outcome;
  switch (outcome?.status) {
    case 'active':
    case 'already-active':
      return { kind: 'active', start: outcome.startDateTime ?? null, end: outcome.endDateTime ?? null };
    case 'pending-approval':
      return { kind: 'pending', requestId: outcome.requestId ?? row.requestId };
    case 'scheduled':
      return { kind: 'scheduled', start: outcome.startDateTime ?? null };
    case 'denied':
      return { kind: 'decided', phase: 'denied' };
    case 'failed':
    case undefined:
      return { kind: 'failed' };
  }
}

/** The words for a decision against the run's request. */
export function decisionText(phase: Extract<RoleView, { kind: 'decided' }>['phase']): string {
  switch (phase) {
    case 'denied':
      return 'Denied by the approver; nothing was activated.';
    case 'cancelled':
      return 'The request was cancelled; nothing was activated.';
    case 'expired':
      return 'Nobody approved the request in time; nothing was activated.';
    case 'failed':
      return 'PIM could not complete the request; nothing was activated.';
  }
}
