/**
 * The loopback listener that receives the authorization response of a browser sign-in (RFC 8252 §7.3), in place of
 * MSAL's own.
 *
 * Why our own: any local process can reach a loopback port. MSAL's listener reads a whole request body into one
 * string (a 300 MiB form grew the process to 750 MB, 600 MiB killed it) and answers any path. This one reads at most
 * {@link LISTENER_LIMITS} of request head and body (431 or 413 beyond, and the connection is closed), answers only
 * a form POST to the registered path, ignores an answer whose `state` is not exactly this sign-in's (so a process
 * that read another `state`, or guessed, cannot end the sign-in), takes one valid answer and then closes. Closing it
 * (cancel, time-out) ends the wait at once; nothing needs to be posted to it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const LISTENER_LIMITS = Object.freeze({
  /** Request line and headers together (Node answers 431 beyond). */
  headBytes: 8_192,
  /** An authorization code, `client_info`, `state` and an error description fit in a few KB. */
  bodyBytes: 16_384,
  /** Connections open at once; a browser uses one or two. */
  connections: 16,
  /** A request must arrive whole within this, so a stalled one cannot hold a connection. */
  requestTimeoutMs: 10_000,
});

/** The registered redirect URI's path: MSAL's `http://localhost:<port>` is `/`. */
const REDIRECT_PATH = '/';

/** The fields of an authorization response (RFC 6749 §4.1.2), either a code or an error. */
export type AuthorizationResponse =
  | { readonly kind: 'code'; readonly code: string; readonly clientInfo: string | null }
  | { readonly kind: 'error'; readonly error: string; readonly description: string; readonly subError: string };

export type SignInListener = {
  /** `http://localhost:<port>`, as MSAL registers public clients' redirect URIs. */
  readonly redirectUri: string;
  /** The first valid answer; rejects with {@link ListenerClosedError} when closed before one came. */
  readonly response: Promise<AuthorizationResponse>;
  /** Stops listening and drops every connection (idempotent). */
  close(): void;
};

export class ListenerClosedError extends Error {
  override readonly name = 'ListenerClosedError';
  constructor() {
    super('The sign-in listener was closed before the browser answered.');
  }
}

export type ListenerPages = { readonly success: string; readonly error: string };

/** The single value of `name`, or null when it is absent or repeated (a repeated parameter is never guessed at). */
function single(form: URLSearchParams, name: string): string | null {
  const values = form.getAll(name);
  return values.length === 1 ? (values[0] ?? null) : null;
}

/** The authorization response in `body` when it is one for `state`; null for anything else. */
export function parseAuthorizationResponse(body: string, state: string): AuthorizationResponse | null {
  const form = new URLSearchParams(body);
  if (single(form, 'state') !== state) {
    return null;
  }
  const code = single(form, 'code');
  const error = single(form, 'error');
  if (code !== null && code !== '' && error === null) {
    return { kind: 'code', code, clientInfo: single(form, 'client_info') };
  }
  if (error !== null && error !== '' && code === null) {
    return { kind: 'error', error, description: single(form, 'error_description') ?? '', subError: single(form, 'suberror') ?? '' };
  }
  return null;
}

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    return;
  }
  res.writeHead(status, {
    'content-type': text.startsWith('<!doctype') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Answers and closes the connection once the answer is out: the rest of what the client sends is never read. */
function refuseAndClose(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  req.pause();
  const drop = (): void => {
    req.socket.destroy();
  };
  res.once('finish', drop);
  // A client that sends without reading would keep the answer from finishing: the connection goes regardless.
  setTimeout(drop, 1_000).unref();
  answer(res, status, text, { connection: 'close', ...headers });
}

/** Reads the body up to the limit; null when it was larger (the request has been answered 413 and closed). */
function readBounded(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > LISTENER_LIMITS.bodyBytes) {
      refuseAndClose(req, res, 413, 'Request body too large.');
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > LISTENER_LIMITS.bodyBytes) {
        req.off('data', onData);
        refuseAndClose(req, res, 413, 'Request body too large.');
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      resolve(size > LISTENER_LIMITS.bodyBytes ? null : Buffer.concat(chunks).toString('utf8'));
    });
    req.once('error', () => {
      resolve(null);
    });
    // A client that goes away mid-body: nothing more will come (a no-op after 'end').
    req.once('close', () => {
      resolve(null);
    });
  });
}

