/**
 * Serves the built renderer from `app://pim-stepup/…` instead of `file://`.
 *
 * `file://` pages get extra privileges (docs/security.md, row 10), so the UI comes from a
 * privileged standard+secure custom scheme whose handler serves files under `dist/renderer`
 * only. Every response carries the production CSP as a header, so it holds even if the HTML's
 * meta tag is lost. Traversal (`..`, `%2e%2e`, backslashes, absolute paths, symlinks that
 * escape the root) is refused with 403 or 404 before any file is opened.
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'pim-stepup';
/** The app's own origin: the only one the IPC router and navigation guard trust. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The production Content-Security-Policy: nothing inline, no eval, and `connect-src 'none'`
 * because the renderer never talks to the network; everything goes through IPC to main.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Registration for `protocol.registerSchemesAsPrivileged`, which must run before `ready`.
 * `standard` gives real origins and relative URL resolution; `secure` makes it a secure
 * context. Nothing else: no CSP bypass, no service workers, no fetch from other origins.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: false,
    corsEnabled: false,
    bypassCSP: false,
    allowServiceWorkers: false,
    stream: false,
  },
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export type AppProtocolOptions = {
  /** Absolute path of `dist/renderer`. */
  readonly root: string;
};

/** Why a request was refused; the status is what the renderer sees, the reason is for tests and logs. */
export type ResolvedAppPath =
  { readonly ok: true; readonly file: string } | { readonly ok: false; readonly status: 400 | 403 | 404 | 405; readonly reason: string };

// eslint-disable-next-line no-control-regex
const CONTROL_OR_NUL = /[\u0000-\u001f\u007f]/;

/**
 * Maps a request URL to a file under the root, or says why not. Pure path logic: the
 * symlink check happens in `serveAppRequest`, where the file system is consulted.
 */
export function resolveAppPath(requestUrl: string, root: string): ResolvedAppPath {
  // Look at the raw text first: URL parsing would silently normalise `..` and `%2e%2e` away,
  // and a request that tried to climb out is hostile whatever it would normalise to.
  const rawPath = requestUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split(/[?#]/)[0] ?? '';
  let decodedRaw: string;
  try {
    decodedRaw = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (/(^|[/\\])\.\.([/\\]|$)/.test(decodedRaw) || /%2e/i.test(decodedRaw)) {
    return { ok: false, status: 403, reason: 'path traversal' };
  }
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { ok: false, status: 404, reason: 'not the app origin' };
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (CONTROL_OR_NUL.test(pathname) || pathname.includes('\\')) {
    return { ok: false, status: 403, reason: 'control character or backslash' };
  }
  // `//etc/passwd`, `/C:/Windows/…`: absolute paths smuggled in after the leading slash.
  const relative = pathname.replace(/^\//, '');
  if (relative.startsWith('/') || isAbsolute(relative) || /^[a-z]:/i.test(relative)) {
    return { ok: false, status: 403, reason: 'absolute path' };
  }
  const wanted = relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative;
  const file = resolve(root, wanted);
  if (!isInside(root, file)) {
    return { ok: false, status: 403, reason: 'outside the root' };
  }
  return { ok: true, file };
}

function isInside(root: string, candidate: string): boolean {
  const base = resolve(root);
  return candidate === base || candidate.startsWith(base.endsWith(sep) ? base : base + sep);
}

function refuse(status: number, reason: string): Response {
  return new Response(`${String(status)} ${reason}`, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * Answers one `app://` request. Takes a fetch `Request`, returns a fetch `Response`, exactly
 * what `protocol.handle` passes and expects, so tests call it directly under Node.
 */
export async function serveAppRequest(request: Pick<Request, 'url' | 'method'>, options: AppProtocolOptions): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return refuse(405, 'method not allowed');
  }
  const resolved = resolveAppPath(request.url, options.root);
  if (!resolved.ok) {
    return refuse(resolved.status, resolved.reason);
  }
  let realFile: string;
  let realRoot: string;
  try {
    [realFile, realRoot] = await Promise.all([realpath(resolved.file), realpath(options.root)]);
  } catch {
    return refuse(404, 'not found');
  }
  // A symlink inside dist/renderer must not lead outside it.
  if (!isInside(realRoot, realFile)) {
    return refuse(403, 'outside the root');
  }
  try {
    const info = await stat(realFile);
    if (!info.isFile()) {
      return refuse(404, 'not found');
    }
    const body = request.method === 'HEAD' ? null : await readFile(realFile);
    const contentType = CONTENT_TYPES[extname(realFile).toLowerCase()] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentType } });
  } catch {
    return refuse(404, 'not found');
  }
}

/** The slice of Electron's `protocol` (per session) the shell uses. */
export type ProtocolLike = {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
};

/** Installs the handler on a session's protocol object (`session.protocol`). */
export function registerAppProtocol(protocol: ProtocolLike, options: AppProtocolOptions): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, options));
}
