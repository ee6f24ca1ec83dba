// Renderer benchmark: the size of the built renderer's JavaScript (raw and gzip), its time to
// first meaningful render in Chromium (median of 5 cold loads), and the home screen (My roles)
// with the simulated tenant's `large` scenario: first render of the list and one filter keystroke.
//
// "First meaningful render" = the first step's heading is on screen AND the account card is
// filled in from the api (so data has flowed through createApi). The api is a STUB that answers
// every call immediately: this measures the renderer alone, not the engine or the tenant.
//
// Run: `node scripts/bench-renderer.mjs` (after `npm run build`), or through `npm run bench`,
// which imports `benchRenderer` from here.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist', 'renderer');
const RUNS = 5;
const BUDGET_GZIP_BYTES = 150 * 1024;

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function sizes(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, raw, gzip };
}

function ensureBuilt() {
  if (existsSync(path.join(DIST, 'index.html'))) {
    return;
  }
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    throw new Error('vite build failed');
  }
}

/** The page side of the stub: the real createApi over a transport that answers at once. */
async function stubBridgeScript(large = null) {
  const contents = `
    import { API_KEY, createApi } from ${JSON.stringify(path.join(ROOT, 'src', 'preload', 'create-api.ts'))};
    const evidence = { methods: ['pwd', 'rsa', 'mfa'], contexts: [], authenticatedAt: new Date().toISOString(), expiresAt: null, tenantId: 'bench', username: 'bench@example.test' };
    const large = ${JSON.stringify(large)};
    const answers = {
      'app:get-info': { version: 'bench', tenant: { kind: 'simulated', tenantId: 'bench', cloud: 'custom', authorityHost: 'https://localhost', graphEndpoint: 'https://localhost' }, mode: 'standard', signInSurface: 'system-browser' },
      'auth:get-session': { username: 'bench@example.test', displayName: 'Bench User', tenantId: 'bench', evidence },
      ...(large === null ? {} : { 'roles:list': large.catalog, 'activation:list-pending': large.pending }),
    };
    const transport = {
      invoke: (channel) => Promise.resolve({ ok: true, value: answers[channel] ?? null }),
      subscribe: () => () => undefined,
    };
    Object.defineProperty(window, API_KEY, { value: Object.freeze(createApi(transport)) });
    // Record when the first meaningful render happens, relative to navigation start.
    const observer = new MutationObserver(() => {
      // Signed in already: the window opens on home (My roles).
      const heading = document.getElementById('roles-heading');
      if (heading !== null && window.__firstRender === undefined) {
        window.__firstRender = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  `;
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}

/** The large scenario's catalog as the real engine reads it from the simulated tenant. */
async function largeCatalog() {
  const outfile = path.join(ROOT, '.tsbuild', 'bench', 'large-catalog.cjs');
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, 'test', 'support', 'renderer-large-catalog.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile).readLargeCatalog();
}

/**
 * My roles with hundreds of roles: from navigation (signed in, the window opens on home) until the
 * list's count line shows every role and its first screenful of rows is painted (the list is windowed:
 * only rows near the visible part are rendered),
 * DOM and painted, then each keystroke of a search until the list shows its result (next frame).
 */
async function benchHome(browser, url, large) {
  const script = await stubBridgeScript(large);
  const activatable = large.catalog.eligible.filter((r) => r.active === null).length;
  const firstRenders = [];
  const keystrokes = [];
  for (let i = 0; i < RUNS; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript({ content: script });
    await page.addInitScript({
      content: `globalThis.__homeDone = undefined;
        new MutationObserver((_, observer) => {
          const line = document.querySelector('.list-count');
          if (globalThis.__homeDone === undefined && line !== null && line.textContent.includes('of ${String(activatable)}') &&
              document.querySelectorAll('.role-list > li').length > 0) {
            observer.disconnect();
            requestAnimationFrame(() => (globalThis.__homeDone = performance.now()));
          }
        }).observe(document, { childList: true, subtree: true, characterData: true });`,
    });
    await page.goto(url);
    await page.waitForFunction(() => globalThis.__homeDone !== undefined, undefined, { timeout: 30_000 });
    firstRenders.push(await page.evaluate(() => globalThis.__homeDone));

    // Keystrokes: a query typed letter by letter; each sample is keydown → the count line changes → next frame.
    const query = 'administrator';
    await page.getByLabel('Search roles').focus();
    await page.evaluate(() => {
      const line = globalThis.document.querySelector('.list-count');
      globalThis.__changed = undefined;
      new globalThis.MutationObserver(() => globalThis.requestAnimationFrame(() => (globalThis.__changed = performance.now()))).observe(
        line,
        {
          childList: true,
          characterData: true,
          subtree: true,
        },
      );
      globalThis.document.getElementById('role-search').addEventListener('keydown', () => {
        globalThis.__keydown = performance.now();
        globalThis.__changed = undefined;
      });
    });
    for (const key of query) {
      await page.keyboard.press(key);
      const changed = await page
        .waitForFunction(() => globalThis.__changed !== undefined, undefined, { timeout: 1500 })
        .then(() => true)
        .catch(() => false);
      if (changed) {
        keystrokes.push(await page.evaluate(() => globalThis.__changed - globalThis.__keydown));
      }
    }
    await context.close();
  }
  return { roles: large.catalog.eligible.length, activatable, firstRenders, keystrokes };
}

