/**
 * A tiny HTTP CONNECT proxy for tests: tunnels TCP to the requested host and port and records
 * each CONNECT target, so a test can show that HTTPS went through it (or around it). It never
 * sees inside the tunnel, as a real corporate proxy without TLS inspection would not.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type ConnectProxy = {
  /** `http://127.0.0.1:<port>`, for HTTPS_PROXY. */
  readonly url: string;
  /** `host:port` of every CONNECT received, in order. */
  readonly connects: readonly string[];
  close(): Promise<void>;
};

export async function startConnectProxy(): Promise<ConnectProxy> {
  const connects: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_request, response) => {
    // Only tunnels: plain-HTTP forwarding is not what HTTPS clients ask a proxy for.
    response.writeHead(405).end();
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? '';
    connects.push(target);
    const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(target);
    if (match === null) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(match[2]), (match[1] ?? '').replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => {
          resolve();
        });
      }),
  };
}
