/**
 * What the home screen and the activate form need from the engine, against the simulated tenant:
 * the user's requests waiting for approval (listed, then cancelled), a duration per role, each
 * honoured by PIM, and a scheduled start.
 */
import { describe, expect, it } from 'vitest';
import { ADELE, ROLE, roleKey, signedInPerTest } from './engine-fixture';

const signedIn = signedInPerTest(ADELE, ['password', 'authenticatorPush']);

describe('pending requests', () => {
  it('lists a request waiting for approval with its role name, and no longer once it is cancelled', async () => {
    const f = await signedIn();
    const report = await f.engine.activate({
      roleIds: [roleKey(ROLE.userAdmin)],
      duration: 'PT1H',
      justification: 'Onboard a new team (CHG-7)',
    });
    const requestId = report.ok ? report.value.outcomes[0]?.requestId : undefined;
    expect(requestId).toMatch(/.+/);
    const listed = await f.handlers['activation:list-pending']();
    expect(listed.ok && listed.value.map((p) => [p.requestId, p.roleId, p.displayName, p.kind])).toEqual([
      [requestId, roleKey(ROLE.userAdmin), 'User Administrator', 'directoryRole'],
    ]);
    expect((await f.handlers['activation:cancel-request']({ requestId: requestId ?? '', kind: 'directoryRole' })).ok).toBe(true);
    expect(f.tenant.control.requests().find((r) => r.id === requestId)?.status).toBe('Canceled');
    const after = await f.handlers['activation:list-pending']();
    expect(after.ok && after.value).toEqual([]);
  });
});

describe('per-role durations and a scheduled start', () => {
  it('activates two roles at once, each for its own duration, as PIM records them', async () => {
    const f = await signedIn();
    const rr = roleKey(ROLE.reportsReader);
    const hd = roleKey(ROLE.exchangeAdmin);
    const report = await f.engine.activate({
      roleIds: [rr, hd],
      duration: 'PT1H',
      durations: { [rr]: 'PT2H', [hd]: 'PT3H' },
      justification: 'Quarterly access review (CHG-8)',
    });
    expect(report.ok && report.value.outcomes.map((o) => o.status)).toEqual(['active', 'active']);
    const roles = await f.engine.listRoles({ refresh: true });
    const hours = (id: string) => {
      const a = roles.ok ? roles.value.active.find((x) => x.id === id) : undefined;
      return (Date.parse(a?.endDateTime ?? '') - Date.parse(a?.startDateTime ?? '')) / 3_600_000;
    };
    expect([hours(rr), hours(hd)]).toEqual([2, 3]);
  });

  it('refuses, per role, a duration above that role’s own maximum while another role may go longer', async () => {
    const f = await signedIn();
    const catalog = await f.engine.listRoles();
    const ga = catalog.ok ? catalog.value.eligible.find((r) => r.id === roleKey(ROLE.globalAdmin)) : undefined;
    expect(ga?.requirements.maximumDuration).toBe('PT4H');
    const plan = await f.engine.plan({
      roleIds: [roleKey(ROLE.globalAdmin), roleKey(ROLE.reportsReader)],
      duration: 'PT1H',
      durations: { [roleKey(ROLE.globalAdmin)]: 'PT6H', [roleKey(ROLE.reportsReader)]: 'PT8H' },
      justification: 'Tenant-wide incident (INC-9)',
    });
    expect(plan.ok && plan.value.problems.map((p) => [p.roleId, p.issues.map((i) => i.path)])).toEqual([
      [roleKey(ROLE.globalAdmin), ['duration']],
    ]);
  });

  it('schedules an activation to start later instead of now', async () => {
    const f = await signedIn();
    const start = new Date(f.tenant.control.now().getTime() + 2 * 3_600_000).toISOString();
    const report = await f.engine.activate({
      roleIds: [roleKey(ROLE.reportsReader)],
      duration: 'PT1H',
      startDateTime: start,
      justification: 'Planned maintenance window (CHG-9)',
    });
    const outcome = report.ok ? report.value.outcomes[0] : undefined;
    expect(outcome?.status).toBe('scheduled');
    expect(Date.parse(outcome?.startDateTime ?? '')).toBe(Date.parse(start));
  });
});
