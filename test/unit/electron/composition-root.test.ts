/**
 * Boots the real composition root (src/main/index.ts) under plain Node, with the `electron`
 * module replaced by recording fakes and everything else real: the demo tenant over HTTPS,
 * the engine with real MSAL, the IPC router, and a real Chromium completing the sign-in in
 * place of the in-app sign-in window. Proves the wiring: guards before windows, the app://
 * protocol, permission handlers on every session, the certificate pin on the sign-in
 * partition only, IPC sender checks, and a sign-in that closes its window when done.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_KEY } from '../../../src/preload/create-api';
import { spkiSha256OfPem, VERIFY_ACCEPT } from '../../../src/main/electron/certificate-trust';
import {
  ADELE,
  APP_FRAME,
  completeAdeleSignIn,
  invokeAs,
  launchPinnedTenantBrowser,
  quitApp,
  tenantLeafPem,
  until,
} from './support/composition-root-harness';
import { fake, type FakeBrowserWindow } from './support/fake-electron';

vi.mock('electron', async () => (await import('./support/fake-electron')).fakeElectronModule);

const EVIL_FRAME = { senderFrame: { url: 'https://evil.example/', parent: null } };

/** The composition root's IPC handler for `channel`, called as `event`'s sender. */
const invoke = invokeAs;

let mainWindow: FakeBrowserWindow;
let browser: Browser | null = null;

/** The link the OS put on the command line of this (cold-started) app. */
const COLD_START_LINK = 'pim-stepup://activate?role=Reports%20Reader&duration=PT1H&ticket=INC-1&ticketSystem=Jira';

beforeAll(async () => {
  const argv = process.argv;
  process.argv = [...argv, COLD_START_LINK];
  try {
    await import('../../../src/main/index');
  } finally {
    process.argv = argv;
  }
  mainWindow = await until(() => fake.windows[0], 'the main window');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await quitApp();
}, 30_000);

