/**
 * The Electron composition root: lifecycle, security hooks, services, IPC and the window.
 *
 * Wiring only. Every decision with logic lives in a module under `src/main/electron/` (or the
 * Electron-free engine) and is unit-tested there with fakes; this file passes Electron's real
 * objects into them. Order matters in three places: the `app:` scheme is registered before
 * `ready`; permission, navigation and protocol guards are installed before any window exists;
 * IPC is bound before the window loads, so the UI's first request finds a handler.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, protocol, safeStorage, session } from 'electron';
import type { ResolvedConfig } from '../core/config/resolve-config';
import { createDeepLinkInbox } from '../core/deep-link/deep-link-inbox';
import type { DemoTenant } from '../demo/demo-tenant';
import { startDemoTenant } from '../demo/demo-tenant';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES } from './electron/app-protocol';
import { createAppLogger, failStartup, loadAppConfiguration } from './electron/app-startup';
import { SIGN_IN_PARTITION } from './electron/auth-window';
import { trustPinnedCertificate } from './electron/certificate-trust';
import { wireDeepLinks } from './electron/deep-link-wiring';
import { desktopHostPorts, restartSoon } from './electron/desktop-ports';
import { createNetFetch } from './electron/electron-net-fetch';
import { bindIpcMain, createEventSink } from './electron/ipc-main-adapter';
import type { KioskPolicy } from './electron/kiosk';
import { wireKioskSession } from './electron/kiosk-session';
import type { KioskSession } from './electron/kiosk-session';
import { createMainWindow } from './electron/main-window';
import { ENGINE_NETWORK_PARTITION } from './electron/network-lockdown';
import { showNotice } from './electron/os-notice';
import { installSecurityGuards } from './electron/security-guards';
import { closeSignInWhenIdle, decorateHandlers, kioskPolicyFrom } from './electron/shell-wiring';
import { wireSignIn } from './electron/sign-in-wiring';
import type { SignInWiring } from './electron/sign-in-wiring';
import { createTokenCache } from './electron/token-cache';
import type { TokenCache } from './electron/token-cache';
import type { TrayPresence } from './electron/tray';
import { startTray } from './electron/tray-wiring';
import { HIDDEN_NOTICE, keepInTray } from './electron/keep-in-tray';
import { writeFileAtomic } from '../core/fs/atomic-write';
import { DiagnosticsRecorder } from '../core/diagnostics/diagnostics-recorder';
import { createSetupHandlers } from './desktop/desktop-handlers';
import { createEngine } from '../core/engine/create-engine';
import type { Engine } from '../core/engine/create-engine';
import { createActivationHistory } from '../core/history/activation-history';
import { nodeHistoryFs } from '../core/history/node-history-fs';
import { createIpcRouter } from './ipc/ipc-router';
import { createEngineHandlers } from './ipc/engine-handlers';
import { createAppIntentJournal } from '../core/journal/app-intent-journal';
import type { Logger } from '../core/logging/logger';
import type { ManagedSettings } from '../core/managed/managed-settings';
import { createUndiciFetch } from '../core/net/undici-fetch';
import { appError } from '../shared/errors';
import type { IpcHandlers } from '../shared/ipc/handlers';
import { ok } from '../shared/result';

// Before `ready`: the UI's scheme must be standard+secure to get a real origin and a secure context.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
const cleanups: (() => Promise<unknown>)[] = [];
/** One inbox for help-desk links however they arrive (argv, second instance, macOS open-url); the UI takes from it. */
const deepLinks = createDeepLinkInbox();

/** Set by the first `before-quit`: cleanups run once, and from then on closing the window really closes it (keep-in-tray.ts). */
let appQuitting = false;

function focusMainWindow(): void {
  if (mainWindow !== null) {
    if (mainWindow.isMinimized()) {
      mainWindow.restore();
    }
    // Hidden in the tray (background mode): bring it back.
    if (!mainWindow.isVisible()) {
      mainWindow.show();
    }
    mainWindow.focus();
  }
}

/** The demo tenant when none is configured: in-process, on loopback, nothing real. */
async function startDemoIfWanted(baseConfig: ResolvedConfig): Promise<{ config: ResolvedConfig; demo: DemoTenant | null }> {
  if (!baseConfig.demo && baseConfig.tenant !== null) {
    return { config: baseConfig, demo: null };
  }
  const demo = await startDemoTenant({ ...baseConfig, demo: true }, { stateDir: join(app.getPath('userData'), 'simulated-tenant') });
  cleanups.push(() => demo.close());
  // The sign-in partition alone trusts the demo tenant's own certificate, for its host alone.
  const signInSession = session.fromPartition(SIGN_IN_PARTITION);
  trustPinnedCertificate(signInSession, {
    host: new URL(demo.config.authorityHost).hostname,
    spkiSha256: demo.tenant.leafSpkiSha256,
    caCertPem: demo.tenant.caCertPem,
  });
  return { config: demo.config, demo };
}

