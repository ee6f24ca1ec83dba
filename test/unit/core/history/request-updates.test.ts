/**
 * What became of the history's "Pending approval" entries: PIM's statuses mapped to the history's
 * states, matched by request id (Graph ids and ARM names, in any case), and the rows that show them.
 */
import { describe, expect, it } from 'vitest';
import { historyStateOf, requestUpdates, waitingRequestIds } from '../../../../src/core/history/request-updates';
import { historyRows } from '../../../../src/renderer/history/history-rows';
import type { HistoryEntry } from '../../../../src/shared/domain/history';

const entry = (roleId: string, status: HistoryEntry['status'], requestId?: string): HistoryEntry => ({
  v: 1,
  at: '2026-11-25T14:00:00Z',
  roleId,
  displayName: roleId.toUpperCase(),
  status,
  duration: 'PT1H',
  ...(requestId === undefined ? {} : { requestId }),
});

const ENTRIES = [
  entry('ca', 'pending-approval', 'req-approved'),
  entry('ua', 'pending-approval', 'req-denied'),
  entry('ex', 'pending-approval', 'REQ-CANCELLED'),
  entry('owner', 'pending-approval', '8f1c2d3e-aaaa-bbbb-cccc-000000000001'),
  entry('sp', 'pending-approval', 'req-still-waiting'),
  entry('gone', 'pending-approval', 'req-forgotten-by-pim'),
  entry('rr', 'active', 'req-active-at-once'),
  entry('hd', 'pending-approval'),
];

describe('history request updates', () => {
  it("maps PIM's statuses to what the admin needs to know", () => {
    expect(historyStateOf('Provisioned')).toBe('approved');
    expect(historyStateOf('Granted')).toBe('scheduled');
    expect(historyStateOf('Denied')).toBe('denied');
    expect(historyStateOf('Canceled')).toBe('canceled');
    expect(historyStateOf('Revoked')).toBe('canceled');
    expect(historyStateOf('TimedOut')).toBe('expired');
    expect(historyStateOf('Expired')).toBe('expired');
    expect(historyStateOf('Failed')).toBe('failed');
    expect(historyStateOf('PendingApproval')).toBe('pending-approval');
    expect(historyStateOf('SomethingNew')).toBeNull();
  });

  it('collects only the waiting entries that have a request id', () => {
    expect([...waitingRequestIds(ENTRIES)].sort()).toEqual(
      [
        'req-approved',
        'req-denied',
        'req-cancelled',
        '8f1c2d3e-aaaa-bbbb-cccc-000000000001',
        'req-still-waiting',
        'req-forgotten-by-pim',
      ].sort(),
    );
  });

  it('reports the requests PIM has moved on from, and nothing for the rest', () => {
    const updates = requestUpdates(ENTRIES, [
      { id: 'req-approved', status: 'Provisioned' },
      { id: 'req-denied', status: 'Denied' },
      { id: 'req-cancelled', status: 'Canceled' },
      { id: '8F1C2D3E-AAAA-BBBB-CCCC-000000000001', status: 'TimedOut' },
      { id: 'req-still-waiting', status: 'PendingApproval' },
      { id: 'req-active-at-once', status: 'Revoked' },
      { id: 'someone-elses', status: 'Denied' },
    ]);
    expect(updates).toEqual([
      { requestId: 'req-approved', state: 'approved' },
      { requestId: 'req-denied', state: 'denied' },
      { requestId: 'req-cancelled', state: 'canceled' },
      { requestId: '8F1C2D3E-AAAA-BBBB-CCCC-000000000001', state: 'expired' },
    ]);

    // The rows: updated outcomes say what became of the request; the others keep what was recorded.
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
    ]);
  });
});
