/**
 * `activate --wait-usable`: the bundled CLI, spawned, against a separately started simulated tenant whose planes
 * honour a new activation only after a propagation delay on the tenant's clock. The test never sleeps to order
 * things: it moves the tenant clock when the tenant's journal shows the CLI's first ready-check probe.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulatedTenant } from '../../../src/simulated-tenant';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { configuredArgs } from '../../support/cli-args';
import { buildCliWithBrowser } from '../../support/cli-build';
import { cliOutputProblems } from '../../support/cli-output-validator';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
const PROBE = '/me/transitiveMemberOf/microsoft.graph.directoryRole';

type Run = { code: number | null; stdout: string; stderr: string };
type Outcome = { status: string; activeAt: string | null; usableAt: string | null; usableNote?: string };

let cli = '';
let browser = '';
let tenant: SimulatedTenant;

beforeAll(async () => {
  ({ cli, browser } = await buildCliWithBrowser());
  tenant = await startSimulatedTenant({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
});

afterAll(async () => {
  await tenant.close();
});

beforeEach(() => {
  tenant.control.reset();
  tenant.control.setUnattended({ username: ADELE, methods: ['password', 'authenticatorPush'] });
});

function run(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [cli, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: mkdtempSync(path.join(os.tmpdir(), 'home-')),
      NODE_EXTRA_CA_CERTS: tenant.caCertPath,
      // The simulated tenant stands in for Microsoft's endpoints: tokens are asked for Microsoft's audiences.
      PIM_STEPUP_GRAPH_AUDIENCE: 'https://graph.microsoft.com',
      PIM_STEPUP_ARM_AUDIENCE: 'https://management.azure.com/',
      BROWSER: `${process.execPath} ${browser}`,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

const activate = (extra: string[]): string[] => [
  'activate',
  'Reports Reader',
  '--duration',
  'PT1H',
  '--json',
  ...configuredArgs(tenant),
  ...extra,
];

function outcomeOf(result: Run): Outcome {
  const parsed = JSON.parse(result.stdout) as { exitCode: number; result: { outcomes: Outcome[] } };
  expect(cliOutputProblems(parsed), result.stdout).toEqual([]);
  expect(parsed.exitCode).toBe(result.code);
  const outcome = parsed.result.outcomes[0];
  if (outcome === undefined) {
    throw new Error(result.stdout);
  }
  return outcome;
}

describe('activate --wait-usable', () => {
  it('waits past the propagation delay: exit 0, with when the role became active and when usable', async () => {
    tenant.control.setPropagationDelayMs('directory', 10 * 60_000);
    const running = run(activate(['--wait-usable', '--wait-timeout', '120']));
    // Once the CLI has looked (and found the role not yet usable), ten simulated minutes pass.
    let advanced = false;
    const watcher = setInterval(() => {
      if (!advanced && tenant.control.journal().some((j) => j.path.endsWith(PROBE))) {
        advanced = true;
        tenant.control.advanceClock(11 * 60_000);
      }
    }, 50);
    const result = await running.finally(() => {
      clearInterval(watcher);
    });
    expect(result.code, result.stderr).toBe(0);
    const outcome = outcomeOf(result);
    expect(outcome.status).toBe('active');
    expect(outcome.activeAt).toMatch(/^\d{4}-/);
    expect(outcome.usableAt).toMatch(/^\d{4}-/);
    // Usable only after the simulated ten minutes, by the service's clock.
    expect(Date.parse(outcome.usableAt ?? '') - Date.parse(outcome.activeAt ?? '')).toBeGreaterThanOrEqual(10 * 60_000);
    expect(result.stderr).toMatch(/"event":"usable-wait"/);
    expect(result.stderr).not.toMatch(/"event":"usable-ended"/);
  });

  it('still not confirmed at the timeout: exit 3, saying so, with usableAt null', async () => {
    tenant.control.setPropagationDelayMs('directory', 60 * 60_000);
    const result = await run(activate(['--wait-usable', '--wait-timeout', '5']));
    expect(result.code, result.stderr).toBe(3);
    const outcome = outcomeOf(result);
    expect(outcome.status).toBe('active');
    expect(outcome.activeAt).toMatch(/^\d{4}-/);
    expect(outcome.usableAt).toBeNull();
    expect(outcome.usableNote).toMatch(/not yet confirmed usable/);
    // Said on stderr as the wait ends, naming the role (a progress event with --json).
    expect(result.stderr).toMatch(/"event":"usable-ended"[^\n]*"roleIds":\["role:4a5d8f65-41da-4de4-8968-e035b65339cf:\/"\]/);
  });

  it('without --wait-usable, says whether the role is usable yet and exits 0 on active alone', async () => {
    tenant.control.setPropagationDelayMs('directory', 60 * 60_000);
    const result = await run(activate([]));
    expect(result.code, result.stderr).toBe(0);
    const outcome = outcomeOf(result);
    expect(outcome.usableAt).toBeNull();
    tenant.control.reset();
    tenant.control.setUnattended({ username: ADELE, methods: ['password', 'authenticatorPush'] });
    const immediate = outcomeOf(await run(activate([])));
    expect(immediate.usableAt).toMatch(/^\d{4}-/);
  });
});
