// The CLI as three CommonJS bundles, so a command loads only what it uses:
//   pim-stepup.js  the entry: --help, --version and completion, answered without the engine;
//   cli-main.js    the engine and the commands (loaded by the entry for everything else);
//   demo.js        the simulated tenant (loaded by cli-main only for --demo).
// scripts/build.mjs builds them into dist/cli; the CLI's integration tests build them into a temp dir.
import path from 'node:path';
import { build } from 'esbuild';
import { nodeBundle } from './node-bundle.mjs';

/** Resolves the named source modules to a sibling bundle instead of including them. */
function siblingBundles(map) {
  return {
    name: 'sibling-bundles',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = path.relative(process.cwd(), path.resolve(args.resolveDir, args.path)).split(path.sep).join('/');
        const bundle = map[target];
        return bundle === undefined || args.importer.endsWith(`${target}.ts`) ? undefined : { path: `./${bundle}`, external: true };
      });
    },
  };
}

const common = {
  ...nodeBundle,
  sourcemap: false,
  legalComments: 'none',
  // import() of a sibling bundle becomes require(): Node would otherwise scan the 3 MB CommonJS engine bundle for
  // its export names (cjs-module-lexer) before running it, about 0.4 s of CPU on every command that loads it.
  supported: { 'dynamic-import': false },
};

export async function buildCli(outdir, options = {}) {
  const logLevel = options.logLevel ?? 'warning';
  await Promise.all([
    build({
      ...common,
      logLevel,
      entryPoints: ['src/cli/pim-stepup.ts'],
      outfile: path.join(outdir, 'pim-stepup.js'),
      banner: { js: '#!/usr/bin/env node' },
      plugins: [siblingBundles({ 'src/cli/run-cli': 'cli-main.js' })],
    }),
    build({
      ...common,
      logLevel,
      entryPoints: ['src/cli/run-cli.ts'],
      outfile: path.join(outdir, 'cli-main.js'),
      plugins: [siblingBundles({ 'src/demo/demo-tenant': 'demo.js' })],
    }),
    build({ ...common, logLevel, entryPoints: ['src/demo/demo-tenant.ts'], outfile: path.join(outdir, 'demo.js') }),
  ]);
}
