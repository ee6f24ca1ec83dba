/**
 * Adapts a FetchLike to MSAL's `system.networkClient`, so sign-in uses the same trust and
 * proxy settings as Graph.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { FetchLike } from './fetch-like';

export function createMsalNetworkClient(fetch: FetchLike): INetworkModule {
  const send = async <T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
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
        headers: options?.headers ?? {},
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
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
      return { headers, body: body as T, status: response.status };
    } finally {
      if (timer !== undefined) {
        clearTimeout(timer);
      }
    }
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send(url, 'GET', options, timeout),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}
