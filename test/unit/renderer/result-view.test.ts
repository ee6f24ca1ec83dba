/**
 * The Results model reads the role-state model: a decision PIM recorded on the run's own request (a denial, a
 * cancellation) reaches the Done step after Refresh, instead of "waiting for approval"; a scheduled role shows its
 * start from the model.
 */
import { describe, expect, it } from 'vitest';
import type { RequestState, RoleState } from '../../../src/shared/domain/role-state';
import type { RunRow } from '../../../src/renderer/wizard/wizard-state';
import { decisionText, modelReadAfter, viewOf } from '../../../src/renderer/wizard/result-view';

const row: RunRow = {
  roleId: 'ua',
  displayName: 'User Administrator',
  marks: [],
  requestId: 'req-1',
  error: null,
  outcome: { roleId: 'ua', displayName: 'User Administrator', status: 'pending-approval', requestId: 'req-1', elapsedMs: 10 },
  unconfirmed: false,
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

  it('shows the approval as active as soon as the model has it, before the role list is read again', () => {
    const approved = state({ state: 'active', startDateTime: '2026-12-07T12:00:00Z', endDateTime: '2026-12-07T13:00:00Z' });
    expect(viewOf(row, undefined, approved, false)).toEqual({ kind: 'active', start: '2026-12-07T12:00:00Z', end: '2026-12-07T13:00:00Z' });
  });
});

describe('an outcome the engine could not confirm', () => {
  const unsure: RunRow = {
    ...row,
    requestId: null,
    outcome: { roleId: 'ua', displayName: 'User Administrator', status: 'failed', unconfirmed: true, elapsedMs: 10 },
    unconfirmed: true,
  };
  const CHECKED = '2026-12-07T12:05:00Z';

  it('stays unconfirmed until PIM is read after the run, whatever the older model says', () => {
    expect(viewOf(unsure, undefined, state({}), false)).toEqual({ kind: 'unconfirmed' });
  });

  it('is settled by a read after the run: nothing held, waiting, scheduled, on its way, or active', () => {
    expect(viewOf(unsure, undefined, state({}), false, CHECKED)).toEqual({ kind: 'not-taken', checkedAt: CHECKED });
    expect(viewOf(unsure, undefined, state({ state: 'pending-approval', request: request('pending', 'new') }), false, CHECKED)).toEqual({
      kind: 'pending',
      requestId: 'new',
    });
    expect(viewOf(unsure, undefined, state({ state: 'scheduled', startDateTime: CHECKED }), false, CHECKED)).toEqual({
      kind: 'scheduled',
      start: CHECKED,
    });
    expect(viewOf(unsure, undefined, state({ state: 'activating' }), false, CHECKED)).toEqual({ kind: 'activating' });
    expect(viewOf(unsure, undefined, state({ state: 'active' }), false, CHECKED).kind).toBe('active');
  });

  it('counts a model as read after the run by the service clock brought to local time', () => {
    const model = { roles: [], requests: [], at: '2026-12-07T12:00:10Z' };
    expect(modelReadAfter(model, 0, '2026-12-07T12:00:05Z')).toBe(true);
    expect(modelReadAfter(model, 0, '2026-12-07T12:00:15Z')).toBe(false);
    // The local clock is 10 s ahead of the service: its 12:00:15 is the service's 12:00:05.
    expect(modelReadAfter(model, 10_000, '2026-12-07T12:00:15Z')).toBe(true);
    expect(modelReadAfter(model, 0, null)).toBe(false);
  });
});
