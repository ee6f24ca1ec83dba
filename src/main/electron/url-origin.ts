/**
 * Origin comparison that also works for the app's own `app:` scheme.
 *
 * WHATWG `URL.origin` is the string "null" for schemes Node does not know as special (such as
 * `app:`), which would make every `app://…` URL look alike. Navigation and permission checks
 * therefore compare `protocol//host` themselves, with a real URL parser, never `startsWith`.
 */

/** `scheme://host[:port]` of a URL, or null when the text is not an absolute URL. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== 'null') {
    return parsed.origin;
  }
  // Opaque URLs (javascript:, data:, about:blank) have no host; they never match an origin.
  if (parsed.host === '') {
    return null;
  }
  // Host names are case-insensitive; Chromium lower-cases them for standard schemes, Node does not.
  return `${parsed.protocol}//${parsed.host.toLowerCase()}`;
}

/** True for `http://localhost:<port>` / `http://127.0.0.1:<port>` on exactly `port`: MSAL's loopback listener. */
export function isLoopbackHttpUrl(url: string, port: number): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'http:' &&
    (parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1') &&
    parsed.port === String(port) &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
