/**
 * The whole interactive path as a person meets it: the engine opens "the system browser"
 * (Chromium), the simulated tenant's real sign-in pages are completed step by step (username,
 * password, methods, PIN) by the tenant helper's page driver, and the step-up page explains the
 * context. No unattended shortcut.
 */
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { WALL_CLOCK_BAR_MS } from '../../support/time-bar';
import { completeSignIn, launchTenantBrowser } from '../../support/tenant-browser';
import type { SignInOutcome } from '../../support/tenant-browser';
import type { Fixture } from './engine-fixture';
import { ADELE, ROLE, roleKey, startFixture } from './engine-fixture';

let fixture: Fixture | null = null;
let browser: Browser | null = null;

afterAll(async () => {
  await fixture?.close();
  await browser?.close();
});

describe('interactive sign-in pages', () => {
  it('signs in, then steps up once through the step-up page for a context', async () => {
    const outcomes: SignInOutcome[] = [];
    const failures: unknown[] = [];
    let launch: Promise<Browser> | null = null;
    fixture = await startFixture({
      unattended: null,
      openBrowser: (url) => {
        const tenant = fixture?.tenant;
        if (tenant === undefined) {
          return Promise.reject(new Error('no tenant'));
        }
        const user = tenant.users.find((u) => u.username === ADELE);
        launch ??= launchTenantBrowser(tenant.leafSpkiSha256);
        // Like a real browser, the pages run on their own while MSAL waits on its loopback.
        void (async () => {
          browser = await launch;
          const context = await browser.newContext();
          const page = await context.newPage();
          outcomes.push(
            await completeSignIn(page, url, {
              username: ADELE,
              password: user?.password ?? '',
              methods: ['password', 'authenticatorPush', 'passkey'],
              ...(user?.pin ? { pin: user.pin } : {}),
            }),
          );
          await context.close();
        })().catch((cause: unknown) => failures.push(cause));
        return Promise.resolve();
      },
    });
    const session = await fixture.handlers['auth:sign-in']();
    expect(session.ok, JSON.stringify([session, failures])).toBe(true);
    const report = await fixture.engine.activate({
      roleIds: [roleKey(ROLE.privilegedRoleAdmin)],
      duration: 'PT1H',
      justification: 'Interactive pages',
    });
    expect(report.ok && report.value.outcomes[0]?.status, JSON.stringify([report, failures])).toBe('active');
    expect(report.ok && report.value.prompts).toBe(1);
    // The page driver returns just after the page posted to MSAL's loopback.
    await vi.waitFor(
      () => {
        expect(outcomes, JSON.stringify(failures)).toHaveLength(2);
      },
      { timeout: WALL_CLOCK_BAR_MS },
    );
    // The second visit was the step-up, and the page said which context it was for.
    expect(outcomes[1]?.stepUpText ?? '').toMatch(/Role management: passkey or Authenticator/);
    expect(report.ok && report.value.evidence?.contexts).toContain('c2');
  });
});
