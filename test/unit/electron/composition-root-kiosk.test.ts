/**
 * Kiosk mode through the real composition root (docs/security.md, rows 18, 19, 28): a
 * locked, capture-protected window; the single-instance lock; tokens never written to disk;
 * and a screen lock ending the session: Entra sign-out, MSAL cleared, every session's storage
 * cleared, the UI reloaded. Electron is a recording fake; the tenant, engine, MSAL and the
 * Chromium that completes the sign-in are real.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ADELE,
  APP_FRAME,
  completeAdeleSignIn,
  invokeAs,
  launchPinnedTenantBrowser,
  quitApp,
  until,
} from './support/composition-root-harness';
import type { IpcResult } from './support/composition-root-harness';
import { fake, fakeElectronModule, type FakeBrowserWindow } from './support/fake-electron';
import { WALL_CLOCK_BAR_MS } from '../../support/time-bar';

vi.mock('electron', async () => (await import('./support/fake-electron')).fakeElectronModule);

/** Every call in this file comes from the app's own frame. */
const invoke = (channel: string, ...args: unknown[]): Promise<IpcResult> => invokeAs(channel, APP_FRAME, ...args);

/** Every file under a directory, relative, for "nothing about the user was written" checks. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

let mainWindow: FakeBrowserWindow;
let browser: Browser | null = null;
const savedMode = process.env.PIM_STEPUP_MODE;

beforeAll(async () => {
  process.env.PIM_STEPUP_MODE = 'kiosk';
  await import('../../../src/main/index');
  mainWindow = await until(() => fake.windows[0], 'the main window');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await quitApp();
  if (savedMode === undefined) {
    delete process.env.PIM_STEPUP_MODE;
  } else {
    process.env.PIM_STEPUP_MODE = savedMode;
  }
}, 30_000);

describe('kiosk mode through the composition root', () => {
  it('opens a locked kiosk window: kiosk, no devTools, content protection, shortcuts swallowed', () => {
    expect(mainWindow.options).toMatchObject({ kiosk: true, fullscreen: true });
    expect((mainWindow.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    expect(mainWindow.contentProtection).toBe(true);
    let prevented = false;
    mainWindow.webContents.emit(
      'before-input-event',
      { preventDefault: () => (prevented = true) },
      {
        type: 'keyDown',
        key: 'I',
        control: true,
        shift: true,
        alt: false,
        meta: false,
      },
    );
    expect(prevented).toBe(true);
  });

  it('took the single-instance lock and reports kiosk mode with the in-app sign-in', async () => {
    expect(fakeElectronModule.app.listeners.has('second-instance')).toBe(true);
    const info = await invoke('app:get-info');
    expect(info.value).toMatchObject({ mode: 'kiosk', signInSurface: 'in-app-window' });
  });

  it('reports memory-only tokens with the reason, and the kiosk policy the purge triggers use', async () => {
    const info = await invoke('app:get-info');
    expect(info.value).toMatchObject({
      signInStorage: { persisted: false, reason: expect.stringMatching(/kiosk/i) as unknown },
      policy: { endSessionAfterActivation: true, idleTimeoutMinutes: 10, guidedByDefault: true, allowedRolesRestricted: false },
    });
  });

  it('keeps no activation history (NullHistory) and no history file', async () => {
    expect(await invoke('history:list')).toEqual({ ok: true, value: { entries: [], skipped: [], enabled: false } });
    expect(existsSync(join(fake.app.userData, 'activation-history.jsonl'))).toBe(false);
  });

  it('offers Copy diagnostics only: saving a bundle is refused before any dialog', async () => {
    const dialogs = fake.saveDialogs.length;
    fake.nextSavePath = join(fake.app.userData, 'should-not-exist.json');
    const saved = await invoke('diagnostics:save-bundle');
    expect(saved.ok).toBe(false);
    expect(saved.error?.code).toBe('input/invalid');
    expect(fake.saveDialogs.length).toBe(dialogs);
    expect(existsSync(join(fake.app.userData, 'should-not-exist.json'))).toBe(false);
  });

  it('signs in, writes nothing about the user, and a screen lock ends the whole session within a second', async () => {
    const before = new Set(filesUnder(fake.app.userData));
    const signingIn = invoke('auth:sign-in');
    const authWindow = await until(() => fake.windows[1], 'the sign-in window');
    const url = await until(() => authWindow.loaded[0], 'the authorize URL');
    browser = await launchPinnedTenantBrowser();
    await completeAdeleSignIn(browser, url);
    expect((await signingIn).ok).toBe(true);
    expect((await invoke('auth:get-session')).value).toMatchObject({ username: ADELE });

    // Kiosk: the token cache is memory only and there is no log file; nothing new on disk at all.
    expect(existsSync(join(fake.app.userData, 'token-cache.bin'))).toBe(false);
    expect(filesUnder(fake.app.userData).filter((file) => !before.has(file))).toEqual([]);
    expect(filesUnder(fake.app.userData).filter((file) => !file.startsWith('simulated-tenant'))).toEqual([]);

    // The diagnostics timeline knows about this session until it ends.
    expect((await invoke('diagnostics:copy')).ok).toBe(true);
    expect(fake.clipboard.at(-1)).toMatch(/succeeded\s+sign-in/);

    const signInSession = fake.partitions.get('pim-sign-in');
    const clearedBefore = { app: fake.defaultSession.cleared, signIn: signInSession?.cleared ?? 0 };
    const started = Date.now();
    fakeElectronModule.powerMonitor.emit('lock-screen');
    await until(() => (mainWindow.loaded.length >= 2 ? true : null), 'the UI to reload after the purge', WALL_CLOCK_BAR_MS);
    expect(Date.now() - started).toBeLessThan(WALL_CLOCK_BAR_MS);

    expect(signInSession?.fetched.some((u) => u.endsWith('/oauth2/v2.0/logout'))).toBe(true);
    expect(fake.defaultSession.cleared).toBeGreaterThan(clearedBefore.app);
    expect(signInSession?.cleared).toBeGreaterThan(clearedBefore.signIn);
    expect(mainWindow.loaded.at(-1)).toBe('app://pim-stepup/index.html');
    expect(await invoke('auth:get-session')).toEqual({ ok: true, value: null });
    // The purge also forgot the timeline: nothing of the previous admin is left to copy.
    expect((await invoke('diagnostics:copy')).ok).toBe(true);
    expect(fake.clipboard.at(-1)).toMatch(/Timeline \(0 steps/);
    expect(fake.clipboard.at(-1)).not.toContain('sign-in');
  }, 90_000);

  it('"sign out" in kiosk mode is the same full purge', async () => {
    const signInSession = fake.partitions.get('pim-sign-in');
    const before = { app: fake.defaultSession.cleared, signIn: signInSession?.cleared ?? 0, logout: signInSession?.fetched.length ?? 0 };
    expect((await invoke('auth:sign-out')).ok).toBe(true);
    expect(fake.defaultSession.cleared).toBe(before.app + 1);
    expect(signInSession?.cleared).toBe(before.signIn + 1);
    expect(signInSession?.fetched.length).toBe(before.logout + 1);
  });

  it('closing the window closes it: no background mode in kiosk, nothing outlives the session', () => {
    mainWindow.close();
    expect(mainWindow.closed).toBe(true);
    expect(fake.notifications.filter((n) => n.options.title === 'PIM Step-Up is still running')).toEqual([]);
  });
});
