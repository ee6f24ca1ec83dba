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
 * which opens the URL in a separate browser context (its own cookie jar, like a real browser)
 * where the tenant's pages complete the sign-in and post the code back to MSAL's loopback.
 */
import type { Browser, BrowserContext } from '@playwright/test';
import { createEngine } from '../../src/main/engine/create-engine';
import type { Engine } from '../../src/main/engine/create-engine';
import { resolveConfig } from '../../src/main/config/resolve-config';
import type { ResolvedConfig } from '../../src/main/config/resolve-config';
import { configForSimulatedTenant } from '../../src/main/demo/demo-tenant';
import { createLogger } from '../../src/main/logging/logger';
import type { LogRecord } from '../../src/main/logging/logger';
import { createNodeFetch } from '../../src/main/net/node-fetch';
import { startSimulatedTenant } from '../../src/simulated-tenant';
import type { SimulatedTenant, UnattendedSignIn } from '../../src/simulated-tenant';
import { startRendererHarness } from './renderer-harness';
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
  readonly harness: RendererHarness;
  readonly browserQueue: BrowserQueue;
  readonly logs: readonly LogRecord[];
  /** Opens `url` in a fresh context and waits until the tenant's page has posted the result to MSAL's loopback. */
  completeSignIn(browser: Browser, url: string, as: UnattendedSignIn): Promise<void>;
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

export async function startRendererBackend(
  options: {
    readonly scenario?: string;
    /** Makes the app's machine clock run this far ahead of the tenant (a badly set desktop clock). */
    readonly localClockOffsetMs?: number;
  } = {},
): Promise<RendererBackend> {
  const tenant = await startSimulatedTenant({ scenario: options.scenario ?? 'demo', unattended: null });
  const harness = await startRendererHarness();
  const logs: LogRecord[] = [];
  const queue = createBrowserQueue();
  const engine = createEngine({
    config: demoConfig(tenant),
    fetch: createNodeFetch({ extraCaPem: [tenant.caCertPem] }),
    openBrowser: (url) => {
      queue.push(url);
      return Promise.resolve();
    },
    emit: harness.emit,
    logger: createLogger({ sink: (record) => logs.push(record), level: 'debug' }),
    ...(options.localClockOffsetMs === undefined ? {} : { now: () => new Date(Date.now() + (options.localClockOffsetMs ?? 0)) }),
    pollMinMs: 50,
    pollMaxMs: 250,
  });
  harness.bind(engine.handlers);
  const contexts: BrowserContext[] = [];

  return {
    tenant,
    engine,
    harness,
    browserQueue: queue,
    logs,
    async completeSignIn(browser, url, as) {
      // The "system browser": its own profile, trusting the tenant's runtime certificate only
      // for this test (the renderer's page never talks to the tenant).
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      contexts.push(context);
      tenant.control.setUnattended(as);
      try {
        const page = await context.newPage();
        const loopback = page.waitForRequest(
          (request) => request.method() === 'POST' && /^http:\/\/(localhost|127\.0\.0\.1):\d+\/?/.test(request.url()),
          { timeout: 20_000 },
        );
        await page.goto(url);
        await loopback;
        await page.waitForLoadState('load');
      } finally {
        tenant.control.setUnattended(null);
        await context.close();
      }
    },
    async close() {
      for (const context of contexts) {
        await context.close().catch(() => undefined);
      }
      await engine.dispose();
      await harness.close();
      await tenant.close();
    },
  };
}
