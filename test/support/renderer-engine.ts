/**
 * Wires the REAL engine and the simulated tenant behind the renderer harness, the way the
 * Electron shell does in demo mode, minus Electron:
 *
 *   renderer page ──createApi──▶ Playwright binding ──▶ createIpcRouter ──▶ createEngine handlers
 *                                                                             │ MSAL + Graph over HTTPS
 *                                                                             ▼
 *                                                                      simulated tenant
 *
 * The engine's `openBrowser` does what `shell.openExternal` would: it hands the authorize URL
 * to "the system browser". Here that is a queue the test drains with `completeSignIn(url)`,
 * which opens the URL in a separate Chromium (test/support/tenant-browser.ts) and fills in the
 * tenant's sign-in pages like a person, until they post the code back to MSAL's loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDeepLinkInbox } from '../../src/core/deep-link/deep-link-inbox';
import { createSetupHandlers } from '../../src/main/desktop/desktop-handlers';
import type { DeepLinkDelivery } from '../../src/core/deep-link/deep-link-inbox';
import { createActivationHistory } from '../../src/core/history/activation-history';
import { nodeHistoryFs } from '../../src/core/history/node-history-fs';
import { createEngine } from '../../src/core/engine/create-engine';
import { createEngineHandlers } from '../../src/main/ipc/engine-handlers';
import { createTrayPresence } from '../../src/main/electron/tray';
import type { TrayMenuItem } from '../../src/main/electron/tray';
import type { IpcHandlers } from '../../src/shared/ipc/handlers';
import type { Engine } from '../../src/core/engine/create-engine';
import { resolveConfig } from '../../src/core/config/resolve-config';
import type { ResolvedConfig } from '../../src/core/config/resolve-config';
import { configForSimulatedTenant } from '../../src/demo/demo-tenant';
import { createLogger } from '../../src/core/logging/logger';
import type { LogRecord } from '../../src/core/logging/logger';
import { createUndiciFetch } from '../../src/core/net/undici-fetch';
import { startSimulatedTenant } from '../../src/simulated-tenant';
import type { SimulatedTenant } from '../../src/simulated-tenant';
import { startRendererHarness } from './renderer-harness';
import { completeSignIn as completeTenantSignIn, launchTenantBrowser } from './tenant-browser';
import type { SignInOutcome } from './tenant-browser';
import type { RendererHarness } from './renderer-harness';

export type BrowserQueue = {
  /** Resolves with the next URL the engine asked the system browser to open. */
  next(timeoutMs?: number): Promise<string>;
  /** URLs opened so far. */
  readonly opened: readonly string[];
};

export type RendererBackend = {
  readonly tenant: SimulatedTenant;
  readonly engine: Engine;
  /** The handlers the renderer is served through (the app's own, desktop ports recorded). */
  readonly handlers: IpcHandlers;
  readonly harness: RendererHarness;
  readonly browserQueue: BrowserQueue;
  readonly logs: readonly LogRecord[];
  /**
   * Every wait the engine asked for before sending again (read retries' back-off, a throttled write's one wait), in
   * ms and in order. The engine runs on injected time: a wait is recorded here and passes at once.
   */
  readonly waits: readonly number[];
  /**
   * The desktop the shell would provide, as recording fakes (Chromium tests run without
   * Electron): what "Copy diagnostics" put on the clipboard, what "Save support bundle" wrote,
   * and the answer the next save dialog gives (a path, or null for Cancel).
   */
  readonly desktop: {
    readonly clipboard: readonly string[];
    readonly saved: readonly { readonly path: string; readonly text: string }[];
    readonly dialogs: readonly string[];
    nextSavePath: string | null;
    /** Delivers a help-desk link as the shell does: through the inbox, then the `deep-link:received` event. */
    deliverDeepLink(url: string): DeepLinkDelivery;
    /**
     * The tray as the shell wires it (src/main/electron/tray.ts on fake Electron objects): its
     * menu now, after reading the roles again; its actions pre-fill through the same inbox.
     */
    trayMenu(): Promise<readonly TrayMenuItem[]>;
  };
  /**
   * The first-run choice's side of the shell, as recording fakes: every file replaced through the
   * atomic writer (path, text), and how many times the app asked to restart.
   */
  readonly setup: {
    readonly userConfigPath: string;
    readonly written: readonly { readonly path: string; readonly text: string }[];
    readonly restarts: () => number;
  };
  /**
   * Plays the person at the system browser: opens `url` and completes the tenant's sign-in pages
   * with these methods, until the result is posted to MSAL's loopback.
   */
  completeSignIn(url: string, as: { readonly username: string; readonly methods: readonly string[] }): Promise<SignInOutcome>;
  close(): Promise<void>;
};