/** A request head over the bound (or malformed): answered and dropped before any handler sees it. */
function refuseBadHead(error: NodeJS.ErrnoException, socket: Socket): void {
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  }
  socket.destroy();
}

/** The sign-in one request may answer: its `state`, its pages, and what to do with its one valid answer. */
type Exchange = {
  readonly state: string;
  readonly pages: ListenerPages;
  readonly closed: () => boolean;
  readonly accept: (answer: AuthorizationResponse, res: ServerResponse) => void;
};

/** One request to the listener: refused unless it is a form POST to the path with this sign-in's answer. */
async function handleRequest(req: IncomingMessage, res: ServerResponse, exchange: Exchange): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  if (path !== REDIRECT_PATH) {
    refuseAndClose(req, res, 404, 'Not found.');
    return;
  }
  if (req.method !== 'POST') {
    refuseAndClose(req, res, 405, 'The sign-in answer must be a form POST.', { allow: 'POST' });
    return;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    refuseAndClose(req, res, 415, 'Unsupported media type.');
    return;
  }
  const body = await readBounded(req, res);
  if (body === null) {
    return;
  }
  const parsed = exchange.closed() ? null : parseAuthorizationResponse(body, exchange.state);
  if (parsed === null) {
    // Not this sign-in's answer (another state, none, or no code or error): refused, and the sign-in keeps waiting.
    answer(res, 400, 'This is not the answer this sign-in is waiting for.');
    return;
  }
  exchange.accept(parsed, res);
  answer(res, 200, parsed.kind === 'code' ? exchange.pages.success : exchange.pages.error, { connection: 'close' });
}

/** Listens on 127.0.0.1 (any free port) for the authorization response carrying `state`. */
export async function startSignInListener(state: string, pages: ListenerPages): Promise<SignInListener> {
  let resolveResponse: (value: AuthorizationResponse) => void = () => undefined;
  let rejectResponse: (error: Error) => void = () => undefined;
  const response = new Promise<AuthorizationResponse>((resolve, reject) => {
    resolveResponse = resolve;
    rejectResponse = reject;
  });
  // Callers that close without awaiting must not see an unhandled rejection.
  response.catch(() => undefined);
  const sockets = new Set<Socket>();
  let closed = false;
  const close = (): void => {
    if (closed) {
      return;
    }
    closed = true;
    rejectResponse(new ListenerClosedError());
    server.close();
    for (const socket of sockets) {
      socket.destroy();
    }
  };
  const exchange: Exchange = {
    state,
    pages,
    closed: () => closed,
    accept: (parsed, res) => {
      // One valid answer: the listener closes once it is sent (or the browser went away).
      res.once('close', close);
      resolveResponse(parsed);
    },
  };

  const server = createServer(
    { maxHeaderSize: LISTENER_LIMITS.headBytes, requestTimeout: LISTENER_LIMITS.requestTimeoutMs },
    (req, res) => {
      void handleRequest(req, res, exchange);
    },
  );
  server.maxConnections = LISTENER_LIMITS.connections;
  server.headersTimeout = LISTENER_LIMITS.requestTimeoutMs;
  server.on('connection', (socket: Socket) => {
    // A connection that stays silent is dropped too, so idle ones cannot fill the connection bound for long.
    socket.setTimeout(LISTENER_LIMITS.requestTimeoutMs, () => socket.destroy());
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', refuseBadHead);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return { redirectUri: `http://localhost:${String(port)}`, response, close };
}
