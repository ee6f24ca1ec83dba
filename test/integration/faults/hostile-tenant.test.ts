/**
 * The simulated tenant under hostile requests: its control API and authority logout endpoint are
 * driven with values that once threw inside a handler (and so killed the process hosting the
 * tenant), with requests a web page could send, and with seeded random bodies on every route.
 * After every case the tenant must still answer on all three surfaces. The suite prints a table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { httpsCall } from '../../support/tenant-clients';
import { control, controlCall, type ControlCall } from '../../support/tenant-control';
import { startTestTenant } from '../../support/test-tenant';
import { announceSeed, createRng, jsonText, randomValue, runSeed } from '../../unit/bad-input/support/random';
import { WALL_CLOCK_BAR_MS } from '../../support/time-bar';

type Row = { input: string; expected: string; result: string };
const table: Row[] = [];
let tenant: SimulatedTenant;

beforeAll(async () => {
  tenant = await startTestTenant({ controlApi: true });
});
afterAll(async () => {
  console.log(`\nHostile tenant input: ${String(table.filter((r) => r.result === 'answered').length)} of ${String(table.length)} handled`);
  console.table(table);
  await tenant.close();
});

/** Every surface still answers: control (with the token), authority, Graph. */
async function stillAnswering(): Promise<void> {
  expect((await control(tenant, 'GET', '/clock')).status).toBe(200);
  const discovery = await httpsCall(`${tenant.authority}/v2.0/.well-known/openid-configuration`, { method: 'GET', ca: tenant.caCertPem });
  expect(discovery.status).toBe(200);
  const graph = await httpsCall(`${tenant.graphBaseUrl}v1.0/me`, { method: 'GET', ca: tenant.caCertPem });
  expect(graph.status).toBe(401);
}

function hostile(input: string, expected: string, run: () => Promise<void>): void {
  it(`${input}: ${expected}`, async () => {
    try {
      await run();
      await stillAnswering();
      table.push({ input, expected, result: 'answered' });
    } catch (cause) {
      table.push({ input, expected, result: 'FAILED' });
      throw cause;
    } finally {
      tenant.control.reset('demo');
    }
  });
}

const status = async (call: ControlCall): Promise<number> => (await controlCall(tenant, call)).status;

