/**
 * "No secrets anywhere": real flows (sign-in, step-up, activation, errors, sign-out) through
 * the real engine, real MSAL and the real Graph client against the simulated tenant, driven
 * through the real IPC router. Everything that leaves the main process is captured and
 * scanned: log records, every IPC argument and result, every event, the CLI's --json stdout
 * and stderr, a support bundle, and the built renderer bundle. The secrets looked for are the
 * ones this run actually produced (refresh/access/id tokens from MSAL's cache serialization,
 * authorization codes posted to the loopback) plus the demo users' passwords and JWT shapes.
 * The gate is also run against a deliberately leaky fixture, to prove it can fail.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli';
import type { ResolvedConfig } from '../../../src/core/config/resolve-config';
import { createFormFollowingBrowser } from '../../../src/demo/form-following-browser';
import { DiagnosticsRecorder } from '../../../src/core/diagnostics/diagnostics-recorder';
import { buildSupportBundle, formatDiagnosticsText, serializeSupportBundle } from '../../../src/core/diagnostics/support-bundle';
import type { Engine } from '../../../src/core/engine/create-engine';
import type { IpcSender } from '../../../src/main/ipc/ipc-router';
import { createIpcRouter } from '../../../src/main/ipc/ipc-router';
import { createEngineHandlers } from '../../../src/main/ipc/engine-handlers';
import { createLogger, formatLogRecord } from '../../../src/core/logging/logger';
import type { LogRecord } from '../../../src/core/logging/logger';
import type { FetchLike } from '../../../src/core/net/fetch-like';
import { createUndiciFetch } from '../../../src/core/net/undici-fetch';
import type { AuthEvidence } from '../../../src/shared/domain/session';
import { loadShippedScenario, startSimulatedTenant } from '../../../src/simulated-tenant';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { createSimulatedEngine, simulatedTenantConfig } from '../../support/simulated-engine';
import type { CapturedEvent } from '../../support/simulated-engine';
import type { KnownSecret, SecretFinding } from './secret-scanner';
import { scanForSecrets, secretsInMsalCache } from './secret-scanner';

const ROOT = join(__dirname, '..', '..', '..');
const APP = 'app://pim-stepup';
const legit: IpcSender = { frameUrl: 'app://pim-stepup/index.html', isMainFrame: true };
const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
const ROLE = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  reportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  userAdmin: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
};
const key = (id: string) => `role:${id}:/`;

/** Everything this run produced that must never leave the main process. */
const seen = { cacheSerializations: [] as string[], authCodes: new Set<string>() };
const captured = {
  logs: [] as LogRecord[],
  ipc: [] as { channel: string; args: unknown; result: unknown }[],
  events: [] as CapturedEvent[],
  cliOut: [] as string[],
  cliErr: [] as string[],
};
let tenant: SimulatedTenant | null = null;
let engine: Engine | null = null;
let config: ResolvedConfig | null = null;
let evidence: AuthEvidence | null = null;

function knownSecrets(): KnownSecret[] {
  const out: KnownSecret[] = [];
  for (const serialized of seen.cacheSerializations) {
    out.push(...secretsInMsalCache(serialized));
  }
  for (const code of seen.authCodes) {
    out.push({ label: 'authorization code', value: code });
  }
  for (const user of tenant?.users ?? []) {
    out.push({ label: `password of ${user.username}`, value: user.password });
  }
  return out;
}

/** A fetch for the "browser" that notes every authorization code it carries to MSAL's loopback. */
function codeSpy(inner: FetchLike): FetchLike {
  return (input, init) => {
    if (typeof init?.body === 'string') {
      const code = new URLSearchParams(init.body).get('code');
      if (code !== null && code !== '') {
        seen.authCodes.add(code);
      }
    }
    return inner(input, init);
  };
}

// A persistent plugin like the app's own: what it stored is loaded back before each access (MSAL reads the cache
// through the plugin for silent token requests, e.g. an ARM token after a Graph sign-in).
let persistedCache: string | null = null;
const capturingCache: ICachePlugin = {
  beforeCacheAccess: (context: TokenCacheContext) => {
    if (persistedCache !== null) {
      context.tokenCache.deserialize(persistedCache);
    }
    return Promise.resolve();
  },
  afterCacheAccess: (context: TokenCacheContext) => {
    if (context.cacheHasChanged) {
      persistedCache = context.tokenCache.serialize();
    }
    seen.cacheSerializations.push(context.tokenCache.serialize());
    return Promise.resolve();
  },
};

function gate(findings: readonly SecretFinding[]): void {
  expect(findings, findings.map((f) => `${f.source}: ${f.kind} ${f.excerpt}`).join('\n')).toEqual([]);
}

