/**
 * The bundled `pim-stepup` waiting for a browser sign-in while another local process floods its sign-in listener
 * (docs/security.md, row 42): 300 MiB of form body, declared and then chunked, posted to the loopback port taken
 * from the authorize URL. The CLI's peak resident memory (VmHWM, read from /proc while it still waits) stays under
 * 250 MB (MSAL's own listener read such a body into one string: about 750 MB, and 600 MiB killed the process), and
 * the sign-in ends as the clear time-out it is. The flood is streamed from one reused 64 KB buffer, so the test's own
 * memory stays small.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../../scripts/cli-bundles.mjs';
import { loopbackTarget } from '../../../src/core/auth/loopback-target';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { configuredArgs } from '../../support/cli-args';
import { floodPost } from '../../support/loopback-probes';
import { startTestTenant } from '../../support/test-tenant';

const FLOOD_BYTES = 300 * 1_048_576;
const RSS_BAR_BYTES = 250 * 1_000_000;
const onLinux = process.platform === 'linux';
if (!onLinux) {
  console.log('Skipped: the CLI sign-in flood test reads the peak resident memory from /proc (Linux only).');
}

let dir = '';
let cli = '';
let markingBrowser = '';
let tenant: SimulatedTenant;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pim-cli-listener-'));
  await buildCli(dir, { logLevel: 'error' });
  cli = path.join(dir, 'pim-stepup.js');
  // A browser that is opened and never signs in: it only notes the URL it was given.
  markingBrowser = path.join(dir, 'browser.mjs');
  writeFileSync(markingBrowser, '(await import("node:fs")).writeFileSync(process.env.BROWSER_MARK, process.argv[2]);\n');
  tenant = await startTestTenant({ unattended: null });
});
afterAll(async () => {
  await tenant.close();
});

/** Peak resident memory of a live process, from /proc/<pid>/status (VmHWM, in kB). */
function peakRss(pid: number): number {
  const line = readFileSync(`/proc/${String(pid)}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 'NaN') * 1024;
}

describe.runIf(onLinux)('the CLI sign-in listener under a flood', () => {
  it('stays under 250 MB while 300 MiB are posted to it, and the sign-in ends as a time-out', { timeout: 120_000 }, async () => {
    const mark = path.join(dir, 'opened-url');
    const child = spawn(process.execPath, [cli, 'roles', '--json', '--sign-in-timeout', '10', ...configuredArgs(tenant)], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: mkdtempSync(path.join(os.tmpdir(), 'home-')),
        NODE_EXTRA_CA_CERTS: tenant.caCertPath,
        // The simulated tenant fronts Microsoft Graph on purpose: its tokens are for Graph's audience.
        PIM_STEPUP_GRAPH_AUDIENCE: 'https://graph.microsoft.com',
        BROWSER: `${process.execPath} ${markingBrowser}`,
        BROWSER_MARK: mark,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await expect.poll(() => existsSync(mark) && readFileSync(mark, 'utf8') !== '', { timeout: 30_000, interval: 100 }).toBe(true);
    const port = loopbackTarget(readFileSync(mark, 'utf8'))?.port ?? 0;
    expect(port).toBeGreaterThan(0);
    const pid = child.pid ?? 0;

    const declared = await floodPost(port, FLOOD_BYTES, false);
    const chunked = await floodPost(port, FLOOD_BYTES, true);
    const peak = peakRss(pid);
    console.log(
      `CLI peak RSS after two 300 MiB posts to its sign-in listener: ${(peak / 1_000_000).toFixed(0)} MB; ` +
        `answers ${String(declared.status)} and ${String(chunked.status)} after ${String(declared.sent)} and ${String(chunked.sent)} bytes sent`,
    );
    expect(peak).toBeLessThan(RSS_BAR_BYTES);

    const code = await exited;
    expect(code, stderr).toBe(1);
    const document = JSON.parse(stdout) as { ok: boolean; error: { code: string; message: string } | null };
    expect(document.ok).toBe(false);
    expect(document.error?.code).toBe('auth/timed-out');
    expect(document.error?.message).toMatch(/did not finish within 10 seconds/);
  });
});
