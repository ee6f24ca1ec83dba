/**
 * Release checks on the packaged app (docs/security.md, "Packaging and release"): the fuses really
 * flipped in the shipped binary, the embedded ASAR integrity check really stops a tampered app,
 * and the Windows signature verifies.
 *
 * They need what `npm run dist` produces in release/ (which needs the Electron binary and its
 * download): the workstation CI runs them after packaging (.github/workflows/ci.yml, release.yml).
 * Where it is absent, each test is skipped and the reason is printed; the fuse *configuration* and
 * the strict afterPack hook are checked everywhere by test/unit/electron/electron-builder-config.test.ts
 * and test/unit/electron/after-pack-fuses.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, openSync, closeSync, readSync, writeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { expect, test } from '@playwright/test';

const RELEASE = join(process.cwd(), 'release');

/** Where electron-builder leaves the unpacked app for this platform: [executable, app.asar]. */
function packagedApp(): { readonly executable: string; readonly asar: string } | { readonly missing: string } {
  const candidates: Record<string, { executable: string; asar: string }> = {
    linux: { executable: join(RELEASE, 'linux-unpacked', 'pim-stepup'), asar: join(RELEASE, 'linux-unpacked', 'resources', 'app.asar') },
    win32: { executable: join(RELEASE, 'win-unpacked', 'PIM Step-Up.exe'), asar: join(RELEASE, 'win-unpacked', 'resources', 'app.asar') },
    darwin: {
      executable: join(RELEASE, 'mac', 'PIM Step-Up.app', 'Contents', 'MacOS', 'PIM Step-Up'),
      asar: join(RELEASE, 'mac', 'PIM Step-Up.app', 'Contents', 'Resources', 'app.asar'),
    },
  };
  const found = candidates[process.platform];
  if (found === undefined) {
    return { missing: `no packaged layout is known for ${process.platform}` };
  }
  if (!existsSync(found.executable)) {
    return {
      missing: `no packaged app at ${relative(process.cwd(), found.executable)} (run \`npm run dist\` where the Electron binary can be downloaded)`,
    };
  }
  return found;
}

function skipWithReason(reason: string): void {
  console.log(`[packaged app] skipped: ${reason}`);
  test.skip(true, reason);
}

/** The packaged app, or a skip with its reason; on CI after `npm run dist` (PIM_STEPUP_REQUIRE_PACKAGED=1) a missing app fails. */
function packagedAppOrSkip(): { readonly executable: string; readonly asar: string } | null {
  const app = packagedApp();
  if (!('missing' in app)) {
    return app;
  }
  if (process.env.PIM_STEPUP_REQUIRE_PACKAGED === '1') {
    throw new Error(`PIM_STEPUP_REQUIRE_PACKAGED is set, but there is ${app.missing}`);
  }
  skipWithReason(app.missing);
  return null;
}

/**
 * Starts the packaged app with its own user-data folder (so its single-instance lock cannot meet
 * another run's) and waits up to `ms`: its exit code, or null when it was still running, in which
 * case it is stopped with its helper processes.
 */
async function exitCodeWithin(executable: string, ms: number): Promise<number | null> {
  const userData = mkdtempSync(join(tmpdir(), 'pim-packaged-run-'));
  const child = spawn(executable, [`--user-data-dir=${userData}`], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      resolve(code);
    }),
  );
  const outcome = await Promise.race([
    exited,
    new Promise<'running'>((resolve) =>
      setTimeout(() => {
        resolve('running');
      }, ms),
    ),
  ]);
  if (outcome === 'running') {
    if (process.platform === 'win32' && child.pid !== undefined) {
      // child.kill() ends only the main process on Windows; the renderer and GPU helpers would keep the folder busy.
      spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F']);
    } else {
      child.kill('SIGKILL');
    }
    await exited;
  }
  rmSync(userData, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
  return outcome === 'running' ? null : outcome;
}

test.describe('packaged app', () => {
  test('has the release fuses flipped in the binary', async () => {
    const app = packagedAppOrSkip();
    if (app === null) {
      return;
    }
    const wire = await getCurrentFuseWire(app.executable);
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      cliInspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocolPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: FuseState.DISABLE,
      cookieEncryption: FuseState.ENABLE,
      nodeOptions: FuseState.DISABLE,
      cliInspect: FuseState.DISABLE,
      asarIntegrity: FuseState.ENABLE,
      onlyAsar: FuseState.ENABLE,
      fileProtocolPrivileges: FuseState.DISABLE,
    });
  });

  test('refuses to run with one byte of app.asar flipped', async () => {
    const app = packagedAppOrSkip();
    if (app === null) {
      return;
    }
    if (process.platform === 'linux') {
      // Electron validates the embedded ASAR hash on macOS and Windows only (docs/tutorial/asar-integrity.md).
      skipWithReason('Electron does not validate ASAR integrity on Linux');
      return;
    }
    const root = dirname(dirname(app.asar)); // the unpacked app folder
    const copy = mkdtempSync(join(tmpdir(), 'pim-tamper-'));
    try {
      cpSync(root, copy, { recursive: true });
      // Control: the untouched copy starts and keeps running, so a refusal below is the tampering
      // and not a copy that cannot start at all (a broken signature, a missing library).
      expect(await exitCodeWithin(join(copy, relative(root, app.executable)), 10_000), 'the untampered copy exited early').toBeNull();
      const asar = join(copy, relative(root, app.asar));
      const fd = openSync(asar, 'r+');
      const offset = Math.floor(statSync(asar).size / 2);
      const byte = Buffer.alloc(1);
      readSync(fd, byte, 0, 1, offset);
      byte[0] = (byte[0] ?? 0) ^ 0xff;
      writeSync(fd, byte, 0, 1, offset);
      closeSync(fd);
      const executable = join(copy, relative(root, app.executable));
      const exitCode = await exitCodeWithin(executable, 10_000);
      // null means it was still running after 10 s: the tampered archive was accepted.
      expect(exitCode).not.toBeNull();
      expect(exitCode).not.toBe(0);
    } finally {
      rmSync(copy, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
    }
  });

  test('carries a valid Authenticode signature', () => {
    const app = packagedAppOrSkip();
    if (app === null) {
      return;
    }
    if (process.platform !== 'win32') {
      skipWithReason('Authenticode signatures are checked on Windows release runners only');
      return;
    }
    if (process.env.PIM_STEPUP_EXPECT_SIGNED !== '1') {
      // release.yml sets it when the signing secrets exist; CI builds are unsigned on purpose.
      skipWithReason('this build was not signed (PIM_STEPUP_EXPECT_SIGNED is not set: no signing secrets)');
      return;
    }
    const verify = spawnSync('signtool', ['verify', '/pa', app.executable], { encoding: 'utf8' });
    if (verify.error !== undefined) {
      skipWithReason('signtool is not on PATH (install the Windows SDK on the release runner)');
      return;
    }
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  });
});
