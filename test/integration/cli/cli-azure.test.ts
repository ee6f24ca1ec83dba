/**
 * The CLI lists Azure resource roles beside directory roles and groups: the bundled `pim-stepup` spawned with
 * `--demo` (simulated tenant in-process, unattended sign-in), ARM listing included in the one catalog.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../../scripts/cli-bundles.mjs';

let cli = '';

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pim-cli-azure-'));
  cli = path.join(dir, 'pim-stepup.js');
  // Built as the release builds it (entry, engine and demo bundles; native modules left to run time).
  await buildCli(dir, { logLevel: 'error' });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: mkdtempSync(path.join(os.tmpdir(), 'home-')) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

type Listed = {
  eligible: {
    displayName: string;
    scopeLabel: string;
    target: { kind: string; scope?: string };
    requirements: { authenticationContext: { id: string } | null };
  }[];
  azure?: { status: string };
};

// Each --demo run starts a tenant of its own, so the two tests share nothing and run side by side.
describe.concurrent('pim-stepup CLI with Azure roles', () => {
  it('lists Azure roles with their scopes in roles --json, in the same list as directory roles and groups', async () => {
    const result = await run([
      'roles',
      '--json',
      '--demo',
      '--demo-user',
      'adele.admin@contoso-sim.onmicrosoft.com',
      '--demo-methods',
      'windowsHello',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const listed = (JSON.parse(result.stdout) as { result: Listed }).result;
    expect(listed.azure).toEqual({ status: 'available' });
    expect(new Set(listed.eligible.map((role) => role.target.kind))).toEqual(new Set(['directoryRole', 'group', 'azureResource']));
    const owner = listed.eligible.find((role) => role.displayName === 'Owner' && role.scopeLabel === 'Subscription · Contoso Prod');
    expect(owner).toMatchObject({
      target: { kind: 'azureResource', scope: '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11' },
      requirements: { authenticationContext: { id: 'c1' } },
    });
    expect(result.stdout).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('activates an Azure Owner picked by name and --scope, with its step-up, unattended in the demo', async () => {
    const result = await run([
      'activate',
      'Owner',
      '--scope',
      'Contoso Prod',
      '--duration',
      'PT1H',
      '--justification',
      'CLI Azure test',
      '--json',
      '--demo',
      '--demo-user',
      'adele.admin@contoso-sim.onmicrosoft.com',
      '--demo-methods',
      'windowsHello',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = (JSON.parse(result.stdout) as { result: unknown }).result as {
      outcomes: { roleId: string; status: string }[];
      prompts: number;
      contextsProven: string[];
      stepUps: { interactive: boolean }[];
    };
    expect(report.outcomes).toEqual([
      expect.objectContaining({
        roleId: 'azure:/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11:8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
        status: 'active',
      }),
    ]);
    expect(report.contextsProven).toContain('c1');
    // One interactive step-up (for c1) in the run; the CLI's first sign-in is the other prompt of this fresh process.
    expect(report.stepUps.filter((stepUp) => stepUp.interactive)).toHaveLength(1);

    const ambiguous = await run([
      'activate',
      'Owner',
      '--duration',
      'PT1H',
      '--justification',
      'x',
      '--demo',
      '--demo-user',
      'adele.admin@contoso-sim.onmicrosoft.com',
      '--demo-methods',
      'windowsHello',
    ]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/"Owner" at Subscription · Contoso (Prod|Dev).*--scope/);
  });
});
