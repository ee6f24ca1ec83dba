/**
 * `pim-stepup cancel` finds what it may cancel in the role-state model, as `status` shows it: a request waiting for an
 * approver is cancelled; an accepted activation already due (still being provisioned: `activating`) is not offered,
 * because PIM refuses to cancel it, and nothing is sent for it. Real engine (real MSAL, real HTTPS), the CLI's own
 * cancel command and reporter, in process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancel } from '../../../src/cli/cancel-command';
import { reporter } from '../../../src/cli/reporter';
import type { Engine } from '../../../src/core/engine/create-engine';
import { createFormFollowingBrowser } from '../../../src/demo/form-following-browser';
import { silentLogger } from '../../../src/core/logging/logger';
import { createUndiciFetch } from '../../../src/core/net/undici-fetch';
import type { AppError } from '../../../src/shared/errors';
import { roleStateOf } from '../../../src/shared/domain/role-state';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { createSimulatedEngine, simulatedTenantConfig } from '../../support/simulated-engine';
import { startTestTenant } from '../../support/test-tenant';
import { ADELE, ROLE, roleKey } from './engine-fixture';

const USER_ADMIN = roleKey(ROLE.userAdmin);
const REPORTS_READER = roleKey(ROLE.reportsReader);

let tenant: SimulatedTenant;
let engine: Engine;

beforeAll(async () => {
  tenant = await startTestTenant({ scenario: 'demo', unattended: { username: ADELE, methods: ['password', 'passkey'] } });
  const config = simulatedTenantConfig(tenant, { logLevel: 'error', provisioningTimeoutSeconds: 1 });
  const fetch = createUndiciFetch({ extraCaPem: config.extraCaPem });
  const openBrowser = createFormFollowingBrowser(fetch, silentLogger);
  ({ engine } = createSimulatedEngine({ config, fetch, openBrowser: (url) => openBrowser(url), logLevel: 'error' }));
  expect((await engine.signIn()).ok).toBe(true);
});
afterAll(async () => {
  await engine.dispose();
  await tenant.close();
});

/** Runs the CLI's cancel for one role by name, as `pim-stepup cancel <role> --json` does. */
async function cancelRole(roleId: string): Promise<{ code: number; printed: string[]; failure: AppError | null }> {
  const printed: string[] = [];
  let failure: AppError | null = null;
  const out = reporter({ out: (text) => printed.push(text), err: () => undefined, interactive: false }, true, false);
  const listed = await engine.listRoles({ refresh: false });
  const role = listed.ok ? listed.value.eligible.find((r) => r.id === roleId) : undefined;
  expect(role).toBeDefined();
  const code = await cancel(
    {},
    engine,
    () => Promise.resolve(role === undefined ? [] : [role]),
    out,
    (error) => {
      failure = error;
      return 1;
    },
  );
  return { code, printed, failure };
}

const cancelPosts = () => tenant.control.journal().filter((j) => j.method === 'POST' && j.path.endsWith('/cancel'));

describe('cancel reads the role-state model', () => {
  it('cancels a request waiting for approval, and offers nothing for an activation PIM already accepted', async () => {
    tenant.control.setActivationDelayMs(10 * 60_000);
    const ran = await engine.activate({ roleIds: [USER_ADMIN, REPORTS_READER], duration: 'PT1H', justification: 'cancel test' });
    expect(ran.ok).toBe(true);
    const open = await engine.listOpenRequests();
    expect(open.ok).toBe(true);
    if (!open.ok) {
      return;
    }
    // The model: one waiting for an approver (open), one accepted and due, still being provisioned (not open).
    expect(roleStateOf(open.value.model, USER_ADMIN)?.state).toBe('pending-approval');
    expect(roleStateOf(open.value.model, REPORTS_READER)?.state).toBe('activating');
    expect(open.value.open.map((request) => request.roleId)).toEqual([USER_ADMIN]);

    const accepted = await cancelRole(REPORTS_READER);
    expect(accepted.code).toBe(1);
    expect(accepted.failure).toMatchObject({
      code: 'pim/not-found',
      message: expect.stringContaining('no pending or scheduled request') as unknown,
    });
    expect(cancelPosts()).toEqual([]);

    const pending = await cancelRole(USER_ADMIN);
    expect(pending.code).toBe(0);
    expect(JSON.parse(pending.printed.join('\n'))).toMatchObject({
      result: { cancelled: [{ roleId: USER_ADMIN, displayName: 'User Administrator', status: 'canceled' }] },
    });
    expect(cancelPosts().map((j) => j.status)).toEqual([204]);
    const after = await engine.roleStates();
    expect(after.ok && roleStateOf(after.value, USER_ADMIN)?.request?.phase).toBe('cancelled');
  });
});
