// `npm run bench` (after `npm run build`): engine benchmark against the simulated tenant,
// beside a naive baseline, then the renderer figures if scripts/bench-renderer.mjs exists.
// The TypeScript bench is bundled here with esbuild's JS API so it runs under plain Node.
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeBundle } from './node-bundle.mjs';

const outDir = path.resolve('.tsbuild', 'bench');
mkdirSync(outDir, { recursive: true });
const outfile = path.join(outDir, 'engine-bench.cjs');
await build({
  entryPoints: ['test/bench/engine-bench.ts'],
  outfile,
  ...nodeBundle,
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
const { runEngineBench, formatBenchTable, formatListingTrips } = require(outfile);

const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 40);
const extraRoles = Number(process.env.BENCH_EXTRA_ROLES ?? 300);
const extraGroups = Number(process.env.BENCH_EXTRA_GROUPS ?? 60);
const extraAzureRoles = Number(process.env.BENCH_EXTRA_AZURE_ROLES ?? 150);
console.log(
  `Engine benchmark: simulated tenant, ${extraRoles} extra roles + ${extraGroups} extra groups + ${extraAzureRoles} extra Azure roles, ${latencyMs} ms latency.`,
);
const { rows, memory, listing } = await runEngineBench({
  latencyMs,
  extraRoles,
  extraGroups,
  extraAzureRoles,
  log: (line) => console.error(line),
});
console.log(formatBenchTable(rows, latencyMs));
console.log(formatListingTrips(listing));
const mb = (value) => (value === null ? 'n/a (run node with --expose-gc)' : `${String(value)} MB`);
console.log(
  `Memory (engine + in-process simulated tenant, after GC): heap ${mb(memory.heapBeforeListingMb)} before listing, ` +
    `${mb(memory.heapAfterListingMb)} holding the catalog; RSS ${String(memory.rssAfterListingMb)} MB.`,
);

// Active vs usable: time-to-active and time-to-usable with a propagation delay per plane.
const readyOut = path.join(outDir, 'ready-bench.cjs');
await build({ entryPoints: ['test/bench/ready-bench.ts'], outfile: readyOut, ...nodeBundle, logLevel: 'warning' });
console.log(await require(readyOut).runReadyBench());

const { runCliStartupBench } = await import(pathToFileURL(path.resolve('scripts', 'bench-cli-startup.mjs')).href);
console.log(runCliStartupBench());

const rendererBench = path.resolve('scripts', 'bench-renderer.mjs');
if (existsSync(rendererBench)) {
  const mod = await import(pathToFileURL(rendererBench).href);
  const run = mod.runRendererBench ?? mod.default ?? Object.values(mod).find((v) => typeof v === 'function');
  if (typeof run === 'function') {
    const result = await run();
    if (typeof result === 'string') {
      console.log(result);
    }
  }
}
