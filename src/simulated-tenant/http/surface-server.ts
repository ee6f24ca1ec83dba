/**
 * Runs one surface (authority, Graph or ARM) as an HTTPS server on 127.0.0.1: reads the request, applies injected faults,
 * calls the router, writes the reply and records the journal entry.
 */
import { createServer, type Server } from 'node:https';
import { STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { FaultSpec, JournalEntry } from '../api-types';
import type { FaultInjector, Journal } from '../control/journal-and-faults';
import { sanitizeQuery } from '../control/journal-and-faults';
import { guardedListener, readInbound, type InboundRequest, type Reply } from './http-kit';

/** What the router tells the journal beyond the reply. */
export type RoutedReply = { readonly reply: Reply; readonly principalId?: string | null; readonly action?: string | null };

export type SurfaceOptions = {
  readonly surface: 'authority' | 'graph' | 'arm';
  readonly tls: { readonly cert: string; readonly key: string };
  readonly port: number;
  readonly journal: Journal;
  readonly faults: FaultInjector;
  readonly now: () => Date;
  readonly route: (request: InboundRequest) => Promise<RoutedReply>;
  /** The reply for a status fault (429/503/504) in this surface's error format. */
  readonly faultReply: (fault: FaultSpec, request: InboundRequest) => Reply;
  /** Origin used to build absolute URLs (set once the port is known). */
  readonly origin: () => string;
  /**
   * This surface's answer to a request line and headers over Node's 16 KB limit (e.g. Entra's AADSTS90015 page for an
   * over-long authorize URL); without it the answer is a bare 431.
   */
  readonly headTooLarge?: () => Reply;
};

/** Answers a request Node refused before routing (head over the limit, or malformed), then drops the connection. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, headTooLarge: (() => Reply) | undefined): void {
  const reply: Reply =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? (headTooLarge?.() ?? { status: 431, headers: {}, body: '' })
      : { status: 400, headers: {}, body: '' };
  if (socket.writable) {
    const head = Object.entries({ ...reply.headers, connection: 'close', 'content-length': String(Buffer.byteLength(reply.body)) })
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n');
    socket.end(`HTTP/1.1 ${String(reply.status)} ${STATUS_CODES[reply.status] ?? ''}\r\n${head}\r\n\r\n${reply.body}`);
  }
  socket.destroy();
}

export async function startSurface(options: SurfaceOptions): Promise<{ server: Server; port: number }> {
  const server = createServer(
    { cert: options.tls.cert, key: options.tls.key },
    guardedListener(async (req, res) => {
      const started = Date.now();
      const arrived = options.now();
      let inbound: InboundRequest;
      try {
        inbound = await readInbound(req, options.origin());
      } catch {
        res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('Request body too large.');
        return;
      }
      const entry = (status: number, routed: RoutedReply | null, fault: FaultSpec | null): Omit<JournalEntry, 'seq'> => ({
        at: arrived.toISOString(),
        surface: options.surface,
        method: inbound.method,
        path: inbound.url.pathname,
        query: sanitizeQuery(inbound.url.searchParams),
        status,
        requestId: routed?.reply.headers['request-id'] ?? routed?.reply.headers['x-ms-request-id'] ?? null,
        clientRequestId:
          inbound.headers['client-request-id'] ??
          inbound.headers['x-ms-client-request-id'] ??
          inbound.url.searchParams.get('client-request-id') ??
          null,
        principalId: routed?.principalId ?? null,
        batchItemId: null,
        action: routed?.action ?? null,
        fault: fault?.kind ?? null,
        durationMs: Date.now() - started,
      });
      const fault = options.faults.take(options.surface, inbound.method, inbound.path);
      const statusFault = fault !== null && (fault.kind === 'throttle' || fault.kind === 'unavailable' || fault.kind === 'gateway-timeout');
      if (statusFault && fault.afterApply !== true) {
        const reply = options.faultReply(fault, inbound);
        res.writeHead(reply.status, { date: options.now().toUTCString(), ...reply.headers }).end(reply.body);
        options.journal.record(entry(reply.status, { reply }, fault));
        return;
      }
      if (fault?.kind === 'latency') {
        await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 1000));
      }
      let routed: RoutedReply;
      try {
        routed = await options.route(inbound);
      } catch (error) {
        const requestId = randomUUID();
        routed = {
          reply: {
            status: 500,
            headers: { 'content-type': 'application/json', 'request-id': requestId },
            body: JSON.stringify({
              error: { code: 'InternalServerError', message: error instanceof Error ? error.message : 'Unexpected error.' },
            }),
          },
        };
      }
      if (statusFault) {
        const reply = options.faultReply(fault, inbound);
        res.writeHead(reply.status, { date: options.now().toUTCString(), ...reply.headers }).end(reply.body);
        options.journal.record(entry(reply.status, { ...routed, reply }, fault));
        return;
      }
      if (fault?.kind === 'reset-after-apply') {
        options.journal.record(entry(0, routed, fault));
        res.socket?.destroy();
        return;
      }
      const body =
        fault?.kind === 'malformed-json'
          ? routed.reply.body.slice(0, Math.max(1, Math.floor(routed.reply.body.length / 2)))
          : routed.reply.body;
      // The Date header follows the tenant clock, so clients can measure skew against it.
      res.writeHead(routed.reply.status, { date: options.now().toUTCString(), ...routed.reply.headers }).end(body);
      options.journal.record(entry(routed.reply.status, routed, fault));
    }),
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    answerClientError(error, socket, options.headTooLarge);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** Closes a server and its idle and active connections. */
export async function closeServer(server: {
  close(callback: (error?: Error) => void): void;
  closeAllConnections?: () => void;
}): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections?.();
  });
}
