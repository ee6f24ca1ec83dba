/**
 * The Results model reads the role-state model: a decision PIM recorded on the run's own request (a denial, a
 * cancellation) reaches the Done step after Refresh, instead of "waiting for approval"; a scheduled role shows its
 * start from the model.
 */
import { describe, expect, it } from 'vitest';
import type { RequestState, RoleState } from '../../../src/shared/domain/role-state';
import type { RunRow } from '../../../src/renderer/wizard/wizard-state';
import { decisionText, viewOf } from '../../../src/renderer/wizard/result-view';

const row: RunRow = {
  roleId: 'ua',
  displayName: 'User Administrator',
  marks: [],
  requestId: 'req-1',
  error: null,
  outcome: { roleId: 'ua', displayName: 'User Administrator', status: 'pending-approval', requestId: 'req-1', elapsedMs: 10 },
  attempt: 1,
};

const request = (phase: RequestState['phase'], id = 'req-1'): RequestState => ({
  id,
  kind: 'directoryRole',
  roleId: 'ua',
  action: 'selfActivate',
  status: phase === 'denied' ? 'Denied' : 'Granted',
  phase,
  createdDateTime: null,
  startDateTime: '2026-12-07T12:00:00Z',
  endDateTime: '2026-12-07T13:00:00Z',
});

const state = (fields: Partial<RoleState>): RoleState => ({
  roleId: 'ua',
  kind: 'directoryRole',
  displayName: 'User Administrator',
  state: 'eligible',
  startDateTime: null,
  endDateTime: null,
  eligible: true,
  eligibleUntil: null,
  request: null,
  ...fields,
});

describe('the Results model', () => {
  it('shows a request still pending as waiting, when the model knows nothing newer', () => {
    expect(viewOf(row, undefined, state({ state: 'pending-approval', request: request('pending') }), false)).toEqual({
      kind: 'pending',
      requestId: 'req-1',
    });
  });

  it('shows the denial of the run’s request once the model has it', () => {
    const view = viewOf(row, undefined, state({ request: request('denied') }), false);
    expect(view).toEqual({ kind: 'decided', phase: 'denied' });
    expect(decisionText('denied')).toBe('Denied by the approver; nothing was activated.');
  });

  it('does not pin an older request’s decision on this run', () => {
    expect(viewOf(row, undefined, state({ request: request('denied', 'older') }), false).kind).toBe('pending');
  });

  it('shows a denial the run itself saw (CLI --wait style outcome)', () => {
    const denied: RunRow = { ...row, outcome: { ...row.outcome!, status: 'denied' } };
    expect(viewOf(denied, undefined, undefined, false)).toEqual({ kind: 'decided', phase: 'denied' });
  });

  it('shows a scheduled role with the start the model holds', () => {
    expect(
      viewOf(row, undefined, state({ state: 'scheduled', startDateTime: '2026-12-07T12:00:00Z', request: request('scheduled') }), false),
    ).toEqual({
      kind: 'scheduled',
      start: '2026-12-07T12:00:00Z',
    });
  });
});
