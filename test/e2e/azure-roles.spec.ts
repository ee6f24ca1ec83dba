/**
 * Azure resource roles in the wizard end to end (built renderer, real engine behind the IPC router, real MSAL,
 * simulated tenant): an Azure Owner shown with its scope and a directory role behind the same authentication context
 * are activated together with one step-up.
 */
import { expect, test } from '@playwright/test';
import type { RendererBackend } from '../support/renderer-engine';
import { expectNoSeriousA11yViolations, saveStepScreenshot } from '../support/renderer-page';
import { EVERYDAY_SIGN_IN, finishBackendTest, PHISHING_RESISTANT, startBackendForTest } from '../support/renderer-test';

let backend: RendererBackend;
const cspConsole: string[] = [];

test.beforeEach(async ({ page }) => {
  backend = await startBackendForTest(page, cspConsole, {});
});

test.afterEach(async ({ page }, testInfo) => {
  await finishBackendTest(page, testInfo, backend, cspConsole);
});

test('activates an Azure Owner and Global Administrator together with one step-up', async ({ page }, testInfo) => {
  test.slow();
  await page.goto(backend.harness.url);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await backend.completeSignIn(await backend.browserQueue.next(), EVERYDAY_SIGN_IN);
  await expect(page.getByRole('heading', { level: 2, name: 'My roles' })).toBeVisible();

  // The two Owner roles are told apart by their scope, as the portal shows it.
  const ownerProd = page.getByRole('listitem').filter({ hasText: 'Subscription · Contoso Prod' });
  await expect(ownerProd.getByText(/Step-up: Tier 0 admin: phishing-resistant/)).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Subscription · Contoso Dev' }).first()).toBeVisible();
  // The Azure kind filter shows Azure roles only, each with its ARM scope; "All roles" brings the rest back.
  await page.getByLabel('Kind').selectOption({ label: 'Azure roles' });
  const scopes = await page.locator('.role-list .row-scope').allTextContents();
  expect(scopes.length).toBeGreaterThan(1);
  for (const scope of scopes) {
    expect(scope).toMatch(/^(Management group|Subscription|Resource group|Resource) · /);
  }
  await expect(page.getByLabel('Global Administrator', { exact: true })).toHaveCount(0);
  await page.getByLabel('Kind').selectOption({ label: 'All roles' });

  await ownerProd.getByLabel('Owner', { exact: true }).check();
  await page.getByLabel('Global Administrator', { exact: true }).check();
  await expectNoSeriousA11yViolations(page, testInfo, 'azure-roles');
  await saveStepScreenshot(page, testInfo, 'azure-roles');

  await page.getByRole('button', { name: 'Activate 2 roles' }).click();
  await page.getByLabel(/^Reason/).fill('Rotate the production subscription keys (CHG-2042)');
  await page.getByRole('button', { name: 'Activate 2 roles' }).click();

  await expect(page.getByRole('heading', { name: /Authentication context: Tier 0 admin: phishing-resistant/ })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in to step up' }).click();
  await backend.completeSignIn(await backend.browserQueue.next(), PHISHING_RESISTANT);
  await page.getByRole('button', { name: /^See (progress|the results)$/ }).click();
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('listitem', { name: 'Global Administrator' }).locator('.status')).toHaveText(/^active/);
  await expect(page.getByRole('listitem', { name: 'Owner' }).locator('.status')).toHaveText(/^active/);
  await saveStepScreenshot(page, testInfo, 'azure-progress');

  // One interactive step-up for both APIs: exactly one authorize request carried the c1 claims.
  const journal = backend.tenant.control.journal();
  const stepUps = journal.filter(
    (entry) => entry.surface === 'authority' && entry.path.endsWith('/authorize') && entry.query.includes('acrs'),
  );
  expect(stepUps).toHaveLength(1);
  expect(journal.filter((entry) => entry.surface === 'arm' && entry.method === 'PUT').map((entry) => entry.status)).toEqual([201]);
});
