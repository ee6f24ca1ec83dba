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
