/**
 * The Electron composition root: lifecycle, security hooks, services, IPC and the window.
 *
 * Wiring only. Every decision with logic lives in a module under `src/main/electron/` (or the
 * Electron-free engine) and is unit-tested there with fakes; this file passes Electron's real
 * objects into them. Order matters in three places: the `app:` scheme is registered before
 * `ready`; permission, navigation and protocol guards are installed before any window exists;
 * IPC is bound before the window loads, so the UI's first request finds a handler.
 */
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
} from 'electron';
import type { WebContents } from 'electron';
import type { ResolvedConfig } from '../core/config/resolve-config';
import { loadConfig } from '../core/config/load-config';
import { createDeepLinkInbox } from '../core/deep-link/deep-link-inbox';
import type { DemoTenant } from '../demo/demo-tenant';
import { startDemoTenant } from '../demo/demo-tenant';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './electron/app-protocol';
import { chooseSignInSurface, createInAppSignIn, SIGN_IN_PARTITION, signInNavigationPolicy } from './electron/auth-window';
import { trustPinnedCertificate } from './electron/certificate-trust';
import { wireDeepLinks } from './electron/deep-link-wiring';
import { createNetFetch } from './electron/electron-net-fetch';
import { bindIpcMain, createEventSink } from './electron/ipc-main-adapter';
import { clearSessionData, createSessionPurger, endSessionUrl, installKioskTriggers } from './electron/kiosk';
import type { KioskPolicy } from './electron/kiosk';
import { createMainWindow } from './electron/main-window';
import { createPolicyRegistry, installNavigationGuards } from './electron/navigation-guard';
import { blockNetworkRequests, ENGINE_NETWORK_PARTITION } from './electron/network-lockdown';
import { appExternalTargets, createOpenExternalSafe } from './electron/open-external';
import { denyPermissionsByDefault } from './electron/permissions';
import { closeSignInWhenIdle, configFlagsFromArgv, decorateHandlers, kioskPolicyFrom } from './electron/shell-wiring';
import { createTokenCache } from './electron/token-cache';
import { createTrayPresence } from './electron/tray';
import type { TrayPresence } from './electron/tray';
import { TRAY_ICON_DATA_URL } from './electron/tray-icon';
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
import { createLogger, formatLogRecord } from '../core/logging/logger';
import type { Logger } from '../core/logging/logger';
import { createUndiciFetch } from '../core/net/undici-fetch';
import { appError } from '../shared/errors';
import type { AppError } from '../shared/errors';
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

/** An OS notification where the platform shows them; `onClick` runs when the person clicks it. */
function showNotice(notice: { readonly title: string; readonly body: string; readonly onClick?: () => void }): void {
  if (!Notification.isSupported()) {
    return;
  }
  const shown = new Notification({ title: notice.title, body: notice.body });
  if (notice.onClick !== undefined) {
    shown.on('click', notice.onClick);
  }
  shown.show();
}

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

/**
 * The main-process log: a file in the OS's log folder, or nothing at all in kiosk mode, where
 * nothing about the user may reach the disk (account names appear in engine logs).
 */
function createAppLogger(level: ResolvedConfig['logLevel'], kiosk: boolean): Logger {
  if (kiosk) {
    return createLogger({ level, sink: () => undefined });
  }
  const folder = app.getPath('logs');
  mkdirSync(folder, { recursive: true });
  const stream = createWriteStream(join(folder, 'main.log'), { flags: 'a', mode: 0o600 });
  // A full disk or a revoked folder must not take the app down; the log is best effort.
  stream.on('error', () => undefined);
  return createLogger({ level, sink: (record) => stream.write(`${formatLogRecord(record)}\n`) });
}

function fail(error: AppError): never {
  const details = (error.issues ?? []).map((issue) => `• ${issue.path}: ${issue.message}`).join('\n');
  dialog.showErrorBox('PIM Step-Up cannot start', details === '' ? error.message : `${error.message}\n\n${details}`);
  app.exit(1);
  throw new Error(error.message);
}

