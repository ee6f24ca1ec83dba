/**
 * Sign-in through the Windows broker (WAM), opt-in. WAM cannot run here, so a fake stands in for
 * the native broker plugin only; everything above it is real: MSAL Node's PublicClientApplication
 * (which routes calls to a configured broker plugin), the auth service, and the engine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InteractionRequiredAuthError } from '@azure/msal-node';
import type { AccountInfo, AuthenticationResult, INativeBrokerPlugin } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { createAuthService } from '../../../../src/core/auth/auth-service';
import type { AuthService } from '../../../../src/core/auth/auth-service';
import { lazyBrokerPlugin, loadNativeBrokerPlugin } from '../../../../src/core/auth/broker';
import type { BrokerPluginLoader } from '../../../../src/core/auth/broker';
import { resolveConfig } from '../../../../src/core/config/resolve-config';
import type { ResolvedConfig } from '../../../../src/core/config/resolve-config';
import { createEngine } from '../../../../src/core/engine/create-engine';
import { createLogger } from '../../../../src/core/logging/logger';
import type { FetchLike } from '../../../../src/core/net/fetch-like';

type NativeRequest = Parameters<INativeBrokerPlugin['acquireTokenSilent']>[0];

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '66666666-7777-8888-9999-000000000000';
const AUTHORITY = `https://login.microsoftonline.com/${TENANT}`;
const STEP_UP_C1 = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

const seg = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** The contexts a claims request asks for (`acrs` value or values). */
function requestedContexts(claims: string | undefined): string[] {
  if (claims === undefined || claims === '') {
    return [];
  }
  const acrs = (JSON.parse(claims) as { access_token?: { acrs?: { value?: string; values?: string[] } } }).access_token?.acrs;
  return [...(acrs?.value === undefined ? [] : [acrs.value]), ...(acrs?.values ?? [])];
}

/**
 * A stand-in for the native plugin with WAM's contract: no account until an interactive sign-in;
 * silent requests for a context the user has not proved need interaction (carrying the claims);
 * an interactive request proves what its claims ask for, with Windows Hello.
 */
class FakeBroker implements INativeBrokerPlugin {
  isBrokerAvailable = true;
  readonly interactive: { request: NativeRequest; windowHandle: Buffer | undefined }[] = [];
  readonly silent: NativeRequest[] = [];
  readonly signedOut: string[] = [];
  loggerSet = false;
  private account: AccountInfo | null = null;
  private readonly proved = new Set<string>();
  /** Resolves the interactive prompt: the tests decide when the user finishes in WAM's window. */
  private finishPrompt: (() => void) | null = null;
  holdPrompts = false;

  setLogger(): void {
    this.loggerSet = true;
  }
  getAccountById(accountId: string): Promise<AccountInfo> {
    return this.account?.nativeAccountId === accountId ? Promise.resolve(this.account) : Promise.reject(new Error('no such account'));
  }
  getAllAccounts(clientId: string): Promise<AccountInfo[]> {
    expect(clientId).toBe(CLIENT);
    return Promise.resolve(this.account === null ? [] : [this.account]);
  }
  acquireTokenSilent(request: NativeRequest): Promise<AuthenticationResult> {
    this.silent.push(request);
    if (this.account === null || request.accountId !== this.account.nativeAccountId) {
      return Promise.reject(new InteractionRequiredAuthError('no_account_found', 'No account in the broker.'));
    }
    const missing = requestedContexts(request.claims).filter((context) => !this.proved.has(context));
    if (missing.length > 0) {
      return Promise.reject(
        new InteractionRequiredAuthError('interaction_required', 'Conditional Access needs the user.', '', '', '', '', request.claims),
      );
    }
    return Promise.resolve(this.result(request, false));
  }
  async acquireTokenInteractive(request: NativeRequest, windowHandle?: Buffer): Promise<AuthenticationResult> {
    this.interactive.push({ request, windowHandle });
    if (this.holdPrompts) {
      await new Promise<void>((resolve) => (this.finishPrompt = resolve));
    }
    this.account ??= {
      homeAccountId: `oid-1.${TENANT}`,
      environment: 'login.microsoftonline.com',
      tenantId: TENANT,
      username: 'adele@contoso.com',
      localAccountId: 'oid-1',
      nativeAccountId: 'wam-account-1',
      name: 'Adele Vance',
      idTokenClaims: { oid: 'oid-1', tid: TENANT },
    };
    for (const context of requestedContexts(request.claims)) {
      this.proved.add(context);
    }
    return this.result(request, true);
  }
  signOut(request: { accountId: string }): Promise<void> {
    this.signedOut.push(request.accountId);
    this.account = null;
    this.proved.clear();
    return Promise.resolve();
  }
  finish(): void {
    this.finishPrompt?.();
  }
  private result(request: NativeRequest, interactive: boolean): AuthenticationResult {
    const account = this.account;
    if (account === null) {
      throw new Error('no account');
    }
    const now = Math.floor(Date.now() / 1000);
    const contexts = requestedContexts(request.claims).filter((c) => this.proved.has(c));
    const accessToken = `${seg({ alg: 'RS256', typ: 'JWT' })}.${seg({ tid: TENANT, upn: account.username, amr: interactive ? ['ngcmfa'] : ['pwd', 'mfa'], acrs: contexts, iat: now, exp: now + 3600 })}.sig`;
    return {
      authority: request.authority,
      uniqueId: account.localAccountId,
      tenantId: TENANT,
      scopes: request.scopes,
      account,
      idToken: `${seg({ alg: 'none' })}.${seg({ oid: account.localAccountId, tid: TENANT })}.`,
      idTokenClaims: { oid: account.localAccountId, tid: TENANT },
      accessToken,
      fromCache: !interactive,
      expiresOn: new Date((now + 3600) * 1000),
      tokenType: 'Bearer',
      correlationId: request.correlationId,
    };
  }
}

