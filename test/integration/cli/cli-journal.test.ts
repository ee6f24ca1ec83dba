/**
 * The CLI journals its intents on disk and never writes twice: the bundled `pim-stepup` is killed (SIGKILL) right
 * after PIM accepted its write, then run again with the same state folder against the same simulated tenant (custom
 * endpoints, $BROWSER posting the unattended sign-in form). The second run reconciles first and follows the request
 * the first one sent: no second POST (Graph) or PUT (ARM), the original request id, exit 0 (3 while it waits for
 * approval). Writes are counted from the tenant's journal. And the causes it names against a real tenant: Azure
 * Resource Manager unreachable (exit 1, in `activate` and human `roles`), `--scope` for Azure roles only with a scope
 * miss naming where the role is, and `cancel --request-id` with the full ARM id `activate` printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSimulatedTenant } from '../../../src/simulated-tenant';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { configuredArgsWithArm } from '../../support/cli-args';
import { buildCliWithBrowser } from '../../support/cli-build';
import { watchOutput } from '../../support/cli-process';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
let cli = '';
let browser = '';
let tenant: SimulatedTenant;

beforeAll(async () => {
  // The product's own form parser behind a $BROWSER, as in the other CLI tests.
  ({ cli, browser } = await buildCliWithBrowser());
  tenant = await startSimulatedTenant({ unattended: { username: ADELE, methods: ['password', 'passkey'] } });
});
afterAll(async () => {
  await tenant.close();
});
beforeEach(() => {
  tenant.control.reset();
  tenant.control.setUnattended({ username: ADELE, methods: ['password', 'passkey'] });
});

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function start(args: string[], home: string) {
  const child = spawn(process.execPath, [cli, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      NODE_EXTRA_CA_CERTS: tenant.caCertPath,
      BROWSER: `${process.execPath} ${browser}`,
      // The simulated tenant stands in for Microsoft's endpoints: tokens are asked for Microsoft's audiences.
      PIM_STEPUP_GRAPH_AUDIENCE: 'https://graph.microsoft.com',
      PIM_STEPUP_ARM_AUDIENCE: 'https://management.azure.com/',
    },
  });
  const { done, said } = watchOutput(child);
  return { child, done, said };
}

const endpoints = (): string[] => configuredArgsWithArm(tenant);

/** Activation writes the tenant saw: Graph POSTs and ARM PUTs of schedule requests. */
const writes = (): number =>
  tenant.control
    .journal()
    .filter(
      (j) =>
        j.path.endsWith('roleAssignmentScheduleRequests') ||
        (j.surface === 'arm' && j.method === 'PUT' && j.path.includes('roleAssignmentScheduleRequests/')),
    )
    .filter((j) => j.method === 'POST' || j.method === 'PUT').length;

/** Resolves once the tenant holds a request (the write was accepted). */
const accepted = (): Promise<string> =>
  vi.waitFor(
    () => {
      const request = tenant.control.requests().find((r) => r.action.toLowerCase() === 'selfactivate');
      if (request === undefined) {
        throw new Error('no request reached the tenant');
      }
      return request.id;
    },
    { timeout: 30_000, interval: 20 },
  );

type Outcome = { roleId: string; status: string; requestId?: string; endDateTime?: string | null };
const outcomeOf = (run: Run): Outcome => {
  const parsed = JSON.parse(run.stdout) as { result: { outcomes: Outcome[] } };
  const [outcome] = parsed.result.outcomes;
  if (outcome === undefined) {
    throw new Error(run.stdout);
  }
  return outcome;
};

const activate = (role: string[]): string[] => [
  'activate',
  ...role,
  '--duration',
  'PT1H',
  '--justification',
  'CHG-19 journal',
  '--json',
  ...endpoints(),
];

