#!/usr/bin/env node
// Writes docs/cli-output.schema.json from the CLI's zod schemas (src/cli/output-schema.ts) with zod's JSON Schema
// export, formatted by Prettier. test/unit/cli/cli-output-schema.test.ts fails when the committed file differs, so
// run this after changing the schemas:   node scripts/cli-output-schema.mjs   (--check: exit 1 if out of date).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import * as prettier from 'prettier';

const ROOT = join(import.meta.dirname, '..');
const TARGET = join(ROOT, 'docs', 'cli-output.schema.json');

// One self-contained ESM bundle (zod included), imported from memory: nothing is written but the schema.
const bundled = await build({
  entryPoints: [join(ROOT, 'src', 'cli', 'output-schema.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
});
const module = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
const options = (await prettier.resolveConfig(TARGET)) ?? {};
const text = await prettier.format(JSON.stringify(module.cliOutputJsonSchema(), null, 2), { ...options, filepath: TARGET });

if (process.argv.includes('--check')) {
  const same = readFileSync(TARGET, 'utf8') === text;
  console.log(
    same
      ? 'docs/cli-output.schema.json is up to date.'
      : 'docs/cli-output.schema.json is out of date: run node scripts/cli-output-schema.mjs',
  );
  process.exit(same ? 0 : 1);
}
writeFileSync(TARGET, text);
console.log(`Wrote ${TARGET}`);