const logs: string[] = [];
const logger = createLogger({ level: 'debug', sink: (record) => logs.push(`${record.level} ${record.message}`) });

/** No request may reach the network: with the broker, MSAL talks to WAM only. */
function noNetwork(): { fetch: FetchLike; requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    fetch: (input) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return Promise.reject(new TypeError('network disabled in this test'));
    },
  };
}

function authWith(plugin: INativeBrokerPlugin, fetch: FetchLike, browser: string[], windowHandle?: Buffer): AuthService {
  return createAuthService({
    clientId: CLIENT,
    authority: AUTHORITY,
    scopes: ['https://graph.microsoft.com/.default'],
    signInTimeoutSeconds: 30,
    fetch,
    openBrowser: (url) => {
      browser.push(url);
      return Promise.reject(new Error('the browser must not open when the broker is on'));
    },
    broker: { plugin, ...(windowHandle === undefined ? {} : { windowHandle: () => windowHandle }) },
    onSignInState: () => undefined,
    onSessionChanged: () => undefined,
    logger,
    now: () => new Date(),
  });
}

describe('Windows broker (WAM) sign-in', () => {
  it('signs in through the broker, parented to the given window, with no browser and no network', async () => {
    const fake = new FakeBroker();
    const { fetch, requests } = noNetwork();
    const browser: string[] = [];
    const handle = Buffer.from([1, 2, 3, 4]);
    const auth = authWith(
      lazyBrokerPlugin(() => Promise.resolve(fake), logger),
      fetch,
      browser,
      handle,
    );

    const session = await auth.signIn();
    expect(session).toMatchObject({ ok: true, value: { username: 'adele@contoso.com', tenantId: TENANT } });
    expect(fake.interactive).toHaveLength(1);
    expect(fake.interactive[0]?.request).toMatchObject({
      clientId: CLIENT,
      authority: AUTHORITY,
      scopes: expect.arrayContaining(['https://graph.microsoft.com/.default']) as unknown,
    });
    expect(fake.interactive[0]?.windowHandle).toEqual(handle);
    expect(fake.loggerSet).toBe(true);
    expect(browser).toEqual([]);
    expect(requests).toEqual([]);
    expect(await auth.principalId()).toBe('oid-1');
    await auth.dispose();
  });

  it('passes a step-up claims request through: silent first, then WAM with exactly those claims, then silent reuse', async () => {
    const fake = new FakeBroker();
    const auth = authWith(
      lazyBrokerPlugin(() => Promise.resolve(fake), logger),
      noNetwork().fetch,
      [],
    );
    expect((await auth.signIn()).ok).toBe(true);

    const stepUp = await auth.acquire({ purpose: 'step-up', claims: STEP_UP_C1, contexts: [{ id: 'c1', displayName: 'Tier 0' }] });
    expect(stepUp.ok && stepUp.value.evidence?.contexts).toEqual(['c1']);
    expect(stepUp.ok && stepUp.value.interactive).toBe(true);
    // The silent attempt carried the claims, WAM answered "interaction required", and the prompt carried them too.
    expect(fake.silent.at(-1)?.claims).toBe(STEP_UP_C1);
    expect(fake.interactive.map((call) => call.request.claims)).toEqual([undefined, STEP_UP_C1]);
    expect(fake.interactive[1]?.request.accountId).toBe('wam-account-1');
    await auth.dispose();

    // A fresh service (no in-memory grants) gets the context silently from the broker: no second prompt.
    const again = authWith(
      lazyBrokerPlugin(() => Promise.resolve(fake), logger),
      noNetwork().fetch,
      [],
    );
    const silent = await again.acquire({ purpose: 'step-up', claims: STEP_UP_C1 });
    expect(silent.ok && silent.value.interactive).toBe(false);
    expect(fake.interactive).toHaveLength(2);
    await again.dispose();
  });

  it('runs one broker prompt for two step-ups for the same context in flight together', async () => {
    const fake = new FakeBroker();
    const auth = authWith(
      lazyBrokerPlugin(() => Promise.resolve(fake), logger),
      noNetwork().fetch,
      [],
    );
    expect((await auth.signIn()).ok).toBe(true);
    fake.holdPrompts = true;
    const first = auth.acquire({ purpose: 'step-up', claims: STEP_UP_C1 });
    const second = auth.acquire({ purpose: 'step-up', claims: STEP_UP_C1 });
    await expect.poll(() => fake.interactive.length).toBe(2);
    fake.finish();
    const [a, b] = await Promise.all([first, second]);
    expect(a.ok && b.ok).toBe(true);
    expect(fake.interactive).toHaveLength(2); // the sign-in and one step-up
    await auth.dispose();
  });

  it('signs out of the broker account', async () => {
    const fake = new FakeBroker();
    const auth = authWith(
      lazyBrokerPlugin(() => Promise.resolve(fake), logger),
      noNetwork().fetch,
      [],
    );
    expect((await auth.signIn()).ok).toBe(true);
    await auth.signOut();
    expect(fake.signedOut).toEqual(['wam-account-1']);
    expect(await auth.session()).toBeNull();
  });

  it('when the plugin cannot be loaded: not signed in, and sign-in fails saying how to fix it (never falls back to the browser)', async () => {
    const browser: string[] = [];
    const auth = authWith(
      lazyBrokerPlugin(() => Promise.reject(new Error("Cannot find module '@azure/msal-node-runtime'")), logger),
      noNetwork().fetch,
      browser,
    );
    expect(await auth.session()).toBeNull();
    const result = await auth.signIn();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ code: 'auth/failed', serviceCode: 'broker_unavailable' });
    expect(!result.ok && result.error.message).toMatch(/Windows sign-in broker \(WAM\) could not be loaded.*Turn the broker option off/);
    expect(browser).toEqual([]);
  });

  it('when the native runtime did not start (isBrokerAvailable false): a clear error, no browser', async () => {
    const fake = new FakeBroker();
    fake.isBrokerAvailable = false;
    const browser: string[] = [];
    const auth = authWith(
      lazyBrokerPlugin(() => Promise.resolve(fake), logger),
      noNetwork().fetch,
      browser,
    );
    const result = await auth.signIn();
    expect(!result.ok && result.error.message).toMatch(/did not start on this machine/);
    expect(fake.interactive).toEqual([]);
    expect(browser).toEqual([]);
  });

  it('loads the plugin once, on first use, however many calls race for it', async () => {
    const fake = new FakeBroker();
    let loads = 0;
    // The load stays in flight until all three calls were made.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const load: BrokerPluginLoader = async () => {
      loads += 1;
      await gate;
      return fake;
    };
    const plugin = lazyBrokerPlugin(load, logger);
    expect(loads).toBe(0);
    const calls = Promise.all([plugin.getAllAccounts(CLIENT, 'a'), plugin.getAllAccounts(CLIENT, 'b'), plugin.getAllAccounts(CLIENT, 'c')]);
    release();
    await calls;
    expect(loads).toBe(1);
  });
});