beforeAll(async () => {
  tenant = await startSimulatedTenant({
    scenario: loadShippedScenario('demo'),
    unattended: { username: ADELE, methods: ['password', 'passkey'] },
  });
  config = simulatedTenantConfig(tenant);
  engine = createSimulatedEngine({
    config,
    logs: captured.logs,
    events: captured.events,
    // The engine's fetch is the plain node fetch; only the "browser" is spied on for codes.
    openBrowser: (url, fetch, logger) => createFormFollowingBrowser(codeSpy(fetch), logger)(url),
    engine: { cachePlugin: capturingCache },
  }).engine;
  const router = createIpcRouter(createEngineHandlers(engine), { trustedOrigins: [APP] });
  const call = async (channel: string, ...args: unknown[]) => {
    const result = await router.dispatch(channel, legit, args);
    captured.ipc.push({ channel, args, result });
    return result;
  };
  const request = {
    roleIds: [key(ROLE.globalAdmin), key(ROLE.reportsReader), key(ROLE.userAdmin)],
    duration: 'PT1H',
    justification: 'Secrets gate CHG-9',
  };

  await call('app:get-info');
  expect((await call('auth:sign-in')).ok).toBe(true);
  await call('auth:get-session');
  await call('roles:list');
  await call('activation:plan', request);
  const activation = await call('activation:activate', request);
  expect(activation.ok, JSON.stringify(activation)).toBe(true);
  evidence = activation.ok ? (activation.value as { evidence: AuthEvidence | null }).evidence : null;
  // Error paths: a refused deactivation, a throttled and a broken read, a revoked session.
  await call('activation:deactivate', { roleId: key(ROLE.reportsReader) });
  tenant.control.injectFault({ kind: 'throttle', path: 'roleEligibilityScheduleInstances', method: 'GET', times: 1, retryAfterSeconds: 1 });
  await call('roles:list');
  tenant.control.injectFault({ kind: 'malformed-json', path: 'roleAssignmentScheduleInstances', method: 'GET', times: 5 });
  await call('roles:list');
  tenant.control.clearFaults();
  tenant.control.revokeSessions(ADELE);
  tenant.control.advanceClock(65 * 60_000);
  await call('roles:list');
  await call('auth:sign-out');
  await call('auth:get-session');
  await call('roles:list');

  // The CLI in --json mode against its own demo tenant, unattended.
  const io = { out: (t: string) => captured.cliOut.push(t), err: (t: string) => captured.cliErr.push(t), interactive: false };
  const cliCodes = (url: string) => {
    // The CLI's own form-following browser carries the code; replace it with a spying one.
    return createFormFollowingBrowser(codeSpy(createUndiciFetch({ extraCaPem: cliCa })), createLogger({ sink: () => undefined }))(url);
  };
  let cliCa: string[] = [];
  for (const argv of [
    ['roles', '--json', '--verbose'],
    [
      'activate',
      key(ROLE.reportsReader),
      key(ROLE.globalAdmin),
      '--duration',
      'PT1H',
      '--justification',
      'CLI secrets gate',
      '--json',
      '--verbose',
    ],
    ['status', '--json', '--verbose'],
  ]) {
    await runCli([...argv, '--demo', '--demo-user', ADELE, '--demo-methods', 'password,passkey'], {
      io,
      env: {},
      openBrowser: cliCodes,
      onDemoTenant: (demo) => {
        cliCa = [demo.tenant.caCertPem];
      },
    });
  }
}, 180_000);

afterAll(async () => {
  await engine?.dispose();
  await tenant?.close();
});

describe('the gate can fail', () => {
  it('finds every planted secret in the leaky fixture', () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/secrets/leaky-log.txt'), 'utf8');
    const findings = scanForSecrets('leaky-log.txt', text, [{ label: 'password of adele', value: 'Contoso-Sim-2026!' }]);
    expect(new Set(findings.map((f) => f.kind))).toEqual(
      new Set(['jwt', 'tenant-refresh-token', 'tenant-auth-code', 'code-parameter', 'known-secret']),
    );
    // The report masks what it found.
    expect(findings.map((f) => f.excerpt).join(' ')).not.toContain('Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0');
  });

  it('finds nothing in the clean fixture (no false alarms on redacted text)', () => {
    gate(scanForSecrets('clean-log.txt', readFileSync(join(ROOT, 'test/fixtures/secrets/clean-log.txt'), 'utf8'), knownSecrets()));
  });

  it("finds this run's real refresh token planted into its real log", () => {
    const refresh = knownSecrets().find((s) => s.label === 'refresh token');
    expect(refresh?.value).toMatch(/^0\.sim\./);
    const text = `${JSON.stringify(captured.logs)}\n${String(refresh?.value)}`;
    expect(scanForSecrets('logs+planted', text, knownSecrets()).some((f) => f.kind === 'known-secret')).toBe(true);
  });
});

