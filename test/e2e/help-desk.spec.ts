/**
 * The help-desk supported flow and kiosk mode end to end in Chromium: the BUILT renderer, the
 * REAL engine and desktop handlers behind the IPC router, real MSAL and Graph client over HTTPS,
 * and the simulated tenant. The shell's clipboard, save dialog and deep-link delivery are the
 * harness's recording fakes (test/support/renderer-engine.ts), since Electron cannot run here.
 *
 * Every new view is checked with axe-core and saved as a screenshot; the page must report no CSP
 * violation.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { RendererBackend } from '../support/renderer-engine';
import { expectNoSeriousA11yViolations, saveStepScreenshot, tabTo } from '../support/renderer-page';
import {
  ADELE,
  chooseHelpdeskAdministrator,
  EVERYDAY_SIGN_IN,
  finishBackendTest,
  PHISHING_RESISTANT,
  startBackendForTest,
} from '../support/renderer-test';

/** Global Administrator's role definition id: a link may name a role by id. */
const GLOBAL_ADMIN_ID = '62e90394-69f5-4237-9190-012177145e10';

/** Tag for tests whose backend runs in kiosk mode (memory only, no history, session ends after activation). */
const KIOSK = '@kiosk';

let backend: RendererBackend;
const cspConsole: string[] = [];

test.beforeEach(async ({ page }, testInfo) => {
  backend = await startBackendForTest(page, cspConsole, testInfo.tags.includes(KIOSK) ? { mode: 'kiosk' } : {});
});

test.afterEach(async ({ page }, testInfo) => {
  await finishBackendTest(page, testInfo, backend, cspConsole);
});

/** The results screen's heading: what the run achieved, in words. */
const RESULTS = /^(The role is active|All \d+ roles are active|\d+ of \d+ roles? active.*|Nothing was activated)$/;

async function expectStep(page: Page, heading: string | RegExp): Promise<void> {
  const h2 = page.getByRole('heading', { level: 2, name: heading, exact: typeof heading === 'string' });
  await expect(h2).toBeVisible();
  await expect(h2).toBeFocused();
}

async function signInAsAdele(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await backend.completeSignIn(await backend.browserQueue.next(), EVERYDAY_SIGN_IN);
  await expect(page.getByRole('heading', { level: 2, name: 'My roles' })).toBeVisible();
}

/** The guided-mode region for a step (a labelled region, found by its heading). */
function guide(page: Page, title: string) {
  return page.getByRole('region', { name: `In plain words: ${title}` });
}

/** Activation POSTs the tenant received (the journal sees every request, accepted or not). */
function activationPosts() {
  return backend.tenant.control.journal().filter((e) => e.method === 'POST' && e.action === 'selfActivate');
}

