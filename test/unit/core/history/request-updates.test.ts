/**
 * What became of the requests the history recorded: the role-state model's phases mapped to the history's states,
 * matched by request id (Graph ids and ARM names, in any case), early ends learnt from PIM's deactivation requests,
 * and the rows that show them.
 */
import { describe, expect, it } from 'vitest';
import type { ModelRequest } from '../../../../src/core/history/request-updates';
import { historyStateOf, requestUpdates } from '../../../../src/core/history/request-updates';
import { historyRows } from '../../../../src/renderer/history/history-rows';
import type { ActivationEntry, HistoryEntry } from '../../../../src/shared/domain/history';
import { followedRequestIds } from '../../../../src/shared/domain/history';
import type { RequestPhase } from '../../../../src/shared/domain/role-state';

const entry = (
  roleId: string,
  status: ActivationEntry['status'],
  requestId?: string,
  more: Partial<ActivationEntry> = {},
): ActivationEntry => ({
  v: 1,
  at: '2026-11-25T14:00:00Z',
  roleId,
  displayName: roleId.toUpperCase(),
  status,
  duration: 'PT1H',
  ...(requestId === undefined ? {} : { requestId }),
  ...more,
});

const req = (id: string, phase: RequestPhase, more: Partial<ModelRequest> = {}): ModelRequest => ({
  id,
  roleId: 'someone',
  action: 'selfActivate',
  phase,
  createdDateTime: '2026-11-25T14:00:00Z',
  ...more,
});

const ENTRIES: HistoryEntry[] = [
  entry('ca', 'pending-approval', 'req-approved'),
  entry('ua', 'pending-approval', 'req-denied'),
  entry('ex', 'pending-approval', 'REQ-CANCELLED'),
  entry('owner', 'pending-approval', '8f1c2d3e-aaaa-bbbb-cccc-000000000001'),
  entry('sp', 'pending-approval', 'req-still-waiting'),
  entry('gone', 'pending-approval', 'req-forgotten-by-pim'),
  entry('rr', 'active', 'req-active-at-once', { startDateTime: '2026-11-25T14:00:00Z', endDateTime: '2026-11-25T15:00:00Z' }),
  entry('hd', 'pending-approval'),
  entry('failed', 'failed', 'req-failed'),
];

