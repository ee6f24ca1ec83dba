/**
 * Where the tests find Chromium and how they start it.
 *
 * Our machines have Debian's Chromium and no Playwright browser downloads; a workstation may
 * have either. `PW_CHROMIUM_PATH` overrides. The flags keep Chromium from flooding a closed
 * network with background requests.
 */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.PW_CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    return fromEnv;
  }
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = chromiumExecutable();
  return {
    ...(executablePath === undefined ? {} : { executablePath }),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  };
}

/**
 * For a Chromium that only plays the system browser at sign-ins (never the app under test): its tabs share one
 * renderer process. Every sign-in crosses from the tenant's https origin to the loopback's http origin and back, and
 * with a process per site each crossing starts a renderer (about 0.13 s of CPU per sign-in here); the pages'
 * behaviour is the same in one process.
 */
export function signInBrowserLaunchOptions(): LaunchOptions {
  const base = chromiumLaunchOptions();
  return {
    ...base,
    args: [
      ...(base.args ?? []),
      '--disable-site-isolation-trials',
      '--disable-features=IsolateOrigins,site-per-process',
      '--renderer-process-limit=1',
    ],
  };
}
