/**
 * The first-run choice end to end in Chromium: the BUILT renderer, the real engine and the real
 * setup handlers (with the engine's config validation) behind the IPC router, started as a fresh
 * install (`firstRun: true`). The config file writes and the restart are the harness's recording
 * fakes, since Electron cannot run here.
 */
import { expect, test } from '@playwright/test';
import type { RendererBackend } from '../support/renderer-engine';
import { expectNoSeriousA11yViolations, saveStepScreenshot } from '../support/renderer-page';
import { finishBackendTest, startBackendForTest } from '../support/renderer-test';

const CLIENT_ID = '0b4c8f2e-2a3d-4e5f-8a9b-1c2d3e4f5a6b';

let backend: RendererBackend;
const cspConsole: string[] = [];

test.beforeEach(async ({ page }) => {
  backend = await startBackendForTest(page, cspConsole, { firstRun: true });
});

test.afterEach(async ({ page }, testInfo) => {
  await finishBackendTest(page, testInfo, backend, cspConsole);
});

test('Connect my tenant: an invalid client id is shown beside its field, a valid one is saved and restarts', async ({ page }, testInfo) => {
  await page.goto(backend.harness.url);
  const welcome = page.getByRole('heading', { level: 2, name: 'Welcome to PIM Step-Up' });
  await expect(welcome).toBeFocused();
  await expectNoSeriousA11yViolations(page, testInfo, 'first-run-choose');
  await saveStepScreenshot(page, testInfo, 'first-run-choose');

  // Keyboard only: Tab to "Connect my tenant" and press Enter.
  const connect = page.getByRole('button', { name: 'Connect my tenant' });
  for (let i = 0; i < 30 && !(await connect.evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Connect my tenant' })).toBeFocused();

  await page.getByLabel('Tenant id or domain').fill('contoso.onmicrosoft.com');
  const clientId = page.getByLabel('Application (client) id');
  await clientId.fill('not-a-guid');
  await page.getByLabel('Cloud').selectOption('usgov');
  await page.getByRole('button', { name: 'Save and restart' }).click();

  await expect(clientId).toHaveAttribute('aria-invalid', 'true');
  await expect(clientId).toHaveAccessibleDescription(/Application \(client\) id GUID shown on the app registration overview page/);
  await expect(page.locator('#clientId-error')).toBeVisible();
  await expect(page.getByLabel('Tenant id or domain')).toHaveAttribute('aria-invalid', 'false');
  expect(backend.setup.written).toEqual([]);
  expect(backend.setup.restarts()).toBe(0);
  await expectNoSeriousA11yViolations(page, testInfo, 'first-run-invalid');
  await saveStepScreenshot(page, testInfo, 'first-run-invalid');

  await clientId.fill(CLIENT_ID);
  await clientId.press('Enter');
  await expect(page.getByText('Saved — PIM Step-Up restarts to connect to contoso.onmicrosoft.com.')).toBeVisible();
  expect(backend.setup.restarts()).toBe(1);
  expect(backend.setup.written.map((w) => ({ path: w.path, values: JSON.parse(w.text) as unknown }))).toEqual([
    { path: backend.setup.userConfigPath, values: { tenant: 'contoso.onmicrosoft.com', clientId: CLIENT_ID, cloud: 'usgov' } },
  ]);
  await saveStepScreenshot(page, testInfo, 'first-run-saved');
});

test('Try the demo records the choice and reaches Sign in', async ({ page }, testInfo) => {
  await page.goto(backend.harness.url);
  await expect(page.getByRole('heading', { level: 2, name: 'Welcome to PIM Step-Up' })).toBeFocused();
  await expect(page.getByText(/Nothing real is activated/)).toBeVisible();
  await page.getByRole('button', { name: 'Try the demo' }).click();
  const signIn = page.getByRole('heading', { level: 2, name: 'Sign in' });
  await expect(signIn).toBeFocused();
  expect(backend.setup.written.map((w) => JSON.parse(w.text) as unknown)).toEqual([{ demo: true }]);
  expect(backend.setup.restarts()).toBe(0);
  // Asked once: a reload goes straight to Sign in.
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Welcome to PIM Step-Up' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, testInfo, 'first-run-demo-sign-in');
});