function createBrowserQueue(): BrowserQueue & { push(url: string): void } {
  const opened: string[] = [];
  const waiting: ((url: string) => void)[] = [];
  let read = 0;
  return {
    opened,
    push(url) {
      opened.push(url);
      const waiter = waiting.shift();
      if (waiter !== undefined) {
        read += 1;
        waiter(url);
      }
    },
    next(timeoutMs = 20_000) {
      const ready = opened[read];
      if (ready !== undefined) {
        read += 1;
        return Promise.resolve(ready);
      }
      return new Promise<string>((resolveUrl, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`The engine did not open a browser within ${String(timeoutMs)} ms.`));
        }, timeoutMs);
        waiting.push((url) => {
          clearTimeout(timer);
          resolveUrl(url);
        });
      });
    },
  };
}

/** The demo configuration the shell uses: built-in defaults resolved, then pointed at the running tenant. */
export function demoConfig(tenant: SimulatedTenant): ResolvedConfig {
  const base = resolveConfig({ env: {}, flags: { demo: true } });
  if (!base.ok) {
    throw new Error(`The demo configuration does not resolve: ${base.error.message}`);
  }
  return configForSimulatedTenant({ ...base.value, provisioningTimeoutSeconds: 30 }, tenant);
}

/** What the shell gives the window besides the engine, as recording fakes: desktop ports, help-desk links, the tray. */
function createDesktopFakes(
  harness: RendererHarness,
  engine: Engine,
  userData: string,
): { readonly desktop: RendererBackend['desktop']; readonly handlers: IpcHandlers } {
  const inbox = createDeepLinkInbox();
  inbox.onDelivery((delivery) => {
    harness.emit('deep-link:received', delivery);
  });
  let menu: readonly TrayMenuItem[] = [];
  const tray = createTrayPresence({
    createTray: () => ({ setToolTip: () => undefined, setContextMenu: () => undefined, on: () => undefined, destroy: () => undefined }),
    buildMenu: (items) => (menu = [...items]),
    notify: () => undefined,
    readStates: () => engine.roleStates({ interactive: false }),
    showWindow: () => undefined,
    prefill: (roleIds) => {
      inbox.receiveTrayRoles(roleIds);
    },
    quit: () => undefined,
    setInterval: () => 0,
    clearInterval: () => undefined,
  });
  const clipboard: string[] = [];
  const saved: { path: string; text: string }[] = [];
  const dialogs: string[] = [];
  const desktop: RendererBackend['desktop'] = {
    clipboard,
    saved,
    dialogs,
    nextSavePath: join(userData, 'support-bundle.json'),
    deliverDeepLink: (url) => inbox.receiveUrl(url),
    trayMenu: async () => {
      await tray.refresh();
      return menu;
    },
  };
  const handlers = createEngineHandlers(engine, {
    takeDeepLink: () => inbox.take(),
    publishFavourites: (favourites) => {
      tray.setFavourites(favourites);
    },
    desktop: {
      writeClipboard: (text) => {
        clipboard.push(text);
      },
      chooseSavePath: (defaultName) => {
        dialogs.push(defaultName);
        return Promise.resolve(desktop.nextSavePath);
      },
      writeFile: (path, text) => {
        saved.push({ path, text });
        return Promise.resolve();
      },
    },
  });
  return { desktop, handlers };
}

/** The first-run choice's side of the shell, as recording fakes: files written atomically, restarts asked for. */
function createSetupFakes(
  userData: string,
  firstRun: boolean,
  getInfo: IpcHandlers['app:get-info'],
): { readonly setup: RendererBackend['setup']; readonly handlers: ReturnType<typeof createSetupHandlers> } {
  const written: { path: string; text: string }[] = [];
  let restarts = 0;
  const userConfigPath = join(userData, 'config.json');
  const handlers = createSetupHandlers(
    {
      userConfigPath,
      firstRun,
      machineLocked: [],
      machineSource: null,
      writeFileAtomic: (path, text) => {
        written.push({ path, text });
        return Promise.resolve();
      },
      restart: () => {
        restarts += 1;
      },
    },
    getInfo,
  );
  return { setup: { userConfigPath, written, restarts: () => restarts }, handlers };
}

