/**
 * The sign-in pages as a person meets them in Chromium: wrong password, wrong number in the Authenticator, wrong PIN,
 * a user with no method able to satisfy the context, and cancelling (which MSAL reports as a server error).
 */
import { createHash, randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { startTestTenant } from '../../support/test-tenant';
import { chromiumExecutable } from '../../support/chromium';
import { completeSignIn, launchTenantBrowser } from '../../support/tenant-browser';
import { GRAPH_SCOPES, createTenantPca } from '../../support/tenant-session';

const haveChromium = chromiumExecutable() !== undefined;
if (!haveChromium) {
  console.warn('Skipping sign-in page tests: no Chromium found (set PW_CHROMIUM_PATH).');
}

describe.skipIf(!haveChromium)('sign-in pages in Chromium', () => {
  let tenant: SimulatedTenant;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    tenant = await startTestTenant();
    browser = await launchTenantBrowser(tenant.leafSpkiSha256);
  });
  afterAll(async () => {
    await browser.close();
    await tenant.close();
  });
  beforeEach(async () => {
    tenant.control.reset('demo');
    const context = await browser.newContext();
    page = await context.newPage();
  });

  const authorizeUrl = (claims?: unknown): string => {
    const verifier = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({
      client_id: tenant.clientId,
      scope: 'openid profile offline_access https://graph.microsoft.com/User.Read',
      redirect_uri: 'http://localhost:1',
      response_mode: 'form_post',
      response_type: 'code',
      state: 'st',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...(claims === undefined ? {} : { claims: JSON.stringify(claims) }),
    });
    return `${tenant.authority}/oauth2/v2.0/authorize?${query.toString()}`;
  };
  const step = () => page.locator('body').getAttribute('data-step');

  it('says so when the password is wrong and lets the person retry', async () => {
    await page.goto(authorizeUrl());
    await page.fill('input[name=username]', 'henry.helpdesk@contoso-sim.onmicrosoft.com');
    await page.click('#next');
    await page.waitForSelector('input[name=password]');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('#sign-in');
    await expect(page.locator('#error-message').innerText()).resolves.toContain('Your account or password is incorrect');
    await expect(step()).resolves.toBe('first-factor');
  });

  it('an unknown username is refused on the username page', async () => {
    await page.goto(authorizeUrl());
    await page.fill('input[name=username]', 'nobody@contoso-sim.onmicrosoft.com');
    await page.click('#next');
    await expect(page.locator('#error-message').innerText()).resolves.toContain('AADSTS50034');
  });

  it('a wrong number in the Authenticator denies the request; a wrong PIN is refused', async () => {
    await completeSignIn(page, authorizeUrl(), {
      username: 'henry.helpdesk@contoso-sim.onmicrosoft.com',
      password: 'Demo-Henry-2026!',
      methods: ['password'],
      stopAt: 'choose-method',
    });
    await page.click('button[data-method=authenticatorPush]');
    const shown = Number(await page.locator('#match-number').innerText());
    await page.fill('#phone-number', String(shown === 99 ? 10 : shown + 1));
    await page.click('#phone-approve');
    await expect(page.locator('#error-message').innerText()).resolves.toContain('did not match');
    await expect(step()).resolves.toBe('choose-method');

    const other = await browser.newContext();
    const fresh = await other.newPage();
    await fresh.goto(authorizeUrl());
    await fresh.fill('input[name=username]', 'adele.admin@contoso-sim.onmicrosoft.com');
    await fresh.click('#next');
    await fresh.click('button[data-method=windowsHello]');
    await fresh.fill('#pin', '000000');
    await fresh.click('#hello-ok');
    await expect(fresh.locator('#error-message').innerText()).resolves.toContain('PIN is incorrect');
    await other.close();
  });

  it('a user without a method that satisfies the strength is blocked with AADSTS53003', async () => {
    const outcome = await completeSignIn(page, authorizeUrl({ access_token: { acrs: { essential: true, value: 'c1' } } }), {
      username: 'henry.helpdesk@contoso-sim.onmicrosoft.com',
      password: 'Demo-Henry-2026!',
      methods: ['password', 'oath'],
      stopAt: 'blocked',
    });
    expect(outcome.steps.at(-1)).toBe('blocked');
    await expect(page.locator('#error-message').innerText()).resolves.toContain('AADSTS53003');
    await expect(page.locator('#stepup-strength').innerText()).resolves.toContain('Phishing-resistant MFA');
  });

  it('the username, step-up and method pages have no axe violations', async () => {
    const url = authorizeUrl({ access_token: { acrs: { essential: true, value: 'c2' } } });
    await page.goto(url);
    const violations = async () =>
      (await new AxeBuilder({ page }).analyze()).violations.map((violation) => `${violation.id}: ${violation.nodes[0]?.html ?? ''}`);
    await expect(violations()).resolves.toEqual([]);
    await completeSignIn(page, url, {
      username: 'adele.admin@contoso-sim.onmicrosoft.com',
      password: 'unused',
      pin: '246810',
      methods: ['windowsHello'],
      stopAt: 'choose-method',
    });
    await expect(step()).resolves.toBe('choose-method');
    await expect(violations()).resolves.toEqual([]);
    await page.click('button[data-method=passkey]');
    await page.waitForSelector('#pin');
    await expect(violations()).resolves.toEqual([]);
  });

  it('cancel posts access_denied to the app, which MSAL surfaces as a server error', async () => {
    const pca = createTenantPca(tenant);
    const error = await pca
      .acquireTokenInteractive({
        scopes: GRAPH_SCOPES,
        openBrowser: async (url) => {
          await page.goto(url);
          await page.click('#cancel');
        },
      })
      .then(
        () => null,
        (failure: unknown) => failure as { errorCode?: string; errorMessage?: string },
      );
    expect(error?.errorCode).toBe('access_denied');
    expect(error?.errorMessage).toContain('AADSTS50126');
  });
});
