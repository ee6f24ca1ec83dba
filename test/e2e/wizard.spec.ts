/**
 * The activation wizard end to end in Chromium: the BUILT renderer, the REAL engine behind the
 * same IPC router the Electron app uses (bridged by test/support/renderer-harness.ts), real MSAL
 * and Graph client over HTTPS, and the simulated tenant.
 *
 * Every step is checked with axe-core and saved as a screenshot; the page must report no CSP
 * violation; one walk-through uses the keyboard only.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { RendererBackend } from '../support/renderer-engine';
import {
  expectNoSeriousA11yViolations,
  notificationsShown,
  recordNotifications,
  saveStepScreenshot,
  tabTo,
} from '../support/renderer-page';
import {
  ADELE,
  chooseHelpdeskAdministrator,
  EVERYDAY_SIGN_IN,
  finishBackendTest,
  PHISHING_RESISTANT,
  startBackendForTest,
} from '../support/renderer-test';

let backend: RendererBackend;
const cspConsole: string[] = [];

/** Tag for tests whose engine runs with a clock 10 minutes ahead of the tenant's. */
const CLOCK_FAST = '@clock-fast';

test.beforeEach(async ({ page, context }, testInfo) => {
  backend = await startBackendForTest(
    page,
    cspConsole,
    testInfo.tags.includes(CLOCK_FAST) ? { localClockOffsetMs: 10 * 60_000 } : {},
    async (started) => {
      await context.grantPermissions(['notifications'], { origin: started.harness.origin });
      await recordNotifications(page);
    },
  );
});

test.afterEach(async ({ page }, testInfo) => {
  await finishBackendTest(page, testInfo, backend, cspConsole);
});

async function expectStep(page: Page, heading: string | RegExp): Promise<void> {
  const h2 = page.getByRole('heading', { level: 2, name: heading });
  await expect(h2).toBeVisible();
  // Focus moves to each step's heading, so keyboard and screen-reader users start there.
  await expect(h2).toBeFocused();
}

async function signInAsAdele(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const url = await backend.browserQueue.next();
  await expect(page.getByText(/^Complete the sign-in in the browser window/)).toBeVisible();
  await backend.completeSignIn(url, EVERYDAY_SIGN_IN);
  await expect(page.getByRole('heading', { level: 2, name: 'My roles' })).toBeVisible();
}

