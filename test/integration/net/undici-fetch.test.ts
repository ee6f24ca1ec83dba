/**
 * The undici FetchLike against real local servers: redirects (and what a redirect may carry),
 * streamed bodies, timeouts, the proxy decision from the injected environment, and the extra CA it
 * is given (trusted on every connection, and nothing else with it).
 */
import { X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createUndiciFetch } from '../../../src/core/net/undici-fetch';
import { generateCa, generateLeaf } from '../../../src/simulated-tenant/tls/certificates';
import { startConnectProxy } from '../../support/connect-proxy';
import { WALL_CLOCK_BAR_MS } from '../../support/time-bar';

const servers: (http.Server | https.Server)[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((resolve) => {
          s.closeAllConnections();
          s.close(resolve);
        }),
    ),
  );
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

/** An HTTPS server on loopback whose certificate a fresh CA signed; answers each request with its socket's port. */
async function serveTls(): Promise<{ origin: string; caPem: string }> {
  const now = new Date();
  const ca = generateCa(now);
  const leaf = generateLeaf(now, ca.privateKey, new X509Certificate(ca.certPem));
  const server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (req, res) => {
    res.end(String(req.socket.remotePort));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `https://localhost:${String((server.address() as AddressInfo).port)}`, caPem: ca.certPem };
}

describe('undici FetchLike', () => {
  it('trusts the extra CA it is given on every connection, and refuses a server another CA signed', async () => {
    const server = await serveTls();
    const trusting = createUndiciFetch({ env: {}, extraCaPem: [server.caPem] });
    // Three requests at once: three connections, each verified against the same trust.
    const ports = await Promise.all([1, 2, 3].map(async () => (await trusting(`${server.origin}/`)).text()));
    expect(new Set(ports).size).toBe(3);
    const stranger = createUndiciFetch({ env: {}, extraCaPem: [generateCa(new Date()).certPem] });
    await expect(stranger(`${server.origin}/`)).rejects.toThrow(/fetch failed: .*certificate/);
    const systemOnly = createUndiciFetch({ env: {} });
    await expect(systemOnly(`${server.origin}/`)).rejects.toThrow(/fetch failed: .*certificate/);
    await Promise.all([trusting.close(), stranger.close(), systemOnly.close()]);
  });

  it('follows redirects, keeping Authorization on the same origin and dropping it across origins', async () => {
    const seen: { where: string; auth: string | undefined }[] = [];
    const other = await serve((req, res) => {
      seen.push({ where: `other${req.url ?? ''}`, auth: req.headers.authorization });
      res.end('elsewhere');
    });
    const origin = await serve((req, res) => {
      seen.push({ where: `origin${req.url ?? ''}`, auth: req.headers.authorization });
      if (req.url === '/start') {
        res.writeHead(302, { location: '/same' }).end();
      } else if (req.url === '/same') {
        res.writeHead(307, { location: `${other}/away` }).end();
      } else {
        res.end();
      }
    });
    const fetch = createUndiciFetch({ env: {} });
    const response = await fetch(`${origin}/start`, { headers: { authorization: 'Bearer secret' } });
    expect(await response.text()).toBe('elsewhere');
    expect(seen).toEqual([
      { where: 'origin/start', auth: 'Bearer secret' },
      { where: 'origin/same', auth: 'Bearer secret' },
      { where: 'other/away', auth: undefined },
    ]);
    await fetch.close();
  });

  it('hands the response over before the body ends, and times out a silent answer', async () => {
    let finish: (() => void) | undefined;
    const origin = await serve((req, res) => {
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first ');
        finish = () => res.end('last');
      }
      // '/silent' never answers.
    });
    const fetch = createUndiciFetch({ env: {}, responseTimeoutMs: 300 });
    const response = await fetch(`${origin}/stream`);
    expect(response.status).toBe(200);
    finish?.();
    expect(await response.text()).toBe('first last');
    const started = Date.now();
    await expect(fetch(`${origin}/silent`)).rejects.toThrow(/fetch failed/);
    // Without the 300 ms response timeout undici would wait its own 300 s.
    expect(Date.now() - started).toBeLessThan(WALL_CLOCK_BAR_MS);
    await fetch.close();
  });

  it('tunnels through HTTP_PROXY unless NO_PROXY names the host', async () => {
    const proxy = await startConnectProxy();
    const origin = await serve((_req, res) => res.end('direct'));
    try {
      const host = new URL(origin).host;
      const proxied = createUndiciFetch({ env: { HTTP_PROXY: proxy.url } });
      expect(await (await proxied(`${origin}/`)).text()).toBe('direct');
      expect(proxy.connects).toEqual([host]);
      const bypass = createUndiciFetch({ env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
      expect(await (await bypass(`${origin}/`)).text()).toBe('direct');
      expect(proxy.connects).toEqual([host]);
      await Promise.all([proxied.close(), bypass.close()]);
    } finally {
      await proxy.close();
    }
  });
});
