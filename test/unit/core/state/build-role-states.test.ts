/**
 * The role-state model from a table of facts: each row is what PIM was read to hold for one role, and the state,
 * times and explaining request every surface must then show.
 */
import { describe, expect, it } from 'vitest';
import type { RequestFact, RoleFacts } from '../../../../src/core/state/build-role-states';
import { SERVICE_CLOCK_PRECISION_MS, buildRoleStates, requestPhaseOf } from '../../../../src/core/state/build-role-states';

const AT = '2026-12-07T10:00:00.000Z';
const HOUR = 3_600_000;
const t = (hours: number): string => new Date(Date.parse(AT) + hours * HOUR).toISOString();
const ROLE = 'role:62e90394-69f5-4237-9190-012177145e10:/';

const eligibility = {
  roleId: ROLE,
  kind: 'directoryRole' as const,
  displayName: 'Global Administrator',
  startDateTime: t(-700),
  endDateTime: null,
};

function request(fields: Partial<RequestFact> & Pick<RequestFact, 'status'>): RequestFact {
  return {
    id: 'req-1',
    kind: 'directoryRole',
    roleId: ROLE,
    action: 'selfActivate',
    createdDateTime: t(-1),
    startDateTime: t(-1),
    duration: 'PT2H',
    endDateTime: null,
    ...fields,
  };
}

function facts(fields: Partial<RoleFacts>): RoleFacts {
  return { at: AT, eligibilities: [eligibility], instances: [], schedules: [], requests: [], ...fields };
}

type Row = {
  readonly name: string;
  readonly facts: RoleFacts;
  readonly state: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly request: readonly [string, string] | null;
};

const ROWS: readonly Row[] = [
  { name: 'eligible, nothing asked', facts: facts({}), state: 'eligible', start: null, end: null, request: null },
  {
    name: 'pending approval',
    facts: facts({ requests: [request({ status: 'PendingApproval', startDateTime: null })] }),
    state: 'pending-approval',
    start: null,
    end: null,
    request: ['req-1', 'pending'],
  },
  {
    name: 'denied: eligible again, the denial explains it',
    facts: facts({ requests: [request({ status: 'Denied' })] }),
    state: 'eligible',
    start: null,
    end: null,
    request: ['req-1', 'denied'],
  },
  {
    name: 'cancelled',
    facts: facts({ requests: [request({ status: 'Canceled' })] }),
    state: 'eligible',
    start: null,
    end: null,
    request: ['req-1', 'cancelled'],
  },
  {
    name: 'approval timed out (ARM)',
    facts: facts({ requests: [request({ status: 'TimedOut', kind: 'azureResource' })] }),
    state: 'eligible',
    start: null,
    end: null,
    request: ['req-1', 'expired'],
  },
  {
    name: 'failed',
    facts: facts({ requests: [request({ status: 'Failed' })] }),
    state: 'eligible',
    start: null,
    end: null,
    request: ['req-1', 'failed'],
  },
  {
    name: 'a future start answered Granted, schedule listed: scheduled, never eligible',
    facts: facts({
      requests: [request({ status: 'Granted', startDateTime: t(2), duration: 'PT1H' })],
      schedules: [
        { ...eligibility, displayName: null, startDateTime: t(2), endDateTime: t(3), assignmentType: 'Activated', requestId: 'req-1' },
      ],
    }),
    state: 'scheduled',
    start: t(2),
    end: t(3),
    request: ['req-1', 'scheduled'],
  },
  {
    name: 'scheduled from the request alone (schedules not readable)',
    facts: facts({ requests: [request({ status: 'Granted', startDateTime: t(24), duration: 'PT4H' })] }),
    state: 'scheduled',
    start: t(24),
    end: t(28),
    request: ['req-1', 'scheduled'],
  },
  {
    name: 'scheduled even when the status already says Provisioned (start decides, not the word)',
    facts: facts({ requests: [request({ status: 'Provisioned', startDateTime: t(5) })] }),
    state: 'scheduled',
    start: t(5),
    end: t(7),
    request: ['req-1', 'scheduled'],
  },
  {
    name: 'scheduled from the schedule alone (the request aged out)',
    facts: facts({
      schedules: [{ ...eligibility, startDateTime: t(2), endDateTime: t(3), assignmentType: 'Activated', requestId: 'gone' }],
    }),
    state: 'scheduled',
    start: t(2),
    end: t(3),
    request: null,
  },
  {
    name: 'accepted and due, no instance yet: activating',
    facts: facts({ requests: [request({ status: 'Granted', startDateTime: t(0) })] }),
    state: 'activating',
    start: t(0),
    end: t(2),
    request: ['req-1', 'approved'],
  },
  {
    name: 'active: the instance decides, the provisioned request explains',
    facts: facts({
      requests: [request({ status: 'Provisioned' })],
      instances: [{ ...eligibility, startDateTime: t(-1), endDateTime: t(1), assignmentType: 'Activated' }],
    }),
    state: 'active',
    start: t(-1),
    end: t(1),
    request: ['req-1', 'provisioned'],
  },
  {
    name: 'an instance PIM lists is in effect even when its start reads a moment ahead of our clock (Date counts seconds)',
    facts: facts({
      requests: [request({ status: 'Provisioned' })],
      instances: [{ ...eligibility, startDateTime: t(1 / 7200), endDateTime: t(1), assignmentType: 'Activated' }],
      schedules: [{ ...eligibility, startDateTime: t(1 / 7200), endDateTime: t(1), assignmentType: 'Activated', requestId: 'req-1' }],
    }),
    state: 'active',
    start: t(1 / 7200),
    end: t(1),
    request: ['req-1', 'provisioned'],
  },
  {
    name: 'a scheduled start that has come: active once the instance shows',
    facts: facts({
      requests: [request({ status: 'Granted', startDateTime: t(-0.5) })],
      instances: [{ ...eligibility, startDateTime: t(-0.5), endDateTime: t(1.5), assignmentType: 'Activated' }],
    }),
    state: 'active',
    start: t(-0.5),
    end: t(1.5),
    request: ['req-1', 'provisioned'],
  },
  {
    name: 'an ended activation: eligible, no decision to tell',
    facts: facts({
      requests: [request({ status: 'Provisioned', startDateTime: t(-5) })],
      instances: [{ ...eligibility, startDateTime: t(-5), endDateTime: t(-3), assignmentType: 'Activated' }],
    }),
    state: 'eligible',
    start: null,
    end: null,
    request: null,
  },
  {
    name: "an administrator's assignment, with an extension waiting",
    facts: facts({
      eligibilities: [],
      requests: [request({ status: 'PendingAdminDecision', action: 'selfExtend' })],
      instances: [{ ...eligibility, startDateTime: t(-100), endDateTime: t(48), assignmentType: 'Assigned' }],
    }),
    state: 'assigned',
    start: t(-100),
    end: t(48),
    request: ['req-1', 'pending'],
  },
];

