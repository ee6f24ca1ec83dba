/**
 * Saying only what is known, in Chromium with the real engine and the simulated tenant: a refresh while PIM cannot be
 * reached keeps the last read (active roles included) with the time it was made; an activation whose answer was lost
 * is "not confirmed" with Check first, never "nothing was activated" with Retry; an approver's decision reaches the
 * Results screen by itself; a scheduled activation shows on home with its start.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { RendererBackend } from '../support/renderer-engine';
import { expectNoSeriousA11yViolations, saveStepScreenshot } from '../support/renderer-page';
import { ADELE, EVERYDAY_SIGN_IN, finishBackendTest, roleKeyOf, signInToHome, startBackendForTest } from '../support/renderer-test';

let backend: RendererBackend;
const cspConsole: string[] = [];

test.beforeEach(async ({ page }) => {
  backend = await startBackendForTest(page, cspConsole, {});
});

test.afterEach(async ({ page }, testInfo) => {
  await finishBackendTest(page, testInfo, backend, cspConsole);
});

/** Every Graph and ARM call from now on loses its connection (after the service applied it): PIM is out of reach. */
function cutThePimConnection(): void {
  for (const surface of ['graph', 'arm'] as const) {
    backend.tenant.control.injectFault({ kind: 'reset-after-apply', surface, path: '/', times: null });
  }
}

/** From home: chooses one role, gives a reason and sends it (the form's own Activate). */
async function activateFromHome(page: Page, name: string, reason: string): Promise<void> {
  await page.getByLabel(name, { exact: true }).check();
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await page.getByLabel(/^Reason/).fill(reason);
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Activation progress' })).toBeVisible();
}

