/**
 * Small HTTP helpers shared by the authority, Graph and control servers.
 *
 * Why handlers return a {@link Reply} instead of writing to the socket: the fault injector must be able to apply a
 * request and then drop or corrupt the answer, and `$batch` runs the same handlers in-process.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Reply = {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
};

/** A request as the handlers see it: body read, path decoded. */
export type InboundRequest = {
  readonly method: string;
  /** The full URL (origin is the server's own). */
  readonly url: URL;
  /** Percent-decoded path (`(on='principal')` whether the client sent `%27` or `'`). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  readonly cookies: Readonly<Record<string, string>>;
};

export const MAX_BODY_BYTES = 1_048_576;

/** A request body over {@link MAX_BODY_BYTES}: answered 413 and the connection closed (the rest is never read). */
export class BodyTooLargeError extends Error {
  constructor() {
    super(`The request body is larger than ${String(MAX_BODY_BYTES)} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      // Forms may post only to this tenant and to loopback redirect URIs (public clients' http://localhost:<port>).
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self' http://localhost:* http://127.0.0.1:*; base-uri 'none'; frame-ancestors 'none'",
      ...headers,
    },
    body,
  };
}

export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: '' };
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) {
      cookies[part.slice(0, index).trim()] = decodeURIComponent(part.slice(index + 1).trim());
    }
  }
  return cookies;
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Reads the whole body (bounded) and returns the request in handler form. */
export async function readInbound(req: IncomingMessage, origin: string): Promise<InboundRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new BodyTooLargeError();
    }
    chunks.push(buffer);
  }
  const url = new URL(req.url ?? '/', origin);
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    path: safeDecode(url.pathname),
    headers,
    body: Buffer.concat(chunks),
    cookies: parseCookies(headers.cookie),
  };
}

/**
 * `path` without its trailing slashes. Why a loop and not `/\/+$/`: a regular expression retries from every slash of
 * a path that does not end in one, so 15,000 slashes and a letter took a third of a second; this is linear.
 */
export function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) {
    end -= 1;
  }
  return path.slice(0, end);
}

/** Parses an `application/x-www-form-urlencoded` body. */
export function parseForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'));
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/**
 * Wraps an async request handler so that nothing it throws escapes: the client gets a 500 (or, when the answer was
 * already under way, a closed connection) and the process keeps serving. Why here: every surface (authority, Graph,
 * control) builds its listener with this, so one hostile request can never take the tenant, or the app hosting it, down.
 */
export function guardedListener(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(req, res).catch(() => {
      answerInternalError(res);
    });
  };
}

function answerInternalError(res: ServerResponse): void {
  try {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify({ error: { code: 'InternalServerError', message: 'The simulated tenant failed to handle this request.' } }));
  } catch {
    res.destroy();
  }
}
