/**
 * Serves the BUILT renderer over http://127.0.0.1 and bridges its pages to main-process handlers
 * through the same IPC contract the Electron app uses.
 *
 * - Invokes: `page.exposeBinding('__pimInvoke')` → `createIpcRouter(handlers).dispatch(...)`, with
 *   the sender (frame URL, main frame or not) taken from the calling frame, so the router's
 *   sender check and zod parsing run exactly as in Electron.
 * - Events: the engine's `emit` → `page.evaluate(__pimHarnessEmit)`.
 * - The page's `window.pimStepUp` is the real `createApi` from src/preload/create-api.ts, bundled
 *   on the fly with esbuild (see renderer-bridge-entry.ts), not a re-implementation.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { build as esbuild } from 'esbuild';
import type { Page } from '@playwright/test';
import { createIpcRouter } from '../../src/main/ipc/ipc-router';
import type { EventSink, IpcHandlers, IpcRouter } from '../../src/main/ipc/ipc-router';
import type { EventChannel, EventContract } from '../../src/shared/ipc/contract';

const ROOT = resolve(__dirname, '..', '..');
export const RENDERER_DIST = join(ROOT, 'dist', 'renderer');
const RENDERER_SRC = join(ROOT, 'src', 'renderer');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/renderer with Vite when it is missing or older than any renderer source. */
export function ensureRendererBuilt(): void {
  const index = join(RENDERER_DIST, 'index.html');
  const shared = join(ROOT, 'src', 'shared');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(newestMtime(RENDERER_SRC), newestMtime(shared))) {
    return;
  }
  // A child process: Vite's config loader and Playwright's TypeScript loader do not mix in one process.
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`vite build failed:\n${run.stdout}\n${run.stderr}`);
  }
}

/** A static server for dist/renderer that refuses anything outside it. */
export async function serveRenderer(): Promise<{ readonly origin: string; readonly server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pathname = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = resolve(RENDERER_DIST, `.${pathname}`);
    const inside = relative(RENDERER_DIST, file);
    if (inside.startsWith('..') || inside.startsWith(sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res
      .writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      })
      .end(readFileSync(file));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('The renderer server has no port.');
  }
  return { origin: `http://127.0.0.1:${String(address.port)}`, server };
}

/** Bundles the page side of the bridge (the real createApi) for `page.addInitScript`. */
export async function bridgeScript(origin: string): Promise<string> {
  const out = await esbuild({
    entryPoints: [join(__dirname, 'renderer-bridge-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    define: { __HARNESS_ORIGIN__: JSON.stringify(origin) },
    logLevel: 'warning',
  });
  const file = out.outputFiles[0];
  if (file === undefined) {
    throw new Error('esbuild produced no bridge script.');
  }
  return file.text;
}

export type RendererHarness = {
  /** `http://127.0.0.1:<port>`, the only origin the router trusts. */
  readonly origin: string;
  readonly url: string;
  /** Pass this to the engine as its `emit`: events reach every attached page. */
  readonly emit: EventSink;
  /** Connects the router to the handlers (the engine's), once they exist. */
  bind(handlers: IpcHandlers): void;
  /** Installs the binding and the bridge on a page; call before `page.goto(harness.url)`. */
  attach(page: Page): Promise<void>;
  /** Every invoke the pages made, in order (channel names only), for assertions. */
  readonly calls: readonly string[];
  close(): Promise<void>;
};

export async function startRendererHarness(
  options: { readonly onUnexpected?: (channel: string, cause: unknown) => void } = {},
): Promise<RendererHarness> {
  ensureRendererBuilt();
  const { origin, server } = await serveRenderer();
  const script = await bridgeScript(origin);
  const pages = new Set<Page>();
  const calls: string[] = [];
  let router: IpcRouter | null = null;

  const emit: EventSink = <E extends EventChannel>(event: E, payload: EventContract[E]) => {
    for (const page of pages) {
      page
        .evaluate(
          ([e, p]) => {
            (window as unknown as { __pimHarnessEmit?: (e: string, p: unknown) => void }).__pimHarnessEmit?.(e, p);
          },
          [event, payload] as const,
        )
        // A page that is navigating or closed simply misses the event, as a closed window would.
        .catch(() => undefined);
    }
  };

  return {
    origin,
    url: `${origin}/index.html`,
    emit,
    calls,
    bind(handlers) {
      router = createIpcRouter(handlers, {
        trustedOrigins: [origin],
        onUnexpected: (channel, cause) => {
          options.onUnexpected?.(channel, cause);
        },
      });
    },
    async attach(page) {
      pages.add(page);
      page.on('close', () => {
        pages.delete(page);
      });
      await page.exposeBinding('__pimInvoke', async (source, channel: unknown, args: unknown) => {
        if (router === null) {
          throw new Error('The harness has no handlers yet: call bind() first.');
        }
        calls.push(String(channel));
        return router.dispatch(
          String(channel),
          { frameUrl: source.frame.url(), isMainFrame: source.frame === source.page.mainFrame() },
          Array.isArray(args) ? args : [],
        );
      });
      await page.addInitScript({ content: script });
    },
    async close() {
      pages.clear();
      await new Promise<void>((done) => {
        server.close(() => {
          done();
        });
      });
    },
  };
}