describe('history request updates', () => {
  it.each<[RequestPhase, string | null]>([
    ['provisioned', 'approved'],
    ['approved', 'approved'],
    ['scheduled', 'scheduled'],
    ['denied', 'denied'],
    ['cancelled', 'canceled'],
    ['expired', 'expired'],
    ['failed', 'failed'],
    ['pending', 'pending-approval'],
    ['revoked', null],
    ['unknown', null],
  ])("maps the model's phase %s to %s", (phase, state) => {
    expect(historyStateOf(phase)).toBe(state);
  });

  it('follows waiting entries and activations that may have ended early, never failed ones or ones without an id', () => {
    expect([...followedRequestIds(ENTRIES)].sort()).toEqual(
      [
        'req-approved',
        'req-denied',
        'req-cancelled',
        '8f1c2d3e-aaaa-bbbb-cccc-000000000001',
        'req-still-waiting',
        'req-forgotten-by-pim',
        'req-active-at-once',
      ].sort(),
    );
    expect(followedRequestIds([entry('x', 'failed', 'r'), entry('y', 'denied', 's')]).size).toBe(0);
  });

  it('reports the decisions PIM made, and nothing for requests still waiting or unknown to PIM', () => {
    const updates = requestUpdates(ENTRIES, [
      req('req-approved', 'provisioned'),
      req('req-denied', 'denied'),
      req('req-cancelled', 'cancelled'),
      req('8F1C2D3E-AAAA-BBBB-CCCC-000000000001', 'expired'),
      req('req-still-waiting', 'pending'),
      req('req-active-at-once', 'provisioned'),
      req('someone-elses', 'denied'),
    ]);
    expect(updates).toEqual([
      { requestId: 'req-approved', state: 'approved' },
      { requestId: 'req-denied', state: 'denied' },
      { requestId: 'REQ-CANCELLED', state: 'canceled' },
      { requestId: '8f1c2d3e-aaaa-bbbb-cccc-000000000001', state: 'expired' },
    ]);

    const rows = historyRows(ENTRIES, updates);
    expect(rows.map((r) => [r.role, r.outcome, r.updated])).toEqual([
      ['CA', 'Approved, activated', true],
      ['UA', 'Denied', true],
      ['EX', 'Cancelled', true],
      ['OWNER', 'Expired: nobody approved it in time', true],
      ['SP', 'Pending approval', false],
      ['GONE', 'Pending approval', false],
      ['RR', 'Activated', false],
      ['HD', 'Pending approval', false],
      ['FAILED', 'Failed', false],
    ]);
  });

  it('learns an early end from the deactivation PIM recorded while the activation ran, judged by PIM’s own times', () => {
    const rr = ENTRIES.filter((e) => e.roleId === 'rr');
    const deactivation = (at: string, phase: RequestPhase = 'revoked') =>
      req(`d-${at}`, phase, { roleId: 'rr', action: 'selfDeactivate', createdDateTime: at });
    const cases: [string, ModelRequest[], string | null][] = [
      ['during the activation', [deactivation('2026-11-25T14:20:00Z')], '2026-11-25T14:20:00.000Z'],
      ['the first of two', [deactivation('2026-11-25T14:40:00Z'), deactivation('2026-11-25T14:10:00Z')], '2026-11-25T14:10:00.000Z'],
      ['before it started (an earlier activation’s)', [deactivation('2026-11-25T13:50:00Z')], null],
      ['after its end (a later activation’s)', [deactivation('2026-11-25T15:10:00Z')], null],
      ['one PIM refused', [deactivation('2026-11-25T14:20:00Z', 'failed')], null],
      ['another role’s', [{ ...deactivation('2026-11-25T14:20:00Z'), roleId: 'hd' }], null],
    ];
    for (const [what, requests, endedAt] of cases) {
      const updates = requestUpdates(rr, requests);
      expect(updates, what).toEqual(endedAt === null ? [] : [{ requestId: 'req-active-at-once', state: 'deactivated', endedAt }]);
      const [row] = historyRows(rr, updates);
      expect([row?.outcome, row?.end, row?.endedEarly], what).toEqual(
        endedAt === null ? ['Activated', '2026-11-25T15:00:00Z', false] : ['Activated, then deactivated', endedAt, true],
      );
    }
  });

  it('an approved request that was later deactivated ended early too; a denied one never ran', () => {
    const waiting = [entry('ua', 'pending-approval', 'req-1')];
    const deactivated = req('d', 'revoked', { roleId: 'ua', action: 'selfDeactivate', createdDateTime: '2026-11-25T14:30:00Z' });
    expect(requestUpdates(waiting, [req('req-1', 'provisioned'), deactivated])).toEqual([
      { requestId: 'req-1', state: 'deactivated', endedAt: '2026-11-25T14:30:00.000Z' },
    ]);
    expect(requestUpdates(waiting, [req('req-1', 'denied'), deactivated])).toEqual([{ requestId: 'req-1', state: 'denied' }]);
  });

  it('follows an extension request to its decision', () => {
    const extension: HistoryEntry = {
      v: 1,
      kind: 'extension',
      at: '2026-11-25T14:00:00Z',
      roleId: 'billing',
      displayName: 'Billing Administrator',
      requestId: 'ext-1',
      duration: 'PT8H',
    };
    expect([...followedRequestIds([extension])]).toEqual(['ext-1']);
    expect(requestUpdates([extension], [req('ext-1', 'pending')])).toEqual([]);
    const decided = requestUpdates([extension], [req('EXT-1', 'denied')]);
    expect(decided).toEqual([{ requestId: 'ext-1', state: 'denied' }]);
    expect(historyRows([extension], decided).map((r) => [r.outcome, r.updated, r.duration])).toEqual([['Extension denied', true, '8 h']]);
    expect(historyRows([extension]).map((r) => r.outcome)).toEqual(['Extension requested: waiting for an administrator']);
  });
});
