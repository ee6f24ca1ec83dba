/**
 * Azure resource roles through the engine's pipeline against the simulated tenant (real MSAL, real HTTPS, Chromium
 * as the system browser): an Owner behind the same context as a directory role shares that role's one prompt
 * (proactively, from the policy), an Owner is stepped up reactively from ARM's 400 when its policy cannot be read,
 * approval, deactivation, and a PUT whose answer is lost is reconciled without a second PUT.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationReport } from '../../../src/shared/domain/activation';
import { azureRequestId } from '../../../src/shared/domain/azure-request-id';
import type { Fixture } from './engine-fixture';
import { ADELE, AZURE_ROLE, AZURE_SCOPE, azureKey, NORA, ROLE, roleKey, startFixture, closeFixturesAfterEachTest } from './engine-fixture';

let fixture: Fixture | null = null;
closeFixturesAfterEachTest();

const PROD = AZURE_SCOPE.prod;
const DEV = AZURE_SCOPE.dev;
const OWNER = AZURE_ROLE.owner;
const OWNER_PROD = azureKey(PROD, OWNER);
const READER_DEV = azureKey(DEV, AZURE_ROLE.reader);
const MG = AZURE_SCOPE.platformMg;
const UAA_MG = azureKey(MG, AZURE_ROLE.userAccessAdmin);

function report(result: { ok: true; value: ActivationReport } | { ok: false; error: unknown }): ActivationReport {
  expect(result.ok, JSON.stringify(result)).toBe(true);
  if (!result.ok) {
    throw new Error('activation failed');
  }
  return result.value;
}

async function signedIn(username: string, methods: string[]): Promise<Fixture> {
  fixture = await startFixture({ unattended: { username, methods } });
  const session = await fixture.handlers['auth:sign-in']();
  expect(session.ok, JSON.stringify(session)).toBe(true);
  const roles = await fixture.engine.listRoles();
  expect(roles.ok && roles.value.azure).toEqual({ status: 'available' });
  return fixture;
}

const armPuts = (f: Fixture, from: number) =>
  f.tenant.control.journal().filter((entry) => entry.seq > from && entry.surface === 'arm' && entry.method === 'PUT');

describe('Azure roles through the activation pipeline', () => {
  it('activates an Azure Owner and a directory role behind the same context with one prompt', async () => {
    const f = await signedIn(ADELE, ['windowsHello']);
    const from = f.lastSeq();
    const promptsBefore = f.engine.prompts();
    const result = report(
      await f.engine.activate({ roleIds: [roleKey(ROLE.globalAdmin), OWNER_PROD], duration: 'PT1H', justification: 'CHG-11 Azure' }),
    );
    expect(result.outcomes.map((o) => [o.roleId, o.status])).toEqual([
      [roleKey(ROLE.globalAdmin), 'active'],
      [OWNER_PROD, 'active'],
    ]);
    expect(f.engine.prompts() - promptsBefore).toBe(1);
    expect(result.prompts).toBe(1);
    // The policy said c1 for both: each API got its token up front, no challenge was needed.
    expect(armPuts(f, from).map((entry) => entry.status)).toEqual([201]);
    expect(result.contextsProven).toContain('c1');
    const roles = await f.engine.listRoles();
    expect(roles.ok && roles.value.eligible.find((role) => role.id === OWNER_PROD)?.active?.assignmentType).toBe('Activated');
  });

  it('steps up reactively from ARM’s 400 when the policy cannot be read', async () => {
    const f = await signedIn(NORA, ['password', 'passkey']);
    const roles = await f.engine.listRoles();
    expect(roles.ok && roles.value.eligible.find((role) => role.id === OWNER_PROD)?.requirements.known).toBe(false);
    const from = f.lastSeq();
    const result = report(await f.engine.activate({ roleIds: [OWNER_PROD], duration: 'PT1H', justification: 'CHG-11 reactive' }));
    expect(
      result.outcomes.map((o) => o.status),
      JSON.stringify(result.outcomes),
    ).toEqual(['active']);
    expect(armPuts(f, from).map((entry) => entry.status)).toEqual([400, 201]);
    expect(result.prompts).toBe(1);
  });

  it('reports approval as pending, and deactivates once the 5-minute minimum has passed', async () => {
    const f = await signedIn(ADELE, ['windowsHello']);
    const pending = report(await f.engine.activate({ roleIds: [UAA_MG], duration: 'PT1H', justification: 'CHG-11 approval' }));
    expect(pending.outcomes.map((o) => o.status)).toEqual(['pending-approval']);
    const active = report(await f.engine.activate({ roleIds: [READER_DEV], duration: 'PT1H', justification: 'CHG-11 reader' }));
    expect(active.outcomes.map((o) => o.status)).toEqual(['active']);
    const early = await f.engine.deactivate(READER_DEV);
    expect(early.ok && early.value.status === 'failed' && early.value.error?.code).toBe('pim/active-duration-too-short');
    f.tenant.control.advanceClock(6 * 60_000);
    const done = await f.engine.deactivate(READER_DEV);
    expect(done.ok && done.value.status, JSON.stringify(done)).toBe('deactivated');
  });

  it('lists a pending Azure request with the Entra ones and cancels it at its scope by its full ARM id', async () => {
    const f = await signedIn(ADELE, ['windowsHello']);
    const pending = report(await f.engine.activate({ roleIds: [UAA_MG], duration: 'PT1H', justification: 'CHG-11 cancel' }));
    // The outcome carries the full ARM id, which names the request at its scope.
    const fullId = pending.outcomes[0]?.requestId ?? '';
    const name = fullId.split('/').pop() ?? '';
    expect(fullId.toLowerCase()).toBe(azureRequestId(MG, name).toLowerCase());
    expect(pending.outcomes.map((o) => o.status)).toEqual(['pending-approval']);
    const held = () => f.tenant.control.requests().find((r) => r.kind === 'azureRole' && r.id.toLowerCase() === name.toLowerCase());
    expect(held()?.status).toBe('PendingApproval');

    // A bare name is refused (it has no scope to cancel at), and so is an id the IPC schema does not recognise.
    expect((await f.handlers['activation:cancel-request']({ requestId: name, kind: 'azureResource' })).ok).toBe(false);
    // The home screen's list has it beside the Entra ones, named, with the full ARM id it is cancelled by.
    const listed = await f.engine.listPendingRequests();
    const azure = listed.ok ? listed.value.filter((r) => r.kind === 'azureResource') : [];
    expect(azure.map((r) => [r.requestId.toLowerCase(), r.roleId, r.displayName, r.status])).toEqual([
      [azureRequestId(MG, name).toLowerCase(), UAA_MG, 'User Access Administrator', 'PendingApproval'],
    ]);
    const done = await f.handlers['activation:cancel-request']({ requestId: azure[0]?.requestId ?? '', kind: 'azureResource' });
    expect(done.ok, JSON.stringify(done)).toBe(true);
    expect(held()?.status).toBe('Canceled');
    const cancels = f.tenant.control.journal().filter((entry) => entry.surface === 'arm' && entry.path.endsWith('/cancel'));
    expect(cancels.map((entry) => [entry.method, entry.status, entry.path.startsWith(MG)])).toEqual([['POST', 200, true]]);
    const after = await f.engine.listPendingRequests();
    expect(after.ok && after.value.filter((r) => r.kind === 'azureResource')).toEqual([]);
  });

  it('never resends the ARM PUT after a 503 that hid an applied request: it reconciles', async () => {
    const f = await signedIn(ADELE, ['windowsHello']);
    f.tenant.control.injectFault({
      kind: 'unavailable',
      surface: 'arm',
      method: 'PUT',
      path: 'roleAssignmentScheduleRequests',
      afterApply: true,
    });
    const from = f.lastSeq();
    const result = report(await f.engine.activate({ roleIds: [READER_DEV], duration: 'PT1H', justification: 'CHG-11 lost answer' }));
    expect(
      result.outcomes.map((o) => o.status),
      JSON.stringify(result.outcomes),
    ).toEqual(['active']);
    expect(armPuts(f, from).map((entry) => entry.status)).toEqual([503]);
  });
});
