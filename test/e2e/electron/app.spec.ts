/**
 * The desktop app's happy path through Playwright's Electron launcher: the built main process
 * (dist/main/index.js), the real preload and renderer, the demo tenant started in-process, and
 * sign-in plus a Global Administrator step-up in the app's own sign-in window.
 *
 * Needs the Electron binary. Where it is absent (our CI installs with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1), the test is skipped and the reason is printed.
 * docs/security.md, row 31: no Electron security warnings; no Node globals in the page;
 * the window exposes only the reviewed bridge key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { API_KEY } from '../../../src/preload/create-api';
import { demoScenario } from '../../../src/simulated-tenant/scenario/scenarios/demo-scenario';
import { completeSignIn } from '../../support/tenant-browser';

const ROOT = process.cwd();
const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';

type BinaryStatus = { readonly available: true; readonly executablePath: string } | { readonly available: false; readonly reason: string };

/** Finds the Electron binary the way the `electron` package does (node_modules/electron/path.txt → dist/…), without loading it. */
function electronBinary(): BinaryStatus {
  const packageDir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(packageDir)) {
    return { available: false, reason: 'the electron package is not installed (run npm install)' };
  }
  if (!existsSync(pathFile)) {
    return {
      available: false,
      reason:
        'no Electron binary: node_modules/electron/path.txt is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or the download failed)',
    };
  }
  const executablePath = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executablePath)) {
    return { available: false, reason: `no Electron binary at ${executablePath}` };
  }
  if (!existsSync(join(ROOT, 'dist', 'main', 'index.js'))) {
    return { available: false, reason: 'dist/main/index.js is missing: run `npm run build` first' };
  }
  return { available: true, executablePath };
}

function demoPassword(username: string): string {
  const users = (demoScenario as { users?: readonly { userPrincipalName?: string; password?: string }[] }).users ?? [];
  const password = users.find((user) => user.userPrincipalName === username)?.password;
  if (password === undefined) {
    throw new Error(`The demo scenario has no password for ${username}.`);
  }
  return password;
}

const binary = electronBinary();
if (!binary.available) {
  // Shown in CI output, beside Playwright's own "skipped" line.
  console.log(`[electron e2e] skipped: ${binary.reason}`);
}

test.describe('desktop app (Electron)', () => {
  let app: ElectronApplication | null = null;
  let userData = '';
  const consoleMessages: string[] = [];

  test.beforeEach(async () => {
    // On the workstation CI runners (.github/workflows/ci.yml) a missing binary is a failure, not a skip.
    if (!binary.available && process.env.PIM_STEPUP_REQUIRE_ELECTRON === '1') {
      throw new Error(`PIM_STEPUP_REQUIRE_ELECTRON is set, but the app cannot be launched: ${binary.reason}`);
    }
    test.skip(!binary.available, binary.available ? '' : binary.reason);
    if (!binary.available) {
      return;
    }
    userData = mkdtempSync(join(tmpdir(), 'pim-electron-e2e-'));
    app = await electron.launch({
      executablePath: binary.executablePath,
      args: [join(ROOT, 'dist', 'main', 'index.js'), '--demo', `--user-data-dir=${userData}`],
      env: { ...process.env, ELECTRON_ENABLE_SECURITY_WARNINGS: 'true', PIM_STEPUP_LOG_LEVEL: 'debug' },
    });
  });

  test.afterEach(async () => {
    await app?.close();
    app = null;
    if (userData !== '') {
      rmSync(userData, { recursive: true, force: true });
    }
  });

  async function signInWindow(running: ElectronApplication, trigger: () => Promise<void>): Promise<Page> {
    const opened = running.waitForEvent('window');
    await trigger();
    return opened;
  }

  // Playwright requires an object pattern for the fixtures argument; this test uses none (no Chromium page).
  // eslint-disable-next-line no-empty-pattern
  test('demo: sign in and activate Global Administrator with a step-up, in the app’s own windows', async ({}, testInfo) => {
    const running = app;
    if (running === null) {
      return;
    }
    const page = await running.firstWindow();
    page.on('console', (message) => consoleMessages.push(message.text()));
    expect(page.url()).toBe('app://pim-stepup/index.html');

    // The page is sandboxed and isolated: no Node, one bridge key.
    expect(await page.evaluate(() => [typeof require, typeof process, typeof module])).toEqual(['undefined', 'undefined', 'undefined']);
    expect(await page.evaluate((key) => typeof (window as unknown as Record<string, unknown>)[key], API_KEY)).toBe('object');
    expect(await page.evaluate(() => Object.keys(window).filter((k) => /ipc|electron/i.test(k)))).toEqual([]);

    await expect(page.getByRole('note').filter({ hasText: 'Demo tenant: nothing real is activated.' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('electron-1-sign-in.png') });

    const password = demoPassword(ADELE);
    const signIn = await signInWindow(running, () => page.getByRole('button', { name: 'Sign in', exact: true }).click());
    await completeSignIn(signIn, signIn.url(), { username: ADELE, password, methods: ['password', 'authenticatorPush'] });
    await expect(page.getByRole('heading', { level: 2, name: 'My roles' })).toBeVisible();

    await page.getByLabel('Global Administrator', { exact: true }).check();
    // Home's action bar opens the form; the form's own button sends it (same name, as in the Chromium wizard spec).
    await page.getByRole('button', { name: 'Activate 1 role' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Activate 1 role' })).toBeVisible();
    await page.getByLabel(/^Reason/).fill('Electron end-to-end: break-glass review');
    await page.getByRole('button', { name: 'Activate 1 role' }).click();
    await page.screenshot({ path: testInfo.outputPath('electron-2-step-up.png') });

    const stepUp = await signInWindow(running, () => page.getByRole('button', { name: 'Sign in to step up' }).click());
    expect(decodeURIComponent(stepUp.url())).toContain('"acrs"');
    await completeSignIn(stepUp, stepUp.url(), { username: ADELE, password, methods: ['windowsHello'], pin: '246810' });
    await expect(page.getByRole('heading', { name: 'Step-up complete: your new sign-in' })).toBeVisible();

    await page.getByRole('button', { name: /^See (progress|the results)$/ }).click();
    await expect(page.getByRole('listitem', { name: 'Global Administrator' }).locator('.status')).toHaveText(/^active/, {
      timeout: 30_000,
    });
    await page.screenshot({ path: testInfo.outputPath('electron-3-active.png') });

    expect(consoleMessages.filter((text) => text.includes('Electron Security Warning'))).toEqual([]);
  });
});
