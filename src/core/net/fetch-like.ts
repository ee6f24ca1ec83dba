/**
 * The one HTTP seam of the engine: a WHATWG `fetch` signature.
 *
 * MSAL (through its `networkClient`) and the Graph client (as its final middleware) both use
 * the same FetchLike, so the process trusts the same certificates and proxy everywhere: undici
 * (src/core/net/undici-fetch.ts: env proxy, extra CAs, timeouts) under the CLI, the demo and
 * tests, Electron's `net.fetch` for real tenants in the desktop app.
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Wraps a FetchLike to count and optionally delay requests (benchmarks and tests). */
export function instrumentFetch(
  inner: FetchLike,
  options: { readonly latencyMs?: number } = {},
): { fetch: FetchLike; readonly count: () => number; reset(): void } {
  let requests = 0;
  const fetch: FetchLike = async (input, init) => {
    requests += 1;
    if (options.latencyMs !== undefined && options.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    }
    return inner(input, init);
  };
  return {
    fetch,
    count: () => requests,
    reset: () => {
      requests = 0;
    },
  };
}
