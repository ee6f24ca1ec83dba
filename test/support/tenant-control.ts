/**
 * Plain-HTTP calls to a simulated tenant's control API, sending its per-run token and JSON content type the way a
 * script would. Every header can be overridden, so the hostile-input suites can send what a web page or another
 * local process might send instead.
 */
import { request as httpRequest } from 'node:http';
import type { SimulatedTenant } from '../../src/simulated-tenant';

export type ControlReply = { readonly status: number; readonly text: string; readonly body: Record<string, unknown> };

export type ControlCall = {
  readonly method: string;
  readonly path: string;
  /** JSON-encoded unless it is already a string or Buffer (sent as is). */
  readonly body?: unknown;
  /** Headers to add or replace; `null` removes one of the defaults (authorization, content-type). */
  readonly headers?: Readonly<Record<string, string | null>>;
};

function parsed(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function controlCall(tenant: SimulatedTenant, call: ControlCall): Promise<ControlReply> {
  if (tenant.controlUrl === null || tenant.controlToken === null) {
    throw new Error('This tenant was started without its control API (pass controlApi: true).');
  }
  const url = new URL(call.path, tenant.controlUrl);
  const payload =
    call.body === undefined
      ? undefined
      : typeof call.body === 'string' || Buffer.isBuffer(call.body)
        ? call.body
        : JSON.stringify(call.body);
  const merged: Record<string, string | null> = {
    authorization: `Bearer ${tenant.controlToken}`,
    'content-type': 'application/json',
    ...call.headers,
  };
  const headers = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== null));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: call.method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, text, body: parsed(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The control API as a script uses it: token and JSON content type sent. */
export function control(tenant: SimulatedTenant, method: string, path: string, body?: unknown, host?: string): Promise<ControlReply> {
  return controlCall(tenant, { method, path, body, ...(host === undefined ? {} : { headers: { host } }) });
}
