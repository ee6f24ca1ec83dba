/**
 * The CLI end to end: the bundled `pim-stepup` command (built exactly as scripts/build.mjs does)
 * spawned as a separate process, with `--demo` (the simulated tenant in-process, unattended
 * sign-in) or against a separately started simulated tenant through custom endpoints, a
 * `$BROWSER` that behaves like a browser, and a local CONNECT proxy. Every `--json` output is
 * validated against docs/cli-output.schema.json.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulatedTenant } from '../../../src/simulated-tenant';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { configuredArgs } from '../../support/cli-args';
import { buildCliWithBrowser } from '../../support/cli-build';
import { watchOutput } from '../../support/cli-process';
import { startConnectProxy } from '../../support/connect-proxy';
import { cliOutputProblems } from '../../support/cli-output-validator';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
let cli = '';
let browser = '';

type Run = { code: number | null; stdout: string; stderr: string; ms: number };
type Doc = { command: string | null; ok: boolean; exitCode: number; result: unknown; error: { code: string; message: string } | null };

beforeAll(async () => {
  ({ cli, browser } = await buildCliWithBrowser());
});

/**
 * The simulated tenant stands in for Microsoft's Graph and Resource Manager on its own host: it is configured on
 * purpose, so its tokens are requested for Microsoft's audiences (without these, a custom endpoint gets tokens for
 * its own audience, which the simulated authority, like Entra, does not know).
 */
const SIMULATED_AUDIENCES = {
  PIM_STEPUP_GRAPH_AUDIENCE: 'https://graph.microsoft.com',
  PIM_STEPUP_ARM_AUDIENCE: 'https://management.azure.com/',
};

function start(args: string[], env: Record<string, string> = {}) {
  const began = Date.now();
  const child = spawn(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: mkdtempSync(path.join(os.tmpdir(), 'home-')), ...SIMULATED_AUDIENCES, ...env },
  });
  const output = watchOutput(child);
  const done = output.done.then(({ code, stdout, stderr }): Run => ({ code, stdout, stderr, ms: Date.now() - began }));
  return { child, done, said: output.said };
}

const run = (args: string[], env: Record<string, string> = {}): Promise<Run> => start(args, env).done;

/** The one JSON document on stdout, checked against the published schema. */
function doc(result: Run): Doc {
  const parsed = JSON.parse(result.stdout) as Doc;
  expect(cliOutputProblems(parsed), result.stdout).toEqual([]);
  expect(parsed.exitCode).toBe(result.code);
  return parsed;
}

const demo = (user = ADELE, methods = 'password,authenticatorPush') => ['--demo', '--demo-user', user, '--demo-methods', methods];

const configured = configuredArgs;

describe('pim-stepup start-up', () => {
  it('answers --help, --version and completion from the entry bundle alone, without the engine or the demo tenant', async () => {
    const alone = mkdtempSync(path.join(os.tmpdir(), 'pim-entry-'));
    copyFileSync(cli, path.join(alone, 'pim-stepup.js'));
    const entry = path.join(alone, 'pim-stepup.js');
    for (const args of [['--help'], ['--version'], ['completion', 'zsh']]) {
      const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [entry, ...args]);
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.on('close', (code) => {
          resolve({ code, stdout });
        });
      });
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(4);
    }
    // Everything else needs the engine bundle, which is not beside this copy: proof the answers above did without it.
    const roles = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [entry, 'roles', '--demo']);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => {
        resolve({ code, stderr });
      });
    });
    expect(roles.code).toBe(1);
    expect(roles.stderr).toMatch(/cli-main\.js/);
    expect(statSync(cli).size).toBeLessThan(64 * 1024);
  });
});