describe('control API: values that threw inside a handler', () => {
  hostile('PUT /clock {"offsetMs":1e308}', '400, clock unchanged', async () => {
    const before = tenant.control.now().getTime();
    const reply = await controlCall(tenant, { method: 'PUT', path: '/clock', body: '{"offsetMs":1e308}' });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('offsetMs');
    expect(Math.abs(tenant.control.now().getTime() - before)).toBeLessThan(60_000);
  });
  hostile('PUT /clock {"offsetMs":0,"offsetMs":3.6e6} (a key twice)', '400 naming the key, clock unchanged', async () => {
    const before = (await control(tenant, 'GET', '/clock')).body;
    const reply = await controlCall(tenant, { method: 'PUT', path: '/clock', body: '{"offsetMs":0,"offsetMs":3600000}' });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('offsetMs');
    expect((await control(tenant, 'GET', '/clock')).body.offsetMs).toBe(before.offsetMs);
  });
  hostile('POST /clock/advance {"ms":8.64e15}', '400', async () => {
    expect(await status({ method: 'POST', path: '/clock/advance', body: { ms: 8.64e15 } })).toBe(400);
  });
  hostile('POST /clock/advance 60 years twice', 'first 200, second 400 (the clock stays printable)', async () => {
    const sixtyYears = 60 * 366 * 24 * 3_600_000;
    expect(await status({ method: 'POST', path: '/clock/advance', body: { ms: sixtyYears } })).toBe(200);
    expect(await status({ method: 'POST', path: '/clock/advance', body: { ms: sixtyYears } })).toBe(400);
    expect(() => {
      tenant.control.advanceClock(sixtyYears);
    }).toThrow(/100 years/);
  });
  hostile('POST /faults {"kind":"latency","path":"/","method":1}, then a Graph call', '400; Graph unaffected', async () => {
    const reply = await controlCall(tenant, { method: 'POST', path: '/faults', body: { kind: 'latency', path: '/', method: 1 } });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('method');
  });
  hostile('POST /faults {"path":"/(a+)+$/"}, then a Graph path of 40 a', 'the path is text, not a pattern: answered at once', async () => {
    expect(await status({ method: 'POST', path: '/faults', body: { kind: 'unavailable', path: '/(a+)+$/', times: null } })).toBe(200);
    const started = performance.now();
    const reply = await httpsCall(`${tenant.graphBaseUrl}v1.0/${'a'.repeat(40)}!`, { method: 'GET', ca: tenant.caCertPem });
    expect(reply.status).toBe(401);
    // As a pattern, (a+)+$ against 40 a's would backtrack for hours.
    expect(performance.now() - started).toBeLessThan(WALL_CLOCK_BAR_MS);
  });
  hostile('POST /faults with 100 kB path and 1e9 latency', '400 naming both', async () => {
    const reply = await controlCall(tenant, {
      method: 'POST',
      path: '/faults',
      body: { kind: 'latency', path: 'x'.repeat(100_000), latencyMs: 1e9 },
    });
    expect(reply.status).toBe(400);
    expect(reply.text).toMatch(/path.*latencyMs|latencyMs.*path/);
  });
  hostile('PUT /settings, /unattended, /users/*/policy-readable with wrong types', '400 each', async () => {
    expect(await status({ method: 'PUT', path: '/settings', body: { graphPageSize: 'x' } })).toBe(400);
    expect(await status({ method: 'PUT', path: '/settings', body: { activationDelayMs: -1e308 } })).toBe(400);
    expect(await status({ method: 'PUT', path: '/settings', body: { acrsChallengeForm: { toString: 1 } } })).toBe(400);
    expect(await status({ method: 'PUT', path: '/unattended', body: { username: ['a'], methods: 'password' } })).toBe(400);
    expect(await status({ method: 'PUT', path: '/users/x/policy-readable', body: { readable: 'yes' } })).toBe(400);
    expect(await status({ method: 'POST', path: '/reset', body: { scenario: 42 } })).toBe(400);
  });
  hostile('bodies that are not JSON objects', '400, never a 500', async () => {
    for (const body of ['{', '[]', 'null', '"x"', '1e999', '{"__proto__":{"polluted":1}}']) {
      expect(await status({ method: 'PUT', path: '/clock', body })).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  hostile('a 2 MB body', 'refused (413 or the connection closed), nothing read past 1 MB', async () => {
    const outcome = await status({ method: 'POST', path: '/faults', body: Buffer.alloc(2_000_000, 0x61) }).then(
      String,
      (error: unknown) => (error as { code?: string }).code ?? 'error',
    );
    expect(outcome).toMatch(/^(413|ECONNRESET|EPIPE)$/);
  });
  hostile('a 10 kB request id', '404', async () => {
    expect(await status({ method: 'POST', path: `/requests/${'x'.repeat(10_000)}/approve` })).toBe(404);
  });
});

describe('control API: callers other than the person who started it', () => {
  hostile('GET / without the token', '401, no passwords in the answer', async () => {
    const reply = await controlCall(tenant, { method: 'GET', path: '/', headers: { authorization: null } });
    expect(reply.status).toBe(401);
    for (const user of tenant.users) {
      expect(reply.text).not.toContain(user.password);
    }
  });
  hostile('a wrong token of the right length', '401', async () => {
    const wrong = 'A'.repeat(tenant.controlToken?.length ?? 43);
    expect(await status({ method: 'GET', path: '/', headers: { authorization: `Bearer ${wrong}` } })).toBe(401);
  });
  hostile('text/plain from a foreign Origin (no preflight needed)', '403, clock unchanged', async () => {
    const before = tenant.control.now().getTime();
    const reply = await controlCall(tenant, {
      method: 'POST',
      path: '/clock/advance',
      body: '{"ms":86400000}',
      headers: { 'content-type': 'text/plain', origin: 'https://attacker.example', authorization: null },
    });
    expect(reply.status).toBe(403);
    expect(tenant.control.now().getTime() - before).toBeLessThan(60_000);
  });
  hostile('a foreign Origin even with the token', '403', async () => {
    expect(await status({ method: 'GET', path: '/', headers: { origin: 'http://localhost:1' } })).toBe(403);
  });
  hostile('the token with a text/plain body', '415', async () => {
    expect(await status({ method: 'PUT', path: '/clock', body: '{"offsetMs":0}', headers: { 'content-type': 'text/plain' } })).toBe(415);
  });
  hostile('a rebinding Host', '403', async () => {
    expect(await status({ method: 'GET', path: '/', headers: { host: 'attacker.example' } })).toBe(403);
  });
});

describe('control API: seeded random bodies on every route', () => {
  const seed = runSeed();
  announceSeed('hostile-tenant', seed);
  const routes: readonly [string, string][] = [
    ['POST', '/reset'],
    ['PUT', '/clock'],
    ['POST', '/clock/advance'],
    ['POST', '/faults'],
    ['PUT', '/unattended'],
    ['PUT', '/settings'],
    ['PUT', '/users/adele.admin@contoso-sim.onmicrosoft.com/policy-readable'],
    ['POST', '/requests/nope/approve'],
  ];
  hostile(`400 random bodies (seed ${String(seed)})`, 'every answer < 500', async () => {
    const rng = createRng(seed);
    for (let index = 0; index < 400; index += 1) {
      const [method, path] = rng.pick(routes);
      const value = randomValue(rng);
      const text = jsonText(value) === '' ? 'null' : jsonText(value);
      const reply = await controlCall(tenant, { method, path, body: text });
      expect(reply.status, `${method} ${path} ${text}`).toBeLessThan(500);
      if (path === '/reset' && reply.status === 200) {
        tenant.control.reset('demo');
      }
    }
  });
});

describe('authority logout: post_logout_redirect_uri', () => {
  const logout = (target: string) =>
    httpsCall(`${tenant.authority}/oauth2/v2.0/logout?post_logout_redirect_uri=${target}`, { method: 'GET', ca: tenant.caCertPem });
  hostile('CR LF in the URI (%0d%0a)', 'the signed-out page, no header injected', async () => {
    const reply = await logout('http://localhost:1234/%0d%0aSet-Cookie:%20x=1');
    expect(reply.status).toBe(200);
    expect(reply.headers.location).toBeUndefined();
    expect(reply.headers['set-cookie']).not.toContain('x=1');
  });
  hostile('a right-to-left override (%E2%80%AE)', 'the signed-out page', async () => {
    const reply = await logout('http://localhost:1234/%E2%80%AEevil');
    expect(reply.status).toBe(200);
    expect(reply.headers.location).toBeUndefined();
  });
  hostile('a loopback URI with user info or another scheme', 'the signed-out page', async () => {
    for (const target of [
      'http://user@localhost:1/',
      'https://localhost:1/',
      'http://localhost.attacker.example/',
      'javascript:alert(1)',
    ]) {
      const reply = await logout(encodeURIComponent(target));
      expect(reply.status, target).toBe(200);
      expect(reply.headers.location, target).toBeUndefined();
    }
  });
  hostile('a plain loopback URI', '302 to exactly that URI', async () => {
    const reply = await logout(encodeURIComponent('http://127.0.0.1:4321/signed-out?x=1'));
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('http://127.0.0.1:4321/signed-out?x=1');
  });
});

describe('where the control API runs', () => {
  it('the desktop demo tenant (startDemoTenant) opens no control API at all', async () => {
    const { startDemoTenant } = await import('../../../src/demo/demo-tenant');
    const { resolveConfig } = await import('../../../src/core/config/resolve-config');
    const base = resolveConfig({ env: {}, flags: { demo: true } });
    expect(base.ok).toBe(true);
    if (!base.ok) {
      return;
    }
    const demo = await startDemoTenant(base.value);
    try {
      expect(demo.tenant.controlUrl).toBeNull();
      expect(demo.tenant.controlToken).toBeNull();
    } finally {
      await demo.close();
    }
  });
  it('a tenant started with the control API has a fresh 256-bit token per run', () => {
    expect(tenant.controlToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