describe('composition root under a fake Electron', () => {
  it('registers the app: scheme before ready, enables the sandbox and starts without error', () => {
    expect(fake.schemes).toHaveLength(1);
    expect(fake.schemes[0]).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.errorBoxes).toEqual([]);
    expect(fake.app.exitCode).toBeNull();
  });

  it('puts the app in the tray / menu bar with its icon, the active roles, Open and Quit', async () => {
    const tray = await until(() => fake.trays[0], 'the tray');
    expect((tray.image as { dataUrl: string }).dataUrl).toMatch(/^data:image\/png;base64,/);
    const labels = () => ((tray.menu as { template: { label?: string }[] } | null)?.template ?? []).map((i) => i.label);
    expect(labels()).toContain('Quit PIM Step-Up');
    expect(labels()).toContain('Open PIM Step-Up');
    expect(labels()).toContain('Activate favourites (none yet: pin roles with the star in the app)');
    // Before anyone signs in the tray says so instead of listing nothing.
    await until(() => (labels()[0]?.startsWith('Active roles are not known') === true ? true : undefined), 'the signed-out tray menu');
    const focused = mainWindow.focusCount;
    tray.emit('click');
    expect(mainWindow.focusCount).toBe(focused + 1);
  });

  it('keeps running in the tray when the window is closed: hidden, told once, brought back by the tray or the Dock', async () => {
    const tray = await until(() => fake.trays[0], 'the tray');
    const notices = () => fake.notifications.filter((n) => n.options.title === 'PIM Step-Up is still running').length;
    mainWindow.close();
    expect(mainWindow.closed).toBe(false);
    expect(mainWindow.isVisible()).toBe(false);
    expect(notices()).toBe(1);
    tray.emit('click');
    expect(mainWindow.isVisible()).toBe(true);
    mainWindow.close();
    expect(notices()).toBe(1);
    fake.app.emit('activate');
    expect(mainWindow.isVisible()).toBe(true);
    expect(fake.app.quitCalls).toBe(0);
  });

  it('loads the UI from app:// with the secure preferences and the bundled preload', () => {
    expect(mainWindow.loaded).toEqual(['app://pim-stepup/index.html']);
    const prefs = mainWindow.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.js$/);
  });

  it('serves the renderer through the app: handler on the default session, with the CSP header', async () => {
    const handler = fake.defaultSession.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    const response = await handler?.(new Request('app://pim-stepup/index.html'));
    expect(response?.status).toBe(200);
    expect(response?.headers.get('content-security-policy')).toContain("script-src 'self'");
    // Request() normalises the dot-dot away, as Chromium does; either way nothing outside the root is served.
    expect([403, 404]).toContain((await handler?.(new Request('app://pim-stepup/../main/index.ts')))?.status);
  });

  it('keeps the UI session off the network, and only the UI session', () => {
    const blocked = fake.defaultSession.beforeRequest;
    expect(blocked?.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const responses: { cancel?: boolean }[] = [];
    blocked?.listener({ url: 'https://graph.microsoft.com/v1.0/me' }, (r) => responses.push(r));
    expect(responses).toEqual([{ cancel: true }]);
    expect(fake.partitions.get('pim-sign-in')?.beforeRequest).toBeNull();
  });

  it('denies permissions on the default session and on every partition', () => {
    const sessions = [fake.defaultSession, ...fake.partitions.values()];
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    for (const session of sessions) {
      const callback = vi.fn();
      session.permissionRequest?.({}, 'media', callback, {});
      expect(callback, session.partition).toHaveBeenCalledWith(false);
      expect(session.permissionCheck?.({}, 'clipboard-read', 'app://pim-stepup', {})).toBe(false);
    }
  });

  it('guards the main window: foreign navigation prevented, window.open denied', () => {
    expect(mainWindow.webContents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(mainWindow.webContents.navigate('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(mainWindow.webContents.navigate('will-navigate', 'app://pim-stepup/index.html')).toBe(false);
    expect(mainWindow.webContents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('pins the demo tenant certificate on the sign-in partition only', () => {
    expect(fake.defaultSession.verifyProc).toBeNull();
    const signIn = fake.partitions.get('pim-sign-in');
    expect(signIn?.verifyProc).not.toBeNull();
    const leaf = tenantLeafPem();
    expect(spkiSha256OfPem(leaf)).not.toBeNull();
    const verdicts: number[] = [];
    signIn?.verifyProc?.({ hostname: 'localhost', certificate: { data: leaf } }, (v) => verdicts.push(v));
    expect(verdicts).toEqual([VERIFY_ACCEPT]);
  });

  it('answers IPC only from the app frame; app:get-info reports the demo tenant and the in-app sign-in surface', async () => {
    const info = await invoke('app:get-info', APP_FRAME);
    expect(info.ok).toBe(true);
    expect(info.value).toMatchObject({ tenant: { kind: 'simulated' }, mode: 'standard', signInSurface: 'in-app-window' });
    // The fake safeStorage cannot encrypt (basic_text on Linux): the token cache stays in memory, and the UI is told why.
    expect(info.value).toMatchObject({
      signInStorage: { persisted: false, reason: expect.stringMatching(/kept in memory only/) as unknown },
      policy: {
        justificationTemplates: [],
        ticketSystem: null,
        endSessionAfterActivation: false,
        idleTimeoutMinutes: null,
        guidedByDefault: false,
      },
    });
    expect((await invoke('app:get-info', EVIL_FRAME)).error?.code).toBe('ipc/untrusted-sender');
    expect((await invoke('app:get-info', { senderFrame: null })).error?.code).toBe('ipc/untrusted-sender');
    expect(API_KEY).toBe('pimStepUp');
  });

  it('signs in through the in-app window (driven here by real Chromium), then closes it and tells the UI', async () => {
    const signingIn = invoke('auth:sign-in', APP_FRAME);
    const authWindow = await until(() => fake.windows[1], 'the sign-in window');
    const url = await until(() => authWindow.loaded[0], 'the authorize URL');
    expect(new URL(url).hostname).toBe('localhost');
    expect((authWindow.options.webPreferences as Record<string, unknown>).partition).toBe('pim-sign-in');
    expect((authWindow.options.webPreferences as Record<string, unknown>).preload).toBeUndefined();
    // The sign-in window may go to the authority and MSAL's own loopback port, nowhere else.
    const loopback = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
    expect(authWindow.webContents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(authWindow.webContents.navigate('will-redirect', `${loopback.origin}/`)).toBe(false);
    const otherPort = loopback.port === '51234' ? '51235' : '51234';
    expect(authWindow.webContents.navigate('will-redirect', `http://localhost:${otherPort}/`)).toBe(true);

    browser = await launchPinnedTenantBrowser();
    await completeAdeleSignIn(browser, url);

    const result = await signingIn;
    expect(result.ok).toBe(true);
    expect(result.value).toMatchObject({ username: ADELE });
    expect(JSON.stringify(result.value)).not.toMatch(/eyJ[\w-]+\.eyJ/);
    await until(() => (authWindow.closed ? true : null), 'the sign-in window to close');
    expect(mainWindow.webContents.sent.map(([channel]) => channel)).toEqual(expect.arrayContaining(['sign-in:state', 'session:changed']));
    expect(JSON.stringify(mainWindow.webContents.sent)).not.toMatch(/eyJ[\w-]+\.eyJ|refresh/i);

    // The main-process log exists outside kiosk mode, and never holds a token.
    const log = readFileSync(join(fake.app.userData, 'main.log'), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+|refresh_token=(?!\[redacted\])|"secret"/);

    const roles = await invoke('roles:list', APP_FRAME);
    expect(roles.ok).toBe(true);
    expect(JSON.stringify(roles.value)).toContain('Global Administrator');
  }, 90_000);
});

describe('help-desk links, diagnostics and history through the composition root', () => {
  it('keeps the cold-start link for the UI to take, once; the scheme is never claimed at runtime', async () => {
    const taken = await invoke('deep-link:take', APP_FRAME);
    expect(taken).toEqual({
      ok: true,
      value: {
        ok: true,
        intent: {
          action: 'activate',
          roles: ['Reports Reader'],
          duration: 'PT1H',
          ticketNumber: 'INC-1',
          ticketSystem: 'Jira',
          requiresConfirmation: true,
        },
      },
    });
    expect((await invoke('deep-link:take', APP_FRAME)).value).toBeNull();
    expect(fake.app.protocolClients).toEqual([]);
  });

  it('a link from a second instance is pushed to the UI and focuses the window', () => {
    const focused = mainWindow.focusCount;
    const sent = mainWindow.webContents.sent.length;
    fake.app.emit('second-instance', {}, [
      '/opt/PIM Step-Up/pim-stepup',
      '--no-sandbox',
      'pim-stepup://activate?role=Exchange%20Administrator',
    ]);
    const pushed = mainWindow.webContents.sent.slice(sent).filter(([channel]) => channel === 'deep-link:received');
    expect(pushed).toEqual([
      ['deep-link:received', { ok: true, intent: expect.objectContaining({ roles: ['Exchange Administrator'] }) as unknown }],
    ]);
    expect(mainWindow.focusCount).toBeGreaterThan(focused);
  });

  it('a macOS open-url link is handled (default prevented); a hostile one arrives as a refusal', () => {
    const sent = mainWindow.webContents.sent.length;
    let prevented = false;
    fake.app.emit('open-url', { preventDefault: () => (prevented = true) }, 'pim-stepup://activate?role=x&duration=P99D');
    expect(prevented).toBe(true);
    const pushed = mainWindow.webContents.sent.slice(sent);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.[0]).toBe('deep-link:received');
    expect(pushed[0]?.[1]).toMatchObject({ ok: false, error: { code: 'input/invalid' } });
  });

  it('copies redacted diagnostics to the clipboard and saves the bundle where the admin chose', async () => {
    const copied = await invoke('diagnostics:copy', APP_FRAME);
    expect(copied.ok).toBe(true);
    const text = fake.clipboard.at(-1) ?? '';
    expect(copied.value).toEqual({ characters: text.length });
    expect(text).toMatch(/SIMULATED demo tenant/);
    expect(text).toMatch(/request-id \S+/);
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/);

    fake.nextSavePath = null;
    expect(await invoke('diagnostics:save-bundle', APP_FRAME)).toEqual({ ok: true, value: null });
    const target = join(fake.app.userData, 'bundle-chosen.json');
    fake.nextSavePath = target;
    expect(await invoke('diagnostics:save-bundle', APP_FRAME)).toEqual({ ok: true, value: { path: target } });
    expect(fake.saveDialogs.at(-1)).toMatch(/pim-stepup-support-\d{8}T\d{6}Z\.json$/);
    const saved = JSON.parse(readFileSync(target, 'utf8')) as { format: string; graphRequests: unknown[] };
    expect(saved.format).toBe('pim-stepup-support-bundle');
    expect(saved.graphRequests.length).toBeGreaterThan(0);
    expect((await invoke('diagnostics:copy', EVIL_FRAME)).error?.code).toBe('ipc/untrusted-sender');
  });

  it('builds Activate favourites from what the window publishes, and its click arrives as a pre-fill like a link', async () => {
    const tray = await until(() => fake.trays[0], 'the tray');
    const published = await invoke('tray:set-favourites', APP_FRAME, [{ id: 'role:x:/', displayName: 'Reports Reader' }]);
    expect(published).toEqual({ ok: true, value: null });
    const items = (tray.menu as { template: { label?: string; click?: () => void }[] }).template;
    const item = items.find((i) => i.label === 'Activate favourites: Reports Reader…');
    expect(item).toBeDefined();
    const sent = mainWindow.webContents.sent.length;
    const focused = mainWindow.focusCount;
    item?.click?.();
    expect(mainWindow.webContents.sent.slice(sent)).toEqual([
      ['deep-link:received', { ok: true, intent: { action: 'activate', roles: ['role:x:/'], requiresConfirmation: true, origin: 'tray' } }],
    ]);
    expect(mainWindow.focusCount).toBeGreaterThan(focused);
    // Taken once, like a link.
    expect((await invoke('deep-link:take', APP_FRAME)).value).toMatchObject({ ok: true, intent: { origin: 'tray' } });
    expect((await invoke('tray:set-favourites', EVIL_FRAME, [])).error?.code).toBe('ipc/untrusted-sender');
  });

  it('keeps the activation history in the user data folder (standard mode)', async () => {
    const listed = await invoke('history:list', APP_FRAME);
    expect(listed).toEqual({ ok: true, value: { entries: [], skipped: [], enabled: true } });
    expect(await invoke('history:clear', APP_FRAME)).toEqual({ ok: true, value: null });
    expect(existsSync(join(fake.app.userData, 'activation-intents.json'))).toBe(false);
  });
});
