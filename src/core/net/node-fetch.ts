/**
 * A FetchLike on node:https that trusts extra CA certificates given at runtime.
 *
 * The simulated tenant creates its CA when it starts, after the process has read
 * `NODE_EXTRA_CA_CERTS`, so the global fetch cannot be taught to trust it; this one can.
 * Without `extraCaPem` it uses Node's defaults, which already honour `NODE_EXTRA_CA_CERTS`.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { FetchLike } from './fetch-like';

function systemExtraCerts(): string[] {
  const path = process.env.NODE_EXTRA_CA_CERTS;
  if (path === undefined || path === '') {
    return [];
  }
  try {
    return [readFileSync(path, 'utf8')];
  } catch {
    return [];
  }
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

export function createNodeFetch(options: { readonly extraCaPem?: readonly string[] } = {}): FetchLike {
  const extra = options.extraCaPem ?? [];
  const ca = extra.length > 0 ? [...rootCertificates, ...systemExtraCerts(), ...extra] : undefined;
  const agent = new https.Agent({ keepAlive: true, ...(ca === undefined ? {} : { ca }) });
  // Writes get a fresh connection: a pooled socket the server has just closed would fail a POST
  // ambiguously ("socket hang up": sent or not?), and a write must not be left in doubt needlessly.
  const writeAgent = new https.Agent({ keepAlive: false, ...(ca === undefined ? {} : { ca }) });
  const httpAgent = new http.Agent({ keepAlive: true });

  return async (input, init) => {
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
    if (payload !== undefined && !headers.has('content-length')) {
      headers.set('content-length', String(payload.byteLength));
    }
    const signal = init?.signal ?? request?.signal ?? undefined;
    if (signal?.aborted === true) {
      throw new DOMException('The operation was aborted.', 'AbortError');
    }
    const transport = url.protocol === 'http:' ? http : https;
    const outgoing: Record<string, string> = {};
    headers.forEach((value, key) => {
      outgoing[key] = value;
    });

    return new Promise<Response>((resolve, reject) => {
      const chosen = url.protocol === 'http:' ? httpAgent : method === 'GET' || method === 'HEAD' ? agent : writeAgent;
      const req = transport.request(url, { method, headers: outgoing, agent: chosen }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) {
              for (const v of value) {
                responseHeaders.append(key, v);
              }
            } else if (value !== undefined) {
              responseHeaders.set(key, value);
            }
          }
          const status = res.statusCode ?? 500;
          const noBody = status === 204 || status === 304 || method === 'HEAD';
          const response = new Response(noBody ? null : Buffer.concat(chunks), {
            status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
          });
          Object.defineProperty(response, 'url', { value: url.toString() });
          resolve(response);
        });
      });
      const onAbort = (): void => {
        req.destroy(new DOMException('The operation was aborted.', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (cause) => {
        signal?.removeEventListener('abort', onAbort);
        reject(new TypeError(`fetch failed: ${cause.message}`, { cause }));
      });
      req.end(payload);
    });
  };
}
