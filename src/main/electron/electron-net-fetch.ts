/**
 * A `fetch` for the engine built on Electron's network stack (`session.fetch` of the engine's
 * own partition, same as `net.fetch`), used for real tenants.
 *
 * Node's fetch ignores the operating system's proxy settings and certificate store; Chromium's
 * network stack honours both, which is what a privileged access workstation behind a
 * TLS-inspecting proxy needs (docs/security.md, row 27). Certificate checks stay
 * Chromium's own: nothing here, or anywhere in the app, accepts a certificate error.
 */

import type { FetchLike } from '../../core/net/fetch-like';

/** The slice of Electron's `net` (or a `Session`, whose `fetch` is the same with its own cookie jar) used here. */
export type NetLike = { fetch(input: string | Request, init?: RequestInit): Promise<Response> };

/**
 * Wraps `net.fetch`: https only, and no browser cookies (the engine's requests carry their own
 * bearer tokens; the default session's cookies belong to the UI and must not ride along).
 */
export function createNetFetch(net: NetLike): FetchLike {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      return Promise.reject(new TypeError('Invalid URL'));
    }
    if (protocol !== 'https:') {
      return Promise.reject(new TypeError(`Refusing a ${protocol} request: the engine only talks https.`));
    }
    return net.fetch(input instanceof Request ? input : url, { ...init, credentials: 'omit' });
  };
}