async function activateHelpdeskAdministrator(page: Page): Promise<void> {
  await chooseHelpdeskAdministrator(page);
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await expect(page.getByRole('listitem', { name: 'Helpdesk Administrator' }).locator('.status')).toHaveText(/^active/, {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectStep(page, RESULTS);
}

test('guided mode on every step, and a help-desk link that pre-fills the wizard but activates only on Activate', async ({
  page,
}, testInfo) => {
  // Seven axe passes, a sign-in and a step-up.
  test.slow();
  await page.goto(backend.harness.url);
  await expectStep(page, 'Sign in');

  // Guided mode is a toggle in the header, reached with the keyboard.
  const toggle = page.getByRole('button', { name: 'Guided mode' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('region', { name: /^In plain words/ })).toHaveCount(0);
  await tabTo(page, /^Guided mode$/);
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const signInGuide = guide(page, 'Step 1 of 6: sign in');
  await expect(signInGuide).toContainText('Which sign-in methods will work');
  await expect(signInGuide).toContainText('Your password goes only to Microsoft');
  // The harness keeps tokens in memory only (no token cache), and the sign-in step says why.
  await expect(page.getByTestId('token-storage-note')).toContainText('kept in memory only');
  await expectNoSeriousA11yViolations(page, testInfo, 'guided-1-sign-in');
  await saveStepScreenshot(page, testInfo, 'guided-1-sign-in');

  await signInAsAdele(page);
  // Signed in, the window opens on home: the guide explains choosing roles.
  await expectStep(page, 'My roles');
  await expect(guide(page, 'Step 2 of 6: choose the roles')).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, 'guided-2-roles');
  await saveStepScreenshot(page, testInfo, 'guided-2-roles');

  // The link arrives while the admin is on the role list (as from a second instance).
  const delivery = backend.desktop.deliverDeepLink(
    `pim-stepup://activate?role=${GLOBAL_ADMIN_ID}&role=Teams%20Administrator&duration=PT2H` +
      '&justification=Rotate%20the%20break-glass%20exclusions%20(CHG-2001)&ticket=CHG-2001&ticketSystem=ServiceNow',
  );
  expect(delivery.ok, 'the link is valid').toBe(true);
  await expectStep(page, 'Activate 1 role');
  const notice = page.getByRole('region', { name: 'Opened from a help-desk link — review and press Activate' });
  await expect(notice).toContainText('Filled in: Global Administrator.');
  await expect(notice).toContainText('Not among your eligible roles: “Teams Administrator”.');
  await expect(page.getByLabel(/^Reason/)).toHaveValue('Rotate the break-glass exclusions (CHG-2001)');
  await expect(page.getByLabel('Duration', { exact: true })).toHaveValue('120');
  await expect(page.getByLabel(/^Ticket number/)).toHaveValue('CHG-2001');
  await expect(page.getByLabel(/^Ticket system/)).toHaveValue('ServiceNow');
  await expect(page.getByText('One step-up for Tier 0 admin: phishing-resistant covers this role: Global Administrator.')).toBeVisible();
  const activateGuide = guide(page, 'Step 3 of 6: reason and duration');
  await expect(activateGuide).toContainText('stronger sign-in rule');
  await expectNoSeriousA11yViolations(page, testInfo, 'guided-3-activate-from-link');
  await saveStepScreenshot(page, testInfo, 'guided-3-activate-from-link');

  // The link alone activates nothing: the plan was asked for (read-only), no activation was.
  expect(activationPosts(), 'no activation POST before Activate').toEqual([]);
  expect(backend.tenant.control.requests()).toEqual([]);
  expect(backend.harness.calls).toContain('activation:plan');
  expect(backend.harness.calls).not.toContain('activation:activate');

  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await expectStep(page, 'Additional verification required');
  const stepUpGuide = guide(page, 'Step 4 of 6: the extra sign-in');
  await expect(stepUpGuide).toContainText('Your organisation protects these roles with the rule "Tier 0 admin: phishing-resistant"');
  // The methods come from the tenant's authentication strength for the context, read by the engine (not the name).
  await expect(stepUpGuide).toContainText('expect a phishing-resistant sign-in (Windows Hello, passkey or certificate)');
  await expect(stepUpGuide).toContainText('What you should see next');
  await expectNoSeriousA11yViolations(page, testInfo, 'guided-4-step-up');
  await saveStepScreenshot(page, testInfo, 'guided-4-step-up');
  expect(activationPosts(), 'still nothing before the step-up').toEqual([]);

  await page.getByRole('button', { name: 'Sign in to step up' }).click();
  await backend.completeSignIn(await backend.browserQueue.next(), PHISHING_RESISTANT);
  await expect(page.getByRole('heading', { name: 'Step-up complete: your new sign-in' })).toBeVisible();
  await page.getByRole('button', { name: /^See (progress|the results)$/ }).click();
  await expectStep(page, 'Activation progress');
  await expect(guide(page, 'Step 5 of 6: activation in progress')).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Global Administrator' }).locator('.status')).toHaveText(/^active/, {
    timeout: 30_000,
  });
  await expectNoSeriousA11yViolations(page, testInfo, 'guided-5-progress');
  await saveStepScreenshot(page, testInfo, 'guided-5-progress');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectStep(page, RESULTS);
  await expect(guide(page, 'Step 6 of 6: done')).toContainText('Refresh');
  await expectNoSeriousA11yViolations(page, testInfo, 'guided-6-done');
  await saveStepScreenshot(page, testInfo, 'guided-6-done');

  // Exactly one activation, after Activate, with what the link filled in.
  const posts = activationPosts();
  expect(posts, 'one activation POST, after Activate').toHaveLength(1);
  expect(posts[0]?.status).toBe(201);
  expect(backend.harness.calls.filter((c) => c === 'activation:activate')).toHaveLength(1);
  expect(backend.tenant.control.requests().map((r) => r.targetDisplayName)).toEqual(['Global Administrator']);
  // Once used, the notice is gone.
  await expect(page.getByRole('region', { name: /help-desk link/ })).toHaveCount(0);
});

