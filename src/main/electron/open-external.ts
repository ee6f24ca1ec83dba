/**
 * The one way the app hands a URL to the operating system.
 *
 * `shell.openExternal` with an attacker-chosen URL can run programs (`file:`, `ms-msdt:`,
 * `smb:` shares, custom protocol handlers), so every URL passes `checkExternalUrl` first:
 * https only, no credentials, one of the known pages (host, path and the query values that
 * matter), and at most 2081 characters (the
 * Windows shell's limit; longer URLs are truncated by some handlers). This module is the only
 * caller of `shell.openExternal`; a unit test scans the sources to keep it so.
 *
 * The allowlist is what the app opens and nothing more: the configured authority's authorize
 * page for our own client id (system-browser sign-in) and, where one is offered, the Microsoft
 * Entra admin center's My roles page for the "Open My roles" link (src/core/config/admin-center.ts: the worldwide cloud only,
 * never in the demo or kiosk mode). The renderer holds no external URL of its own
 * (open-external.test.ts checks its sources): that link's URL comes from main. No docs site or
 * redirector such as `aka.ms` is on the list.
 */
import type { AdminCenterInput } from '../../core/config/admin-center';
import { adminCenterMyRolesUrl, securityInfoUrl } from '../../core/config/admin-center';

export const MAX_EXTERNAL_URL_LENGTH = 2081;

export type ExternalUrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

/**
 * One kind of URL the app opens: its host (`URL.host`, so a port must match too), its path, and query parameters
 * that must hold exactly these values. A host alone is never enough: the configured authority also serves
 * authorize pages for every other application, so "any path on the authority" would open a consent-phishing page
 * for another client id as readily as our sign-in.
 */
export type ExternalTarget = {
  /** For refusal reasons, e.g. "the sign-in page". */
  readonly name: string;
  readonly host: string;
  /** The exact path, or a pattern the whole path must match. */
  readonly path: string | RegExp;
  /** Query parameters that must be present with exactly these values (others may be present). */
  readonly query?: Readonly<Record<string, string>>;
  /** The exact fragment (with its `#`), when the target has one. */
  readonly hash?: string;
};

/** Why `url` is not `target`, or null when it is. */
function targetMismatch(url: URL, target: ExternalTarget): string | null {
  if (url.host.toLowerCase() !== target.host.toLowerCase()) {
    return `host ${url.host.toLowerCase()} is not on the allowlist`;
  }
  const pathOk = typeof target.path === 'string' ? url.pathname === target.path : target.path.test(url.pathname);
  if (!pathOk) {
    return `path ${url.pathname.slice(0, 100)} is not ${target.name}`;
  }
  for (const [key, value] of Object.entries(target.query ?? {})) {
    const found = url.searchParams.getAll(key);
    if (found.length !== 1 || found[0] !== value) {
      return `${key} is not the one ${target.name} uses`;
    }
  }
  if (target.hash !== undefined && url.hash !== target.hash) {
    return `not ${target.name}`;
  }
  return null;
}

/** Decides whether a URL may be opened: https, no credentials, bounded, and one of `allowed` exactly. */
export function checkExternalUrl(candidate: unknown, allowed: readonly ExternalTarget[]): ExternalUrlCheck {
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
  const sameHost = allowed.filter((target) => target.host.toLowerCase() === url.host.toLowerCase());
  if (sameHost.length === 0) {
    return { ok: false, reason: `host ${url.host.toLowerCase()} is not on the allowlist` };
  }
  const mismatches = sameHost.map((target) => targetMismatch(url, target));
  if (mismatches.includes(null)) {
    return { ok: true, url: url.href };
  }
  return { ok: false, reason: mismatches[0] ?? 'not allowed' };
}

/** The slice of Electron's `shell` used here. */
export type ShellLike = { openExternal(url: string, options?: { activate?: boolean }): Promise<void> };

export type OpenExternalResult = { readonly opened: true } | { readonly opened: false; readonly reason: string };

export type OpenExternalSafe = (url: string) => Promise<OpenExternalResult>;

/** A single tenant segment (GUID, domain, or the names MSAL may use) then Entra's v2 authorize endpoint. */
const AUTHORIZE_PATH = /^\/[A-Za-z0-9.-]{1,253}\/oauth2\/v2\.0\/authorize$/;

/**
 * The sign-in page the system browser opens: the configured authority's authorize endpoint for our own client id.
 * (The tenant segment is whatever the authority's discovery document names, often the tenant's GUID even when a
 * domain was configured, so it is matched as one segment.) None without a client id: nothing signs in then.
 */
export function authorityTargets(authorityHost: string, clientId: string | null): ExternalTarget[] {
  if (clientId === null) {
    return [];
  }
  try {
    const host = new URL(authorityHost).host.toLowerCase();
    return [{ name: 'the sign-in page', host, path: AUTHORIZE_PATH, query: { client_id: clientId } }];
  } catch {
    return [];
  }
}

/**
 * Every URL the app opens for this configuration: our sign-in page, and when offered the admin center's My roles page
 * and My Security Info (where a method a step-up demands is registered).
 */
export function appExternalTargets(config: AdminCenterInput & { readonly clientId: string | null }): ExternalTarget[] {
  const myRoles = adminCenterMyRolesUrl(config);
  const adminCenter =
    myRoles === null
      ? []
      : [{ name: 'the My roles page', host: new URL(myRoles).host, path: new URL(myRoles).pathname, hash: new URL(myRoles).hash }];
  const security = securityInfoUrl(config);
  const securityInfo =
    security === null ? [] : [{ name: 'My Security Info', host: new URL(security).host, path: new URL(security).pathname }];
  return [...authorityTargets(config.authorityHost, config.clientId), ...adminCenter, ...securityInfo];
}

/** Builds `openExternalSafe` over exactly `allowed` (see {@link appExternalTargets}). */
export function createOpenExternalSafe(
  shell: ShellLike,
  options: { readonly allowed: readonly ExternalTarget[]; readonly onRefused?: (reason: string) => void },
): OpenExternalSafe {
  const allowed = [...options.allowed];
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
