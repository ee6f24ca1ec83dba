/**
 * A FetchLike on undici, the maintained HTTP client behind Node's own fetch, for every process
 * that is not Electron (the CLI, the demo in the app, tests and benchmarks):
 *
 * - the proxy comes from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (undici's `EnvHttpProxyAgent`:
 *   HTTPS goes through a CONNECT tunnel, so the proxy never sees tokens);
 * - extra CA certificates given at runtime are trusted next to Node's roots and
 *   `NODE_EXTRA_CA_CERTS` (the simulated tenant creates its CA after the process started); that
 *   trust is built once as one TLS secure context, not per connection (parsing the
 *   ~150 roots costs tens of milliseconds of CPU, and a catalog read opens a dozen connections);
 * - connect, header and body timeouts, so a silent network ends in an error instead of a hang;
 * - redirects are followed (a bounded number) by undici's redirect interceptor, which drops the
 *   Authorization header when a redirect leaves the origin;
 * - bodies stream: the Response is handed over as soon as its headers arrive.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { Dispatcher } from 'undici';
import { EnvHttpProxyAgent, interceptors } from 'undici';
import type { FetchLike } from './fetch-like';

export type UndiciFetchOptions = {
  /** PEM certificates to trust in addition to the system's. */
  readonly extraCaPem?: readonly string[];
  /** Where the proxy variables are read (default: `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly connectTimeoutMs?: number;
  /** Time allowed for the response headers, and then between two chunks of the body. */
  readonly responseTimeoutMs?: number;
  readonly maxRedirections?: number;
  /**
   * Also reach loopback hosts directly, whatever NO_PROXY says: for the in-process demo tenant,
   * which a corporate proxy cannot reach.
   */
  readonly loopbackDirect?: boolean;
};

/** The client and its connection pools; `close()` ends kept-alive connections. */
export type UndiciFetch = FetchLike & { close(): Promise<void> };

function systemExtraCerts(env: Readonly<Record<string, string | undefined>>): string[] {
  const path = env.NODE_EXTRA_CA_CERTS;
  if (path === undefined || path === '') {
    return [];
  }
  try {
    return [readFileSync(path, 'utf8')];
  } catch {
    return [];
  }
}

/** The first non-empty value among the spellings of a proxy variable (lower case wins, as curl does). */
function envValue(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

async function bodyBytes(body: RequestInit['body']): Promise<Buffer | undefined> {
  if (body === undefined || body === null) {
    return undefined;
  }
  if (typeof body === 'string') {
    return Buffer.from(body, 'utf8');
  }
  if (body instanceof URLSearchParams) {
    return Buffer.from(body.toString(), 'utf8');
  }
  if (body instanceof ArrayBuffer) {
    return Buffer.from(body);
  }
  if (ArrayBuffer.isView(body)) {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
  // Blobs, streams and form data: let the platform serialise them.
  return Buffer.from(await new Response(body).arrayBuffer());
}

function responseHeaders(raw: Dispatcher.ResponseData['headers']): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(raw)) {
    if (Array.isArray(value)) {
      for (const v of value) {
        headers.append(key, v);
      }
    } else if (value !== undefined) {
      headers.set(key, value);
    }
  }
  return headers;
}

let lastTrust: { readonly pem: string; readonly context: SecureContext } | null = null;

/** The secure context trusting `ca`; the last one is kept, since a process builds its clients with the same trust. */
function trustContext(ca: readonly string[]): SecureContext {
  const pem = ca.join('\n');
  if (lastTrust?.pem !== pem) {
    lastTrust = { pem, context: createSecureContext({ ca: [...ca] }) };
  }
  return lastTrust.context;
}

export function createUndiciFetch(options: UndiciFetchOptions = {}): UndiciFetch {
  const env = options.env ?? process.env;
  const extra = options.extraCaPem ?? [];
  const ca = extra.length > 0 ? [...rootCertificates, ...systemExtraCerts(env), ...extra] : undefined;
  // One secure context for every connection (tls.connect would otherwise build one per socket).
  const tls = ca === undefined ? {} : { secureContext: trustContext(ca) };
  const responseTimeout = options.responseTimeoutMs ?? 60_000;
  const httpsProxy = envValue(env, 'HTTPS_PROXY');
  const httpProxy = envValue(env, 'HTTP_PROXY');
  const agent = new EnvHttpProxyAgent({
    // Explicit values, so the injected environment decides and not whatever process.env holds.
    httpProxy: httpProxy ?? '',
    httpsProxy: httpsProxy ?? httpProxy ?? '',
    noProxy: [envValue(env, 'NO_PROXY') ?? '', options.loopbackDirect === true ? 'localhost,127.0.0.1,[::1]' : '']
      .filter((v) => v !== '')
      .join(','),
    connect: { ...tls, timeout: options.connectTimeoutMs ?? 15_000 },
    // Through a proxy, the TLS session to the target runs inside the tunnel: it needs the same trust.
    requestTls: tls,
    headersTimeout: responseTimeout,
    bodyTimeout: responseTimeout,
  });
  const dispatcher = agent.compose(interceptors.redirect({ maxRedirections: options.maxRedirections ?? 5 }));

  const send: FetchLike = async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request !== undefined ? request.url : typeof input === 'string' ? input : (input as URL).href);
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = new Headers(request?.headers);
    new Headers(init?.headers).forEach((value, key) => {
      headers.set(key, value);
    });
    const payload = await bodyBytes(
      init?.body ?? (request !== undefined && request.body !== null ? await request.arrayBuffer() : undefined),
    );
    const outgoing: Record<string, string> = {};
    headers.forEach((value, key) => {
      outgoing[key] = value;
    });
    const signal = init?.signal ?? request?.signal ?? undefined;
    let answer: Dispatcher.ResponseData;
    try {
      answer = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: method,
        headers: outgoing,
        ...(payload === undefined ? {} : { body: payload }),
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (cause) {
      if (signal?.aborted === true) {
        throw new DOMException('The operation was aborted.', 'AbortError');
      }
      // As the platform's fetch does: a network failure is a TypeError with the reason as its cause.
      throw new TypeError(`fetch failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    const noBody = answer.statusCode === 204 || answer.statusCode === 304 || method === 'HEAD';
    if (noBody) {
      answer.body.resume();
    }
    const response = new Response(noBody ? null : (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>), {
      status: answer.statusCode,
      headers: responseHeaders(answer.headers),
    });
    Object.defineProperty(response, 'url', { value: url.toString() });
    return response;
  };
  return Object.assign(send, { close: () => agent.close() });
}
