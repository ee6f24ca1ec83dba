/**
 * Ends MSAL's interactive flow from our side by answering its loopback listener with an OAuth error.
 *
 * Why a request of its own: the engine's fetch is Electron's network stack in the app, which (rightly) refuses
 * `http:`; the loopback redirect URI is plain `http://localhost:<port>`. So this posts with `node:http`, and only
 * ever to the loopback address: the target is never taken as given, it must be MSAL's own `http://localhost` or
 * `http://127.0.0.1` redirect URI, and the connection goes to 127.0.0.1 whatever the name says.
 */
import { request } from 'node:http';

/** How long to wait for MSAL's listener before giving up (it answers at once when it is there). */
const ABORT_TIMEOUT_MS = 3_000;

/** The loopback port of an authorize URL's `redirect_uri`, with its `state`; null when it is not a loopback one. */
export function loopbackTarget(authorizeUrl: string): { readonly port: number; readonly path: string; readonly state: string } | null {
  let redirect: URL;
  let state: string | null;
  try {
    const authorize = new URL(authorizeUrl);
    state = authorize.searchParams.get('state');
    redirect = new URL(authorize.searchParams.get('redirect_uri') ?? '');
  } catch {
    return null;
  }
  const port = Number(redirect.port);
  if (
    state === null ||
    redirect.protocol !== 'http:' ||
    (redirect.hostname !== 'localhost' && redirect.hostname !== '127.0.0.1') ||
    !Number.isInteger(port) ||
    port < 1 ||
    port > 65_535 ||
    redirect.search !== '' ||
    redirect.username !== '' ||
    redirect.password !== ''
  ) {
    return null;
  }
  return { port, path: redirect.pathname, state };
}

/**
 * Posts `error=access_denied` (with the flow's `state`) to MSAL's loopback listener, which makes MSAL end the flow
 * and close the listener. Resolves true when the listener answered, false when there was none or it did not answer.
 * Never rejects.
 */
export function abortLoopback(authorizeUrl: string, reason: string): Promise<boolean> {
  const target = loopbackTarget(authorizeUrl);
  if (target === null) {
    return Promise.resolve(false);
  }
  const body = new URLSearchParams({ error: 'access_denied', error_description: reason, state: target.state }).toString();
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.path,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
        timeout: ABORT_TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(true);
        });
        res.on('error', () => {
          resolve(true);
        });
      },
    );
    req.on('timeout', () => {
      req.destroy();
    });
    req.on('error', () => {
      resolve(false);
    });
    req.end(body);
  });
}
