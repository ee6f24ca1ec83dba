/**
 * Shared set-up for the tests that boot the real composition root (src/main/index.ts) under a
 * fake Electron: waiting on the fake, calling the registered IPC handlers as a given frame,
 * completing the in-app sign-in with real Chromium, and the quit that closes engine and tenant.
 *
 * Why here: the standard and kiosk composition-root tests drive the same fake the same way;
 * each test file still mocks `electron` itself (vi.mock is hoisted per file).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { vi } from 'vitest';
import { spkiSha256OfPem } from '../../../../src/main/electron/certificate-trust';
import { demoScenario } from '../../../../src/simulated-tenant/scenario/scenarios/demo-scenario';
import { completeSignIn, launchTenantBrowser } from '../../../support/tenant-browser';
import { fake } from './fake-electron';

export const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
/** The sender of an IPC call from the app's own main frame. */
export const APP_FRAME = { senderFrame: { url: 'app://pim-stepup/index.html', parent: null } };

export type IpcResult = { ok: boolean; value?: unknown; error?: { code: string } };

/** Resolves with `probe`'s first value (checked as vitest's waitFor does); throws naming `what` after `timeoutMs`. */
export function until<T>(probe: () => T | undefined | null, what: string, timeoutMs = 20_000): Promise<T> {
  return vi.waitFor(
    () => {
      const value = probe();
      if (value === undefined || value === null) {
        throw new Error(`Timed out waiting for ${what}`);
      }
      return value;
    },
    { timeout: timeoutMs, interval: 25 },
  );
}

/** Calls the handler the composition root registered for `channel`, as `event`'s sender. */
export async function invokeAs(channel: string, event: unknown, ...args: unknown[]): Promise<IpcResult> {
  const handler = fake.ipcHandlers.get(channel);
  if (handler === undefined) {
    throw new Error(`no handler for ${channel}`);
  }
  return (await handler(event, ...args)) as IpcResult;
}

/** A demo user's password, from the shipped scenario. */
export function password(username: string): string {
  const users = (demoScenario as { users: { userPrincipalName: string; password: string }[] }).users;
  return users.find((u) => u.userPrincipalName === username)?.password ?? '';
}

/** The PEM of the leaf certificate the app's own demo tenant serves. */
export function tenantLeafPem(): string {
  return readFileSync(join(fake.app.userData, 'simulated-tenant', 'localhost-cert.pem'), 'utf8');
}

/** A real Chromium that trusts the app's demo tenant by the SPKI pin of its leaf certificate. */
export function launchPinnedTenantBrowser(): Promise<Browser> {
  return launchTenantBrowser(spkiSha256OfPem(tenantLeafPem()) ?? '');
}

/** Completes the sign-in the in-app window was sent to (`url`) as Adele with push MFA. */
export async function completeAdeleSignIn(browser: Browser, url: string): Promise<void> {
  await completeSignIn(await browser.newPage(), url, {
    username: ADELE,
    password: password(ADELE),
    methods: ['password', 'authenticatorPush'],
  });
}

/** What Electron does on quit: the app's before-quit cleanups close the engine and the tenant; then the profile is removed. */
export async function quitApp(): Promise<void> {
  fake.app.emit('before-quit', { preventDefault: () => undefined });
  await until(() => (fake.app.quitCalls > 0 ? true : null), 'app.quit after cleanup');
  rmSync(fake.app.userData, { recursive: true, force: true });
}