test('copies diagnostics and saves a support bundle without secrets, and keeps a history that can be cleared', async ({
  page,
}, testInfo) => {
  await page.goto(backend.harness.url);
  await signInAsAdele(page);
  await activateHelpdeskAdministrator(page);
  const graphRequestId = activationPosts()[0]?.requestId;
  expect(graphRequestId, 'the tenant gave the activation a request id').toBeTruthy();

  // Copy diagnostics: main writes the redacted text to the clipboard; the page learns only that it did.
  const footer = page.getByRole('contentinfo');
  await footer.getByRole('button', { name: 'Copy diagnostics' }).click();
  const status = page.getByTestId('help-status');
  await expect(status).toHaveText('Diagnostics copied to the clipboard — no tokens or passwords are included.');
  expect(backend.desktop.clipboard).toHaveLength(1);
  const copied = backend.desktop.clipboard[0] ?? '';
  expect(copied).toContain(graphRequestId);
  expect(copied, 'no JWT').not.toContain('eyJ');
  const adele = backend.tenant.users.find((u) => u.username === ADELE);
  expect(copied, 'no password').not.toContain(adele?.password ?? '\u0000');
  await expectNoSeriousA11yViolations(page, testInfo, 'help-copied');
  await saveStepScreenshot(page, testInfo, 'help-copied');

  // Save support bundle: to the path the dialog answered; a cancelled dialog saves nothing.
  await footer.getByRole('button', { name: 'Save support bundle' }).click();
  await expect(status).toContainText('Support bundle saved to');
  expect(backend.desktop.saved).toHaveLength(1);
  await expect(status).toContainText(backend.desktop.saved[0]?.path ?? '?');
  expect(backend.desktop.saved[0]?.text).toContain(graphRequestId);
  expect(backend.desktop.saved[0]?.text).not.toContain('eyJ');
  backend.desktop.nextSavePath = null;
  await footer.getByRole('button', { name: 'Save support bundle' }).click();
  await expect(status).toHaveText('The support bundle was not saved: the save dialog was cancelled.');
  expect(backend.desktop.saved).toHaveLength(1);

  // History: the run's outcome, then cleared after a confirmation.
  await page.getByRole('button', { name: 'History' }).click();
  await expectStep(page, 'Activation history');
  const table = page.getByRole('table');
  const row = table.getByRole('row').filter({ hasText: 'Helpdesk Administrator' });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell').nth(2)).toHaveText('Activated');
  await expect(row.getByRole('cell').nth(5)).toHaveText('1 h');
  const pimRequest = backend.tenant.control.requests().find((r) => r.targetDisplayName === 'Helpdesk Administrator');
  // The request's id is for the help desk: behind Details in its cell.
  await expect(row.getByRole('cell').nth(8).locator('details.code-details')).toContainText(pimRequest?.id ?? '?');
  await expectNoSeriousA11yViolations(page, testInfo, 'history');
  await saveStepScreenshot(page, testInfo, 'history');

  await page.getByRole('button', { name: 'Clear history' }).click();
  const confirm = page.getByRole('group', { name: /Clear all 1 entry from this computer\?/ });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Yes, clear the history' })).toBeFocused();
  await expectNoSeriousA11yViolations(page, testInfo, 'history-confirm-clear');
  await saveStepScreenshot(page, testInfo, 'history-confirm-clear');
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await page.getByRole('button', { name: 'Clear history' }).click();
  await page.getByRole('button', { name: 'Yes, clear the history' }).click();
  await expect(page.getByText('The history was cleared.')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  const readout = await backend.handlers['history:list']();
  expect(readout.ok && readout.value.entries, 'the history file is empty').toEqual([]);

  // Back to the wizard where it was.
  await page.getByRole('button', { name: 'Back to activation' }).click();
  await expectStep(page, RESULTS);
});

test('a refused link is explained, and nothing is filled in', async ({ page }, testInfo) => {
  // Delivered before the window loads (a cold start): the wizard takes it on start.
  const refused = backend.desktop.deliverDeepLink('pim-stepup://activate?role=Helpdesk%20Administrator&duration=PT99H&debug=1');
  expect(refused.ok).toBe(false);
  await page.goto(backend.harness.url);
  const panel = page.getByRole('alert').filter({ hasText: 'Help-desk link refused' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('input/invalid');
  await expect(panel).toContainText('debug: Unknown parameter "debug"');
  await expect(panel).toContainText("duration: 4 days 3 h is longer than PIM's 24-hour maximum; ask for 24 hours or less.");
  await expectNoSeriousA11yViolations(page, testInfo, 'link-refused');
  await saveStepScreenshot(page, testInfo, 'link-refused');
  await signInAsAdele(page);
  await expectStep(page, 'My roles');
  await expect(page.getByLabel('Helpdesk Administrator', { exact: true })).not.toBeChecked();
  await expect(page.getByRole('button', { name: 'Activate roles' })).toBeDisabled();
  await panel.getByRole('button', { name: 'Dismiss' }).click();
  await expect(panel).toHaveCount(0);
});

test('a link that arrives before sign-in (or on the results) waits, then opens the form for review', async ({ page }, testInfo) => {
  backend.desktop.deliverDeepLink(
    'pim-stepup://activate?role=helpdesk%20administrator&duration=PT45M&justification=Reset%20a%20user%20(INC-8812)',
  );
  await page.goto(backend.harness.url);
  const waiting = page.getByRole('region', { name: 'A help-desk link is waiting' });
  await expect(waiting).toContainText('It asks for helpdesk administrator. Sign in first');
  await expectNoSeriousA11yViolations(page, testInfo, 'link-waiting');
  await saveStepScreenshot(page, testInfo, 'link-waiting');
  await signInAsAdele(page);
  await expectStep(page, 'Activate 1 role');
  await expect(page.getByRole('region', { name: 'Opened from a help-desk link — review and press Activate' })).toContainText(
    'Filled in: Helpdesk Administrator.',
  );
  // 45 minutes is not one of the usual choices: it is offered so the form shows what will be sent.
  await expect(page.getByLabel('Duration', { exact: true })).toHaveValue('45');
  await expect(page.getByLabel('Duration', { exact: true }).locator('option:checked')).toHaveText('45 min');
  await expect(page.getByLabel(/^Reason/)).toHaveValue('Reset a user (INC-8812)');
  await expect(page.getByText('No extra sign-in is needed before submitting.')).toBeVisible();
  expect(activationPosts(), 'no activation from the link alone').toEqual([]);
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await expect(page.getByRole('listitem', { name: 'Helpdesk Administrator' }).locator('.status')).toHaveText(/^active/, {
    timeout: 30_000,
  });
  expect(activationPosts()).toHaveLength(1);

  // A second link while the results are on screen: held until the admin chooses to review it.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectStep(page, RESULTS);
  backend.desktop.deliverDeepLink('pim-stepup://activate?role=Reports%20Reader&justification=Monthly%20report');
  const held = page.getByRole('region', { name: 'A help-desk link is waiting' });
  await expect(held).toContainText('Nothing is activated until you press Activate.');
  await expectStep(page, RESULTS);
  await held.getByRole('button', { name: 'Review the link' }).click();
  await expectStep(page, 'Activate 1 role');
  await expect(page.getByLabel(/^Reason/)).toHaveValue('Monthly report');
  expect(activationPosts(), 'still only the first activation').toHaveLength(1);
});

test(
  'kiosk: guided by default, no history, End session always there, and the session ends after the activation',
  { tag: KIOSK },
  async ({ page }, testInfo) => {
    test.slow();
    // The renderer's clock is Playwright's, so the 30-second countdown passes in an instant.
    await page.clock.install();
    await page.goto(backend.harness.url);
    await expectStep(page, 'Sign in');
    await expect(page.getByRole('button', { name: 'Guided mode' })).toHaveAttribute('aria-pressed', 'true');
    await expect(guide(page, 'Step 1 of 6: sign in')).toContainText('kept in memory only');
    const endSession = page.getByRole('button', { name: 'End session' });
    await expect(endSession).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, 'kiosk-sign-in');
    await saveStepScreenshot(page, testInfo, 'kiosk-sign-in');

    await page.getByRole('button', { name: 'History' }).click();
    await expect(page.getByText('History is off on this workstation')).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, 'kiosk-history-off');
    await saveStepScreenshot(page, testInfo, 'kiosk-history-off');
    await page.getByRole('button', { name: 'Back to activation' }).click();

    // End session from the roles step: back to sign-in, nothing of the session left on screen.
    await signInAsAdele(page);
    await expectStep(page, 'My roles');
    await expect(endSession).toBeVisible();
    await endSession.click();
    await expectStep(page, 'Sign in');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expect(page.getByLabel('Signed-in account')).toHaveCount(0);
    expect(backend.harness.calls).toContain('auth:sign-out');
    const session = await backend.handlers['auth:get-session']();
    expect(session.ok && session.value, 'the engine holds no session').toBeNull();

    // After an activation the Done step counts down, then the session ends on its own.
    await signInAsAdele(page);
    await activateHelpdeskAdministrator(page);
    const countdown = page.getByRole('region', { name: 'This session will end' });
    await expect(countdown).toContainText(/in \d+ s/);
    await expectNoSeriousA11yViolations(page, testInfo, 'kiosk-done-countdown');
    await saveStepScreenshot(page, testInfo, 'kiosk-done-countdown');
    await page.clock.fastForward('00:31');
    await expectStep(page, 'Sign in');
    await expect(page.getByLabel('Signed-in account')).toHaveCount(0);
    const after = await backend.handlers['auth:get-session']();
    expect(after.ok && after.value, 'the session ended').toBeNull();
  },
);

test('kiosk: the countdown can be cancelled, and End session still ends it', { tag: KIOSK }, async ({ page }) => {
  await page.clock.install();
  await page.goto(backend.harness.url);
  await signInAsAdele(page);
  await activateHelpdeskAdministrator(page);
  const countdown = page.getByRole('region', { name: 'This session will end' });
  await countdown.getByRole('button', { name: 'Keep the session open' }).click();
  await expect(countdown).toContainText('The session stays open.');
  await page.clock.fastForward('01:00');
  await expect(page.getByLabel('Signed-in account')).toBeVisible();
  await page.getByRole('button', { name: 'End session' }).click();
  await expectStep(page, 'Sign in');
});
