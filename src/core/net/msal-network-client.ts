/**
 * Adapts a FetchLike to MSAL's `system.networkClient`, so sign-in uses the same trust and
 * proxy settings as Graph.
 *
 * Two things MSAL does not do for us:
 * - a transient failure of the sign-in service (429, 503, 504, a reset connection) is retried with the same policy
 *   and backoff as Graph reads (read-retry.ts), so one hiccup after the person signed in does not fail the run;
 * - the last `AADSTS` code the service answered is kept, because MSAL reports a refused discovery (an unknown tenant,
 *   AADSTS90002) only as `endpoints_resolution_error`, which would otherwise read as a network problem.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { FetchLike } from './fetch-like';
import type { ReadRetry } from './read-retry';
import { RETRYABLE_STATUS, readRetry, sleep as realSleep } from './read-retry';

export type MsalNetworkClient = INetworkModule & {
  /** The newest `AADSTS` error code the sign-in service answered with (e.g. `AADSTS90002`), or null. */
  lastServiceError(): string | null;
};

export type MsalNetworkOptions = {
  readonly retry?: ReadRetry;
  readonly sleep?: (ms: number) => Promise<void>;
};

/** `AADSTS90002` from an Entra error body (`error_codes` or the description). */
function serviceCodeOf(body: unknown): string | null {
  const b = body as { error_codes?: unknown; error_description?: unknown } | null;
  if (Array.isArray(b?.error_codes) && typeof b.error_codes[0] === 'number') {
    return `AADSTS${String(b.error_codes[0])}`;
  }
  const match = typeof b?.error_description === 'string' ? /AADSTS\d+/.exec(b.error_description) : null;
  return match?.[0] ?? null;
}

export function createMsalNetworkClient(fetch: FetchLike, options: MsalNetworkOptions = {}): MsalNetworkClient {
  const retry = options.retry ?? readRetry({ maxReadRetries: 3 });
  const sleep = options.sleep ?? realSleep;
  let lastError: string | null = null;
  const once = async <T>(
    url: string,
    method: 'GET' | 'POST',
    requestOptions?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> => {
    const controller = new AbortController();
    const timer =
      timeout !== undefined && timeout > 0
        ? setTimeout(() => {
            controller.abort();
          }, timeout)
        : undefined;
    try {
      const response = await fetch(url, {
        method,
        headers: requestOptions?.headers ?? {},
        ...(method === 'POST' ? { body: requestOptions?.body ?? '' } : {}),
        signal: controller.signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key.toLowerCase()] = value;
      });
      const text = await response.text();
      let body: unknown = {};
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          // MSAL reads error fields from the body; a non-JSON answer is an error with no fields.
          body = {
            error: 'invalid_response',
            error_description: `The sign-in service answered HTTP ${String(response.status)} with a non-JSON body.`,
          };
        }
      }
      if (response.status >= 400) {
        lastError = serviceCodeOf(body) ?? lastError;
      }
      return { headers, body: body as T, status: response.status };
    } finally {
      if (timer !== undefined) {
        clearTimeout(timer);
      }
    }
  };
  /** One request, retried on a transient answer or a dropped connection (never on a time-out MSAL asked for). */
  const send = async <T>(
    url: string,
    method: 'GET' | 'POST',
    requestOptions?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> => {
    for (let attempt = 0; ; attempt += 1) {
      let response: NetworkResponse<T>;
      try {
        response = await once<T>(url, method, requestOptions, timeout);
      } catch (cause) {
        const timedOut = cause instanceof Error && cause.name === 'AbortError';
        if (timedOut || attempt >= retry.maxRetries) {
          throw cause;
        }
        await sleep(retry.delay(attempt, undefined));
        continue;
      }
      if (!RETRYABLE_STATUS.has(response.status) || attempt >= retry.maxRetries) {
        return response;
      }
      const after = Number(response.headers['retry-after']);
      await sleep(retry.delay(attempt, Number.isFinite(after) && after >= 0 ? after : undefined));
    }
  };
  return {
    sendGetRequestAsync: (url, requestOptions, timeout) => send(url, 'GET', requestOptions, timeout),
    sendPostRequestAsync: (url, requestOptions) => send(url, 'POST', requestOptions),
    lastServiceError: () => lastError,
  };
}
