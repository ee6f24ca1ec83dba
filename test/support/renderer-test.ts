/**
 * Per-test set-up shared by the renderer's end-to-end specs: the demo sign-ins, starting the real
 * backend with CSP watching before the page is attached, the after-test log attachment and CSP
 * check, signing in to home, a role's id by its name, and the common "choose Helpdesk
 * Administrator" walk.
 *
 * Why shared: each spec must start and check its backend the same way, or a CSP violation caught
 * in one spec could go unnoticed in the other.
 */
import { expect } from '@playwright/test';
import type { Page, TestInfo } from '@playwright/test';
import { startRendererBackend } from './renderer-engine';
import type { RendererBackend } from './renderer-engine';
import { cspViolations, watchCsp } from './renderer-page';

export const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
/** Password + Authenticator: multifactor, but not phishing-resistant, so tier 0 roles need a step-up. */
export const EVERYDAY_SIGN_IN = { username: ADELE, methods: ['password', 'authenticatorPush'] } as const;
/** Windows Hello for Business: satisfies the "phishing-resistant" authentication strength. */
export const PHISHING_RESISTANT = { username: ADELE, methods: ['windowsHello'] } as const;

/**
 * Starts the backend for one test: clears `cspConsole`, watches the page for CSP violations,
 * runs `prepare` (permissions, notification recording), then attaches the harness to the page.
 */
export async function startBackendForTest(
  page: Page,
  cspConsole: string[],
  options: Parameters<typeof startRendererBackend>[0],
  prepare: (backend: RendererBackend) => Promise<void> = () => Promise.resolve(),
): Promise<RendererBackend> {
  const backend = await startRendererBackend(options);
  cspConsole.length = 0;
  await watchCsp(page, cspConsole);
  await prepare(backend);
  await backend.harness.attach(page);
  return backend;
}

/** Attaches the engine log to the report, fails the test on any CSP violation, and closes the backend. */
export async function finishBackendTest(
  page: Page,
  testInfo: TestInfo,
  backend: RendererBackend,
  cspConsole: readonly string[],
): Promise<void> {
  await testInfo.attach('engine-log.json', { body: JSON.stringify(backend.logs, null, 2), contentType: 'application/json' });
  expect(await cspViolations(page, cspConsole), 'CSP violations').toEqual([]);
  await backend.close();
}

/** From home: chooses Helpdesk Administrator alone and gives the reason; the caller activates. */
export async function chooseHelpdeskAdministrator(page: Page): Promise<void> {
  await page.getByLabel('Helpdesk Administrator', { exact: true }).check();
  await page.getByRole('button', { name: 'Activate 1 role' }).click();
  await page.getByLabel(/^Reason/).fill('Reset a locked-out user (INC-7731)');
}

/** Opens the window, signs in with the everyday sign-in and waits until home has focus. */
export async function signInToHome(page: Page, backend: RendererBackend): Promise<void> {
  await page.goto(backend.harness.url);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await backend.completeSignIn(await backend.browserQueue.next(), EVERYDAY_SIGN_IN);
  await expect(page.getByRole('heading', { level: 2, name: 'My roles' })).toBeFocused();
}

/** The id of the eligible role with this name, read through the engine the page uses. */
export async function roleKeyOf(backend: RendererBackend, name: string): Promise<string> {
  const roles = await backend.engine.listRoles();
  const id = roles.ok ? roles.value.eligible.find((r) => r.displayName === name)?.id : undefined;
  if (id === undefined) {
    throw new Error(`No eligible role named ${name}.`);
  }
  return id;
}
