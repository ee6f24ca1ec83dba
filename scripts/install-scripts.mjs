// Install scripts run only for an explicit allow-list.
//
// .npmrc sets ignore-scripts=true, so `npm ci` runs no package's preinstall, install or postinstall script (an
// install script runs arbitrary code from the registry on the developer's and the release runner's machine).
// package.json's `allowScripts` decides each package that has one: true runs it here, false never runs it.
//
//   node scripts/install-scripts.mjs --check   fails when package-lock.json holds a package with an install script
//                                             that allowScripts neither allows nor denies (test/unit/foundation/
//                                             install-scripts.test.ts runs this check in `npm test`)
//   node scripts/install-scripts.mjs           the check, then the allowed packages' install scripts (`npm rebuild`)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The package name of a lock entry's path (`node_modules/a/node_modules/@s/b` → `@s/b`). */
export function packageNameOf(lockPath) {
  const index = lockPath.lastIndexOf('node_modules/');
  return index < 0 ? lockPath : lockPath.slice(index + 'node_modules/'.length);
}

/** Packages in the lock file that npm would run an install script for (npm records `hasInstallScript`). */
export function packagesWithInstallScripts(lock) {
  const names = new Set();
  for (const [lockPath, entry] of Object.entries(lock.packages ?? {})) {
    if (lockPath !== '' && entry?.hasInstallScript === true) {
      names.add(packageNameOf(lockPath));
    }
  }
  return [...names].sort();
}

/** Compares the lock with the allow-list: what runs, what is denied, what nobody decided. */
export function judgeInstallScripts(lock, allowScripts) {
  const decisions = allowScripts ?? {};
  const withScripts = packagesWithInstallScripts(lock);
  return {
    allowed: withScripts.filter((name) => decisions[name] === true),
    denied: withScripts.filter((name) => decisions[name] === false),
    undecided: withScripts.filter((name) => typeof decisions[name] !== 'boolean'),
  };
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function main(argv) {
  const pkg = readJson(join(ROOT, 'package.json'));
  const lock = readJson(join(ROOT, 'package-lock.json'));
  const verdict = judgeInstallScripts(lock, pkg.allowScripts);
  if (verdict.undecided.length > 0) {
    process.stderr.write(
      `These packages have install scripts that package.json "allowScripts" neither allows nor denies: ${verdict.undecided.join(', ')}.\n` +
        'Read what each script does, then add it to "allowScripts" with true (run it) or false (never run it).\n',
    );
    process.exit(1);
  }
  process.stdout.write(
    `Install scripts: allowed ${verdict.allowed.join(', ') || 'none'}; denied ${verdict.denied.join(', ') || 'none'}.\n`,
  );
  if (argv.includes('--check') || verdict.allowed.length === 0) {
    return;
  }
  // `npm rebuild <names>` runs exactly those packages' install scripts; ignore-scripts from .npmrc is lifted for it alone.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const rebuild = spawnSync(npm, ['rebuild', '--ignore-scripts=false', '--foreground-scripts', ...verdict.allowed], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exit(rebuild.status ?? 1);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2));
}
