/**
 * Conformance of the simulated authority with the REAL @azure/msal-node 7.2.3, the interactive sign-in completed by a
 * person-like script in a real Chromium (Playwright): discovery, authorize + form_post, code redemption with PKCE,
 * silent refresh, and the claims step-up (AADSTS50076 → InteractionRequiredAuthError → interactive with claims).
 */
import { InteractionRequiredAuthError, type AccountInfo, type AuthenticationResult, type PublicClientApplication } from '@azure/msal-node';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { loadShippedScenario } from '../../../src/simulated-tenant';
import { startTestTenant } from '../../support/test-tenant';
import { chromiumExecutable } from '../../support/chromium';
import { completeSignIn, launchTenantBrowser, type SignInOutcome, type SignInScript } from '../../support/tenant-browser';
import { GRAPH_SCOPES, createTenantPca, decodeJwt } from '../../support/tenant-session';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
const HENRY = 'henry.helpdesk@contoso-sim.onmicrosoft.com';
const C1_CLAIMS = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } });

const haveChromium = chromiumExecutable() !== undefined;
if (!haveChromium) {
  console.warn('Skipping MSAL + Chromium conformance: no Chromium found (set PW_CHROMIUM_PATH).');
}

describe.skipIf(!haveChromium)('simulated authority with real MSAL and Chromium', () => {
  let tenant: SimulatedTenant;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    tenant = await startTestTenant();
    browser = await launchTenantBrowser(tenant.leafSpkiSha256);
    context = await browser.newContext();
  });
  afterAll(async () => {
    await browser.close();
    await tenant.close();
  });
  beforeEach(async () => {
    tenant.control.reset();
    await context.close();
    context = await browser.newContext();
  });

  const user = (name: string) => {
    const found = tenant.users.find((candidate) => candidate.username === name);
    if (found === undefined) {
      throw new Error(`no user ${name}`);
    }
    return found;
  };

  async function interactive(
    pca: PublicClientApplication,
    script: Omit<SignInScript, 'password' | 'pin'> & { username: string },
    extra: { claims?: string; prompt?: string; loginHint?: string } = {},
  ): Promise<{ result: AuthenticationResult; outcome: SignInOutcome }> {
    const page = await context.newPage();
    let signIn: Promise<SignInOutcome> | undefined;
    const details = user(script.username);
    const result = await pca.acquireTokenInteractive({
      scopes: GRAPH_SCOPES,
      openBrowser: (url) => {
        signIn = completeSignIn(page, url, {
          ...script,
          password: details.password,
          ...(details.pin === null ? {} : { pin: details.pin }),
        });
        return Promise.resolve();
      },
      ...extra,
    });
    const outcome = await (signIn ?? Promise.reject(new Error('openBrowser was not called')));
    await page.close();
    return { result, outcome };
  }

  it('signs in interactively with Windows Hello and issues Entra-shaped tokens', async () => {
    const pca = createTenantPca(tenant);
    const { result, outcome } = await interactive(pca, { username: ADELE, methods: ['windowsHello'] });
    expect(outcome.steps).toEqual(['username', 'first-factor', 'method:first', 'returned']);
    const access = decodeJwt(result.accessToken);
    expect(access).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${tenant.tenantId}/`,
      tid: tenant.tenantId,
      oid: 'd4b1c272-be68-4b63-8afe-24c51943aabd',
      ver: '1.0',
      xms_cc: ['cp1'],
      appid: tenant.clientId,
    });
    expect(access.amr).toEqual(expect.arrayContaining(['rsa', 'mfa']));
    expect(access).not.toHaveProperty('acrs');
    expect(String(access.scp).split(' ')).toContain('RoleManagement.ReadWrite.Directory');
    expect(access.wids).toContain('f2ef992c-3afb-46b9-b7cf-a126ee74c451'); // permanently assigned Global Reader
    expect(Number(access.exp) - Number(access.iat)).toBe(3600);
    const id = decodeJwt(result.idToken);
    expect(id).not.toHaveProperty('nonce');
    expect(id).toMatchObject({ aud: tenant.clientId, iss: `${tenant.authority}/v2.0`, ver: '2.0', preferred_username: ADELE });
    expect(result.account?.homeAccountId).toBe(`d4b1c272-be68-4b63-8afe-24c51943aabd.${tenant.tenantId}`);
    const journal = tenant.control.journal().map((entry) => `${entry.method} ${entry.path.replace(tenant.tenantId, '{tid}')}`);
    expect(journal).toContain('GET /{tid}/v2.0/.well-known/openid-configuration');
    expect(journal).toContain('POST /{tid}/oauth2/v2.0/token');
    // The journal never stores secrets.
    const dump = JSON.stringify(tenant.control.journal());
    expect(dump).not.toContain(result.accessToken.slice(-20));
    expect(dump).not.toMatch(/[?&]code=(?!%5Bredacted%5D)/);
  });

  it('password + Authenticator number matching gives pwd, rsa and mfa', async () => {
    const pca = createTenantPca(tenant);
    const { result, outcome } = await interactive(pca, { username: HENRY, methods: ['password', 'authenticatorPush'] });
    expect(outcome.steps).toEqual(['username', 'first-factor', 'choose-method:mfa', 'method:second', 'returned']);
    expect(decodeJwt(result.accessToken).amr).toEqual(['pwd', 'rsa', 'mfa']);
  });

  it('password + OATH code works too', async () => {
    const pca = createTenantPca(tenant);
    const { result } = await interactive(pca, { username: HENRY, methods: ['password', 'oath'] });
    expect(decodeJwt(result.accessToken).amr).toEqual(['pwd', 'otp', 'mfa']);
  });

  it('refreshes silently, then steps up: refresh refused with AADSTS50076, interactive with claims yields acrs', async () => {
    const pca = createTenantPca(tenant);
    const first = await interactive(pca, { username: ADELE, methods: ['windowsHello'] });
    const account = first.result.account as AccountInfo;

    const refreshed = await pca.acquireTokenSilent({ account, scopes: GRAPH_SCOPES, forceRefresh: true });
    expect(refreshed.fromCache).toBe(false);
    expect(decodeJwt(refreshed.accessToken)).not.toHaveProperty('acrs');

    // c1 = phishing-resistant, sign-in frequency "every time": a refresh can never satisfy it.
    const refusal = await pca.acquireTokenSilent({ account, scopes: GRAPH_SCOPES, claims: C1_CLAIMS }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(InteractionRequiredAuthError);
    const interaction = refusal as InteractionRequiredAuthError;
    expect(interaction.errorCode).toBe('invalid_grant');
    expect(interaction.subError).toBe('basic_action');
    expect(String(interaction.errorNo)).toBe('50076');
    expect(JSON.parse(interaction.claims)).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });

    // The same browser session: the account is remembered, the step-up page names the context and the strength.
    const stepped = await interactive(pca, { username: ADELE, methods: ['passkey'] }, { claims: interaction.claims, loginHint: ADELE });
    expect(stepped.outcome.steps).toEqual(['choose-method:stepup', 'method:stepup', 'returned']);
    expect(stepped.outcome.stepUpText).toContain('Tier 0 admin: phishing-resistant');
    expect(stepped.outcome.stepUpText).toContain('Phishing-resistant MFA');
    expect(stepped.outcome.offeredStepUpMethods).toEqual(['windowsHello', 'passkey']);
    const access = decodeJwt(stepped.result.accessToken);
    expect(access.acrs).toEqual(['c1']);
    expect(access.amr).toEqual(expect.arrayContaining(['fido', 'mfa']));

    // MSAL keeps one token per scope set: the acrs-bearing one is now served from cache.
    const cached = await pca.acquireTokenSilent({ account, scopes: GRAPH_SCOPES });
    expect(cached.fromCache).toBe(true);
    expect(decodeJwt(cached.accessToken).acrs).toEqual(['c1']);
  });

  it('a custom strength excludes the method just used: Windows Hello sign-in, activation demands passkey or Authenticator', async () => {
    const pca = createTenantPca(tenant);
    await interactive(pca, { username: ADELE, methods: ['windowsHello'] });
    const claims = JSON.stringify({ access_token: { acrs: { essential: true, values: ['c2'] } } });
    const stepped = await interactive(pca, { username: ADELE, methods: ['authenticatorPasswordless'] }, { claims, loginHint: ADELE });
    expect(stepped.outcome.offeredStepUpMethods).toEqual(['passkey', 'authenticatorPasswordless']);
    expect(stepped.outcome.stepUpText).toContain('Passkey or Authenticator passwordless');
    expect(decodeJwt(stepped.result.accessToken).acrs).toEqual(['c2']);
  });

  it('a context without sign-in frequency is satisfied by the existing session on refresh (no interaction)', async () => {
    const pca = createTenantPca(tenant);
    const first = await interactive(pca, { username: ADELE, methods: ['windowsHello'] });
    const claims = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c5' } } });
    const silent = await pca.acquireTokenSilent({ account: first.result.account as AccountInfo, scopes: GRAPH_SCOPES, claims });
    expect(decodeJwt(silent.accessToken).acrs).toEqual(['c5']);
  });

  it.each([
    { strict: false, refused: false },
    { strict: true, refused: true },
  ])(
    'strict sessions $strict: a later step-up sign-in carries only what it proved (refresh for the earlier strength refused: $refused)',
    async ({ strict, refused }) => {
      // c1 (phishing-resistant) without a sign-in frequency, so only the methods behind the refresh token decide.
      const scenario = loadShippedScenario('demo') as { conditionalAccessPolicies: { authenticationContext: string }[] };
      scenario.conditionalAccessPolicies = scenario.conditionalAccessPolicies.map((policy) =>
        policy.authenticationContext === 'c1' ? { ...policy, signInFrequency: null } : policy,
      );
      tenant.control.reset(scenario);
      tenant.control.setStrictSessions(strict);
      const pca = createTenantPca(tenant);
      // Windows Hello proves phishing resistance; the c2 step-up then proves Authenticator passwordless only.
      const first = await interactive(pca, { username: ADELE, methods: ['windowsHello'] });
      const c2 = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c2' } } });
      await interactive(pca, { username: ADELE, methods: ['authenticatorPasswordless'] }, { claims: c2, loginHint: ADELE });
      const silent = await pca
        .acquireTokenSilent({ account: first.result.account as AccountInfo, scopes: GRAPH_SCOPES, claims: C1_CLAIMS })
        .then(
          (result) => decodeJwt(result.accessToken).acrs,
          (error: unknown) => error,
        );
      if (refused) {
        expect(silent).toBeInstanceOf(InteractionRequiredAuthError);
        expect(String((silent as InteractionRequiredAuthError).errorNo)).toBe('50076');
      } else {
        expect(silent).toEqual(['c1']);
      }
    },
  );

  it('a context that no CA policy targets is issued without a challenge', async () => {
    const pca = createTenantPca(tenant);
    const first = await interactive(pca, { username: ADELE, methods: ['windowsHello'] });
    const claims = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c4' } } });
    const silent = await pca.acquireTokenSilent({ account: first.result.account as AccountInfo, scopes: GRAPH_SCOPES, claims });
    expect(decodeJwt(silent.accessToken).acrs).toEqual(['c4']);
  });

  it('an amr=mfa claims request makes a password-only user complete a second factor', async () => {
    const pca = createTenantPca(tenant);
    const PAUL = 'paul.password@contoso-sim.onmicrosoft.com';
    const first = await interactive(pca, { username: PAUL, methods: ['password'] });
    expect(decodeJwt(first.result.accessToken).amr).toEqual(['pwd']);
    const claims = JSON.stringify({ access_token: { amr: { essential: true, values: ['mfa'] } } });
    const refusal: unknown = await pca
      .acquireTokenSilent({ account: first.result.account as AccountInfo, scopes: GRAPH_SCOPES, claims })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(InteractionRequiredAuthError);
    const stepped = await interactive(
      pca,
      { username: PAUL, methods: ['authenticatorPush'] },
      { claims: (refusal as InteractionRequiredAuthError).claims, loginHint: PAUL },
    );
    expect(stepped.outcome.steps).toEqual(['choose-method:mfa', 'method:second', 'returned']);
    expect(decodeJwt(stepped.result.accessToken).amr).toEqual(['pwd', 'rsa', 'mfa']);
  });

  it('prompt=login demands a new first factor even with a browser session', async () => {
    const pca = createTenantPca(tenant);
    await interactive(pca, { username: ADELE, methods: ['windowsHello'] });
    const again = await interactive(pca, { username: ADELE, methods: ['windowsHello'] }, { prompt: 'login', loginHint: ADELE });
    expect(again.outcome.steps).toEqual(['first-factor', 'method:first', 'returned']);
  });

  it('a second authorize reuses the browser session (account picker, no credentials)', async () => {
    const pca = createTenantPca(tenant);
    await interactive(pca, { username: ADELE, methods: ['windowsHello'] });
    const again = await interactive(createTenantPca(tenant), { username: ADELE, methods: [] }, { prompt: 'select_account' });
    expect(again.outcome.steps).toEqual(['account-picker', 'returned']);
  });

  it('unattended sign-in still goes through the browser and the form post', async () => {
    tenant.control.setUnattended({ username: HENRY, methods: ['password', 'oath'] });
    const pca = createTenantPca(tenant);
    const { result, outcome } = await interactive(pca, { username: HENRY, methods: [] });
    expect(outcome.steps.at(-1)).toBe('returned');
    expect(decodeJwt(result.accessToken).upn).toBe(HENRY);
    expect(decodeJwt(result.accessToken).amr).toEqual(['pwd', 'otp', 'mfa']);
  });

  it('every page says it is a simulated tenant', async () => {
    const page = await context.newPage();
    await page.goto(`${tenant.authorityHost}/`);
    await expect(page.locator('#simulated-banner').innerText()).resolves.toContain('SIMULATED TENANT');
    const pca = createTenantPca(tenant);
    let seen = '';
    await pca
      .acquireTokenInteractive({
        scopes: GRAPH_SCOPES,
        openBrowser: async (url) => {
          await page.goto(url);
          seen = await page.locator('#simulated-banner').innerText();
          await page.click('#cancel');
        },
      })
      .catch(() => undefined);
    expect(seen).toContain('not Microsoft Entra ID');
  });
});
