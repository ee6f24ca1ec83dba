/**
 * The role-state model against the simulated tenant (real MSAL, real Graph client, real HTTPS): a role activated
 * with a later start is scheduled (directory role on Graph, Azure role on ARM), never eligible nor active; activating
 * it again reports it as scheduled with no second write; cancelling it makes it eligible again; the start, when the
 * tenant's clock reaches it, makes it active; a denial reaches the model, its event and History. Time is the tenant's
 * clock.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineOptions } from '../../../src/core/engine/create-engine';
import { createActivationHistory } from '../../../src/core/history/activation-history';
import { nodeHistoryFs } from '../../../src/core/history/node-history-fs';
import type { RoleStateModel } from '../../../src/shared/domain/role-state';
import { roleStateOf } from '../../../src/shared/domain/role-state';
import type { Fixture } from './engine-fixture';
import { ADELE, AZURE_ROLE, AZURE_SCOPE, azureKey, ROLE, roleKey, startFixture, closeFixturesAfterEachTest } from './engine-fixture';

let fixture: Fixture | null = null;
closeFixturesAfterEachTest();

const READER_DEV = azureKey(AZURE_SCOPE.dev, AZURE_ROLE.reader);
const READER = roleKey(ROLE.reportsReader);
const HOUR = 3_600_000;

async function signedIn(engine: Partial<EngineOptions> = {}): Promise<Fixture> {
  fixture = await startFixture({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] }, engine });
  const session = await fixture.handlers['auth:sign-in']();
  expect(session.ok, JSON.stringify(session)).toBe(true);
  return fixture;
}

async function model(f: Fixture): Promise<RoleStateModel> {
  // Through the desktop's channel: the model as the renderer gets it, checked by its strict schema.
  const read = await f.handlers['roles:states']();
  if (!read.ok) {
    throw new Error(JSON.stringify(read.error));
  }
  return read.value;
}

const writes = (f: Fixture, from: number) =>
  f.tenant.control
    .journal()
    .filter(
      (j) =>
        j.seq > from &&
        ((j.surface === 'graph' && j.method === 'POST' && !j.path.includes('$batch')) || (j.surface === 'arm' && j.method === 'PUT')),
    );

describe('the role-state model', () => {
  it('shows a role activated for later as scheduled on Graph and ARM, and sends nothing when it is activated again', async () => {
    const f = await signedIn();
    const start = new Date(f.tenant.control.now().getTime() + HOUR).toISOString();
    const first = await f.engine.activate({
      roleIds: [READER, READER_DEV],
      duration: 'PT2H',
      startDateTime: start,
      justification: 'Maintenance CHG-20',
    });
    expect(first.ok, JSON.stringify(first)).toBe(true);
    const outcomes = first.ok ? first.value.outcomes : [];
    expect(outcomes.map((o) => [o.roleId, o.status, Date.parse(o.startDateTime ?? '')])).toEqual([
      [READER, 'scheduled', Date.parse(start)],
      [READER_DEV, 'scheduled', Date.parse(start)],
    ]);

    const states = await model(f);
    for (const outcome of outcomes) {
      const state = roleStateOf(states, outcome.roleId);
      expect(state?.state).toBe('scheduled');
      expect(Date.parse(state?.startDateTime ?? '')).toBe(Date.parse(start));
      expect(Date.parse(state?.endDateTime ?? '')).toBe(Date.parse(start) + 2 * HOUR);
      expect(state?.request?.id).toBe(outcome.requestId);
      expect(state?.request?.phase).toBe('scheduled');
    }
    // Nothing shows it active before its start.
    const listed = await f.engine.listRoles({ refresh: true });
    expect(listed.ok && listed.value.active.map((a) => a.id).filter((id) => id === READER || id === READER_DEV)).toEqual([]);

    const from = f.lastSeq();
    const again = await f.engine.activate({ roleIds: [READER, READER_DEV], duration: 'PT2H', justification: 'Maintenance CHG-20' });
    expect(again.ok && again.value.outcomes.map((o) => [o.status, o.alreadyRequested, o.requestId])).toEqual(
      outcomes.map((o) => ['scheduled', true, o.requestId]),
    );
    expect(writes(f, from)).toEqual([]);
  });

  it('makes a cancelled scheduled role eligible again, with the cancellation as its last request', async () => {
    const f = await signedIn();
    const start = new Date(f.tenant.control.now().getTime() + HOUR).toISOString();
    const report = await f.engine.activate({ roleIds: [READER_DEV], duration: 'PT1H', startDateTime: start, justification: 'CHG-21' });
    const requestId = report.ok ? report.value.outcomes[0]?.requestId : undefined;
    expect(requestId).toMatch(/roleAssignmentScheduleRequests/);
    const cancelled = await f.engine.cancelRequest(requestId ?? '', 'azureResource');
    expect(cancelled.ok, JSON.stringify(cancelled)).toBe(true);
    const state = roleStateOf(await model(f), READER_DEV);
    expect([state?.state, state?.request?.id, state?.request?.phase]).toEqual(['eligible', requestId, 'cancelled']);
  });

  it('turns a scheduled role active when the tenant clock reaches its start', async () => {
    const f = await signedIn();
    // Ten minutes ahead: far enough to be scheduled, near enough that the session's tokens outlive the wait.
    const start = new Date(f.tenant.control.now().getTime() + 10 * 60_000).toISOString();
    const report = await f.engine.activate({ roleIds: [READER], duration: 'PT1H', startDateTime: start, justification: 'CHG-22' });
    expect(report.ok && report.value.outcomes[0]?.status).toBe('scheduled');
    expect(roleStateOf(await model(f), READER)?.state).toBe('scheduled');
    f.tenant.control.advanceClock(11 * 60_000);
    const state = roleStateOf(await model(f), READER);
    expect(state?.state).toBe('active');
    expect(Date.parse(state?.startDateTime ?? '')).toBe(Date.parse(start));
    expect(state?.request?.phase).toBe('provisioned');
  });

  it('carries an approver’s denial to the model, its event and History', async () => {
    const history = createActivationHistory({
      mode: 'standard',
      file: join(mkdtempSync(join(tmpdir(), 'pim-history-')), 'h.jsonl'),
      fs: nodeHistoryFs(),
    });
    const f = await signedIn({ history });
    const admin = roleKey(ROLE.userAdmin);
    const report = await f.engine.activate({ roleIds: [admin], duration: 'PT1H', justification: 'Onboarding (CHG-23)' });
    const requestId = report.ok ? report.value.outcomes[0]?.requestId : undefined;
    expect(roleStateOf(await model(f), admin)?.state).toBe('pending-approval');
    f.tenant.control.deny(requestId ?? '');
    const state = roleStateOf(await model(f), admin);
    expect([state?.state, state?.request?.id, state?.request?.phase]).toEqual(['eligible', requestId, 'denied']);
    const pushed = f.events.filter((e) => e.channel === 'roles:states').at(-1)?.payload as RoleStateModel | undefined;
    expect(roleStateOf(pushed, admin)?.request?.phase).toBe('denied');
    expect(await f.handlers['history:request-updates']()).toEqual({ ok: true, value: [{ requestId, state: 'denied' }] });
  });
});