test('activates Global Administrator with a step-up, recovers from a cancelled step-up, and follows an approval', async ({
  page,
}, testInfo) => {
  // Eleven axe-core passes and two sign-ins: give it room on a busy two-core machine.
  test.slow();
  await page.goto(backend.harness.url);

  // 1. Sign in: which account and tenant, and the evidence of the sign-in.
  await expectStep(page, 'Sign in');
  await expect(page.getByRole('note').filter({ hasText: 'Demo tenant: nothing real is activated.' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, '1-sign-in');
  await saveStepScreenshot(page, testInfo, '1-sign-in');
  await signInAsAdele(page);
  await expectStep(page, 'My roles');
  // The account, and what its sign-in proved, one click away in the header (no "Signed in" page between).
  const account = page.getByRole('group', { name: 'Signed-in account' });
  // The tenant by the name Graph gives it, never its id, in the header itself.
  await expect(account.locator(':scope > summary')).toHaveText(/Adele Admin\s*Contoso \(simulated tenant\)/);
  await account.locator(':scope > summary').click();
  const evidence = account.getByRole('definition').filter({ hasText: 'Password' });
  await expect(evidence.first()).toBeVisible();
  await expect(account.locator('details.code-details')).toContainText('pwd');
  await expect(account.getByText(ADELE).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, '1-signed-in');
  await saveStepScreenshot(page, testInfo, '1-signed-in');
  await account.locator(':scope > summary').click();

  // 2. My roles: requirements as badges, search and filter.
  const globalAdmin = page.getByRole('listitem').filter({ has: page.getByLabel('Global Administrator', { exact: true }) });
  await expect(globalAdmin.getByText(/Step-up: Tier 0 admin: phishing-resistant/)).toBeVisible();
  await expect(globalAdmin.getByText('Max 4 h')).toBeVisible();
  const caAdmin = page.getByRole('listitem').filter({ has: page.getByLabel('Conditional Access Administrator', { exact: true }) });
  await expect(caAdmin.getByText('Approval', { exact: true })).toBeVisible();
  await expect(caAdmin.getByText('Ticket', { exact: true })).toBeVisible();
  await page.getByLabel('Requirement', { exact: true }).selectOption('approval');
  await expect(page.getByLabel('Global Administrator', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('User Administrator', { exact: true })).toBeVisible();
  await page.getByLabel('Requirement', { exact: true }).selectOption('all');
  await page.getByLabel('Search roles').fill('administrator');
  await page.getByLabel('Global Administrator', { exact: true }).check();
  await page.getByLabel('Conditional Access Administrator', { exact: true }).check();
  await expectNoSeriousA11yViolations(page, testInfo, '2-roles');
  await saveStepScreenshot(page, testInfo, '2-roles');

  // 3. Activate: each role's duration capped by its own policy, reason, ticket, and the plan in words.
  await page.getByRole('button', { name: 'Activate 2 roles' }).click();
  await expectStep(page, 'Activate 2 roles');
  await expect(page.getByLabel('Global Administrator duration').locator('option')).toHaveText([
    '30 min',
    '1 h',
    '1 h 30 min',
    '2 h',
    '3 h',
    '4 h',
  ]);
  await expect(page.getByLabel('Conditional Access Administrator duration').locator('option').last()).toHaveText('8 h');
  // Submitting without a ticket is caught before anything is sent.
  await page.getByLabel(/^Reason/).fill('Rotate the break-glass CA exclusions (CHG-1042)');
  await page.getByRole('button', { name: 'Activate 2 roles' }).click();
  await expect(page.getByText(/^The policy requires a ticket: enter the ticket number/)).toBeVisible();
  await expect(page.getByText(/^The policy requires a ticket: enter the ticket system/)).toBeVisible();
  await expect(page.getByLabel(/^Ticket number/)).toBeFocused();
  await expect(page.getByLabel(/^Ticket system/)).toHaveAccessibleName('Ticket system (required)');
  await page.getByLabel(/^Ticket number/).fill('CHG-1042');
  await page.getByLabel(/^Ticket system/).fill('ServiceNow');
  await page.getByLabel('Apply to all').selectOption({ label: '2 h' });
  await expect(
    page.getByText(
      'One step-up for Tier 0 admin: phishing-resistant covers these 2 roles: Global Administrator and Conditional Access Administrator.',
    ),
  ).toBeVisible();
  await expect(page.getByText(/Conditional Access Administrator needs an approver/)).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, '3-activate');
  await saveStepScreenshot(page, testInfo, '3-activate');
  await page.getByRole('button', { name: 'Activate 2 roles' }).click();

  // 4. Step-up: explained first, then the sign-in; cancelling it is an error with a way back.
  await expectStep(page, 'Additional verification required');
  await expect(page.getByRole('heading', { name: /Authentication context: Tier 0 admin: phishing-resistant/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, '4-step-up-explained');
  await saveStepScreenshot(page, testInfo, '4-step-up-explained');
  await page.getByRole('button', { name: 'Sign in to step up' }).click();
  await backend.browserQueue.next();
  await expect(page.getByRole('button', { name: 'Cancel step-up' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, '4-step-up-waiting');
  await saveStepScreenshot(page, testInfo, '4-step-up-waiting');
  await page.getByRole('button', { name: 'Cancel step-up' }).click();
  const failure = page.getByRole('alert').filter({ hasText: 'The step-up did not complete' });
  await expect(failure).toBeVisible();
  await expect(failure).toContainText('auth/cancelled');
  // A cancelled step-up is not a completed one: no "Step-up complete" beside the failure.
  await expect(page.getByRole('heading', { name: /Step-up complete/ })).toHaveCount(0);
  expect(backend.tenant.control.requests(), 'nothing is submitted when the step-up is cancelled').toEqual([]);
  expect(backend.harness.calls, 'Cancel went through the contract').toContain('auth:cancel-sign-in');
  await expectNoSeriousA11yViolations(page, testInfo, '4-step-up-cancelled');
  await saveStepScreenshot(page, testInfo, '4-step-up-cancelled');

  await page.getByRole('button', { name: 'Try the step-up again' }).click();
  const stepUpUrl = await backend.browserQueue.next();
  expect(decodeURIComponent(stepUpUrl)).toContain('"acrs"');
  const stepUpPages = await backend.completeSignIn(stepUpUrl, PHISHING_RESISTANT);
  // The tenant's own step-up page named the context and offered only phishing-resistant methods.
  expect(stepUpPages.stepUpText).toContain('Tier 0 admin: phishing-resistant');
  expect(stepUpPages.offeredStepUpMethods).toContain('windowsHello');
  expect(stepUpPages.offeredStepUpMethods).not.toContain('authenticatorPush');
  await expect(page.getByRole('heading', { name: 'Step-up complete: your new sign-in' })).toBeVisible();
  const after = page.getByRole('definition').filter({ hasText: 'Tier 0 admin: phishing-resistant' });
  await expect(after.first()).toBeVisible();
  // Claim values are for the curious and the help desk: behind Details, not in the sentence.
  const codes = page.locator('details.code-details').filter({ hasText: 'ngcmfa' }).first();
  await expect(codes).toContainText('c1');
  await codes.locator('summary').click();
  await expect(codes.getByText('ngcmfa')).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, '4-step-up-complete');
  await saveStepScreenshot(page, testInfo, '4-step-up-complete');

  // 5. Progress: per role, with times; the approval role waits.
  await page.getByRole('button', { name: /^See (progress|the results)$/ }).click();
  await expectStep(page, 'Activation progress');
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible({ timeout: 30_000 });
  const gaRow = page.getByRole('listitem', { name: 'Global Administrator' });
  const caRow = page.getByRole('listitem', { name: 'Conditional Access Administrator' });
  await expect(gaRow.locator('.status')).toHaveText(/^active/);
  await expect(gaRow.getByRole('list')).toContainText('submitted');
  await expect(caRow.locator('.status')).toHaveText(/^pending approval/);
  await expect(page.getByTestId('announcer')).toContainText('Activation finished: 1 active, 1 pending approval.');
  // Two prompts: the cancelled one and the completed one.
  await expect(page.getByText('This activation asked you to sign in 2 times.')).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, '5-progress');
  await saveStepScreenshot(page, testInfo, '5-progress');

  // 6. Done: countdown, deactivation only after five minutes, approval picked up on refresh.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectStep(page, '1 of 2 roles active, 1 waiting for approval');
  const gaDone = page.getByRole('listitem', { name: 'Global Administrator' });
  await expect(gaDone.getByText(/Active until .* left\)/)).toBeVisible();
  await expect(gaDone.getByRole('button', { name: 'Deactivate Global Administrator' })).toHaveAttribute('aria-disabled', 'true');
  await expect(gaDone.getByText(/PIM allows deactivation 5 minutes after activation/)).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Conditional Access Administrator' })).toContainText('Waiting for approval');
  // The run's evidence: the context proven and the methods of its step-up, with the time.
  const proof = page.getByRole('list', { name: 'Step-ups of this run' });
  const proven = proof.getByRole('listitem', { name: 'Tier 0 admin: phishing-resistant' });
  await expect(proven).toContainText('Windows Hello');
  await expect(proven.locator('details.code-details')).toContainText('ngcmfa');
  await expect(proof.locator('time')).toHaveCount(1);
  await expectNoSeriousA11yViolations(page, testInfo, '6-done');
  await saveStepScreenshot(page, testInfo, '6-done');

  const pending = backend.tenant.control
    .requests()
    .find((r) => r.targetDisplayName === 'Conditional Access Administrator' && r.status === 'PendingApproval');
  expect(pending, 'the tenant holds the approval request').toBeDefined();
  backend.tenant.control.approve(pending!.id);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('listitem', { name: 'Conditional Access Administrator' }).getByText(/Active until/)).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, '6-approved');
  await saveStepScreenshot(page, testInfo, '6-approved');

  const notes = await notificationsShown(page);
  expect(notes.map((n) => n.title)).toEqual(['Global Administrator is active', 'Conditional Access Administrator is active']);
  expect(notes[1]?.body).toBe('Your request was approved.');
});

test('deactivates once five minutes have passed', async ({ page }, testInfo) => {
  // Five minutes pass for everyone: the tenant's clock through its control API, the desktop's
  // clock through Playwright. The engine asks PIM, which judges by the tenant's clock.
  await page.clock.install();
  await page.goto(backend.harness.url);
  await signInAsAdele(page);
  await chooseHelpdeskAdministrator(page);
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectStep(page, 'The role is active');
  const row = page.getByRole('listitem', { name: 'Helpdesk Administrator' });
  const deactivate = row.getByRole('button', { name: 'Deactivate Helpdesk Administrator' });
  // Focusable while it cannot be used (aria-disabled), with its reason as its description.
  await expect(deactivate).toHaveAttribute('aria-disabled', 'true');
  await expect(deactivate).toHaveAccessibleDescription(/^Available from .+: PIM allows deactivation 5 minutes after activation\.$/);

  backend.tenant.control.advanceClock(6 * 60_000);
  await page.clock.fastForward('06:00');
  await expect(deactivate).not.toHaveAttribute('aria-disabled', 'true');
  await deactivate.click();
  // Asked inline first: PIM cannot undo a deactivation. PIM's answer comes in its own time on a loaded machine.
  await row.getByRole('button', { name: 'Yes, deactivate' }).click();
  await expect(row.getByText('Deactivated.')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('announcer')).toHaveText('Helpdesk Administrator is deactivated.');
  expect(
    backend.tenant.control.requests().some((r) => r.action === 'selfDeactivate' && r.targetDisplayName === 'Helpdesk Administrator'),
  ).toBe(true);
  // The tenant no longer lists the role as active.
  const roles = await backend.engine.listRoles();
  expect(roles.ok && roles.value.active.some((a) => a.displayName === 'Helpdesk Administrator')).toBe(false);
  await expectNoSeriousA11yViolations(page, testInfo, '6-deactivated');
  await saveStepScreenshot(page, testInfo, '6-deactivated');
});

/** From sign-in to the Activate step for Reports Reader, with POSTs to PIM throttled `times` times. */
async function activateReportsReaderThrottled(page: Page, times: number | null, retryAfterSeconds: number): Promise<void> {
  await page.goto(backend.harness.url);
  await signInAsAdele(page);
  await page.getByLabel('Reports Reader', { exact: true }).check();
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await expectStep(page, 'Activate 1 role');
  backend.tenant.control.injectFault({
    kind: 'throttle',
    path: 'roleAssignmentScheduleRequests',
    method: 'POST',
    surface: 'graph',
    times,
    retryAfterSeconds,
  });
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await expectStep(page, 'Activation progress');
}

const activationPostStatuses = (): number[] =>
  backend.tenant.control
    .journal()
    .filter((e) => e.method === 'POST' && e.path.endsWith('/roleAssignmentScheduleRequests'))
    .map((e) => e.status);

test('waits out a short throttle with a visible countdown and retries it by itself, named as a retry', async ({ page }, testInfo) => {
  // Both waits are on injected time: the engine's (recorded by the backend) and the window's (Playwright's clock).
  await page.clock.install();
  // Two 429s: the engine's own single wait-and-resend meets the second, so the role fails once.
  await activateReportsReaderThrottled(page, 2, 8);
  const auto = page.getByRole('status').filter({ hasText: 'Retrying Reports Reader automatically in' });
  await expect(auto).toBeVisible({ timeout: 30_000 });
  await expect(auto).toContainText('Microsoft Graph asked to wait 8 seconds.');
  expect(backend.waits, 'the engine waited the 8 seconds asked for, once, before its own resend').toEqual([8000]);
  await expect(page.getByRole('button', { name: /^Don.t retry automatically$/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, '5-auto-retry-countdown');
  await saveStepScreenshot(page, testInfo, '5-auto-retry-countdown');
  // The window's 8 seconds pass; its countdown then retries by itself.
  await page.clock.fastForward(8000);

  const row = page.getByRole('listitem', { name: 'Reports Reader' });
  await expect(row.locator('.status')).toHaveText(/^active/, { timeout: 30_000 });
  await expect(row.getByRole('heading')).toHaveText('Reports ReaderRetry 1');
  await expect(page.getByText('The role is active', { exact: true })).toBeVisible();
  expect(activationPostStatuses(), 'two refusals, then the automatic retry reached PIM').toEqual([429, 429, 201]);
  await expectNoSeriousA11yViolations(page, testInfo, '5-auto-retried');
  await saveStepScreenshot(page, testInfo, '5-auto-retried');
});

test('a failed run says nothing was activated and makes Retry the primary action', async ({ page }, testInfo) => {
  // PIM keeps throttling: the one automatic retry fails too, and then only the admin retries.
  await activateReportsReaderThrottled(page, null, 1);
  const row = page.getByRole('listitem', { name: 'Reports Reader' });
  await expect(row.getByRole('heading')).toHaveText('Reports ReaderRetry 1', { timeout: 30_000 });
  const retry = page.getByRole('button', { name: 'Retry Reports Reader' });
  await expect(retry).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Nothing was activated', { exact: true })).toBeVisible();
  await expect(retry).toHaveClass(/primary/);
  await expect(page.getByRole('button', { name: 'Continue' })).not.toHaveClass(/primary/);
  const failure = row.getByRole('alert');
  await expect(failure).toContainText('graph/throttled');
  // Said once, in words: "1 second", not "1 seconds" twice.
  await expect(failure).toContainText('asked us to wait 1 second;');
  expect((await failure.textContent())?.match(/wait 1 second/g)).toHaveLength(1);
  await expect(row.locator('.status')).toHaveText(/^failed/);
  await expectNoSeriousA11yViolations(page, testInfo, '5-progress-error');
  await saveStepScreenshot(page, testInfo, '5-progress-error');

  backend.tenant.control.clearFaults();
  await retry.click();
  await expect(row.locator('.status')).toHaveText(/^active/, { timeout: 30_000 });
  await expect(row.getByRole('heading')).toHaveText('Reports ReaderRetry 2');
  await expect(row.getByRole('alert')).toHaveCount(0);
  expect(activationPostStatuses().at(-1), 'the retry reached PIM and succeeded').toBe(201);
  await expect(page.getByRole('button', { name: 'Continue' })).toHaveClass(/primary/);
});

test('follows the OS dark theme and holds its layout in an 800x600 window', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(backend.harness.url);
  await signInAsAdele(page);
  await expectStep(page, 'My roles');
  await page.getByLabel('Global Administrator', { exact: true }).check();
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background, 'dark background').toBe('rgb(21, 24, 28)');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'no horizontal scrolling at 800 px').toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page, testInfo, 'dark-800x600-roles');
  await saveStepScreenshot(page, testInfo, 'dark-800x600-roles');
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await expectStep(page, 'Activate 1 role');
  await expectNoSeriousA11yViolations(page, testInfo, 'dark-800x600-activate');
  await saveStepScreenshot(page, testInfo, 'dark-800x600-activate');
});