async function chromiumOptions() {
  const outfile = path.join(ROOT, '.tsbuild', 'bench', 'chromium.cjs');
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, 'test', 'support', 'chromium.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['playwright-core'],
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile).chromiumLaunchOptions();
}

function serve() {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = path.resolve(DIST, `.${pathname === '/' ? '/index.html' : decodeURIComponent(pathname)}`);
    if (!file.startsWith(DIST + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      .end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

export async function benchRenderer() {
  ensureBuilt();
  const js = sizes(filesUnder(DIST).filter((f) => f.endsWith('.js')));
  const css = sizes(filesUnder(DIST).filter((f) => f.endsWith('.css')));

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch(await chromiumOptions());
  const server = await serve();
  const url = `http://127.0.0.1:${server.address().port}/index.html`;
  const script = await stubBridgeScript();
  const runs = [];
  const heaps = [];
  let home;
  try {
    for (let i = 0; i < RUNS; i += 1) {
      // A fresh context per run: cold cache, like a newly opened window.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript({ content: script });
      await page.goto(url);
      await page.waitForFunction(() => globalThis.__firstRender !== undefined, undefined, { timeout: 15_000 });
      runs.push(await page.evaluate(() => globalThis.__firstRender));
      // Renderer memory once the first step is up: V8 heap in use after a forced collection (CDP).
      const cdp = await context.newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      heaps.push(metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN);
      await context.close();
    }
    home = await benchHome(browser, url, await largeCatalog());
  } finally {
    await browser.close();
    server.close();
  }

  const result = {
    javascript: {
      files: js.files,
      rawBytes: js.raw,
      gzipBytes: js.gzip,
      budgetGzipBytes: BUDGET_GZIP_BYTES,
      withinBudget: js.gzip < BUDGET_GZIP_BYTES,
    },
    css: { rawBytes: css.raw, gzipBytes: css.gzip },
    firstMeaningfulRenderMs: { median: Math.round(median(runs)), runs: runs.map((ms) => Math.round(ms)) },
    jsHeapUsedBytes: { median: Math.round(median(heaps)) },
    homeLargeScenario: {
      eligibleRoles: home.roles,
      rowsRendered: home.activatable,
      firstRenderMs: { median: Math.round(median(home.firstRenders)), runs: home.firstRenders.map((ms) => Math.round(ms)) },
      filterKeystrokeMs: {
        median: Math.round(median(home.keystrokes)),
        max: Math.round(Math.max(...home.keystrokes)),
        samples: home.keystrokes.length,
      },
      method:
        'The large scenario read by the real engine from the simulated tenant, served by the stub api; first render = navigation (signed in: the window opens on home) until the count line shows every role and the first rows are painted, next frame; keystroke = keydown in the search box until the result count changes and the next frame.',
    },
    method: `Chromium, ${String(RUNS)} cold loads from 127.0.0.1, stub api answering immediately (renderer only, no engine): navigation start until the Sign in heading and the account card are rendered.`,
  };
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log('Renderer benchmark');
  console.log(
    `  JavaScript: ${kb(js.raw)} raw, ${kb(js.gzip)} gzip (${String(js.files)} file(s); budget ${kb(BUDGET_GZIP_BYTES)} gzip: ${result.javascript.withinBudget ? 'within' : 'OVER'})`,
  );
  console.log(`  CSS:        ${kb(css.raw)} raw, ${kb(css.gzip)} gzip`);
  console.log(
    `  First meaningful render: median ${String(result.firstMeaningfulRenderMs.median)} ms (runs: ${result.firstMeaningfulRenderMs.runs.join(', ')} ms)`,
  );
  console.log(`  JS heap in use after first render (after GC): median ${(result.jsHeapUsedBytes.median / 1024 / 1024).toFixed(1)} MB`);
  const h = result.homeLargeScenario;
  console.log(
    `  My roles, large scenario (${String(h.eligibleRoles)} eligible, ${String(h.rowsRendered)} rows): first render median ${String(h.firstRenderMs.median)} ms (runs: ${h.firstRenderMs.runs.join(', ')} ms); filter keystroke median ${String(h.filterKeystrokeMs.median)} ms, max ${String(h.filterKeystrokeMs.max)} ms (${String(h.filterKeystrokeMs.samples)} samples)`,
  );
  console.log(`  Method: ${result.method}`);
  mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench-results', 'renderer.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

export default benchRenderer;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchRenderer();
}