function loadConfiguration() {
  const userFile = join(app.getPath('userData'), 'config.json');
  const loaded = loadConfig({
    platform: process.platform,
    env: process.env,
    readFile: (file) => readFileSync(file, 'utf8'),
    allowOverride: !app.isPackaged,
    userFile: { path: userFile, explicit: false },
    flags: configFlagsFromArgv(process.argv.slice(app.isPackaged ? 1 : 2)),
  });
  if (!loaded.ok) {
    fail(loaded.error);
  }
  const { config, policy, managed, managedSource, machine, machineLocked, userFileRead } = loaded.value;
  // The first-run choice is offered only when the demo was the default, not anyone's decision.
  const firstRun = !userFileRead && machine === null && config.sources.tenant === undefined && config.sources.demo === 'default';
  return {
    config,
    policy,
    managed,
    managedSource,
    setup: { userConfigPath: userFile, firstRun, machineLocked, machineSource: managedSource },
  };
}

async function start(): Promise<void> {
  const { config: baseConfig, policy, managed, managedSource, setup } = loadConfiguration();
  const kiosk: KioskPolicy | null = baseConfig.mode === 'kiosk' ? kioskPolicyFrom(policy) : null;
  const logger = createAppLogger(baseConfig.logLevel, kiosk !== null).child({ process: 'main' });

  // Guards first: every session (partitions included) and every webContents, before any window.
  const onDenied = (permission: string, kind: string) => {
    logger.warn('Permission denied', { permission, kind });
  };
  denyPermissionsByDefault(session.defaultSession, onDenied);
  app.on('session-created', (created) => {
    denyPermissionsByDefault(created, onDenied);
  });
  const policies = createPolicyRegistry({ allowedOrigins: [APP_ORIGIN], loopbackPort: null });
  const openExternalSafe = createOpenExternalSafe(shell, {
    // The authority (system-browser sign-in) and, where offered, the admin center's My roles link.
    allowed: appExternalTargets(baseConfig),
    onRefused: (reason) => {
      logger.warn('Refused to open an external URL', { reason });
    },
  });
  installNavigationGuards<WebContents>(app, (contents) => ({
    policyFor: () => policies.get(contents.id),
    // Links the UI opens with target=_blank go to the system browser, if openExternalSafe allows them.
    onOpenRequest: (url) => {
      if (mainWindow !== null && contents.id === mainWindow.webContents.id) {
        void openExternalSafe(url);
      }
    },
    onBlocked: (kind, url) => {
      logger.warn('Blocked navigation', { kind, url: url.slice(0, 200) });
    },
  }));
  registerAppProtocol(session.defaultSession.protocol, { root: join(__dirname, '..', 'renderer') });
  // The UI's session never reaches the network; the engine's traffic uses its own partition.
  blockNetworkRequests(session.defaultSession, (url) => {
    logger.warn('Blocked a network request from the UI session', { url: url.slice(0, 200) });
  });

  // The demo tenant when none is configured: in-process, on loopback, nothing real.
  let config = baseConfig;
  let demo: DemoTenant | null = null;
  if (baseConfig.demo || baseConfig.tenant === null) {
    demo = await startDemoTenant({ ...baseConfig, demo: true }, { stateDir: join(app.getPath('userData'), 'simulated-tenant') });
    config = demo.config;
    const tenant = demo;
    cleanups.push(() => tenant.close());
  }

  const signInSession = session.fromPartition(SIGN_IN_PARTITION);
  if (demo !== null) {
    // The sign-in partition alone trusts the demo tenant's own certificate, for its host alone.
    trustPinnedCertificate(signInSession, {
      host: new URL(config.authorityHost).hostname,
      spkiSha256: demo.tenant.leafSpkiSha256,
      caCertPem: demo.tenant.caCertPem,
    });
  }

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

  // The demo tenant is only trusted inside the sign-in partition, so it always signs in there.
  const surface =
    demo !== null ? 'in-app-window' : (policy.signInSurface ?? chooseSignInSurface({ simulatedTenant: false, kiosk: kiosk !== null }));
  let engine: Engine | null = null;
  const inAppSignIn = createInAppSignIn({
    BrowserWindow,
    parent: () => mainWindow ?? undefined,
    policy: signInNavigationPolicy([new URL(config.authorityHost).origin]),
    registerPolicy: (id, navigationPolicy) => {
      policies.set(id, navigationPolicy);
    },
    unregisterPolicy: (id) => {
      policies.delete(id);
    },
    onUserClosed: () => {
      engine?.cancelSignIn();
    },
  });
  const openBrowser =
    surface === 'in-app-window'
      ? (url: string) => inAppSignIn.openBrowser(url)
      : async (url: string) => {
          const opened = await openExternalSafe(url);
          if (!opened.opened) {
            throw new Error(`The sign-in page could not be opened (${opened.reason}).`);
          }
        };

  // Demo traffic stays on Node with the tenant's CA; real tenants go through Chromium's stack (OS proxy and trust store).
  const fetch =
    demo !== null
      ? createUndiciFetch({ extraCaPem: config.extraCaPem, loopbackDirect: true })
      : createNetFetch(session.fromPartition(ENGINE_NETWORK_PARTITION));
  const emit = closeSignInWhenIdle(
    createEventSink(() => mainWindow?.webContents ?? null),
    () => {
      inAppSignIn.close();
    },
  );
  // What the help desk sees (a redacted timeline), what the admin sees later (history; none in
  // kiosk mode), and what a restart needs after a crash mid-activation (the intent journal;
  // memory only in kiosk mode).
  const recorder = new DiagnosticsRecorder();
  const history = createActivationHistory({
    mode: config.mode,
    file: join(app.getPath('userData'), 'activation-history.jsonl'),
    fs: nodeHistoryFs(),
  });
  const journal = createAppIntentJournal({ mode: config.mode, userDataDir: app.getPath('userData') });
  engine = createEngine({
    config,
    fetch,
    openBrowser,
    cachePlugin: tokenCache.plugin,
    // With the Windows broker option, WAM's dialog belongs to the app's window.
    brokerWindowHandle: () => mainWindow?.getNativeWindowHandle(),
    emit,
    logger,
    appVersion: app.getVersion(),
    recorder,
    history,
    journal,
    // In kiosk mode the UI shows the idle timeout the purge triggers really use (the policy's, or the default).
    managed: kiosk === null || kiosk.idleMinutes === null ? managed : { ...managed, idleTimeoutMinutes: kiosk.idleMinutes },
    managedSource,
    signInStorage: tokenCache.persistence.persisted
      ? { persisted: true, reason: null }
      : { persisted: false, reason: tokenCache.persistence.reason },
  });
  // The tray is built once the window exists; favourites the window publishes before that wait for nothing (it republishes on load).
  let trayPresence: TrayPresence | null = null;
  const engineHandlers = createEngineHandlers(engine, {
    takeDeepLink: () => deepLinks.take(),
    publishFavourites: (favourites) => {
      trayPresence?.setFavourites(favourites);
    },
    desktop: {
      writeClipboard: (text) => clipboard.writeText(text),
      chooseSavePath: async (defaultName) => {
        const options = {
          title: 'Save support bundle',
          defaultPath: join(app.getPath('documents'), defaultName),
          filters: [{ name: 'Support bundle', extensions: ['json'] }],
        };
        const chosen = mainWindow === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(mainWindow, options);
        return chosen.canceled || chosen.filePath === '' ? null : chosen.filePath;
      },
      writeFile: (path, text) => writeFile(path, text, { encoding: 'utf8', mode: 0o600 }),
    },
  });
  const running = engine;
  cleanups.push(() => running.dispose());

  // Kiosk: every way a session ends runs the same full purge.
  let endSession: ((trigger: string) => Promise<unknown>) | null = null;
  if (kiosk !== null) {
    const authority = `${config.authorityHost}/${config.tenant ?? 'organizations'}`;
    const purge = createSessionPurger([
      {
        name: 'close-sign-in',
        run: () => {
          inAppSignIn.close();
          return Promise.resolve();
        },
      },
      {
        name: 'entra-sign-out',
        run: () => signInSession.fetch(endSessionUrl(authority), { redirect: 'manual', signal: AbortSignal.timeout(5000) }),
      },
      { name: 'msal-sign-out', run: () => running.signOut() },
      {
        name: 'diagnostics',
        run: () => {
          recorder.clear();
          return Promise.resolve();
        },
      },
      { name: 'token-cache', run: () => tokenCache.clear() },
      { name: 'sign-in-storage', run: () => clearSessionData(signInSession) },
      { name: 'app-storage', run: () => clearSessionData(session.defaultSession) },
      { name: 'reload-ui', run: () => mainWindow?.loadURL(APP_ENTRY_URL) ?? Promise.resolve() },
    ]);
    endSession = async (trigger) => {
      const report = await purge(trigger);
      logger.info('Kiosk session ended', { ...report });
      return report;
    };
    const stopTriggers = installKioskTriggers({ powerMonitor, policy: kiosk, purge: endSession });
    cleanups.push(() => {
      stopTriggers();
      return Promise.resolve();
    });
  }

  const setupHandlers = createSetupHandlers(
    {
      ...setup,
      writeFileAtomic,
      // Relaunch after the reply has left: the renderer shows "Saved — restarting" first.
      restart: () => {
        setTimeout(() => {
          app.relaunch();
          app.exit(0);
        }, 1500);
      },
    },
    engineHandlers['app:get-info'],
  );
  const handlers = decorateHandlers(
    { ...engineHandlers, ...setupHandlers },
    {
      signInSurface: surface,
      ...(endSession === null
        ? {}
        : {
            endSession: async () => {
              await endSession('end-session');
              return ok(null);
            },
          }),
    },
  );
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

  mainWindow = await createMainWindow(BrowserWindow, {
    preloadPath: join(__dirname, '..', 'preload', 'index.js'),
    kiosk,
    devTools: !app.isPackaged,
    onKioskKeyBlocked: (action) => {
      logger.info('Kiosk blocked a shortcut', { action });
    },
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  keepInTray(mainWindow, {
    kiosk: kiosk !== null,
    quitting: () => appQuitting,
    notifyHidden: () => {
      showNotice(HIDDEN_NOTICE);
    },
  });

  // Tray / menu bar: the active roles with their time left and Re-activate, expiry warnings,
  // Activate favourites, Open and Quit. Its actions only pre-fill the wizard, through the
  // help-desk links' inbox (whose delivery listener pushes the event and focuses the window).
  const presence = createTrayPresence({
    createTray: () => new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL)),
    buildMenu: (items) => Menu.buildFromTemplate([...items]),
    notify: showNotice,
    listRoles: () => running.listRoles({ interactive: false }),
    showWindow: focusMainWindow,
    prefill: (roleIds) => {
      deepLinks.receiveTrayRoles(roleIds);
    },
    quit: () => {
      app.quit();
    },
  });
  trayPresence = presence;
  void presence.refresh();
  cleanups.push(() => {
    presence.dispose();
    return Promise.resolve();
  });
  if (kiosk !== null && endSession !== null) {
    const end = endSession;
    // Nothing of the user survives the process either.
    cleanups.unshift(() => end('quit'));
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
      fail(appError('unexpected', `PIM Step-Up could not start: ${message}`));
    });
}
