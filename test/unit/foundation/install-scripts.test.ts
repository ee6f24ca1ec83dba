/**
 * Install scripts run only for an explicit allow-list: .npmrc turns them off for `npm ci`, package.json's
 * `allowScripts` decides each package whose lock entry has one, and scripts/install-scripts.mjs runs the allowed
 * ones. This fails when a dependency update brings a package with an install script that nobody allowed or denied.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Lock = { packages: Record<string, { hasInstallScript?: boolean }> };
type InstallScriptsModule = {
  packagesWithInstallScripts: (lock: Lock) => string[];
  judgeInstallScripts: (
    lock: Lock,
    allowScripts: Record<string, boolean> | undefined,
  ) => {
    allowed: string[];
    denied: string[];
    undecided: string[];
  };
};
const scriptPath = '../../../scripts/install-scripts.mjs';
const installScripts = (await import(scriptPath)) as InstallScriptsModule;

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts: Record<string, boolean>; scripts: Record<string, string> };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lock;

describe('install scripts', () => {
  it('are off for npm ci (.npmrc ignore-scripts=true)', () => {
    const npmrc = readFileSync('.npmrc', 'utf8');
    expect(npmrc.split('\n').map((line) => line.trim())).toContain('ignore-scripts=true');
  });

  it('every package in package-lock.json with an install script is allowed or denied in allowScripts', () => {
    const verdict = installScripts.judgeInstallScripts(lock, pkg.allowScripts);
    expect(verdict.undecided).toEqual([]);
    // keytar (archived, pulled in by @azure/msal-node-extensions) builds native code at install: never run.
    expect(verdict.denied).toContain('keytar');
  });

  it('allows only packages that really have an install script (no dead allowances)', () => {
    const withScripts = installScripts.packagesWithInstallScripts(lock);
    const allowed = Object.entries(pkg.allowScripts)
      .filter(([, allow]) => allow)
      .map(([name]) => name);
    expect(allowed.filter((name) => !withScripts.includes(name))).toEqual([]);
  });

  it('finds a package nobody decided, nested or scoped; the check command passes on the real lock', () => {
    const added: Lock = {
      packages: {
        ...lock.packages,
        'node_modules/some-dep/node_modules/@evil/postinstall': { hasInstallScript: true },
        'node_modules/harmless': {},
      },
    };
    expect(installScripts.judgeInstallScripts(added, pkg.allowScripts).undecided).toEqual(['@evil/postinstall']);
    expect(installScripts.judgeInstallScripts(lock, {}).undecided.length).toBeGreaterThan(0);
    const check = spawnSync(process.execPath, ['scripts/install-scripts.mjs', '--check'], { encoding: 'utf8' });
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/^Install scripts: allowed .*; denied .*keytar/);
  });

  it('has an npm script that runs the allowed install steps after npm ci', () => {
    expect(pkg.scripts['install-scripts']).toBe('node scripts/install-scripts.mjs');
  });
});
