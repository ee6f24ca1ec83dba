/**
 * The bundled `pim-stepup` for end-to-end CLI tests (built exactly as scripts/build.mjs does), and a "browser" that
 * behaves like one: it loads the authorize page and submits its auto-posting form to the loopback (`$BROWSER`),
 * reading the form with the product's own parser (the demo's form-following browser), bundled into one script.
 * With `BROWSER_MARK` set, the browser first writes the URL it was given to that file (tests that check it opened).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { buildCli } from '../../scripts/cli-bundles.mjs';

export async function buildCliWithBrowser(): Promise<{ readonly cli: string; readonly browser: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pim-cli-'));
  await buildCli(dir, { logLevel: 'error' });
  const browser = path.join(dir, 'browser.mjs');
  await build({
    stdin: {
      contents: [
        "import { writeFileSync } from 'node:fs';",
        "import { parseAutoSubmitForm } from './src/demo/form-following-browser';",
        'if (process.env.BROWSER_MARK) writeFileSync(process.env.BROWSER_MARK, process.argv[2]);',
        'const form = parseAutoSubmitForm(await (await fetch(process.argv[2])).text());',
        "if (form === null) throw new Error('no form on the sign-in page');",
        "await fetch(form.action.replace('localhost', '127.0.0.1'), { method: 'POST', body: new URLSearchParams(form.fields) });",
      ].join('\n'),
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: browser,
    logLevel: 'error',
  });
  return { cli: path.join(dir, 'pim-stepup.js'), browser };
}