describe('real flows leak nothing', () => {
  it('captured the secrets it looks for (so zero findings means something)', () => {
    const labels = knownSecrets().map((s) => s.label);
    expect(labels).toContain('refresh token');
    expect(labels).toContain('access token');
    expect(labels).toContain('id token');
    expect(seen.authCodes.size).toBeGreaterThan(2);
    // The flows did happen: a step-up, an activation, errors and a sign-out.
    expect(captured.ipc.length).toBeGreaterThan(10);
    expect(captured.events.some((e) => e.channel === 'sign-in:state')).toBe(true);
    expect(captured.events.some((e) => e.channel === 'activation:progress')).toBe(true);
    const waits = captured.events.filter((e) => e.channel === 'sign-in:state' && (e.payload as { phase: string }).phase === 'waiting');
    expect(waits.map((e) => (e.payload as { purpose: string }).purpose)).toEqual(expect.arrayContaining(['sign-in', 'step-up']));
    expect(evidence?.methods).toContain('mfa');
    expect(captured.ipc.some((c) => !(c.result as { ok: boolean }).ok)).toBe(true);
    expect(captured.cliOut.join('\n')).toMatch(/"status"/);
  });

  it('log records (structured and formatted)', () => {
    expect(captured.logs.length).toBeGreaterThan(2);
    const text = `${JSON.stringify(captured.logs)}\n${captured.logs.map(formatLogRecord).join('\n')}`;
    gate(scanForSecrets('logs', text, knownSecrets()));
  });

  it('every IPC argument and result, and every event', () => {
    gate(scanForSecrets('ipc', JSON.stringify(captured.ipc), knownSecrets()));
    gate(scanForSecrets('events', JSON.stringify(captured.events), knownSecrets()));
    // No payload key even names a secret: a key named for a token invites one to be put there later.
    const keys = new Set<string>();
    JSON.stringify([captured.ipc, captured.events], (k, v: unknown) => {
      keys.add(k);
      return v;
    });
    // docs/security.md, row 9: no payload key even names a credential.
    expect([...keys].filter((k) => /token|secret|refresh|assertion|password/i.test(k))).toEqual([]);
  });

  it('CLI stdout and stderr in --json --verbose mode', () => {
    expect(captured.cliOut.length).toBeGreaterThan(0);
    gate(scanForSecrets('cli stdout', captured.cliOut.join('\n'), knownSecrets()));
    gate(scanForSecrets('cli stderr', captured.cliErr.join('\n'), knownSecrets()));
  });

  it('a support bundle built from the whole run, even when a careless caller recorded raw secrets', () => {
    const recorder = new DiagnosticsRecorder({ capacity: 1000 });
    for (const entry of captured.ipc) {
      const result = entry.result as { ok: boolean; error?: { code: never; message: string; requestId?: string } };
      if (!result.ok && result.error !== undefined) {
        recorder.recordError(entry.channel, result.error as never);
      } else {
        recorder.record({ step: entry.channel, outcome: 'succeeded', detail: JSON.stringify(result).slice(0, 900) });
      }
    }
    for (const record of captured.logs) {
      recorder.record({ step: `log ${record.level}`, detail: `${record.message} ${JSON.stringify(record.fields ?? {})}` });
    }
    // A careless caller passes raw MSAL output: the bundle must still come out clean.
    const raw = knownSecrets().filter((s) => s.label !== 'authorization code' && !s.label.startsWith('password'));
    for (const secret of raw.slice(0, 6)) {
      recorder.record({ step: 'careless', detail: `MSAL said: ${secret.label}=${secret.value} Authorization: Bearer ${secret.value}` });
    }
    const bundle = buildSupportBundle({
      app: { version: '0.1.0', mode: 'standard' },
      os: { platform: 'linux', release: 'test', arch: 'x64' },
      tenant: { id: config?.tenant ?? null, simulated: true, cloud: 'custom' },
      configuration: { ...(config ?? {}) },
      evidence,
      timeline: recorder.entries(),
      generatedAt: new Date(),
    });
    const secrets = knownSecrets();
    gate(scanForSecrets('support bundle (json)', serializeSupportBundle(bundle), secrets));
    gate(scanForSecrets('support bundle (text)', formatDiagnosticsText(bundle), secrets));
  });

  it('the built renderer bundle', () => {
    const dist = join(ROOT, 'dist', 'renderer');
    if (!existsSync(join(dist, 'index.html'))) {
      execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
    }
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          walk(path);
        } else {
          files.push(path);
        }
      }
    };
    walk(dist);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    const findings = files.flatMap((f) => scanForSecrets(relative(ROOT, f), readFileSync(f, 'utf8'), knownSecrets()));
    gate(findings);
    // Tokens stay in main: the renderer bundle carries no MSAL and never calls Graph itself.
    const all = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(all).not.toMatch(/@azure\/msal|PublicClientApplication|graph\.microsoft\.com/);
  }, 150_000);
});
