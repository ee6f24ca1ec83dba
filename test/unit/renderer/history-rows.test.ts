/**
 * The History view's rows for every kind of entry: an activation ended early by a deactivation this app recorded, a
 * scheduled activation with its start, an extension request, a cancellation; codes only in Details.
 */
import { describe, expect, it } from 'vitest';
import { historyRows } from '../../../src/renderer/history/history-rows';
import type { HistoryEntry } from '../../../src/shared/domain/history';

const activated: HistoryEntry = {
  v: 1,
  at: '2026-11-25T22:53:00Z',
  roleId: 'rr',
  displayName: 'Reports Reader',
  status: 'active',
  duration: 'PT2H',
  requestId: 'req-rr',
  startDateTime: '2026-11-25T22:53:00Z',
  endDateTime: '2026-11-26T00:53:00Z',
};
const deactivated: HistoryEntry = {
  v: 1,
  kind: 'deactivation',
  at: '2026-11-25T23:10:00Z',
  roleId: 'rr',
  displayName: 'Reports Reader',
  requestId: 'req-d',
  endDateTime: '2026-11-26T00:53:00Z',
};
const scheduled: HistoryEntry = {
  v: 1,
  at: '2026-11-25T20:00:00Z',
  roleId: 'ex',
  displayName: 'Exchange Administrator',
  status: 'scheduled',
  duration: 'PT1H',
  requestId: 'req-ex',
  startDateTime: '2026-11-26T08:00:00Z',
  endDateTime: '2026-11-26T09:00:00Z',
};
const cancelledScheduled: HistoryEntry = {
  v: 1,
  kind: 'cancellation',
  at: '2026-11-25T21:00:00Z',
  roleId: 'ex',
  displayName: 'Exchange Administrator',
  requestId: 'req-ex',
  startDateTime: '2026-11-26T08:00:00Z',
  endDateTime: '2026-11-26T09:00:00Z',
};
const cancelledPending: HistoryEntry = { ...cancelledScheduled, at: '2026-11-25T21:05:00Z', requestId: 'req-ua', startDateTime: null };
const extension: HistoryEntry = {
  v: 1,
  kind: 'extension',
  at: '2026-11-25T21:30:00Z',
  roleId: 'billing',
  displayName: 'Billing Administrator',
  requestId: 'req-ext',
  duration: 'PT8H',
  justification: 'Quarter close',
};

const shape = (rows: ReturnType<typeof historyRows>) => rows.map((r) => [r.role, r.outcome, r.start, r.end, r.endedEarly, r.duration]);

describe('history rows', () => {
  it('an early-deactivated activation no longer reads as running to its planned end', () => {
    expect(shape(historyRows([deactivated, activated]))).toEqual([
      ['Reports Reader', 'Deactivated', null, '2026-11-25T23:10:00Z', true, null],
      ['Reports Reader', 'Activated, then deactivated', null, '2026-11-25T23:10:00Z', true, '2 h'],
    ]);
    // Without the deactivation it ends when planned.
    expect(shape(historyRows([activated]))).toEqual([['Reports Reader', 'Activated', null, '2026-11-26T00:53:00Z', false, '2 h']]);
    // A deactivation after the planned end (of a later activation) says nothing about this one.
    const later = { ...deactivated, at: '2026-11-26T01:30:00Z' };
    expect(historyRows([later, activated])[1]?.outcome).toBe('Activated');
  });

  it('a scheduled activation shows its start; a cancelled one says what was cancelled', () => {
    expect(shape(historyRows([cancelledPending, cancelledScheduled, scheduled]))).toEqual([
      ['Exchange Administrator', 'Request cancelled', null, null, false, null],
      ['Exchange Administrator', 'Scheduled activation cancelled', '2026-11-26T08:00:00Z', null, false, null],
      ['Exchange Administrator', 'Scheduled', '2026-11-26T08:00:00Z', '2026-11-26T09:00:00Z', false, '1 h'],
    ]);
  });

  it('an extension request waits for an administrator, with its duration and reason; its id goes to Details', () => {
    const [row] = historyRows([extension]);
    expect([row?.outcome, row?.duration, row?.reason, row?.details]).toEqual([
      'Extension requested: waiting for an administrator',
      '8 h',
      'Quarter close',
      [{ label: 'PIM request', codes: ['req-ext'] }],
    ]);
    for (const r of historyRows([extension, deactivated, cancelledScheduled, activated])) {
      expect(r.outcome).not.toMatch(/req-|[a-z]+\/[a-z-]+|PT\d/);
    }
  });
});
