/**
 * Keeps the UI's session off the network.
 *
 * The renderer never needs the network: everything goes through IPC to main, and the CSP says
 * `connect-src 'none'`. This is the second lock (Signal's protocol filter does the same): the
 * app's default session cancels every http(s)/ws(s)/ftp request, whatever a page tries. The
 * engine's own traffic for real tenants uses a separate session partition, so it is not
 * affected; the sign-in window has its own partition too.
 */

/** Every network scheme Chromium would send from a page. `app:` is not among them. */
export const BLOCKED_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] as const;

/** The slice of `Session.webRequest` used here. */
export type WebRequestLike = {
  onBeforeRequest(
    filter: { urls: string[] },
    listener: (details: { readonly url: string }, callback: (response: { cancel?: boolean }) => void) => void,
  ): void;
};

/** Cancels every network request made from the given session. */
export function blockNetworkRequests(session: { readonly webRequest: WebRequestLike }, onBlocked?: (url: string) => void): void {
  session.webRequest.onBeforeRequest({ urls: [...BLOCKED_URL_PATTERNS] }, (details, callback) => {
    onBlocked?.(details.url);
    callback({ cancel: true });
  });
}

/** The session partition the engine's `net` requests use for real tenants (in memory: cookies never persist). */
export const ENGINE_NETWORK_PARTITION = 'pim-engine-network';