// Each --demo run starts a tenant of its own, so these tests share nothing and run side by side.
describe.concurrent('pim-stepup CLI with --demo', () => {
  it('activates by name, prints one JSON document on stdout and progress lines on stderr, exit 0', async () => {
    const result = await run(['activate', 'reports reader', '--duration', 'PT1H', '--justification', 'CLI test', '--json', ...demo()]);
    expect(result.code, result.stderr).toBe(0);
    const report = doc(result).result as { outcomes: { displayName: string; status: string }[]; prompts: number };
    expect(report.outcomes).toEqual([expect.objectContaining({ displayName: 'Reports Reader', status: 'active' })]);
    // The sign-in that read the catalog is a prompt of this run too.
    expect(report.prompts).toBeGreaterThanOrEqual(1);
    expect(result.stderr).toMatch(/simulated demo tenant/);
    const progress = result.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event: string; phase?: string });
    expect(progress.some((p) => p.event === 'progress' && p.phase === 'active')).toBe(true);
    expect(result.stdout + result.stderr).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('reports every step-up of the run (contexts proven, methods, times) in JSON and in the text', async () => {
    const roles = ['Global Administrator', 'Privileged Role Administrator'];
    const passkey = demo(ADELE, 'password,passkey');
    // The JSON and the text run side by side: each --demo run has a tenant of its own.
    const [json, text] = await Promise.all([
      run(['activate', ...roles, '--duration', 'PT1H', '--justification', 'CLI evidence', '--json', ...passkey]),
      run(['activate', ...roles, '--duration', 'PT1H', '--justification', 'CLI evidence', ...passkey]),
    ]);
    expect(json.code, json.stderr).toBe(0);
    const report = doc(json).result as {
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
    const report = doc(result).result as { outcomes: { status: string; requestId?: string }[] };
    expect(report.outcomes[0]?.status).toBe('pending-approval');
    expect(report.outcomes[0]?.requestId).toMatch(/.+/);
  });

  it('exits 1 and names the context when the step-up cannot be satisfied', async () => {
    const result = await run(['activate', 'Global Administrator', '--duration', 'PT1H', '--justification', 'x', '--json', ...demo()]);
    expect(result.code).toBe(1);
    const report = doc(result).result as { outcomes: { error?: { code: string; message: string } }[] };
    expect(report.outcomes[0]?.error?.code).toBe('auth/step-up-unsatisfied');
    expect(report.outcomes[0]?.error?.message).toMatch(/phishing-resistant/);
  });

  it('lists roles as a table within 120 columns and as JSON with requirements', async () => {
    const [table, json] = await Promise.all([run(['roles', ...demo()]), run(['roles', '--json', ...demo()])]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Global Administrator\s+Directory.*step-up c1/);
    expect(table.stdout).toMatch(/^ {2}c1 = Tier 0 admin: phishing-resistant$/m);
    expect(Math.max(...table.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120);
    const catalog = doc(json).result as {
      eligible: { displayName: string; requirements: { maximumDuration: string | null } }[];
      policiesReadable: boolean;
    };
    expect(catalog.policiesReadable).toBe(true);
    expect(catalog.eligible.find((r) => r.displayName === 'Helpdesk Administrator')?.requirements.maximumDuration).toBe('PT1H');
  });

  it('exits 2 for usage and configuration errors, with one JSON document when --json is given', async () => {
    // Nine runs that need nothing from each other, side by side.
    const [noDuration, unknown, badFlag, misplaced, badCloud, tooLong, help, version, completion] = await Promise.all([
      run(['activate', 'Reports Reader', '--demo']),
      run(['elevate', '--json']),
      run(['roles', '--frobnicate', '--json']),
      run(['roles', '--duration', 'PT1H', '--json']),
      run([
        'roles',
        '--tenant',
        'contoso.onmicrosoft.com',
        '--client-id',
        '0f0e5a8c-1d2b-4c3d-9e8f-112233445566',
        '--cloud',
        'mars',
        '--json',
      ]),
      // Against the policy (Helpdesk Administrator allows 1 hour): known only after the catalog, still exit 2.
      run(['activate', 'Helpdesk Administrator', '--duration', 'PT3H', '--justification', 'x', '--json', ...demo()]),
      run(['--help']),
      run(['--version', '--json']),
      run(['completion', 'bash']),
    ]);
    expect([noDuration.code, noDuration.stderr]).toEqual([2, expect.stringMatching(/--duration/) as unknown]);
    expect(unknown.code).toBe(2);
    expect(doc(unknown)).toMatchObject({
      command: null,
      error: { code: 'input/invalid', message: expect.stringMatching(/Unknown command "elevate"/) as unknown },
    });
    expect(doc(badFlag).error?.message).toMatch(/frobnicate/);
    expect(doc(misplaced).error?.message).toMatch(/--duration does not apply to "roles"/);
    expect(badCloud.code).toBe(2);
    expect(doc(badCloud).error).toMatchObject({
      code: 'config/invalid',
      message: expect.stringMatching(/must be one of public/) as unknown,
    });
    expect(tooLong.code).toBe(2);
    expect(doc(tooLong).error?.message).toMatch(/at most 1 h/);
    expect([help.code, help.stdout]).toEqual([0, expect.stringMatching(/Exit codes: 0 success/) as unknown]);
    for (const flag of ['--wait-timeout', '--sign-in-timeout', '--demo-scenario', '--request-id', '--version']) {
      expect(help.stdout).toContain(flag);
    }
    expect(doc(version).result).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown });
    expect([completion.code, completion.stdout]).toEqual([0, expect.stringMatching(/complete -F _pim_stepup pim-stepup/) as unknown]);
  });
});

