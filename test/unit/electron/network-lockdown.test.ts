/**
 * The UI session's second lock after `connect-src 'none'`: every network request is cancelled.
 */
import { describe, expect, it } from 'vitest';
import { blockNetworkRequests, BLOCKED_URL_PATTERNS, ENGINE_NETWORK_PARTITION } from '../../../src/main/electron/network-lockdown';
import { SIGN_IN_PARTITION } from '../../../src/main/electron/auth-window';

/** Chromium's URL-pattern match for `scheme://*\/*`, enough to check which URLs the filter covers. */
function covered(url: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => url.startsWith(pattern.replace('*/*', '')));
}

describe('blockNetworkRequests', () => {
  it.each([
    ['https://graph.microsoft.com/v1.0/me', true],
    ['http://169.254.169.254/latest/meta-data', true],
    ['wss://evil.example/socket', true],
    ['ws://127.0.0.1:9222/devtools', true],
    ['ftp://files.example/x', true],
    ['app://pim-stepup/index.html', false],
  ])('%s: filtered = %s', (url, expected) => {
    expect(covered(url, BLOCKED_URL_PATTERNS)).toBe(expected);
  });

  it('cancels every request the filter sees, and reports it', () => {
    type Hook = { urls: string[]; listener: (d: { url: string }, cb: (r: { cancel?: boolean }) => void) => void };
    const installed: Hook[] = [];
    const reported: string[] = [];
    blockNetworkRequests(
      {
        webRequest: {
          onBeforeRequest: (filter, listener) => {
            installed.push({ urls: filter.urls, listener });
          },
        },
      },
      (url) => reported.push(url),
    );
    expect(installed).toHaveLength(1);
    const hook = installed[0]!;
    const responses: { cancel?: boolean }[] = [];
    expect(hook.urls).toEqual([...BLOCKED_URL_PATTERNS]);
    hook.listener({ url: 'https://evil.example/' }, (r) => responses.push(r));
    expect(responses).toEqual([{ cancel: true }]);
    expect(reported).toEqual(['https://evil.example/']);
  });

  it('the engine and sign-in traffic live in their own partitions, untouched by the lock', () => {
    expect(ENGINE_NETWORK_PARTITION).not.toBe(SIGN_IN_PARTITION);
    expect(ENGINE_NETWORK_PARTITION.startsWith('persist:')).toBe(false);
  });
});
