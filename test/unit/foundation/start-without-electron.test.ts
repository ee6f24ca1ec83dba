/**
 * `npm start` where Electron's binary is missing (an offline machine, a failed download, ELECTRON_SKIP_BINARY_DOWNLOAD):
 * scripts/start.mjs says what happened and what to do, and names the command-line demo that works without Electron,
 * instead of Electron's stack trace. The last test runs the real script: here no binary exists; on workstations that
 * have one, ELECTRON_OVERRIDE_DIST_PATH points Electron's lookup at an empty folder, so the binary is missing there too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/help';
import { OPTIONS } from '../../../src/cli/options';
import { loadShippedScenario } from '../../../src/simulated-tenant/scenario/shipped';

type StartModule = {
  electronBinary: (options: {
    packageDir: string;
    env?: Record<string, string | undefined>;
    exists?: (path: string) => boolean;
    readText?: (path: string) => string;
  }) => { found: boolean; path: string | null; reason: string | null };
  missingElectronMessage: (options: { reason: string; downloadError?: string | null; skipDownload?: boolean }) => string;
  downloadFailure: (output: string) => string;
  DEMO_USER: string;
};
const startScript = '../../../scripts/start.mjs';
const start = (await import(startScript)) as StartModule;

describe('npm start without the Electron binary', () => {
  it('finds the binary as Electron does (path.txt inside dist/, or ELECTRON_OVERRIDE_DIST_PATH), without downloading', () => {
    const files = new Map([
      ['/e/path.txt', 'electron\n'],
      ['/e/dist/electron', ''],
    ]);
    const ports = { exists: (p: string) => files.has(p), readText: (p: string) => files.get(p) ?? '' };
    expect(start.electronBinary({ packageDir: '/e', env: {}, ...ports })).toEqual({ found: true, path: '/e/dist/electron', reason: null });
    expect(start.electronBinary({ packageDir: '/e', env: { ELECTRON_OVERRIDE_DIST_PATH: '/elsewhere' }, ...ports })).toMatchObject({
      found: false,
      reason: "Electron's binary is missing: /elsewhere/electron does not exist",
    });
    expect(start.electronBinary({ packageDir: '/x', env: {}, ...ports }).reason).toMatch(/has not been downloaded/);
  });

  it('keeps the cause of a failed download and drops its stack', () => {
    const output = [
      'Downloading Electron binary...',
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:13502:13',
      '  [cause]: Error: getaddrinfo ENOTFOUND github.com',
    ].join('\n');
    expect(start.downloadFailure(output)).toBe('fetch failed');
  });

  it('names a real CLI command and a real demo user in its advice', () => {
    const message = start.missingElectronMessage({ reason: 'x', skipDownload: true });
    expect(message).toContain('npm run cli -- roles --demo --demo-user');
    expect(COMMANDS).toContain('roles');
    expect(Object.keys(OPTIONS)).toEqual(expect.arrayContaining(['demo', 'demo-user']));
    expect(JSON.stringify(loadShippedScenario('demo'))).toContain(start.DEMO_USER);
  });

  it('prints what happened and what to do, exits 1, and shows no stack trace', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-electron-'));
    try {
      const run = spawnSync(process.execPath, ['scripts/start.mjs'], {
        cwd: process.cwd(),
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_OVERRIDE_DIST_PATH: empty },
        timeout: 60_000,
      });
      const output = `${run.stdout}${run.stderr}`;
      expect(run.status).toBe(1);
      expect(output).toMatch(/^PIM Step-Up: the desktop app cannot start here\./m);
      expect(output).toMatch(/What happened: Electron's binary (has not been downloaded|is missing)/);
      expect(output).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
      expect(output).toContain('node node_modules/electron/install.js');
      expect(output).toContain(`npm run build && npm run cli -- roles --demo --demo-user ${start.DEMO_USER}`);
      expect(output).not.toMatch(/^\s+at /m);
      expect(output).not.toContain('Electron failed to install correctly');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('is what npm start runs', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
  });
});
