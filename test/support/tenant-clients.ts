/**
 * Real clients wired to a simulated tenant: MSAL's `system.networkClient` and a Graph SDK middleware that both trust
 * exactly the tenant's CA over node:https.
 *
 * Why not NODE_EXTRA_CA_CERTS: Node reads it only at process start, and test workers share a process.
 */
import { request as httpsRequest } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { AuthenticationHandler, Client, RetryHandler, RetryHandlerOptions, TelemetryHandler } from '@microsoft/microsoft-graph-client';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

type RawResponse = { status: number; statusText: string; headers: Record<string, string>; body: Buffer };

/** One HTTPS request trusting only `ca`. */
export function httpsCall(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string | Buffer; ca: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpsRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: init.method,
        headers: init.headers,
        ca: init.ca,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) {
              headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
            }
          }
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) {
      req.write(init.body);
    }
    req.end();
  });
}

/** MSAL network client trusting the tenant CA (msal-node 7 `system.networkClient`). */
export function msalNetworkClient(ca: string): INetworkModule {
  const send = async <T>(url: string, method: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const response = await httpsCall(url, {
      method,
      headers: options?.headers ?? {},
      ...(options?.body === undefined ? {} : { body: options.body }),
      ca,
    });
    const text = response.body.toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? {} : (JSON.parse(text) as unknown);
    } catch {
      body = {};
    }
    return { headers: response.headers, body: body as T, status: response.status };
  };
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(url, 'GET', options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(url, 'POST', options),
  };
}

/** The Graph SDK's last middleware, replaced: sends over node:https trusting the tenant CA. */
export class HttpsMessageHandler implements Middleware {
  constructor(private readonly ca: string) {}

  async execute(context: Context): Promise<void> {
    let url: string;
    let method = context.options?.method ?? 'GET';
    const headers = new Headers(context.options?.headers);
    let body: Buffer | undefined;
    if (typeof context.request === 'string') {
      url = context.request;
    } else {
      url = context.request.url;
      method = context.request.method;
      context.request.headers.forEach((value, name) => {
        headers.set(name, value);
      });
      const buffer = await context.request.arrayBuffer();
      body = buffer.byteLength > 0 ? Buffer.from(buffer) : undefined;
    }
    const optionBody = context.options?.body;
    if (body === undefined && optionBody !== undefined && optionBody !== null) {
      body = typeof optionBody === 'string' ? Buffer.from(optionBody) : Buffer.from(await new Response(optionBody).arrayBuffer());
    }
    const plain: Record<string, string> = {};
    headers.forEach((value, name) => {
      plain[name] = value;
    });
    if (body !== undefined) {
      plain['content-length'] = String(body.length);
    }
    const response = await httpsCall(url, { method, headers: plain, ca: this.ca, ...(body === undefined ? {} : { body }) });
    const nullBody = [101, 204, 205, 304].includes(response.status);
    context.response = new Response(nullBody ? null : new Uint8Array(response.body), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
}

/** A real Graph client (3.0.7) pointed at the simulated tenant, with the default middleware order and our transport. */
export function graphClientFor(
  graphBaseUrl: string,
  ca: string,
  getAccessToken: () => Promise<string>,
  retry: RetryHandlerOptions = new RetryHandlerOptions(0.1, 3),
): Client {
  const middleware: Middleware[] = [
    new AuthenticationHandler({ getAccessToken }),
    new RetryHandler(retry),
    new TelemetryHandler(),
    new HttpsMessageHandler(ca),
  ];
  return Client.initWithMiddleware({ middleware, baseUrl: graphBaseUrl, defaultVersion: 'v1.0', customHosts: new Set(['localhost']) });
}
