// Builds every process: the renderer with Vite, main/preload/CLI/tenant with esbuild.
// Type checking is its own step (`npm run typecheck`); this only transpiles and bundles.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync, rmSync } from 'node:fs';
import { buildCli } from './cli-bundles.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const bundles = [
  // Electron main: everything bundled except Electron itself.
  { entryPoints: ['src/main/index.ts'], outfile: 'dist/main/index.js', external: ['electron'] },
  // Sandboxed preloads cannot load ES modules or require app files: one CommonJS bundle.
  { entryPoints: ['src/preload/index.ts'], outfile: 'dist/preload/index.js', external: ['electron'], platform: 'browser' },
  { entryPoints: ['src/simulated-tenant/run-tenant.ts'], outfile: 'dist/tenant/run-tenant.js' },
];

rmSync('dist', { recursive: true, force: true });
for (const bundle of bundles) {
  const entry = bundle.entryPoints[0];
  if (!existsSync(entry)) {
    throw new Error(`Build entry ${entry} is missing.`);
  }
  await esbuild({ ...common, ...bundle });
}
// The CLI is three bundles (entry, engine, demo tenant) so --help and --version start fast.
await buildCli('dist/cli');
await viteBuild({ configFile: 'vite.config.mts', logLevel: 'warn' });
console.log('Built dist/ (main, preload, cli, tenant, renderer).');
