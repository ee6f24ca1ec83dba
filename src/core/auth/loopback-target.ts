/**
 * The loopback redirect of an authorize URL: which port (and `state`) a sign-in's answer goes to. The sign-in window
 * allows navigation to exactly that port; only `http://localhost` or `http://127.0.0.1` redirect URIs qualify.
 */

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