/** Binds the IPC handlers for the UI's origin only; bound before the window loads. */
function bindIpc(handlers: IpcHandlers, logger: Logger): void {
  const router = createIpcRouter(handlers, {
    trustedOrigins: [APP_ORIGIN],
    onUnexpected: (channel, cause) => {
      logger.error('IPC handler failed', { channel, cause });
    },
  });
  const unbind = bindIpcMain(router);
  cleanups.push(() => {
    unbind();
    return Promise.resolve();
  });
}

async function openMainWindow(kiosk: KioskPolicy | null, logger: Logger): Promise<BrowserWindow> {
  const window = await createMainWindow(BrowserWindow, {
    preloadPath: join(__dirname, '..', 'preload', 'index.js'),
    kiosk,
    devTools: !app.isPackaged,
    onKioskKeyBlocked: (action) => {
      logger.info('Kiosk blocked a shortcut', { action });
    },
  });
  window.on('closed', () => {
    mainWindow = null;
  });
  keepInTray(window, {
    kiosk: kiosk !== null,
    quitting: () => appQuitting,
    notifyHidden: () => {
      showNotice(HIDDEN_NOTICE);
    },
  });
  return window;
}

/**
 * The engine with the app's services: what the help desk sees (a redacted timeline), what the admin sees later
 * (history; none in kiosk mode), and what a restart needs after a crash mid-activation (the intent journal; memory
 * only in kiosk mode).
 */
function createAppEngine(parts: {
  readonly config: ResolvedConfig;
  readonly demo: boolean;
  readonly kiosk: KioskPolicy | null;
  readonly managed: ManagedSettings;
  readonly managedSource: string | null;
  readonly signIn: SignInWiring;
  readonly tokenCache: TokenCache;
  readonly recorder: DiagnosticsRecorder;
  readonly logger: Logger;
}): Engine {
  const { config, kiosk, managed, tokenCache } = parts;
  return createEngine({
    config,
    // Demo traffic stays on Node with the tenant's CA; real tenants go through Chromium's stack (OS proxy and trust store).
    fetch: parts.demo
      ? createUndiciFetch({ extraCaPem: config.extraCaPem, loopbackDirect: true })
      : createNetFetch(session.fromPartition(ENGINE_NETWORK_PARTITION)),
    openBrowser: parts.signIn.openBrowser,
    cachePlugin: tokenCache.plugin,
    // With the Windows broker option, WAM's dialog belongs to the app's window.
    brokerWindowHandle: () => mainWindow?.getNativeWindowHandle(),
    emit: closeSignInWhenIdle(
      createEventSink(() => mainWindow?.webContents ?? null),
      () => {
        parts.signIn.inAppSignIn.close();
      },
    ),
    logger: parts.logger,
    appVersion: app.getVersion(),
    recorder: parts.recorder,
    history: createActivationHistory({
      mode: config.mode,
      file: join(app.getPath('userData'), 'activation-history.jsonl'),
      fs: nodeHistoryFs(),
    }),
    journal: createAppIntentJournal({ mode: config.mode, userDataDir: app.getPath('userData') }),
    // In kiosk mode the UI shows the idle timeout the purge triggers really use (the policy's, or the default).
    managed: kiosk === null || kiosk.idleMinutes === null ? managed : { ...managed, idleTimeoutMinutes: kiosk.idleMinutes },
    managedSource: parts.managedSource,
    signInStorage: tokenCache.persistence.persisted
      ? { persisted: true, reason: null }
      : { persisted: false, reason: tokenCache.persistence.reason },
  });
}

/** Kiosk: every way a session ends runs the same full purge; its triggers are removed at quit. */
function startKioskSession(
  kiosk: KioskPolicy,
  parts: {
    readonly config: ResolvedConfig;
    readonly signIn: SignInWiring;
    readonly engine: Engine;
    readonly recorder: DiagnosticsRecorder;
    readonly tokenCache: TokenCache;
    readonly logger: Logger;
  },
): KioskSession {
  const kioskSession = wireKioskSession({
    policy: kiosk,
    authority: `${parts.config.authorityHost}/${parts.config.tenant ?? 'organizations'}`,
    signInSession: session.fromPartition(SIGN_IN_PARTITION),
    closeSignIn: () => {
      parts.signIn.inAppSignIn.close();
    },
    signOut: () => parts.engine.signOut(),
    clearDiagnostics: () => {
      parts.recorder.clear();
    },
    clearTokenCache: () => parts.tokenCache.clear(),
    reloadUi: (url) => mainWindow?.loadURL(url) ?? Promise.resolve(),
    logger: parts.logger,
  });
  cleanups.push(() => {
    kioskSession.stopTriggers();
    return Promise.resolve();
  });
  return kioskSession;
}

