/**
 * MSAL's loopback listener after a sign-in is cancelled or times out, with the engine's fetch
 * being what the desktop app uses for real tenants: Electron's network stack, which refuses
 * `http:` (createNetFetch, here over Node's fetch trusting the simulated tenant). The listener
 * must be closed (a TCP connect to its port is refused), and a grant that still completes after
 * the cancel (a late redirect) must leave no account behind. While a sign-in waits, what another local process can
 * send to the listener (an answer with a foreign `state`, a body over the bound) does not end it; the browser's real
 * answer still does, and then the listener is gone (docs/security.md, row 42).
 */
import { PublicClientApplication } from '@azure/msal-node';
import type { AuthenticationResult, ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthService, type AuthService } from '../../../src/core/auth/auth-service';
import { loopbackTarget } from '../../../src/core/auth/loopback-target';
import { graphScopes } from '../../../src/core/auth/scopes';
import { silentLogger } from '../../../src/core/logging/logger';
import { createUndiciFetch } from '../../../src/core/net/undici-fetch';
import { createFormFollowingBrowser } from '../../../src/demo/form-following-browser';
import { createNetFetch } from '../../../src/main/electron/electron-net-fetch';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { accepts } from '../../support/loopback-probes';
import { startTestTenant } from '../../support/test-tenant';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
const HENRY = 'henry.helpdesk@contoso-sim.onmicrosoft.com';

let tenant: SimulatedTenant | null = null;
let auth: AuthService | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await auth?.dispose();
  auth = null;
  await tenant?.close();
  tenant = null;
});

/** A cache plugin that keeps what MSAL would persist. */
function recordingCache(): ICachePlugin & { stored: () => string } {
  let stored = '';
  return {
    stored: () => stored,
    beforeCacheAccess: async (context: TokenCacheContext) => {
      await Promise.resolve();
      if (stored !== '') {
        context.tokenCache.deserialize(stored);
      }
    },
    afterCacheAccess: async (context: TokenCacheContext) => {
      await Promise.resolve();
      if (context.cacheHasChanged) {
        stored = context.tokenCache.serialize();
      }
    },
  };
}

async function start(options: {
  readonly timeoutSeconds?: number;
  readonly openBrowser: (url: string) => Promise<void>;
  readonly cachePlugin?: ICachePlugin;
  readonly sessions?: unknown[];
}): Promise<AuthService> {
  tenant ??= await startTestTenant({ unattended: null });
  const fetch = createUndiciFetch({ extraCaPem: [tenant.caCertPem] });
  auth = createAuthService({
    clientId: tenant.clientId,
    authority: tenant.authority,
    scopes: graphScopes(),
    signInTimeoutSeconds: options.timeoutSeconds ?? 60,
    // What the app uses for a real tenant: https only.
    fetch: createNetFetch({ fetch: (input, init) => fetch(input, init) }),
    openBrowser: options.openBrowser,
    ...(options.cachePlugin === undefined ? {} : { cachePlugin: options.cachePlugin }),
    onSignInState: () => undefined,
    onSessionChanged: (session) => options.sessions?.push(session),
    logger: silentLogger,
    now: () => new Date(),
  });
  return auth;
}

function openedOnce(): { openBrowser: (url: string) => Promise<void>; opened: Promise<string> } {
  let markOpened: (url: string) => void = () => undefined;
  const opened = new Promise<string>((resolve) => {
    markOpened = resolve;
  });
  return {
    opened,
    openBrowser: (url) => {
      markOpened(url);
      return Promise.resolve();
    },
  };
}

