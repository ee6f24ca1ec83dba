/**
 * Which roles may be offered "Re-activate", from a table of role states and times: only an activation that ends
 * within ENDING_SOON_MS or one that ended (at its planned end or by a deactivation) within RECENTLY_ENDED_MS, and only
 * while the role is still eligible and nothing else is on its way. The clock is a parameter: no waiting.
 */
import { describe, expect, it } from 'vitest';
import { reactivationOffers } from '../../../../src/core/state/reactivation';
import type { RequestState, RoleState, RoleStateModel } from '../../../../src/shared/domain/role-state';
import { ENDING_SOON_MS, RECENTLY_ENDED_MS } from '../../../../src/shared/rules/ending-soon';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const MIN = 60_000;
const t = (minutes: number): string => new Date(NOW + minutes * MIN).toISOString();

function role(state: RoleState['state'], fields: Partial<RoleState> = {}): RoleState {
  return {
    roleId: 'rr',
    kind: 'directoryRole',
    displayName: 'Reports Reader',
    state,
    startDateTime: null,
    endDateTime: null,
    eligible: true,
    eligibleUntil: null,
    request: null,
    ...fields,
  };
}

function request(action: string, phase: RequestState['phase'], fields: Partial<RequestState> = {}): RequestState {
  return {
    id: `${action}-${phase}`,
    kind: 'directoryRole',
    roleId: 'rr',
    action,
    status: 'x',
    phase,
    createdDateTime: t(-120),
    startDateTime: t(-120),
    endDateTime: t(-60),
    ...fields,
  };
}

const activation = (start: number, end: number) => request('selfActivate', 'provisioned', { startDateTime: t(start), endDateTime: t(end) });
const deactivation = (at: number) =>
  request('selfDeactivate', 'revoked', { createdDateTime: t(at), startDateTime: null, endDateTime: null });

type Row = { name: string; roles: RoleState[]; requests?: RequestState[]; offer: [string, string] | null };

const soonest = ENDING_SOON_MS / MIN;
const recent = RECENTLY_ENDED_MS / MIN;

const ROWS: Row[] = [
  { name: 'active for another hour: not offered', roles: [role('active', { endDateTime: t(60) })], offer: null },
  { name: 'active, ending in 14 min: ending soon', roles: [role('active', { endDateTime: t(14) })], offer: ['ending-soon', t(14)] },
  { name: 'active, ending exactly at the bound', roles: [role('active', { endDateTime: t(soonest) })], offer: ['ending-soon', t(soonest)] },
  { name: 'active, one minute past the bound', roles: [role('active', { endDateTime: t(soonest + 1) })], offer: null },
  { name: 'active without an end: never ends soon', roles: [role('active')], offer: null },
  { name: 'an administrator’s assignment: not activated here', roles: [role('assigned', { endDateTime: t(5) })], offer: null },
  { name: 'ending soon but no longer eligible', roles: [role('active', { endDateTime: t(5), eligible: false })], offer: null },
  { name: 'ended 20 min ago at its planned end', roles: [role('eligible')], requests: [activation(-140, -20)], offer: ['ended', t(-20)] },
  {
    name: 'deactivated 90 min ago, before its planned end',
    roles: [role('eligible')],
    requests: [deactivation(-90), activation(-120, 60)],
    offer: ['ended', t(-90)],
  },
  {
    name: 'deactivated a second ago by the service’s clock, which our estimate of it has not reached yet',
    roles: [role('eligible')],
    requests: [deactivation(1 / 60), activation(-30, 30)],
    offer: ['ended', t(1 / 60)],
  },
  {
    name: 'a deactivation of an earlier activation says nothing of this one',
    roles: [role('eligible')],
    requests: [activation(-60, -10), deactivation(-200)],
    offer: ['ended', t(-10)],
  },
  {
    name: 'ended a working day ago',
    roles: [role('eligible')],
    requests: [activation(-recent - 60, -recent)],
    offer: ['ended', t(-recent)],
  },
  { name: 'ended longer ago than that', roles: [role('eligible')], requests: [activation(-recent - 61, -recent - 1)], offer: null },
  { name: 'eligible, never activated', roles: [role('eligible')], requests: [request('selfActivate', 'denied')], offer: null },
  { name: 'waiting for an approver', roles: [role('pending-approval')], requests: [activation(-140, -20)], offer: null },
  { name: 'scheduled to start later', roles: [role('scheduled')], requests: [activation(-140, -20)], offer: null },
  { name: 'approved, not visible yet', roles: [role('activating')], requests: [activation(-140, -20)], offer: null },
];

describe('reactivation offers', () => {
  it.each(ROWS)('$name', (row) => {
    const model: RoleStateModel = { roles: row.roles, requests: row.requests ?? [], at: t(0) };
    const offers = reactivationOffers(model, NOW);
    expect(offers.map((o) => [o.why, o.end])).toEqual(row.offer === null ? [] : [row.offer]);
  });

  it('orders the offers by how near their end is', () => {
    const model: RoleStateModel = {
      at: t(0),
      roles: [
        role('active', { roleId: 'a', displayName: 'A', endDateTime: t(12) }),
        role('eligible', { roleId: 'b', displayName: 'B' }),
        role('active', { roleId: 'c', displayName: 'C', endDateTime: t(3) }),
      ],
      requests: [{ ...activation(-100, -5), roleId: 'b' }],
    };
    expect(reactivationOffers(model, NOW).map((o) => o.displayName)).toEqual(['C', 'B', 'A']);
  });
});