async function start(): Promise<void> {
  const { config: baseConfig, policy, managed, managedSource, setup } = loadAppConfiguration();
  const kiosk: KioskPolicy | null = baseConfig.mode === 'kiosk' ? kioskPolicyFrom(policy) : null;
  const logger = createAppLogger(baseConfig.logLevel, kiosk !== null).child({ process: 'main' });
  // Guards first: every session (partitions included) and every webContents, before any window.
  const guards = installSecurityGuards({
    config: baseConfig,
    logger,
    rendererRoot: join(__dirname, '..', 'renderer'),
    isMainWindow: (contentsId) => mainWindow !== null && contentsId === mainWindow.webContents.id,
  });
  const { config, demo } = await startDemoIfWanted(baseConfig);
  const tokenCache = await createTokenCache({
    safeStorage,
    fs: { readFile, writeFileAtomic, rm },
    filePath: join(app.getPath('userData'), 'token-cache.bin'),
    platform: process.platform,
    kiosk: kiosk !== null,
    logger,
  });
  if (!tokenCache.persistence.persisted) {
    logger.info(tokenCache.persistence.reason);
  }
  let engine: Engine | null = null;
  const signIn = wireSignIn({
    authorityHost: config.authorityHost,
    demo: demo !== null,
    kiosk: kiosk !== null,
    policy,
    guards,
    parent: () => mainWindow ?? undefined,
    onUserClosed: () => {
      engine?.cancelSignIn();
    },
  });
  const recorder = new DiagnosticsRecorder();
  engine = createAppEngine({ config, demo: demo !== null, kiosk, managed, managedSource, signIn, tokenCache, recorder, logger });
  const running = engine;
  cleanups.push(() => running.dispose());
  // The tray is built once the window exists; favourites the window publishes before that wait for nothing (it republishes on load).
  let trayPresence: TrayPresence | null = null;
  const engineHandlers = createEngineHandlers(running, {
    takeDeepLink: () => deepLinks.take(),
    publishFavourites: (favourites) => {
      trayPresence?.setFavourites(favourites);
    },
    desktop: desktopHostPorts(() => mainWindow),
  });

  const kioskSession = kiosk === null ? null : startKioskSession(kiosk, { config, signIn, engine: running, recorder, tokenCache, logger });

  const setupHandlers = createSetupHandlers({ ...setup, writeFileAtomic, restart: restartSoon }, engineHandlers['app:get-info']);
  bindIpc(
    decorateHandlers(
      { ...engineHandlers, ...setupHandlers },
      {
        signInSurface: signIn.surface,
        ...(kioskSession === null
          ? {}
          : {
              endSession: async () => {
                await kioskSession.end('end-session');
                return ok(null);
              },
            }),
      },
    ),
    logger,
  );

  mainWindow = await openMainWindow(kiosk, logger);
  const presence = startTray({ engine: running, inbox: deepLinks, showWindow: focusMainWindow });
  trayPresence = presence;
  cleanups.push(() => {
    presence.dispose();
    return Promise.resolve();
  });
  if (kioskSession !== null) {
    // Nothing of the user survives the process either.
    cleanups.unshift(() => kioskSession.end('quit'));
  }
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the window (and, in kiosk mode, the session): hand over and leave.
  app.quit();
} else {
  app.on('second-instance', () => {
    focusMainWindow();
  });
  // macOS: a click on the Dock icon brings back a window hidden in the menu bar.
  app.on('activate', () => {
    focusMainWindow();
  });
  // Before `ready`: macOS may deliver a link with open-url while the app is still starting.
  wireDeepLinks({
    app,
    inbox: deepLinks,
    argv: process.argv,
    emit: createEventSink(() => mainWindow?.webContents ?? null),
    focusWindow: focusMainWindow,
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
  app.on('before-quit', (event) => {
    if (appQuitting) {
      return;
    }
    appQuitting = true;
    event.preventDefault();
    void Promise.allSettled(cleanups.map((cleanup) => cleanup())).finally(() => {
      app.quit();
    });
  });
  app
    .whenReady()
    .then(start)
    .catch((cause: unknown) => {
      const message = cause instanceof Error ? cause.message : String(cause);
      failStartup(appError('unexpected', `PIM Step-Up could not start: ${message}`));
    });
}
