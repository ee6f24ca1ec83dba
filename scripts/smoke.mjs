// `npm run smoke`: bundles the real-tenant smoke test (test/smoke/run-smoke.ts) the way
// scripts/build.mjs bundles the CLI, then runs it. Without PIM_STEPUP_SMOKE_* settings it prints
// why it skipped and exits 0; docs/smoke-tenant.md says how to set up a test tenant.
// The bundle goes to .cache/smoke/ (git-ignored), never to dist/, which is what gets packaged.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { nodeBundle } from './node-bundle.mjs';

const outDir = join('.cache', 'smoke');
const outfile = join(outDir, 'run-smoke.cjs');
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: ['test/smoke/run-smoke.ts'],
  outfile,
  ...nodeBundle,
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile], { stdio: 'inherit', env: process.env });
process.exit(run.status ?? 1);