test('notifies when a role becomes active and again shortly before it expires', async ({ page }) => {
  // The renderer's own clock is driven by Playwright so that 50 minutes pass in an instant; the
  // engine and the tenant keep real time (their side is not what this test is about).
  await page.clock.install();
  await page.goto(backend.harness.url);
  await signInAsAdele(page);
  await chooseHelpdeskAdministrator(page);
  await expect(page.getByLabel('Duration')).toHaveValue('60');
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible({ timeout: 30_000 });
  expect((await notificationsShown(page)).map((n) => n.title)).toEqual(['Helpdesk Administrator is active']);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectStep(page, 'The role is active');
  await page.clock.fastForward('51:00');
  await page.clock.runFor(2000);
  await expect
    .poll(async () => (await notificationsShown(page)).map((n) => n.title))
    .toEqual(['Helpdesk Administrator is active', 'Helpdesk Administrator expires soon']);
  await expect(page.getByRole('listitem', { name: 'Helpdesk Administrator' }).locator('.countdown')).toHaveText(
    /^\([89] min \d\d s left\)$/,
  );
});

test('a role whose policy cannot be read: requirements unknown, and the step-up PIM asks for mid-run', async ({ page }, testInfo) => {
  const nora = 'nora.noread@contoso-sim.onmicrosoft.com';
  await page.goto(backend.harness.url);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await backend.completeSignIn(await backend.browserQueue.next(), { username: nora, methods: ['password', 'authenticatorPush'] });
  await expectStep(page, 'My roles');
  await expect(page.getByText(/Some role policies could not be read/)).toBeVisible();
  const ga = page.getByRole('listitem').filter({ has: page.getByLabel('Global Administrator', { exact: true }) });
  await expect(ga.getByText('Requirements unknown: the policy could not be read')).toBeVisible();
  await page.getByLabel('Global Administrator', { exact: true }).check();
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await expect(page.getByText(/Requirements unknown for Global Administrator/)).toBeVisible();
  await page.getByLabel(/^Reason/).fill('Tenant-wide incident response (INC-9001)');
  await page.getByRole('button', { name: 'Activate 1 role' }).click();

  // Nothing predicted a step-up, so the run starts; PIM's refusal brings the step-up forward.
  const stepUpUrl = await backend.browserQueue.next();
  await expectStep(page, 'Additional verification required');
  await expect(page.getByText(/PIM asked for a stronger sign-in while submitting a role whose policy could not be read/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel step-up' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, '4-step-up-mid-run');
  await saveStepScreenshot(page, testInfo, '4-step-up-mid-run');
  await backend.completeSignIn(stepUpUrl, { username: nora, methods: ['passkey'] });
  await expect(page.getByRole('heading', { name: 'Step-up complete: your new sign-in' })).toBeVisible();
  await page.getByRole('button', { name: /^See (progress|the results)$/ }).click();
  await expectStep(page, 'Activation progress');
  await expect(page.getByRole('listitem', { name: 'Global Administrator' }).locator('.status')).toHaveText(/^active/, { timeout: 30_000 });
});

test('warns when the desktop clock is 10 minutes fast', { tag: CLOCK_FAST }, async ({ page }, testInfo) => {
  await page.goto(backend.harness.url);
  await signInAsAdele(page);
  await expectStep(page, 'My roles');
  await expect(page.getByRole('note').filter({ hasText: 'differs from the tenant’s by about 10 minutes' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, 'clock-skew');
  await saveStepScreenshot(page, testInfo, 'clock-skew');
});

test('keyboard only: sign in, choose a role, give a reason, activate and reach Done', async ({ page }, testInfo) => {
  await page.goto(backend.harness.url);
  await expectStep(page, 'Sign in');

  await tabTo(page, /^Sign in$/);
  await page.keyboard.press('Enter');
  await backend.completeSignIn(await backend.browserQueue.next(), EVERYDAY_SIGN_IN);
  await expect(page.getByRole('heading', { level: 2, name: 'My roles' })).toBeVisible();
  await expectStep(page, 'My roles');

  await tabTo(page, /^Search roles$/);
  await page.keyboard.type('Helpdesk');
  await tabTo(page, /^Helpdesk Administrator$/);
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Helpdesk Administrator', { exact: true })).toBeChecked();
  await tabTo(page, /^Activate 1 role$/);
  await page.keyboard.press('Enter');
  await expectStep(page, 'Activate 1 role');

  await tabTo(page, /^Reason/);
  await page.keyboard.type('Reset a locked-out user (INC-7731)');
  await expect(page.getByText('No extra sign-in is needed before submitting.')).toBeVisible();
  await tabTo(page, /^Activate 1 role$/);
  await page.keyboard.press('Enter');

  // MFA from the everyday sign-in satisfies this role: straight to progress.
  await expectStep(page, 'Activation progress');
  await expect(page.getByRole('listitem', { name: 'Helpdesk Administrator' }).locator('.status')).toHaveText(/^active/, {
    timeout: 30_000,
  });
  await tabTo(page, /^Continue$/);
  await page.keyboard.press('Enter');
  await expectStep(page, 'The role is active');
  await expect(page.getByRole('listitem', { name: 'Helpdesk Administrator' }).getByText(/Active until/)).toBeVisible();
  await saveStepScreenshot(page, testInfo, 'keyboard-done');

  // The reason is offered again for the next activation, from memory only.
  await tabTo(page, /^Activate more roles$/);
  await page.keyboard.press('Enter');
  await expectStep(page, 'My roles');
  // Dozens of rows (Azure roles included) stand before it: a keyboard user searches, as they would.
  await tabTo(page, /^Search roles$/);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Reports');
  await tabTo(page, /^Reports Reader$/);
  await page.keyboard.press('Space');
  await tabTo(page, /^Activate 1 role$/);
  await page.keyboard.press('Enter');
  await expectStep(page, 'Activate 1 role');
  await tabTo(page, /^Use recent reason: Reset a locked-out user \(INC-7731\)$/);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel(/^Reason/)).toHaveValue('Reset a locked-out user (INC-7731)');
  expect(await page.evaluate(() => window.localStorage.length + window.sessionStorage.length), 'nothing is persisted in web storage').toBe(
    0,
  );
});
