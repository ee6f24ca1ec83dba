import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { abortLoopback, loopbackTarget } from '../../../../src/core/auth/loopback-abort';

const authorize = (redirect: string, state: string | null = 's1') =>
  `https://login.example/t/oauth2/v2.0/authorize?client_id=x&redirect_uri=${encodeURIComponent(redirect)}${state === null ? '' : `&state=${state}`}`;

describe('loopbackTarget', () => {
  it('takes only MSAL-style loopback redirect URIs with a state', () => {
    expect(loopbackTarget(authorize('http://localhost:4567'))).toEqual({ port: 4567, path: '/', state: 's1' });
    expect(loopbackTarget(authorize('http://127.0.0.1:8080/'))).toEqual({ port: 8080, path: '/', state: 's1' });
    for (const redirect of [
      'https://localhost:4567',
      'http://localhost',
      'http://evil.example:4567',
      'http://localhost.evil.example:4567',
      'http://user@localhost:4567',
      'http://localhost:4567/?x=1',
      'http://[::2]:4567',
      'not a url',
    ]) {
      expect(loopbackTarget(authorize(redirect)), redirect).toBeNull();
    }
    expect(loopbackTarget(authorize('http://localhost:4567', null))).toBeNull();
    expect(loopbackTarget('::')).toBeNull();
  });
});

describe('abortLoopback', () => {
  it('posts access_denied with the state to 127.0.0.1 over plain http, and never rejects', async () => {
    const received: { method: string; type: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ method: req.method ?? '', type: req.headers['content-type'] ?? '', body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      expect(await abortLoopback(authorize(`http://localhost:${String(port)}`), 'Cancelled.')).toBe(true);
      expect(received).toHaveLength(1);
      expect(received[0]?.method).toBe('POST');
      expect(received[0]?.type).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(new URLSearchParams(received[0]?.body))).toEqual({
        error: 'access_denied',
        error_description: 'Cancelled.',
        state: 's1',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // Nothing listening any more: false, no throw.
    expect(await abortLoopback(authorize(`http://localhost:${String(port)}`), 'Cancelled.')).toBe(false);
    expect(await abortLoopback(authorize('https://evil.example:443'), 'x')).toBe(false);
  });
});