describe('the broker option', () => {
  const base = { env: {}, flags: { tenant: TENANT, clientId: CLIENT } };

  it('is off by default, and on with broker: true, --broker or PIM_STEPUP_BROKER on Windows', () => {
    expect(resolveConfig({ ...base, platform: 'win32' })).toMatchObject({ ok: true, value: { broker: false } });
    expect(resolveConfig({ ...base, flags: { ...base.flags, broker: true }, platform: 'win32' })).toMatchObject({
      ok: true,
      value: { broker: true },
    });
    expect(resolveConfig({ ...base, env: { PIM_STEPUP_BROKER: '1' }, platform: 'win32' })).toMatchObject({
      ok: true,
      value: { broker: true },
    });
    expect(resolveConfig({ ...base, file: { path: 'config.json', text: '{"broker": true}' }, platform: 'win32' })).toMatchObject({
      ok: true,
      value: { broker: true },
    });
  });

  it.each(['linux', 'darwin'] as const)('is refused on %s with a message naming where it was set and what to do', (platform) => {
    const result = resolveConfig({ ...base, env: { PIM_STEPUP_BROKER: 'true' }, platform });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('config/invalid');
    expect(!result.ok && result.error.issues).toEqual([
      {
        path: 'broker (environment variable PIM_STEPUP_BROKER)',
        message: `is available on Windows only (it signs in through the Windows account broker, WAM), and this is ${platform}; remove it to sign in through the system browser.`,
      },
    ]);
  });

  it('does not matter for the demo tenant, on any system', () => {
    expect(resolveConfig({ env: {}, flags: { demo: true, broker: true }, platform: 'linux' }).ok).toBe(true);
  });

  function engineConfig(broker: boolean): ResolvedConfig {
    const resolved = resolveConfig({ ...base, flags: { ...base.flags, broker }, platform: 'win32' });
    if (!resolved.ok) {
      throw new Error(resolved.error.message);
    }
    return resolved.value;
  }

  it('on: the engine signs in through the loaded broker plugin', async () => {
    const fake = new FakeBroker();
    let loads = 0;
    const engine = createEngine({
      config: engineConfig(true),
      fetch: noNetwork().fetch,
      openBrowser: () => Promise.reject(new Error('no browser with the broker')),
      loadBrokerPlugin: () => {
        loads += 1;
        return Promise.resolve(fake);
      },
      emit: () => undefined,
      logger,
    });
    const signedIn = await engine.signIn();
    expect(signedIn).toMatchObject({ ok: true, value: { username: 'adele@contoso.com' } });
    expect(loads).toBe(1);
    expect(fake.interactive).toHaveLength(1);
    await engine.dispose();
  });

  it('off: the plugin is never loaded and sign-in goes to the browser', async () => {
    let loads = 0;
    const browser: string[] = [];
    const engine = createEngine({
      config: engineConfig(false),
      // Authority discovery must succeed before MSAL opens the browser; answer it as Entra does.
      fetch: (input) => {
        const url = String(input instanceof Request ? input.url : input);
        return Promise.resolve(
          new Response(
            JSON.stringify(
              url.includes('openid-configuration')
                ? {
                    issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
                    authorization_endpoint: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`,
                    token_endpoint: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
                    end_session_endpoint: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/logout`,
                    jwks_uri: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
                    response_modes_supported: ['query', 'fragment', 'form_post'],
                  }
                : {
                    tenant_discovery_endpoint: `https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`,
                    metadata: [],
                  },
            ),
            { status: 200, headers: { 'content-type': 'application/json' } },
          ),
        );
      },
      openBrowser: (url) => {
        browser.push(url);
        return Promise.reject(new Error('no browser in this test'));
      },
      loadBrokerPlugin: () => {
        loads += 1;
        return Promise.reject(new Error('must not load'));
      },
      emit: () => undefined,
      logger,
    });
    const result = await engine.signIn();
    expect(result.ok).toBe(false);
    expect(loads).toBe(0);
    expect(browser).toHaveLength(1);
    expect(new URL(browser[0] ?? '').pathname).toBe(`/${TENANT}/oauth2/v2.0/authorize`);
    await engine.dispose();
  });
});

