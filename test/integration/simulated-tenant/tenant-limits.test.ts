/**
 * The simulated tenant's limits under input a hostile local process can send (docs/security.md, row 32):
 * a path of 15,000 slashes on every surface is routed in linear time. The times are taken from the tenant's own
 * journal (`durationMs`, from the first byte read to the answer), so a loaded machine's scheduling does not count; the
 * bar is generous: before the fix a `/\/+$/` test took 250 to 350 ms on such a path. And 8,000 sign-ins started with a
 * 12 KB `state` each, against a tenant in a process of its own whose memory is read after garbage collection: the
 * tenant keeps the newest pending sign-ins only, its journal within its byte bound, and stays small.
 */
import { Agent, request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { httpsCall } from '../../support/tenant-clients';
import { controlCall } from '../../support/tenant-control';
import { createTenantPca, unattendedToken } from '../../support/tenant-session';
import { startTenantProcess, type TenantProcess } from '../../support/tenant-process';
import { startTestTenant } from '../../support/test-tenant';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
const SLASH_COUNT = 15_000;
const BAR_MS = 50;

let tenant: SimulatedTenant;
let graphToken = '';
let armToken = '';

beforeAll(async () => {
  tenant = await startTestTenant({ controlApi: true });
  const pca = createTenantPca(tenant);
  graphToken = (await unattendedToken(tenant, pca, ADELE, ['windowsHello'])).accessToken;
  armToken = (await unattendedToken(tenant, pca, ADELE, ['windowsHello'], { scopes: ['https://management.azure.com/user_impersonation'] }))
    .accessToken;
});
afterAll(async () => {
  await tenant.close();
});

/** The tenant's own time for the last request it journaled on `surface`. */
function lastDuration(surface: string): number {
  const entry = tenant.control
    .journal()
    .filter((e) => e.surface === surface)
    .at(-1);
  // The journal keeps a control path's first 512 characters only.
  expect(entry?.path.length ?? 0).toBeGreaterThanOrEqual(512);
  return entry?.durationMs ?? Number.POSITIVE_INFINITY;
}

/**
 * `n` slashes and then a letter: a trailing-slash pattern such as `/\/+$/` retries from every slash when the path
 * does not end in one, which is what makes it quadratic.
 */
const slashes = (n: number): string => `${'/'.repeat(n)}x`;

/** With a bearer token the path must share Node's 16 KB request-head limit with it: as many slashes as fit. */
const besideToken = (token: string): number => Math.min(SLASH_COUNT, 16_384 - token.length - 512);

describe('a path of 15,000 slashes', () => {
  const cases: { name: string; surface: 'graph' | 'arm' | 'authority'; url: () => string; token: () => string | null; status: number }[] = [
    { name: 'Graph', surface: 'graph', url: () => `${tenant.graphBaseUrl}v1.0${slashes(SLASH_COUNT)}`, token: () => null, status: 401 },
    {
      name: 'Graph with a valid token',
      surface: 'graph',
      url: () => `${tenant.graphBaseUrl}v1.0/me${slashes(besideToken(graphToken))}`,
      token: () => graphToken,
      status: 400,
    },
    {
      name: 'ARM with a valid token',
      surface: 'arm',
      url: () =>
        `${tenant.armBaseUrl.replace(/\/$/, '')}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances${slashes(besideToken(armToken))}?api-version=2020-10-01`,
      token: () => armToken,
      status: 404,
    },
    {
      name: 'the authority',
      surface: 'authority',
      url: () => `${tenant.authority}/oauth2/v2.0/token${slashes(SLASH_COUNT)}`,
      token: () => null,
      status: 404,
    },
  ];
  /**
   * The best of three tries: a quadratic pattern is slow every time, while a loaded machine (the test client shares
   * the tenant's event loop) can stretch any single one.
   */
  const bestOfThree = async (send: () => Promise<number>, status: number, surface: string): Promise<number> => {
    const durations: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await send()).toBe(status);
      durations.push(lastDuration(surface));
    }
    return Math.min(...durations);
  };

  for (const { name, surface, url, token, status } of cases) {
    it(`on ${name} is answered within ${String(BAR_MS)} ms of tenant time`, async () => {
      const bearer = token();
      const send = async (): Promise<number> =>
        (
          await httpsCall(url(), {
            method: 'GET',
            ca: tenant.caCertPem,
            headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` },
          })
        ).status;
      expect(await bestOfThree(send, status, surface)).toBeLessThan(BAR_MS);
    });
  }

  it('on the control API is answered within the same bar', async () => {
    const send = async (): Promise<number> =>
      (await controlCall(tenant, { method: 'GET', path: `/journal${slashes(SLASH_COUNT)}` })).status;
    expect(await bestOfThree(send, 404, 'control')).toBeLessThan(BAR_MS);
  });
});

describe("a request head over Node's 16 KB limit", () => {
  it("gets Entra's AADSTS90015 page on the authority, a bare 431 on Graph, and every surface keeps answering", async () => {
    const long = 'x'.repeat(17_000);
    const authorize = await httpsCall(`${tenant.authority}/oauth2/v2.0/authorize?client_id=${tenant.clientId}&state=${long}`, {
      method: 'GET',
      ca: tenant.caCertPem,
    });
    expect(authorize.status).toBe(400);
    expect(authorize.headers['content-type']).toMatch(/^text\/html/);
    expect(authorize.body.toString('utf8')).toContain('AADSTS90015: Requested query string is too long.');
    const graph = await httpsCall(`${tenant.graphBaseUrl}v1.0/me?x=${long}`, { method: 'GET', ca: tenant.caCertPem });
    expect(graph.status).toBe(431);
    const discovery = await httpsCall(`${tenant.authority}/v2.0/.well-known/openid-configuration`, { method: 'GET', ca: tenant.caCertPem });
    expect(discovery.status).toBe(200);
  });
});

/** One HTTPS exchange on a keep-alive agent; the answer's body is read and dropped unless asked for. */
function exchange(
  agent: Agent,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; keep?: boolean } = {},
): Promise<{ status: number; cookie: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        if (options.keep === true) {
          chunks.push(chunk);
        }
      });
      res.on('end', () => {
        const cookie = (res.headers['set-cookie'] ?? [])[0]?.split(';')[0] ?? '';
        resolve({ status: res.statusCode ?? 0, cookie, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('8,000 sign-ins started with a 12 KB state', () => {
  const TOTAL = 8_000;
  const CONCURRENCY = 4;
  let remote: TenantProcess;
  let agent: Agent;
  beforeAll(async () => {
    remote = await startTenantProcess();
    agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: remote.caCertPem });
  });
  afterAll(async () => {
    agent.destroy();
    await remote.close();
  });

  const authorizeUrl = (index: number): string => {
    const query = new URLSearchParams({
      client_id: remote.clientId,
      response_type: 'code',
      redirect_uri: 'http://localhost:51234',
      response_mode: 'form_post',
      scope: 'openid profile offline_access https://graph.microsoft.com/User.Read',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      state: `${String(index)}.${'s'.repeat(12 * 1024)}`,
    });
    return `${remote.authority}/oauth2/v2.0/authorize?${query.toString()}`;
  };

  /** Starts a sign-in and returns what continues it: the browser cookie and the transaction id on its page. */
  const startSignIn = async (index: number): Promise<{ cookie: string; tx: string }> => {
    const page = await exchange(agent, authorizeUrl(index), { keep: true });
    expect(page.status).toBe(200);
    return { cookie: page.cookie, tx: /name="tx" value="([^"]+)"/.exec(page.text)?.[1] ?? '' };
  };

  const continueSignIn = (started: { cookie: string; tx: string }) =>
    exchange(agent, `${remote.authority}/oauth2/v2.0/authorize/continue`, {
      method: 'POST',
      headers: { cookie: started.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ tx: started.tx, action: 'username', username: ADELE }).toString(),
      keep: true,
    });

  it('take less than 150 s, grow the tenant by less than 80 MB, and the newest sign-ins still continue', { timeout: 300_000 }, async () => {
    const before = await remote.heldBytes();
    const began = performance.now();
    const first = await startSignIn(0);
    let issued = 1;
    const worker = async (): Promise<void> => {
      while (issued < TOTAL - 1) {
        issued += 1;
        const answer = await exchange(agent, authorizeUrl(issued));
        expect(answer.status).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const last = await startSignIn(TOTAL);
    const seconds = (performance.now() - began) / 1000;
    const grown = (await remote.heldBytes()) - before;
    console.log(`8,000 authorize requests with a 12 KB state: ${seconds.toFixed(1)} s; tenant grew ${(grown / 1_048_576).toFixed(1)} MB`);
    expect(seconds).toBeLessThan(150);
    expect(grown).toBeLessThan(80 * 1_048_576);
    // The oldest sign-in was evicted (Entra's answer for an expired one); the newest goes on to the password page.
    const evicted = await continueSignIn(first);
    expect(evicted.status).toBe(400);
    expect(evicted.text).toContain('AADSTS90014');
    const newest = await continueSignIn(last);
    expect(newest.status).toBe(200);
    expect(newest.text).toContain('id="password"');
  });
});