describe('the sign-in loopback, with an https-only engine fetch', () => {
  it('is closed after a cancel (a connect to its port is refused)', async () => {
    const browser = openedOnce();
    const service = await start({ openBrowser: browser.openBrowser });
    const pending = service.acquire({ purpose: 'sign-in' });
    const port = loopbackTarget(await browser.opened)?.port ?? 0;
    expect(port).toBeGreaterThan(0);
    expect(await accepts(port)).toBe(true);
    expect(service.cancel()).toBe(true);
    const result = await pending;
    expect(!result.ok && result.error.code).toBe('auth/cancelled');
    await expect.poll(() => accepts(port), { timeout: 3_000 }).toBe(false);
  });

  it('is closed after a timeout', async () => {
    const browser = openedOnce();
    // Long enough for MSAL to open the browser on a loaded machine; the next test covers an earlier end.
    const service = await start({ openBrowser: browser.openBrowser, timeoutSeconds: 4 });
    const pending = service.acquire({ purpose: 'sign-in' });
    const port = loopbackTarget(await browser.opened)?.port ?? 0;
    expect(await accepts(port)).toBe(true);
    const result = await pending;
    expect(!result.ok && result.error.code).toBe('auth/timed-out');
    await expect.poll(() => accepts(port), { timeout: 3_000 }).toBe(false);
  });

  it('a cancel before MSAL opened the browser: the browser is never opened (MSAL closes its listener)', async () => {
    let opened = 0;
    let cancelled: boolean | null = null;
    // The person cancels while MSAL is still building the authorize URL (resolving the authority): the moment is
    // MSAL's own call, not a guess at how long it takes.
    const built: { url: Promise<string> | null } = { url: null };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the original, called below on MSAL's own instance
    const getAuthCodeUrl = PublicClientApplication.prototype.getAuthCodeUrl;
    vi.spyOn(PublicClientApplication.prototype, 'getAuthCodeUrl').mockImplementation(function (this: PublicClientApplication, request) {
      built.url = getAuthCodeUrl.call(this, request);
      cancelled = auth?.cancel() ?? null;
      return built.url;
    });
    const service = await start({
      openBrowser: () => {
        opened += 1;
        return Promise.resolve();
      },
    });
    const result = await service.acquire({ purpose: 'sign-in' });
    expect(cancelled).toBe(true);
    expect(!result.ok && result.error.code).toBe('auth/cancelled');
    // The sign-in went on with the URL first (it awaited it before this test did), so whether it opened the browser
    // is decided once the URL is built and one more turn has run.
    expect(built.url).not.toBeNull();
    await built.url;
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened).toBe(0);
  });

  it('discards a grant that completes after the cancel: no session, no account stored', async () => {
    tenant = await startTestTenant({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    // The code reaches our listener and MSAL starts redeeming it, but the token endpoint answers late: the user
    // cancels in between (the moment is MSAL's own redeeming call).
    tenant.control.injectFault({ kind: 'latency', surface: 'authority', path: '/oauth2/v2.0/token', method: 'POST', latencyMs: 1_500 });
    const follow = createFormFollowingBrowser(createUndiciFetch({ extraCaPem: [tenant.caCertPem] }), silentLogger);
    const redeeming: { result: Promise<AuthenticationResult> | null } = { result: null };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the original, called below on MSAL's own instance
    const acquireTokenByCode = PublicClientApplication.prototype.acquireTokenByCode;
    vi.spyOn(PublicClientApplication.prototype, 'acquireTokenByCode').mockImplementation(function (this: PublicClientApplication, request) {
      redeeming.result = acquireTokenByCode.call(this, request);
      expect(auth?.cancel()).toBe(true);
      return redeeming.result;
    });
    const cache = recordingCache();
    const sessions: unknown[] = [];
    const service = await start({
      cachePlugin: cache,
      sessions,
      openBrowser: async (url) => {
        await follow(url);
      },
    });
    const result = await service.acquire({ purpose: 'sign-in' });
    expect(!result.ok && result.error.code).toBe('auth/cancelled');
    expect(redeeming.result).not.toBeNull();
    // The late grant arrives and MSAL keeps its account in the cache, then the service removes it again.
    const late = await redeeming.result;
    expect(late?.account?.username).toBe(ADELE);
    const accounts = (): string[] =>
      Object.keys((JSON.parse(cache.stored() === '' ? '{}' : cache.stored()) as { Account?: Record<string, unknown> }).Account ?? {});
    await vi.waitFor(() => {
      expect(accounts()).toEqual([]);
    });
    expect(await service.session()).toBeNull();
    expect(sessions).toEqual([]);
  });

  it('ignores a foreign state and an oversized body while it waits; the real answer still signs in, then it closes', async () => {
    tenant = await startTestTenant({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const follow = createFormFollowingBrowser(createUndiciFetch({ extraCaPem: [tenant.caCertPem] }), silentLogger);
    const browser = openedOnce();
    const service = await start({ openBrowser: browser.openBrowser });
    const pending = service.acquire({ purpose: 'sign-in' });
    const url = await browser.opened;
    const target = loopbackTarget(url);
    expect(target).not.toBeNull();
    const port = target?.port ?? 0;
    const post = (body: string): Promise<number | string> =>
      fetch(`http://127.0.0.1:${String(port)}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }).then(
        (response) => response.status,
        (error: unknown) => (error as { cause?: { code?: string } }).cause?.code ?? 'closed',
      );
    // Another process that read a state from some other command line, or guessed one, cannot end this sign-in.
    expect(await post(new URLSearchParams({ error: 'access_denied', state: 'read-elsewhere' }).toString())).toBe(400);
    expect(await post('error=access_denied')).toBe(400);
    expect(String(await post(`error=access_denied&state=${'x'.repeat(1_048_576)}`))).toMatch(
      /^(413|ECONNRESET|EPIPE|UND_ERR_SOCKET|closed)$/,
    );
    await follow(url);
    const result = await pending;
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(await service.session()).toMatchObject({ username: ADELE });
    await expect.poll(() => accepts(port), { timeout: 3_000 }).toBe(false);
  });

  it('refuses a step-up answered for another account, and keeps the signed-in one alone in the cache', async () => {
    tenant = await startTestTenant({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const follow = createFormFollowingBrowser(createUndiciFetch({ extraCaPem: [tenant.caCertPem] }), silentLogger);
    const cache = recordingCache();
    const service = await start({ cachePlugin: cache, openBrowser: follow });
    expect((await service.acquire({ purpose: 'sign-in' })).ok).toBe(true);
    // What a process that read the authorize URL can deliver: a code for an account of its own.
    tenant.control.setUnattended({ username: HENRY, methods: ['password', 'authenticatorPush'] });
    const stepUp = await service.acquire({ purpose: 'fresh-mfa', prompt: 'login' });
    expect(!stepUp.ok && stepUp.error.message).toMatch(/another account than adele\.admin@/);
    expect(await service.session()).toMatchObject({ username: ADELE });
    const stored = JSON.parse(cache.stored()) as { Account?: Record<string, { username: string }> };
    expect(Object.values(stored.Account ?? {}).map((account) => account.username)).toEqual([ADELE]);
  });
});
