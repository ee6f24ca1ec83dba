/**
 * The real-tenant smoke test's flow (test/smoke/smoke-flow.ts) against the simulated tenant, with
 * the real engine and Chromium as the system browser: the same steps `npm run smoke` takes
 * against Entra, proven here where Entra cannot be reached. The five-minute wait before
 * deactivation moves the tenant's clock instead of the test's. Also: `npm run smoke` without its
 * settings skips with its reason.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { smokeSetupFromEnv } from '../../smoke/real-tenant-smoke';
import { formatSmokeReport, runSmoke } from '../../smoke/smoke-flow';
import type { SmokeDeps } from '../../smoke/smoke-flow';
import { ADELE, ROLE, startFixture, closeFixturesAfterEachTest } from '../engine/engine-fixture';
import type { Fixture } from '../engine/engine-fixture';

closeFixturesAfterEachTest();

function deps(f: Fixture, lines: string[]): SmokeDeps {
  return {
    wait: (ms) => {
      f.tenant.control.advanceClock(ms);
      return Promise.resolve();
    },
    say: (line) => lines.push(line),
  };
}

const settings = { duration: 'PT1H', justification: 'Smoke flow against the simulated tenant' };

describe('smoke flow', () => {
  it('signs in, lists, activates Global Administrator with its c1 step-up, deactivates after the five-minute rule, and reports each step', async () => {
    const f = await startFixture({ unattended: { username: ADELE, methods: ['password', 'passkey'] } });
    const lines: string[] = [];
    const from = f.lastSeq();
    const report = await runSmoke(f.engine, { ...settings, role: 'global administrator' }, deps(f, lines));

    expect(report.steps.map((s) => [s.step, s.outcome])).toEqual([
      ['sign-in', 'passed'],
      ['list', 'passed'],
      ['find role', 'passed'],
      ['step-up', 'passed'],
      ['activate', 'passed'],
      ['deactivate', 'passed'],
    ]);
    expect(report.passed).toBe(true);
    expect(report.steps.find((s) => s.step === 'find role')?.detail).toMatch(/requires context c1/);
    expect(report.steps.find((s) => s.step === 'step-up')?.detail).toMatch(/token proves c1/);
    // One activation and one deactivation reached PIM, and the role is no longer active.
    expect(f.activationPosts(from).map((p) => [p.status, p.action])).toEqual([
      [201, 'selfActivate'],
      [201, 'selfDeactivate'],
    ]);
    const after = await f.engine.listRoles({ refresh: true });
    expect(
      after.ok &&
        after.value.eligible.find((r) => r.target.kind === 'directoryRole' && r.target.roleDefinitionId === ROLE.globalAdmin)?.active,
    ).toBeNull();
    expect(formatSmokeReport(report)).toMatch(/^Real-tenant smoke test\n[\s\S]*deactivate +passed[\s\S]*\nPASSED$/);
    expect(lines.some((line) => line.includes('first five minutes'))).toBe(true);
  });

  it('finds the role by its id too; a role without a context passes with a warning that no step-up was exercised', async () => {
    const f = await startFixture({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const report = await runSmoke(f.engine, { ...settings, role: ROLE.reportsReader }, deps(f, []));
    expect(report.steps.find((s) => s.step === 'step-up')).toMatchObject({
      outcome: 'warning',
      detail: expect.stringMatching(/no step-up was exercised/) as unknown,
    });
    expect(report.passed).toBe(true);
    expect(report.steps.at(-1)).toMatchObject({ step: 'deactivate', outcome: 'passed' });
  });

  it('fails, naming the role, when the tenant has no such eligible role', async () => {
    const f = await startFixture({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const from = f.lastSeq();
    const report = await runSmoke(f.engine, { ...settings, role: 'Tooth Fairy Administrator' }, deps(f, []));
    expect(report.passed).toBe(false);
    expect(report.steps.at(-1)).toMatchObject({
      step: 'find role',
      outcome: 'failed',
      detail: expect.stringContaining('"Tooth Fairy Administrator"') as unknown,
    });
    expect(f.activationPosts(from)).toEqual([]);
  });
});

describe('npm run smoke', () => {
  it('skips with its reason, exit 0, when the PIM_STEPUP_SMOKE_* settings are absent', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PIM_STEPUP_SMOKE_')));
    const run = spawnSync(process.execPath, ['scripts/smoke.mjs'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(
      '[smoke] skipped: PIM_STEPUP_SMOKE_TENANT, PIM_STEPUP_SMOKE_CLIENT_ID, PIM_STEPUP_SMOKE_ROLE are not set. It needs a test tenant: see docs/smoke-tenant.md.',
    );
  }, 60_000);

  it('reads the tenant, client id and role, with defaults for the rest', () => {
    expect(smokeSetupFromEnv({ PIM_STEPUP_SMOKE_TENANT: 'contoso.onmicrosoft.com', PIM_STEPUP_SMOKE_ROLE: 'Reports Reader' })).toEqual({
      run: false,
      reason: 'PIM_STEPUP_SMOKE_CLIENT_ID is not set. It needs a test tenant: see docs/smoke-tenant.md.',
    });
    expect(
      smokeSetupFromEnv({
        PIM_STEPUP_SMOKE_TENANT: ' contoso.onmicrosoft.com ',
        PIM_STEPUP_SMOKE_CLIENT_ID: '66666666-7777-8888-9999-000000000000',
        PIM_STEPUP_SMOKE_ROLE: 'Reports Reader',
        PIM_STEPUP_SMOKE_TICKET_NUMBER: 'CHG-1',
      }),
    ).toEqual({
      run: true,
      tenant: 'contoso.onmicrosoft.com',
      clientId: '66666666-7777-8888-9999-000000000000',
      settings: {
        role: 'Reports Reader',
        duration: 'PT1H',
        justification: 'PIM Step-Up smoke test (activated and deactivated by the test)',
        ticketNumber: 'CHG-1',
      },
      verbose: false,
    });
  });
});
