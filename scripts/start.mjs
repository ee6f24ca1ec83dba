// npm start: build, then run the desktop app in Electron. Electron 45 fetches its binary on first use, not at
// install time; where that cannot happen (an offline machine, a failed download, ELECTRON_SKIP_BINARY_DOWNLOAD
// set), this says what happened and what to do, and names the command-line demo that needs no Electron, instead
// of leaving the person with Electron's stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A demo user of the simulated tenant's standard scenario, signed in without a browser. */
export const DEMO_USER = 'adele.admin@contoso-sim.onmicrosoft.com';

/**
 * Where Electron's binary is, or why it is not there. Mirrors electron/index.js (path.txt names the executable
 * inside dist/, ELECTRON_OVERRIDE_DIST_PATH replaces dist/) without its side effect of downloading.
 */
export function electronBinary({ packageDir, env = process.env, exists = existsSync, readText = (p) => readFileSync(p, 'utf8') }) {
  const pathFile = join(packageDir, 'path.txt');
  const executable = exists(pathFile) ? readText(pathFile).trim() : null;
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  if (executable === null || executable === '') {
    return { found: false, path: null, reason: "Electron's binary has not been downloaded (node_modules/electron has no path.txt)" };
  }
  const path = join(distDir, executable);
  return exists(path)
    ? { found: true, path, reason: null }
    : { found: false, path, reason: `Electron's binary is missing: ${path} does not exist` };
}

/** What to print when the binary is missing: what happened, how to get it, and what works without it. */
export function missingElectronMessage({ reason, downloadError = null, skipDownload = false }) {
  const why = skipDownload
    ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded.'
    : downloadError === null
      ? ''
      : `Downloading it failed: ${downloadError}.`;
  return [
    'PIM Step-Up: the desktop app cannot start here.',
    '',
    `What happened: ${reason}.${why === '' ? '' : ` ${why}`}`,
    '',
    'To get the binary (it comes from github.com, or from the mirror named in ELECTRON_MIRROR):',
    '  node node_modules/electron/install.js   (or unset ELECTRON_SKIP_BINARY_DOWNLOAD and run npm start again)',
    '',
    'Without it, the command-line app works on the built-in demo tenant (nothing real is activated):',
    `  npm run build && npm run cli -- roles --demo --demo-user ${DEMO_USER}`,
    '  (or `npm run cli -- roles --demo` to sign in through your browser as any demo user)',
    '',
  ].join('\n');
}

/** The first line of a failed download's output that says something (the error, not the stack). */
export function downloadFailure(output) {
  const lines = String(output)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at ') && !/^Downloading Electron/i.test(line));
  const error = lines.find((line) => /error|ENOTFOUND|ECONN|EAI_AGAIN|ETIMEDOUT|fetch failed|status/i.test(line)) ?? lines[0];
  return (error ?? 'no reason given').replace(/^(Uncaught )?(\w*Error: )/, '').slice(0, 300);
}

function main() {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('electron/package.json', { paths: [ROOT] }));
  const skipDownload = (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? '') !== '';
  let binary = electronBinary({ packageDir });
  let downloadError = null;
  if (!binary.found && !skipDownload) {
    process.stderr.write("Electron's binary is not here yet; downloading it once…\n");
    const download = spawnSync(process.execPath, [join(packageDir, 'install.js')], { cwd: packageDir, encoding: 'utf8' });
    if (download.status !== 0) {
      downloadError = downloadFailure(`${download.stderr ?? ''}\n${download.stdout ?? ''}`);
    }
    binary = electronBinary({ packageDir });
  }
  if (!binary.found) {
    process.stderr.write(missingElectronMessage({ reason: binary.reason, downloadError, skipDownload }));
    process.exit(1);
  }
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    process.exit(build.status ?? 1);
  }
  const app = spawn(binary.path, ['.', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', windowsHide: false });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (!app.killed) {
        app.kill(signal);
      }
    });
  }
  app.on('close', (code, signal) => {
    process.exit(code ?? (signal === null ? 0 : 1));
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main();
}
