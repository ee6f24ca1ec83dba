/**
 * The shared guard every tenant surface is built with: whatever a handler throws, and wherever,
 * the client gets a 500 (or a closed connection once the answer was under way) and the server
 * keeps answering. No unhandled rejection reaches the process (vitest would report it).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { guardedListener } from '../../../src/simulated-tenant/http/http-kit';

let server: Server | null = null;
afterEach(async () => {
  const running = server;
  server = null;
  if (running !== null) {
    await new Promise((resolve) => {
      running.close(resolve);
    });
  }
});

function get(port: number, path: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', (error: NodeJS.ErrnoException) => {
        resolve({ error: error.code ?? error.message });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ error: error.code ?? error.message });
    });
    req.end();
  });
}

describe('guardedListener', () => {
  it('answers 500 for a throw before, and closes the connection for a throw after, the answer started; then keeps serving', async () => {
    server = createServer(
      guardedListener(async (req, res) => {
        await Promise.resolve();
        if (req.url === '/throw') {
          throw new Error('boom');
        }
        if (req.url === '/bad-header') {
          // What a raw CR LF in a Location header does: Node throws ERR_INVALID_CHAR.
          res.writeHead(302, { location: 'http://localhost/\r\nSet-Cookie: x=1' }).end();
          return;
        }
        if (req.url === '/late-throw') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('partial');
          throw new Error('after the head');
        }
        res.end('ok');
      }),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const thrown = await get(port, '/throw');
    expect(thrown).toMatchObject({ status: 500 });
    expect(JSON.stringify(thrown)).not.toContain('boom');
    expect(await get(port, '/bad-header')).toMatchObject({ status: 500 });
    const late = await get(port, '/late-throw');
    expect('error' in late || (late.status === 200 && late.body === 'partial')).toBe(true);
    expect(await get(port, '/fine')).toEqual({ status: 200, body: 'ok' });
  });
});