test('a refresh while PIM cannot be reached keeps the active roles, says as of when, and clears once it can', async ({
  page,
}, testInfo) => {
  test.slow();
  await signInToHome(page, backend);
  const run = await backend.engine.activate({
    roleIds: [await roleKeyOf(backend, 'Reports Reader')],
    duration: 'PT2H',
    justification: 'Audit (CHG-7)',
  });
  expect(run.ok && run.value.outcomes.map((o) => o.status)).toEqual(['active']);
  await page.getByRole('button', { name: 'Refresh' }).click();
  const active = page.getByRole('region', { name: /^Active/ });
  await expect(active.getByRole('listitem', { name: 'Reports Reader' })).toBeVisible();
  const activeCount = await active.getByRole('listitem').count();

  cutThePimConnection();
  await page.getByRole('button', { name: 'Refresh' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Showing what PIM held as of' });
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText('Offline: PIM could not be reached.');
  await expect(notice.locator('time')).toHaveText(/^\d{1,2}:\d{2}/);
  // Nothing blanked: the active roles and the eligible list are still there.
  await expect(active.getByRole('listitem', { name: 'Reports Reader' })).toBeVisible();
  await expect(active.getByRole('listitem')).toHaveCount(activeCount);
  await expect(page.getByRole('searchbox', { name: 'Search roles' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, 'home-offline');
  await saveStepScreenshot(page, testInfo, 'home-offline');

  backend.tenant.control.clearFaults();
  await notice.getByRole('button', { name: 'Try again' }).click();
  await expect(notice).toHaveCount(0, { timeout: 30_000 });
  await expect(active.getByRole('listitem', { name: 'Reports Reader' })).toBeVisible();
});

test('an activation whose answer was lost is not confirmed, offers Check (not Retry), and Check shows what PIM holds', async ({
  page,
}, testInfo) => {
  test.slow();
  await signInToHome(page, backend);
  await page.getByLabel('Reports Reader', { exact: true }).check();
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await page.getByLabel(/^Reason/).fill('Quarterly access review (CHG-88)');
  // PIM applies the activation and the connection breaks before its answer; every read of assignments then fails.
  backend.tenant.control.injectFault({
    kind: 'reset-after-apply',
    surface: 'graph',
    method: 'POST',
    path: '/roleAssignmentScheduleRequests',
  });
  backend.tenant.control.injectFault({
    kind: 'reset-after-apply',
    surface: 'graph',
    method: 'GET',
    path: 'roleAssignmentSchedule',
    times: null,
  });
  await page.getByRole('button', { name: 'Activate 1 role' }).click();

  const headline = page.getByText('Not confirmed: PIM may have accepted it. Check before retrying', { exact: true });
  await expect(headline).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText('Nothing was activated')).toHaveCount(0);
  const row = page.getByRole('listitem', { name: 'Reports Reader' });
  await expect(row.locator('.status')).toHaveText('not confirmed');
  await expect(row.getByRole('alert')).toContainText('Whether the activation took effect is unknown');
  const check = page.getByRole('button', { name: 'Check', exact: true });
  await expect(check).toHaveClass(/primary/);
  await expect(page.getByRole('button', { name: /^Retry/ })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, testInfo, 'progress-unconfirmed');
  await saveStepScreenshot(page, testInfo, 'progress-unconfirmed');

  // PIM took the request before the connection broke; once it can be read, Check shows it, and nothing was sent twice.
  backend.tenant.control.clearFaults();
  await check.click();
  await expect(page.getByRole('heading', { level: 2, name: 'The role is active' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('listitem', { name: 'Reports Reader' }).locator('.status-active')).toContainText('Active until');
  const posts = backend.tenant.control.requests().filter((r) => r.action === 'selfActivate' && r.targetDisplayName === 'Reports Reader');
  expect(posts).toHaveLength(1);
});

test('a denial reaches the Results screen without a refresh', async ({ page }, testInfo) => {
  test.slow();
  await signInToHome(page, backend);
  await activateFromHome(page, 'User Administrator', 'Onboarding a new starter (CHG-90)');
  await expect(page.getByRole('listitem', { name: 'User Administrator' }).locator('.status')).toHaveText('pending approval', {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Continue' }).click();
  const row = page.getByRole('listitem', { name: 'User Administrator' });
  await expect(row.getByText(/^Waiting for approval/)).toBeVisible();
  const waiting = backend.tenant.control
    .requests()
    .find((r) => r.targetDisplayName === 'User Administrator' && r.status === 'PendingApproval');
  expect(waiting).toBeDefined();
  const listsBefore = backend.harness.calls.filter((c) => c === 'roles:list').length;

  backend.tenant.control.deny(waiting?.id ?? '?');
  await expect(row.getByText('Denied by the approver; nothing was activated.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 2, name: 'Nothing was activated' })).toBeVisible();
  // Nobody pressed Refresh: the screen followed the request through the role-state model alone.
  expect(backend.harness.calls.filter((c) => c === 'roles:list').length).toBe(listsBefore);
  expect(backend.harness.calls).toContain('roles:states');
  await expectNoSeriousA11yViolations(page, testInfo, 'results-denied-live');
  await saveStepScreenshot(page, testInfo, 'results-denied-live');
});

test('a scheduled activation shows on home with when it starts and ends', async ({ page }, testInfo) => {
  await signInToHome(page, backend);
  const start = new Date(Date.now() + 2 * 3_600_000);
  start.setUTCSeconds(0, 0);
  const run = await backend.engine.activate({
    roleIds: [await roleKeyOf(backend, 'Reports Reader')],
    duration: 'PT1H',
    justification: 'Change window (CHG-12)',
    startDateTime: start.toISOString(),
  });
  expect(run.ok && run.value.outcomes.map((o) => o.status)).toEqual(['scheduled']);
  await page.getByRole('button', { name: 'Refresh' }).click();
  const scheduled = page.getByRole('region', { name: /^Scheduled/ });
  const row = scheduled.getByRole('listitem', { name: 'Reports Reader' });
  await expect(row).toContainText('Scheduled to start');
  const times = row.locator('time');
  await expect(times.first()).toHaveAttribute('dateTime', new RegExp(`^${start.toISOString().slice(0, 16)}`));
  await expect(times.nth(1)).toHaveAttribute(
    'dateTime',
    new RegExp(`^${new Date(start.getTime() + 3_600_000).toISOString().slice(0, 16)}`),
  );
  // Not offered again while it is on its way.
  await expect(page.getByRole('checkbox', { name: 'Reports Reader', exact: true })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, testInfo, 'home-scheduled');
  await saveStepScreenshot(page, testInfo, 'home-scheduled');
});

test('a step-up Conditional Access blocks says what to do instead of offering a retry that cannot work', async ({ page }, testInfo) => {
  test.slow();
  await signInToHome(page, backend);
  await page.getByLabel('Global Administrator', { exact: true }).check();
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await page.getByLabel(/^Reason/).fill('Break-glass review (CHG-3)');
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Additional verification required' })).toBeVisible();
  // The sign-in offers only methods the phishing-resistant strength refuses: Entra answers AADSTS53003.
  backend.tenant.control.setUnattended({ username: ADELE, methods: ['password', 'authenticatorPush'] });
  await page.getByRole('button', { name: 'Sign in to step up' }).click();
  await backend.completeSignIn(await backend.browserQueue.next(), EVERYDAY_SIGN_IN).catch(() => undefined);

  const failure = page.getByRole('alert').filter({ hasText: 'This sign-in cannot succeed yet' });
  await expect(failure).toBeVisible({ timeout: 30_000 });
  await expect(failure).toContainText('Register a passkey or Windows Hello at My Security Info');
  // The demo offers no link to Microsoft's page (its accounts exist only in the simulated tenant).
  await expect(failure.getByRole('link', { name: 'Open My Security Info' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Try the step-up again' })).toHaveCount(0);
  await expect(failure.getByRole('button', { name: 'Back to Activate' })).toHaveClass(/primary/);
  await expect(page.getByRole('heading', { name: /Step-up complete/ })).toHaveCount(0);
  // Entra's code and its trace and correlation ids are behind Details, never in the sentence.
  const prose = await failure.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('details').forEach((d) => {
      d.remove();
    });
    return copy.textContent;
  });
  expect(prose).not.toMatch(/AADSTS|Trace ID|Correlation ID/);
  await failure.locator('details > summary').click();
  await expect(failure.locator('details')).toContainText('AADSTS53003');
  expect(backend.tenant.control.requests().filter((r) => r.targetDisplayName === 'Global Administrator')).toEqual([]);
  await expectNoSeriousA11yViolations(page, testInfo, 'step-up-dead-end');
  await saveStepScreenshot(page, testInfo, 'step-up-dead-end');
});