describe('the role-state model, from a table of facts', () => {
  it.each(ROWS)('$name', (row) => {
    const model = buildRoleStates(row.facts);
    expect(model.roles).toHaveLength(1);
    const role = model.roles[0];
    expect(role?.state).toBe(row.state);
    expect([role?.startDateTime, role?.endDateTime]).toEqual([row.start, row.end]);
    expect(role?.request === null || role?.request === undefined ? null : [role.request.id, role.request.phase]).toEqual(row.request);
    expect(role?.displayName).toBe('Global Administrator');
  });

  it('names a status it does not know as unknown, keeping PIM’s word', () => {
    const model = buildRoleStates(facts({ requests: [request({ status: 'SomethingNew' })] }));
    expect(model.requests.map((r) => [r.status, r.phase])).toEqual([['SomethingNew', 'unknown']]);
  });

  it('lists a role known only from a request waiting for approval, named by its id', () => {
    const model = buildRoleStates(facts({ eligibilities: [], requests: [request({ status: 'PendingApproval' })] }));
    expect(model.roles.map((r) => [r.roleId, r.displayName, r.state, r.eligible])).toEqual([[ROLE, ROLE, 'pending-approval', false]]);
  });

  it('reads status words case-insensitively, as ARM and Graph spell them differently', () => {
    const at = Date.parse(AT);
    expect(requestPhaseOf({ status: 'pendingApproval', startDateTime: null }, at, false)).toBe('pending');
    expect(requestPhaseOf({ status: 'AdminDenied', startDateTime: null }, at, false)).toBe('denied');
    expect(requestPhaseOf({ status: 'Revoked', startDateTime: null }, at, false)).toBe('revoked');
    expect(requestPhaseOf({ status: 'ScheduleCreated', startDateTime: t(1) }, at, false)).toBe('scheduled');
  });

  it('judges a start within the service clock’s precision as now: an approval provisioned a moment ago is not scheduled', () => {
    const at = Date.parse(AT);
    const startIn = (ms: number) => new Date(at + ms).toISOString();
    expect(requestPhaseOf({ status: 'Provisioned', startDateTime: startIn(800) }, at, true)).toBe('provisioned');
    expect(requestPhaseOf({ status: 'Provisioned', startDateTime: startIn(SERVICE_CLOCK_PRECISION_MS) }, at, true)).toBe('provisioned');
    expect(requestPhaseOf({ status: 'Granted', startDateTime: startIn(SERVICE_CLOCK_PRECISION_MS + 1) }, at, false)).toBe('scheduled');
  });

  it('lists requests newest first', () => {
    const model = buildRoleStates(
      facts({
        requests: [
          request({ id: 'old', status: 'Denied', createdDateTime: t(-5) }),
          request({ id: 'new', status: 'Denied', createdDateTime: t(-1) }),
        ],
      }),
    );
    expect(model.requests.map((r) => r.id)).toEqual(['new', 'old']);
    expect(model.roles[0]?.request?.id).toBe('new');
  });
});