describe('the real Windows broker plugin', () => {
  // Only Windows has WAM; the Windows CI runners (.github/workflows/ci.yml) run this for real.
  const onWindows = process.platform === 'win32';
  if (!onWindows) {
    console.log(`[broker] skipped: the real NativeBrokerPlugin needs Windows (this is ${process.platform})`);
  }

  it.skipIf(!onWindows)('loads through the same loader the app uses, and its native runtime starts', async () => {
    const plugin = await loadNativeBrokerPlugin();
    expect(plugin.isBrokerAvailable).toBe(true);
  });
});

describe('the native broker module', () => {
  /** Every .ts file under a folder. */
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
    });
  }

  it('is imported by value nowhere: only src/core/auth/broker.ts loads it, dynamically (its import starts a native runtime)', () => {
    const staticImports = sources('src').filter((file) =>
      /^\s*import\s+(?!type\b)[^;]*from\s+['"]@azure\/msal-node-extensions['"]/m.test(readFileSync(file, 'utf8')),
    );
    expect(staticImports).toEqual([]);
    const dynamic = sources('src').filter((file) => readFileSync(file, 'utf8').includes("import('@azure/msal-node-extensions')"));
    expect(dynamic).toEqual([join('src', 'core', 'auth', 'broker.ts')]);
  });
});
