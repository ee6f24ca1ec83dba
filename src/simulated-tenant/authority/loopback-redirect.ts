/**
 * Public clients' redirect URIs: `http://localhost`, `http://127.0.0.1` or `http://[::1]`, any port. One rule for the
 * authorize request and the logout redirect.
 *
 * Why printable ASCII only: the URI is echoed into a `Location` header and into pages. The URL parser silently drops
 * tabs and line breaks and would percent-encode other characters, so a URI carrying them is refused rather than
 * rewritten into something the client did not register.
 */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const MAX_REDIRECT_URI_LENGTH = 2048;

/** The parsed loopback redirect URI, or null when `uri` is not one. Its `href` is safe for a header. */
export function loopbackRedirect(uri: string): URL | null {
  if (uri.length > MAX_REDIRECT_URI_LENGTH || !PRINTABLE_ASCII.test(uri)) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.username !== '' || url.password !== '') {
    return null;
  }
  return url;
}