describe('the CLI after a SIGKILL once PIM accepted its write', () => {
  it.each([
    { name: 'a directory role (Graph) still provisioning', role: ['Exchange Administrator'] },
    { name: 'an Azure role (ARM) still provisioning', role: ['Reader', '--scope', 'Contoso Dev'] },
  ])('$name: the next run follows the same request to active, with no second write', async ({ role }) => {
    // The request stays Granted (provisioning) until the tenant clock passes a minute.
    tenant.control.setActivationDelayMs(60_000);
    const home = mkdtempSync(path.join(os.tmpdir(), 'home-'));
    const first = start(activate(role), home);
    const requestId = await accepted();
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    expect(writes()).toBe(1);
    expect(existsSync(path.join(home, '.local', 'state', 'pim-stepup', 'activation-intents.json'))).toBe(true);

    const second = start(activate(role), home);
    // The second run reconciles and follows the request the first one sent; then PIM finishes provisioning it.
    await second.said(new RegExp(`"phase":"provisioning","requestId":"[^"]*${requestId}`, 'i'));
    tenant.control.advanceClock(2 * 60_000);
    const run = await second.done;
    expect(run.code, run.stderr).toBe(0);
    const outcome = outcomeOf(run);
    expect(outcome.status).toBe('active');
    expect(outcome.requestId?.toLowerCase()).toContain(requestId.toLowerCase());
    expect(writes()).toBe(1);
  });

  it.each([
    { name: 'a directory role (Graph)', role: ['User Administrator'] },
    { name: 'an Azure role (ARM)', role: ['User Access Administrator', '--scope', 'Contoso Platform'] },
  ])('an approval role, $name: the next run reports the same pending request, exit 3, with no second write', async ({ role }) => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'home-'));
    const first = start(activate(role), home);
    const requestId = await accepted();
    first.child.kill('SIGKILL');
    await first.done;
    expect(writes()).toBe(1);
    const run = await start(activate(role), home).done;
    expect(run.code, run.stderr).toBe(3);
    const outcome = outcomeOf(run);
    expect(outcome.status).toBe('pending-approval');
    expect(outcome.requestId?.toLowerCase()).toContain(requestId.toLowerCase());
    expect(writes()).toBe(1);
  });
});

describe('the CLI names the cause', () => {
  const withArm = (arm: string): string[] => {
    const args = endpoints();
    args[args.indexOf('--arm-endpoint') + 1] = arm;
    return args;
  };

  it('Azure Resource Manager unreachable: activate exits 1 naming it, and human roles says so too', async () => {
    const unreachable = withArm('https://localhost:1');
    const home = () => mkdtempSync(path.join(os.tmpdir(), 'home-'));
    // Two runs of their own (each with its own state folder), side by side: each retries its Resource Manager reads
    // with back-off before it gives up, and neither needs the other.
    const [activated, roles] = await Promise.all([
      start(['activate', 'Owner', '--duration', 'PT1H', '--justification', 'x', '--json', ...unreachable], home()).done,
      start(['roles', ...unreachable], home()).done,
    ]);
    expect(activated.code, activated.stderr).toBe(1);
    const message = (JSON.parse(activated.stdout) as { error: { message: string } }).error.message;
    expect(message).toMatch(
      /^Azure Resource Manager could not be reached \(.+\): your directory roles and groups are listed; Azure roles are not\.$/,
    );
    expect(roles.code, roles.stderr).toBe(0);
    expect(roles.stdout).toContain('Global Administrator');
    expect(roles.stdout).toMatch(
      /Azure Resource Manager could not be reached \(.+\): your directory roles and groups are listed; Azure roles are not\./,
    );
    expect(writes()).toBe(0);
  });

  it('--scope applies to Azure roles only, a scope miss names where the role is, and cancel takes the full ARM id', async () => {
    const home = () => mkdtempSync(path.join(os.tmpdir(), 'home-'));
    // Three runs about different roles, side by side, each with its own state folder.
    const directoryAndAzure = ['activate', 'Global Administrator', 'Owner', '--scope', 'Contoso Prod'];
    const [both, miss, pending] = await Promise.all([
      start([...directoryAndAzure, '--duration', 'PT1H', '--justification', 'CHG-19 scope', '--json', ...endpoints()], home()).done,
      start(['activate', 'Reader', '--scope', 'Contoso Prod', '--duration', 'PT1H', '--json', ...endpoints()], home()).done,
      start(activate(['User Access Administrator', '--scope', 'Contoso Platform']), home()).done,
    ]);
    expect(both.code, both.stderr).toBe(0);
    const outcomes = (JSON.parse(both.stdout) as { result: { outcomes: Outcome[] } }).result.outcomes;
    expect(outcomes.map((o) => [o.roleId.split(':')[0], o.status])).toEqual([
      ['role', 'active'],
      ['azure', 'active'],
    ]);
    expect(miss.code).toBe(2);
    expect((JSON.parse(miss.stdout) as { error: { message: string } }).error.message).toMatch(
      /"Reader" is eligible at Subscription · Contoso Dev, not at "Contoso Prod"/,
    );

    expect(pending.code, pending.stderr).toBe(3);
    const fullId = outcomeOf(pending).requestId ?? '';
    expect(fullId).toMatch(
      /^\/providers\/Microsoft\.Management\/managementGroups\/contoso-platform\/providers\/Microsoft\.Authorization\/roleAssignmentScheduleRequests\//i,
    );
    const cancelled = await start(['cancel', '--request-id', fullId, '--json', ...endpoints()], home()).done;
    expect(cancelled.code, cancelled.stdout + cancelled.stderr).toBe(0);
    const result = (JSON.parse(cancelled.stdout) as { result: { cancelled: { displayName: string; status: string }[] } }).result;
    expect(result.cancelled).toEqual([
      expect.objectContaining({ status: 'canceled', displayName: 'User Access Administrator (Contoso Platform)' }),
    ]);
  });
});