/**
 * The "system browser" Chromium of this worker, by the tenant leaf key it trusts: launched once and kept, since a
 * launch per test cost about a second of CPU. Each backend signs in through a profile (context) of its own.
 */
const systemBrowsers = new Map<string, Promise<Browser>>();

async function systemBrowserFor(leafSpkiSha256: string): Promise<Browser> {
  const known = systemBrowsers.get(leafSpkiSha256);
  if (known !== undefined && (await known).isConnected()) {
    return known;
  }
  const launched = launchTenantBrowser(leafSpkiSha256);
  systemBrowsers.set(leafSpkiSha256, launched);
  return launched;
}

/**
 * Plays the person at the system browser with one profile kept across this backend's sign-ins (so the tenant sees
 * its session cookie on a step-up), completing the tenant's pages as a person would (username, password, methods, PIN).
 */
function createSystemBrowser(tenant: SimulatedTenant): Pick<RendererBackend, 'completeSignIn'> & { close(): Promise<void> } {
  let profile: BrowserContext | null = null;
  // Tabs whose sign-in ended, for the next ones: a new page costs Chromium a renderer process (about 0.35 s of CPU
  // here), navigating a kept one a fraction of that. The profile's cookies are the same either way.
  const idleTabs: Page[] = [];
  return {
    async completeSignIn(url, as) {
      profile ??= await (await systemBrowserFor(tenant.leafSpkiSha256)).newContext();
      const user = tenant.users.find((u) => u.username.toLowerCase() === as.username.toLowerCase());
      if (user === undefined) {
        throw new Error(`The scenario has no user ${as.username}.`);
      }
      const page = idleTabs.pop() ?? (await profile.newPage());
      const outcome = await completeTenantSignIn(page, url, {
        username: user.username,
        password: user.password,
        methods: as.methods,
        ...(user.pin === null ? {} : { pin: user.pin }),
      }).catch(async (cause: unknown) => {
        await page.close();
        throw cause;
      });
      idleTabs.push(page);
      return outcome;
    },
    close: async () => {
      await profile?.close();
    },
  };
}

export async function startRendererBackend(
  options: {
    readonly scenario?: string;
    /** Makes the app's machine clock run this far ahead of the tenant (a badly set desktop clock). */
    readonly localClockOffsetMs?: number;
    /** Kiosk keeps no history; standard mode keeps it in a temporary folder. */
    readonly mode?: 'standard' | 'kiosk';
    /** Start as a fresh install would: nothing configured, so the first-run choice is offered. */
    readonly firstRun?: boolean;
  } = {},
): Promise<RendererBackend> {
  const tenant = await startSimulatedTenant({ scenario: options.scenario ?? 'demo', unattended: null });
  const harness = await startRendererHarness();
  const logs: LogRecord[] = [];
  const waits: number[] = [];
  const queue = createBrowserQueue();
  const mode = options.mode ?? 'standard';
  const userData = mkdtempSync(join(tmpdir(), 'pim-renderer-'));
  const engine = createEngine({
    config: { ...demoConfig(tenant), mode },
    history: createActivationHistory({ mode, file: join(userData, 'activation-history.jsonl'), fs: nodeHistoryFs() }),
    fetch: createUndiciFetch({ extraCaPem: [tenant.caCertPem] }),
    openBrowser: (url) => {
      queue.push(url);
      return Promise.resolve();
    },
    emit: harness.emit,
    logger: createLogger({ sink: (record) => logs.push(record), level: 'debug' }),
    ...(options.localClockOffsetMs === undefined ? {} : { now: () => new Date(Date.now() + (options.localClockOffsetMs ?? 0)) }),
    // Injected time: each wait is recorded and passes at once (the next turn of the event loop).
    sleep: (ms) => {
      waits.push(ms);
      return new Promise((resolve) => setImmediate(resolve));
    },
    pollMinMs: 50,
    pollMaxMs: 250,
  });
  const { desktop, handlers } = createDesktopFakes(harness, engine, userData);
  const { setup, handlers: setupHandlers } = createSetupFakes(userData, options.firstRun ?? false, handlers['app:get-info']);
  harness.bind({ ...handlers, ...setupHandlers });
  const systemBrowser = createSystemBrowser(tenant);
  return {
    tenant,
    engine,
    handlers,
    harness,
    browserQueue: queue,
    logs,
    waits,
    desktop,
    setup,
    completeSignIn: systemBrowser.completeSignIn,
    async close() {
      await systemBrowser.close();
      await engine.dispose();
      await harness.close();
      await tenant.close();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}
