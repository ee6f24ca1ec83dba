/**
 * The CLI end to end: the bundled `pim-stepup` command spawned as a separate process with
 * `--demo` (the simulated tenant in-process, unattended sign-in), checking exit codes, stdout
 * JSON, and that progress goes to stderr.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedTenant } from '../../../src/simulated-tenant';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
let cli = '';

beforeAll(async () => {
  // Bundle exactly as scripts/build.mjs does, into a temp dir, so this test does not depend on a prior build.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pim-cli-'));
  cli = path.join(dir, 'pim-stepup.js');
  await build({
    entryPoints: ['src/cli/pim-stepup.ts'],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    banner: { js: '#!/usr/bin/env node' },
  });
});

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: mkdtempSync(path.join(os.tmpdir(), 'home-')), ...env },
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

const demo = (user = ADELE, methods = 'password,authenticatorPush') => ['--demo', '--demo-user', user, '--demo-methods', methods];

describe('pim-stepup CLI', () => {
  it('activates by name, prints JSON on stdout and progress on stderr, exit 0', async () => {
    const result = await run(['activate', 'reports reader', '--duration', 'PT1H', '--justification', 'CLI test', '--json', ...demo()]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { outcomes: { displayName: string; status: string }[]; prompts: number };
    expect(report.outcomes).toEqual([expect.objectContaining({ displayName: 'Reports Reader', status: 'active' })]);
    expect(result.stderr).toMatch(/simulated demo tenant/);
    expect(result.stdout + result.stderr).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('reports every step-up of the run (contexts proven, methods, times) in JSON and in the text', async () => {
    const roles = ['Global Administrator', 'Privileged Role Administrator'];
    const passkey = demo(ADELE, 'password,passkey');
    const json = await run(['activate', ...roles, '--duration', 'PT1H', '--justification', 'CLI evidence', '--json', ...passkey]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      prompts: number;
      contextsProven: string[];
      stepUps: { asked: { id: string }[]; contexts: string[]; methods: string[]; authenticatedAt: string | null; roleIds: string[] }[];
    };
    expect(report.contextsProven).toEqual(['c1', 'c2']);
    expect(report.stepUps.map((s) => s.asked.map((c) => c.id).join()).sort()).toEqual(['c1', 'c2']);
    for (const stepUp of report.stepUps) {
      expect(stepUp.methods).toContain('fido');
      expect(stepUp.contexts).toContain(stepUp.asked[0]?.id);
      expect(stepUp.authenticatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(stepUp.roleIds).toHaveLength(1);
    }
    const text = await run(['activate', ...roles, '--duration', 'PT1H', '--justification', 'CLI evidence', ...passkey]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Contexts proven: c1, c2\./);
    expect(text.stdout).toMatch(/Step-up Tier 0 admin: phishing-resistant \(c1\): proved c1 with [^\n]*fido/);
    expect(text.stdout).toMatch(/Step-up Role management: passkey or Authenticator \(c2\): proved c2 with [^\n]*fido/);
  });

  it('exits 3 with the request id when approval is required', async () => {
    const result = await run([
      'activate',
      'User Administrator',
      '--duration',
      'PT1H',
      '--justification',
      'needs approval',
      '--json',
      ...demo(),
    ]);
    expect(result.code, result.stderr).toBe(3);
    const report = JSON.parse(result.stdout) as { outcomes: { status: string; requestId?: string }[] };
    expect(report.outcomes[0]?.status).toBe('pending-approval');
    expect(report.outcomes[0]?.requestId).toMatch(/.+/);
  });

  it('exits 1 and names the context when the step-up cannot be satisfied', async () => {
    const result = await run(['activate', 'Global Administrator', '--duration', 'PT1H', '--justification', 'x', '--json', ...demo()]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { outcomes: { error?: { code: string; message: string } }[] };
    expect(report.outcomes[0]?.error?.code).toBe('auth/step-up-unsatisfied');
    expect(report.outcomes[0]?.error?.message).toMatch(/phishing-resistant/);
  });

  it('lists roles as a table and as JSON with requirements', async () => {
    const table = await run(['roles', ...demo()]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Global Administrator\s+Directory.*step-up: Tier 0 admin: phishing-resistant \(c1\)/);
    const json = await run(['roles', '--json', ...demo()]);
    const catalog = JSON.parse(json.stdout) as {
      eligible: { displayName: string; requirements: { maximumDuration: string | null } }[];
      policiesReadable: boolean;
    };
    expect(catalog.policiesReadable).toBe(true);
    expect(catalog.eligible.find((r) => r.displayName === 'Helpdesk Administrator')?.requirements.maximumDuration).toBe('PT1H');
  });

  it('exits 2 for usage and configuration errors, with a message on stderr', async () => {
    const noDuration = await run(['activate', 'Reports Reader', '--demo']);
    expect([noDuration.code, noDuration.stderr]).toEqual([2, expect.stringMatching(/--duration/) as unknown]);
    const unknown = await run(['elevate']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/Unknown command "elevate"/) as unknown]);
    const badCloud = await run([
      'roles',
      '--tenant',
      'contoso.onmicrosoft.com',
      '--client-id',
      '0f0e5a8c-1d2b-4c3d-9e8f-112233445566',
      '--cloud',
      'mars',
    ]);
    expect([badCloud.code, badCloud.stderr]).toEqual([
      2,
      expect.stringMatching(/cloud \(command-line flag --cloud\) must be one of public/) as unknown,
    ]);
    const tooLong = await run(['activate', 'Helpdesk Administrator', '--duration', 'PT3H', '--justification', 'x', ...demo()]);
    expect([tooLong.code, tooLong.stderr]).toEqual([2, expect.stringMatching(/at most 1 h/) as unknown]);
    const help = await run(['--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringMatching(/Exit codes: 0 success/) as unknown]);
  });
});

describe('pim-stepup CLI against a configured (non-Microsoft) tenant', () => {
  it('uses custom endpoints, NODE_EXTRA_CA_CERTS and $BROWSER end to end', async () => {
    const tenant = await startSimulatedTenant({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    try {
      // A "browser" that behaves like one: loads the authorize page and submits its auto-posting form to the loopback.
      const dir = mkdtempSync(path.join(os.tmpdir(), 'browser-'));
      const browser = path.join(dir, 'browser.mjs');
      writeFileSync(
        browser,
        [
          'const page = await (await fetch(process.argv[2])).text();',
          'const form = /<form[^>]*action="([^"]+)"[^>]*>([\\s\\S]*?)<\\/form>/.exec(page);',
          'const body = new URLSearchParams();',
          'for (const m of form[2].matchAll(/name="([^"]+)" value="([^"]*)"/g)) body.set(m[1], m[2].replace(/&amp;/g, "&"));',
          "await fetch(form[1].replace('localhost', '127.0.0.1'), { method: 'POST', body });",
        ].join('\n'),
      );
      const result = await run(
        [
          'activate',
          'Reports Reader',
          '--duration',
          'PT30M',
          '--json',
          '--tenant',
          tenant.tenantId,
          '--client-id',
          tenant.clientId,
          '--authority-host',
          tenant.authorityHost,
          '--graph-endpoint',
          new URL(tenant.graphBaseUrl).origin,
        ],
        { NODE_EXTRA_CA_CERTS: tenant.caCertPath, BROWSER: `${process.execPath} ${browser}` },
      );
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as { outcomes: { status: string }[] }).outcomes[0]?.status).toBe('active');
      // The Graph requests carried the token: the tenant saw the user on the activation.
      const post = tenant.control
        .journal()
        .find((j) => j.surface === 'graph' && j.method === 'POST' && j.path.endsWith('roleAssignmentScheduleRequests'));
      expect(post?.principalId).toMatch(/[0-9a-f-]{36}/);
      expect(post?.status).toBe(201);
    } finally {
      await tenant.close();
    }
  });
});

describe('pim-stepup CLI in-process', () => {
  it('waits for approval with --wait and ends active (exit 0)', async () => {
    const { runCli } = await import('../../../src/cli/run-cli');
    const out: string[] = [];
    const err: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    const code = await runCli(
      [
        'activate',
        'User Administrator',
        '--duration',
        'PT1H',
        '--justification',
        'wait test',
        '--wait',
        '--wait-timeout',
        '30',
        '--json',
        ...demo(),
      ],
      {
        io: { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false },
        env: {},
        homeDir: mkdtempSync(path.join(os.tmpdir(), 'home-')),
        onDemoTenant: (running) => {
          // The approver acts a moment after the request arrives.
          timer = setInterval(() => {
            const pending = running.tenant.control.requests().find((r) => r.status === 'PendingApproval');
            if (pending !== undefined) {
              running.tenant.control.approve(pending.id);
              clearInterval(timer);
            }
          }, 200);
        },
      },
    );
    clearInterval(timer);
    expect(code, err.join('\n')).toBe(0);
    expect(err.join('\n')).toMatch(/Waiting for approval/);
    expect((JSON.parse(out.join('\n')) as { outcomes: { status: string }[] }).outcomes[0]?.status).toBe('active');
  });
});

describe('pim-stepup CLI with a managed machine file', () => {
  it('accepts policy-only keys and lists only the allowed roles', async () => {
    const { runCli } = await import('../../../src/cli/run-cli');
    const machineFile = '/etc/pim-stepup/config.json';
    const policy = JSON.stringify({
      allowedRoles: ['User Administrator', 'Helpdesk Administrator'],
      justificationTemplates: ['Ticket work'],
      idleTimeoutMinutes: 5,
    });
    const read: string[] = [];
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['roles', '--json', ...demo()], {
      io: { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false },
      env: {},
      platform: 'linux',
      homeDir: mkdtempSync(path.join(os.tmpdir(), 'home-')),
      readFile: (file) => {
        read.push(file);
        if (file === machineFile) {
          return policy;
        }
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      },
    });
    expect(read).toContain(machineFile);
    expect(code, err.join('\n')).toBe(0);
    const catalog = JSON.parse(out.join('\n')) as { eligible: { displayName: string }[] };
    expect(catalog.eligible.map((r) => r.displayName).sort()).toEqual(['Helpdesk Administrator', 'User Administrator']);
  });
});