describe('pim-stepup CLI against a configured (non-Microsoft) tenant', () => {
  let tenant: SimulatedTenant;
  beforeAll(async () => {
    tenant = await startSimulatedTenant({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
  });
  afterAll(async () => {
    await tenant.close();
  });
  beforeEach(() => {
    // Each test starts from the scenario's state: no requests or activations left by another.
    tenant.control.reset();
    tenant.control.setUnattended({ username: ADELE, methods: ['password', 'authenticatorPush'] });
  });
  const env = (extra: Record<string, string> = {}) => ({
    NODE_EXTRA_CA_CERTS: tenant.caCertPath,
    BROWSER: `${process.execPath} ${browser}`,
    ...extra,
  });

  /** Plays the approver: approves (or denies) the first matching request as soon as it is pending, while `done` runs. */
  async function approvedWhilePending(
    done: Promise<Run>,
    which: (r: { kind: string }) => boolean,
    decide: 'approve' | 'deny' = 'approve',
  ): Promise<Run> {
    const timer = setInterval(() => {
      const open = tenant.control.requests().find((r) => which(r) && r.status === 'PendingApproval');
      if (open !== undefined) {
        tenant.control[decide](open.id);
        clearInterval(timer);
      }
    }, 200);
    try {
      return await done;
    } finally {
      clearInterval(timer);
    }
  }

  it('uses custom endpoints, NODE_EXTRA_CA_CERTS and $BROWSER end to end', async () => {
    const result = await run(['activate', 'Reports Reader', '--duration', 'PT30M', '--json', ...configured(tenant)], env());
    expect(result.code, result.stderr).toBe(0);
    expect((doc(result).result as { outcomes: { status: string }[] }).outcomes[0]?.status).toBe('active');
    // The Graph requests carried the token: the tenant saw the user on the activation.
    const post = tenant.control
      .journal()
      .find((j) => j.surface === 'graph' && j.method === 'POST' && j.path.endsWith('roleAssignmentScheduleRequests'));
    expect(post?.principalId).toMatch(/[0-9a-f-]{36}/);
    expect(post?.status).toBe(201);
  });

  it('refuses input that is wrong on its face with exit 2, before any sign-in or request', async () => {
    tenant.control.clearJournal();
    const mark = path.join(mkdtempSync(path.join(os.tmpdir(), 'mark-')), 'opened');
    const results = await Promise.all(
      [
        ['--duration', 'abc'],
        ['--duration', 'PT1H', '--justification', 'x'.repeat(10_000)],
        ['--duration', 'PT1H', '--ticket-system', 'ServiceNow'],
      ].map((args) => run(['activate', 'Reports Reader', ...args, '--json', ...configured(tenant)], env({ BROWSER_MARK: mark }))),
    );
    for (const result of results) {
      expect(result.code, result.stderr).toBe(2);
      expect(doc(result).error?.code).toBe('input/invalid');
    }
    expect(existsSync(mark)).toBe(false);
    expect(tenant.control.journal()).toEqual([]);
  });

  it('fails the sign-in within seconds when $BROWSER exits non-zero, naming its status', async () => {
    const result = await run(['roles', '--json', ...configured(tenant)], env({ BROWSER: 'false' }));
    expect(result.code).toBe(1);
    expect(doc(result).error?.message).toMatch(/browser command \(false\) exited with status 1/);
    expect(result.ms).toBeLessThan(15_000);
  });

  it('with a wrong client id (a browser would show AADSTS700016 and stay there), the sign-in times out naming the likely causes', async () => {
    const args = configured(tenant);
    args[args.indexOf('--client-id') + 1] = '0f0e5a8c-1d2b-4c3d-9e8f-112233445566';
    const result = await run(
      ['roles', '--json', '--sign-in-timeout', '5', ...args],
      env({ BROWSER: `${process.execPath} -e setTimeout(()=>{},60000)` }),
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/"hint":"If the browser shows an error page/);
    expect(doc(result).error).toMatchObject({
      code: 'auth/timed-out',
      message: expect.stringMatching(/--client-id \(AADSTS700016\).*redirect URI.*--tenant/) as unknown,
    });
  });

  it('goes through HTTPS_PROXY (the proxy sees the CONNECTs), and around it for NO_PROXY hosts', async () => {
    const proxy = await startConnectProxy();
    try {
      const authority = new URL(tenant.authorityHost).host;
      const graph = new URL(tenant.graphBaseUrl).host;
      const through = await run(['roles', '--json', ...configured(tenant)], env({ HTTPS_PROXY: proxy.url }));
      expect(through.code, through.stderr).toBe(0);
      expect(doc(through).ok).toBe(true);
      expect(new Set(proxy.connects)).toEqual(new Set([authority, graph]));

      const before = proxy.connects.length;
      const bypass = await run(['roles', '--json', ...configured(tenant)], env({ HTTPS_PROXY: proxy.url, NO_PROXY: graph }));
      expect(bypass.code, bypass.stderr).toBe(0);
      const during = proxy.connects.slice(before);
      expect(during).toContain(authority);
      expect(during).not.toContain(graph);
    } finally {
      await proxy.close();
    }
  });

  it('lists a pending request in status and ends it with cancel', async () => {
    const pending = await run(
      ['activate', 'User Administrator', '--duration', 'PT1H', '--justification', 'to cancel', '--json', ...configured(tenant)],
      env(),
    );
    expect(pending.code, pending.stderr).toBe(3);
    const requestId = (doc(pending).result as { outcomes: { requestId: string }[] }).outcomes[0]?.requestId ?? '';
    const [status, human] = await Promise.all([
      run(['status', '--json', ...configured(tenant)], env()),
      run(['status', ...configured(tenant)], env()),
    ]);
    expect(status.code, status.stderr).toBe(0);
    expect((doc(status).result as { requests: { id: string; status: string; displayName: string }[] }).requests).toContainEqual(
      expect.objectContaining({ id: requestId, status: 'PendingApproval', displayName: 'User Administrator' }),
    );
    expect(human.stdout).toMatch(new RegExp(`Waiting for approval:[\\s\\S]*User Administrator.*${requestId}`));

    const cancel = await run(['cancel', 'User Administrator', '--json', ...configured(tenant)], env());
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(doc(cancel).result).toEqual({ cancelled: [expect.objectContaining({ requestId, status: 'canceled' })] });
    expect(tenant.control.requests().find((r) => r.id === requestId)?.status).toBe('Canceled');
    const again = await run(['cancel', '--request-id', requestId, '--json', ...configured(tenant)], env());
    expect(again.code).toBe(1);
    expect(doc(again).error?.code).toBe('pim/not-found');
  });

  it('lists a pending Azure request in status (name and scope) and cancels it by its short id, then by name and --scope', async () => {
    const azure = [...configured(tenant), '--arm-endpoint', new URL(tenant.armBaseUrl).origin];
    const uaa = ['User Access Administrator', '--scope', 'Contoso Platform'];
    const ask = () => run(['activate', ...uaa, '--duration', 'PT1H', '--justification', 'Azure to cancel', '--json', ...azure], env());
    const pending = await ask();
    expect(pending.code, pending.stderr).toBe(3);
    const requestId = (doc(pending).result as { outcomes: { requestId: string }[] }).outcomes[0]?.requestId ?? '';
    expect(requestId).toMatch(
      /^\/providers\/Microsoft\.Management\/managementGroups\/contoso-platform\/providers\/Microsoft\.Authorization\/roleAssignmentScheduleRequests\/[0-9a-f-]{36}$/,
    );
    const name = requestId.split('/').pop() ?? '';

    const [status, human] = await Promise.all([run(['status', '--json', ...azure], env()), run(['status', ...azure], env())]);
    expect(status.code, status.stderr).toBe(0);
    expect((doc(status).result as { requests: unknown[] }).requests).toContainEqual(
      expect.objectContaining({
        id: requestId,
        kind: 'azureResource',
        status: 'PendingApproval',
        displayName: 'User Access Administrator',
        scopeLabel: 'Management group · Contoso Platform',
      }),
    );
    expect(human.stdout).toMatch(
      new RegExp(`Waiting for approval:[\\s\\S]*User Access Administrator \\(Contoso Platform\\) +\\d\\d:\\d\\d +${name}`),
    );
    expect(Math.max(...human.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(120);

    const byId = await run(['cancel', '--request-id', name, '--json', ...azure], env());
    expect(byId.code, byId.stderr).toBe(0);
    expect(doc(byId).result).toEqual({ cancelled: [expect.objectContaining({ requestId, status: 'canceled' })] });
    const cancels = () => tenant.control.journal().filter((j) => j.surface === 'arm' && j.method === 'POST' && j.path.endsWith('/cancel'));
    expect(cancels().map((j) => [j.path.includes(name), j.status])).toEqual([[true, 200]]);

    const again = await ask();
    expect(again.code, again.stderr).toBe(3);
    const secondId = (doc(again).result as { outcomes: { requestId: string }[] }).outcomes[0]?.requestId ?? '';
    const byName = await run(['cancel', ...uaa, '--json', ...azure], env());
    expect(byName.code, byName.stderr).toBe(0);
    expect(doc(byName).result).toEqual({ cancelled: [expect.objectContaining({ requestId: secondId, status: 'canceled' })] });
    expect(cancels()).toHaveLength(2);
    const after = await run(['status', '--json', ...azure], env());
    expect((doc(after).result as { requests: { kind: string }[] }).requests.filter((r) => r.kind === 'azureResource')).toEqual([]);
  });

  it('deactivates an Azure role picked by name and --scope', async () => {
    const azure = [...configured(tenant), '--arm-endpoint', new URL(tenant.armBaseUrl).origin];
    const reader = ['Reader', '--scope', 'Contoso Dev'];
    const activated = await run(['activate', ...reader, '--duration', 'PT1H', '--justification', 'read', '--json', ...azure], env());
    expect(activated.code, activated.stderr).toBe(0);
    tenant.control.advanceClock(6 * 60_000);
    const result = await run(['deactivate', ...reader, '--json', ...azure], env());
    expect(result.code, result.stderr).toBe(0);
    expect((doc(result).result as { outcomes: { roleId: string; status: string }[] }).outcomes).toEqual([
      expect.objectContaining({
        roleId: expect.stringMatching(/^azure:\/subscriptions\/7c9e4a20-[^:]+:acdd72a7/) as unknown,
        status: 'deactivated',
      }),
    ]);
    const puts = tenant.control.journal().filter((j) => j.surface === 'arm' && j.method === 'PUT');
    expect(puts.map((j) => [j.action, j.status])).toEqual([
      ['SelfActivate', 201],
      ['SelfDeactivate', 201],
    ]);
  });

  it('deactivates several roles from one catalog read, in parallel', async () => {
    const activated = await run(
      [
        'activate',
        'Reports Reader',
        'Exchange Administrator',
        '--duration',
        'PT1H',
        '--justification',
        'two',
        '--json',
        ...configured(tenant),
      ],
      env(),
    );
    expect(activated.code, activated.stderr).toBe(0);
    // PIM refuses a deactivation within five minutes of the activation.
    tenant.control.advanceClock(6 * 60_000);
    tenant.control.clearJournal();
    const result = await run(['deactivate', 'Reports Reader', 'Exchange Administrator', '--json', ...configured(tenant)], env());
    expect(result.code, result.stderr).toBe(0);
    expect((doc(result).result as { outcomes: { status: string }[] }).outcomes.map((o) => o.status)).toEqual([
      'deactivated',
      'deactivated',
    ]);
    const graph = tenant.control.journal().filter((j) => j.surface === 'graph');
    expect(graph.filter((j) => j.method === 'GET' && j.path.includes('roleEligibilityScheduleInstances'))).toHaveLength(1);
    expect(graph.filter((j) => j.method === 'POST' && j.action === 'selfDeactivate')).toHaveLength(2);
  });

  it('--wait on an approval: prints the request id first, polls politely, exits 3 at its timeout', async () => {
    tenant.control.clearJournal();
    const result = await run(
      [
        'activate',
        'User Administrator',
        '--duration',
        'PT1H',
        '--justification',
        'wait politely',
        '--wait',
        '--wait-timeout',
        '5',
        '--json',
        ...configured(tenant),
      ],
      env(),
    );
    expect(result.code, result.stderr).toBe(3);
    const requestId = (doc(result).result as { outcomes: { requestId: string; status: string }[] }).outcomes[0]?.requestId ?? '';
    expect(requestId).not.toBe('');
    const lines = result.stderr.split('\n');
    const idLine = lines.findIndex((l) => l.includes(requestId));
    const waitLine = lines.findIndex((l) => l.includes('"event":"waiting"'));
    expect(idLine).toBeGreaterThanOrEqual(0);
    expect(idLine).toBeLessThan(waitLine);
    const graph = tenant.control.journal().filter((j) => j.surface === 'graph');
    const post = graph.findIndex((j) => j.method === 'POST' && j.path.endsWith('/roleAssignmentScheduleRequests'));
    const afterPost = graph.slice(post + 1);
    // 5 s of waiting, a poll at 2 s and then backing off to 4 s: one read of that one request (two if a timer fires a
    // hair early), nothing else. A poll every 1.5 s would read it three times.
    expect(afterPost.length).toBeGreaterThan(0);
    expect(afterPost.length).toBeLessThanOrEqual(2);
    expect(afterPost.map((j) => `${j.method} ${j.path}`)).toEqual(
      afterPost.map(() => expect.stringMatching(new RegExp(`^GET .*/${requestId}$`)) as unknown),
    );
    expect(graph.length).toBeLessThan(40);
  });

  it('--wait follows the request to active when it is approved, reading its instance', async () => {
    const running = start(
      [
        'activate',
        'User Administrator',
        '--duration',
        'PT1H',
        '--justification',
        'approved',
        '--wait',
        '--wait-timeout',
        '60',
        '--json',
        ...configured(tenant),
      ],
      env(),
    );
    const result = await approvedWhilePending(running.done, () => true);
    expect(result.code, result.stderr).toBe(0);
    const outcome = (doc(result).result as { outcomes: { status: string; endDateTime: string | null }[] }).outcomes[0];
    expect(outcome?.status).toBe('active');
    expect(outcome?.endDateTime).toMatch(/^\d{4}-/);
    expect(result.ms).toBeLessThan(30_000);
  });

  type StatusDoc = {
    requests: { id: string; roleId: string; status: string }[];
    roles: { roleId: string; state: string; startDateTime: string | null; request: { id: string; phase: string } | null }[];
  };
  type Outcome = { roleId: string; status: string; requestId: string; startDateTime: string | null; alreadyRequested?: boolean };
  const statusOf = async (): Promise<StatusDoc> => {
    const result = await run(['status', '--json', ...configured(tenant)], env());
    expect(result.code, result.stderr).toBe(0);
    return doc(result).result as StatusDoc;
  };

  it('activate --start +1h ends scheduled; status, roles and a second activate show it scheduled and send nothing; cancel removes it', async () => {
    const activate = (...extra: string[]) =>
      run(['activate', 'Reports Reader', '--duration', 'PT1H', '--json', ...extra, ...configured(tenant)], env());
    const before = tenant.control.now().getTime();
    const first = await activate('--start', '+1h');
    expect(first.code, first.stderr).toBe(0);
    const outcome = (doc(first).result as { outcomes: Outcome[] }).outcomes[0];
    expect(outcome?.status).toBe('scheduled');
    const start = Date.parse(outcome?.startDateTime ?? '');
    expect(start).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    expect(start).toBeLessThan(tenant.control.now().getTime() + 3_600_000);

    // Three reads of the same state, side by side.
    const [status, text, listed] = await Promise.all([
      statusOf(),
      run(['status', ...configured(tenant)], env()),
      run(['roles', '--json', ...configured(tenant)], env()),
    ]);
    const scheduled = status.roles.find((r) => r.roleId === outcome?.roleId);
    expect([scheduled?.state, scheduled?.request?.id, Date.parse(scheduled?.startDateTime ?? '')]).toEqual([
      'scheduled',
      outcome?.requestId,
      start,
    ]);
    expect(status.requests.map((r) => [r.id, r.status])).toContainEqual([outcome?.requestId, 'Granted']);
    expect(text.stdout).toMatch(/Scheduled:\n.*\n.*\nReports Reader/);
    const roles = doc(listed).result as { states: StatusDoc };
    expect(roles.states.roles.find((r) => r.roleId === outcome?.roleId)?.state).toBe('scheduled');

    const from = tenant.control.journal().at(-1)?.seq ?? 0;
    const again = await activate();
    expect(again.code, again.stderr).toBe(0);
    expect((doc(again).result as { outcomes: Outcome[] }).outcomes.map((o) => [o.status, o.alreadyRequested, o.requestId])).toEqual([
      ['scheduled', true, outcome?.requestId],
    ]);
    expect(
      tenant.control.journal().filter((j) => j.seq > from && j.method === 'POST' && j.path.endsWith('roleAssignmentScheduleRequests')),
    ).toEqual([]);

    const cancelled = await run(['cancel', 'Reports Reader', '--json', ...configured(tenant)], env());
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect((doc(cancelled).result as { cancelled: { requestId: string }[] }).cancelled.map((c) => c.requestId)).toEqual([
      outcome?.requestId,
    ]);
    const after = (await statusOf()).roles.find((r) => r.roleId === outcome?.roleId);
    expect([after?.state, after?.request?.phase]).toEqual(['eligible', 'cancelled']);
  });

  it('--start is judged before any sign-in: a start in the past exits 2 and nothing is sent', async () => {
    const from = tenant.control.journal().at(-1)?.seq ?? 0;
    const result = await run(
      ['activate', 'Reports Reader', '--duration', 'PT1H', '--start', '2020-01-01T08:00', '--json', ...configured(tenant)],
      env(),
    );
    expect(result.code).toBe(2);
    expect(doc(result).error?.message).toMatch(/--start: The start time has passed/);
    expect(tenant.control.journal().filter((j) => j.seq > from && j.surface !== 'control')).toEqual([]);
  });

  it('--wait ends with denied (exit 1) as soon as the approver denies, and status then shows the denial', async () => {
    const running = start(
      [
        'activate',
        'User Administrator',
        '--duration',
        'PT1H',
        '--justification',
        'denied',
        '--wait',
        '--wait-timeout',
        '300',
        '--json',
      ].concat(configured(tenant)),
      env(),
    );
    const result = await approvedWhilePending(running.done, () => true, 'deny');
    expect(result.code, result.stderr).toBe(1);
    const outcome = (doc(result).result as { outcomes: (Outcome & { error?: { message: string } })[] }).outcomes[0];
    expect(outcome?.status).toBe('denied');
    expect(outcome?.error?.message).toMatch(/denied/);
    // Ended on the decision (polls start at 2 s), long before the 300 s wait would have.
    expect(result.ms).toBeLessThan(120_000);
    const role = (await statusOf()).roles.find((r) => r.roleId === outcome?.roleId);
    expect([role?.state, role?.request?.id, role?.request?.phase]).toEqual(['eligible', outcome?.requestId, 'denied']);
  });

  it('--wait follows an Azure request on ARM, at its scope, to active when it is approved', async () => {
    const azure = [...configured(tenant), '--arm-endpoint', new URL(tenant.armBaseUrl).origin];
    const running = start(
      ['activate', 'User Access Administrator', '--scope', 'Contoso Platform', '--duration', 'PT1H', '--justification', 'approved']
        .concat(['--wait', '--wait-timeout', '60', '--json'])
        .concat(azure),
      env(),
    );
    const result = await approvedWhilePending(running.done, (r) => r.kind === 'azureRole');
    expect(result.code, result.stderr).toBe(0);
    const outcome = (doc(result).result as { outcomes: { status: string; requestId: string; endDateTime: string | null }[] }).outcomes[0];
    expect(outcome?.status).toBe('active');
    expect(outcome?.endDateTime).toMatch(/^\d{4}-/);
    // Followed by one GET of that request at its scope per poll, not by re-reading a catalog.
    const name = outcome?.requestId.split('/').pop() ?? '';
    const polls = tenant.control.journal().filter((j) => j.surface === 'arm' && j.method === 'GET' && j.path.endsWith(name));
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.every((j) => j.path.startsWith('/providers/Microsoft.Management/managementGroups/contoso-platform/'))).toBe(true);
  });

  it('on SIGTERM while waiting for a sign-in, cancels it, prints one JSON document and exits 143', async () => {
    // A browser that opens and never signs in.
    const running = start(['roles', '--json', ...configured(tenant)], env({ BROWSER: `${process.execPath} -e setTimeout(()=>{},60000)` }));
    await running.said(/"event":"sign-in"/);
    running.child.kill('SIGTERM');
    const result = await running.done;
    expect(result.code, result.stderr).toBe(143);
    expect(doc(result)).toMatchObject({ interrupted: 'SIGTERM', ok: false, error: { code: 'auth/cancelled' } });
    expect(result.ms).toBeLessThan(15_000);
  });

  it('on SIGINT during --wait prints what is known (one JSON document) and exits 130', async () => {
    const running = start(
      ['activate', 'User Administrator', '--duration', 'PT1H', '--justification', 'interrupt', '--wait', '--json', ...configured(tenant)],
      env(),
    );
    await running.said(/"event":"waiting"/);
    running.child.kill('SIGINT');
    const result = await running.done;
    expect(result.code, result.stderr).toBe(130);
    const document = doc(result) as Doc & { interrupted: string };
    expect(document.interrupted).toBe('SIGINT');
    expect((document.result as { outcomes: { status: string; requestId?: string }[] }).outcomes[0]).toMatchObject({
      status: 'pending-approval',
      requestId: expect.stringMatching(/.+/) as unknown,
    });
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
    const catalog = (JSON.parse(out.join('\n')) as { result: { eligible: { displayName: string }[] } }).result;
    expect(catalog.eligible.map((r) => r.displayName).sort()).toEqual(['Helpdesk Administrator', 'User Administrator']);
  });
});
