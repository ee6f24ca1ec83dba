/**
 * The one way the app hands a URL to the operating system.
 *
 * `shell.openExternal` with an attacker-chosen URL can run programs (`file:`, `ms-msdt:`,
 * `smb:` shares, custom protocol handlers), so every URL passes `checkExternalUrl` first:
 * https only, no credentials, a host on the allowlist, and at most 2081 characters (the
 * Windows shell's limit; longer URLs are truncated by some handlers). This module is the only
 * caller of `shell.openExternal`; a unit test scans the sources to keep it so.
 *
 * The allowlist is what the app opens and nothing more: the configured authority's sign-in
 * page (system-browser sign-in) and, where one is offered, the Microsoft Entra admin center's
 * host for the "Open My roles" link (src/core/config/admin-center.ts: the worldwide cloud only,
 * never in the demo or kiosk mode). The renderer holds no external URL of its own
 * (open-external.test.ts checks its sources): that link's URL comes from main. No docs site or
 * redirector such as `aka.ms` is on the list.
 */
import type { AdminCenterInput } from '../../core/config/admin-center';
import { adminCenterHosts } from '../../core/config/admin-center';

export const MAX_EXTERNAL_URL_LENGTH = 2081;

export type ExternalUrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

/**
 * Decides whether a URL may be opened. `allowedHosts` entries are compared with `URL.host`
 * (so a port must match too) in lower case; there is no suffix or wildcard matching.
 */
export function checkExternalUrl(candidate: unknown, allowedHosts: readonly string[]): ExternalUrlCheck {
  if (typeof candidate !== 'string' || candidate.length === 0) {
    return { ok: false, reason: 'not a URL' };
  }
  if (candidate.length > MAX_EXTERNAL_URL_LENGTH) {
    return { ok: false, reason: `longer than ${String(MAX_EXTERNAL_URL_LENGTH)} characters` };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f\\]/.test(candidate)) {
    return { ok: false, reason: 'whitespace, control character or backslash' };
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'https:') {
    return { ok: false, reason: `scheme ${url.protocol} is not allowed` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'credentials in the URL' };
  }
  const host = url.host.toLowerCase();
  if (!allowedHosts.some((allowed) => allowed.toLowerCase() === host)) {
    return { ok: false, reason: `host ${host} is not on the allowlist` };
  }
  return { ok: true, url: url.href };
}

/** The slice of Electron's `shell` used here. */
export type ShellLike = { openExternal(url: string, options?: { activate?: boolean }): Promise<void> };

export type OpenExternalResult = { readonly opened: true } | { readonly opened: false; readonly reason: string };

export type OpenExternalSafe = (url: string) => Promise<OpenExternalResult>;

/** The hosts the app opens for this configuration: the authority's (host and port, as in `URL.host`). */
export function externalHostsFor(authorityHost: string): string[] {
  try {
    return [new URL(authorityHost).host.toLowerCase()];
  } catch {
    return [];
  }
}

/** Every host the app opens for this configuration: the authority's, and the admin center's when its link is offered. */
export function appExternalHosts(config: AdminCenterInput): string[] {
  return [...externalHostsFor(config.authorityHost), ...adminCenterHosts(config)];
}

/** Builds `openExternalSafe` over exactly `allowedHosts` (see {@link externalHostsFor}). */
export function createOpenExternalSafe(
  shell: ShellLike,
  options: { readonly allowedHosts: readonly string[]; readonly onRefused?: (reason: string) => void },
): OpenExternalSafe {
  const allowed = [...options.allowedHosts];
  return async (url) => {
    const checked = checkExternalUrl(url, allowed);
    if (!checked.ok) {
      options.onRefused?.(checked.reason);
      return { opened: false, reason: checked.reason };
    }
    await shell.openExternal(checked.url, { activate: true }); // eng-disable OPEN_EXTERNAL_JS_CHECK: the single call site, after checkExternalUrl
    return { opened: true };
  };
}
