/**
 * docs/security.md, row 27: for real tenants the engine's HTTP goes through Electron's
 * net stack (OS proxy and certificate store), https only, without the UI session's cookies.
 */
import { describe, expect, it } from 'vitest';
import { createNetFetch } from '../../../src/main/electron/electron-net-fetch';

function recordingNet() {
  const calls: [string, RequestInit | undefined][] = [];
  return {
    calls,
    net: {
      fetch: (input: string, init?: RequestInit) => {
        calls.push([input, init]);
        return Promise.resolve(new Response('{}', { status: 200 }));
      },
    },
  };
}

describe('createNetFetch', () => {
  it('passes https requests to net.fetch with cookies omitted, keeping method, headers and body', async () => {
    const { net, calls } = recordingNet();
    const fetch = createNetFetch(net);
    const response = await fetch(new URL('https://graph.microsoft.com/v1.0/me'), {
      method: 'POST',
      headers: { a: 'b' },
      body: 'x',
      credentials: 'include',
    });
    expect(response.status).toBe(200);
    expect(calls).toEqual([
      ['https://graph.microsoft.com/v1.0/me', { method: 'POST', headers: { a: 'b' }, body: 'x', credentials: 'omit' }],
    ]);
  });

  it.each(['http://graph.microsoft.com/v1.0/me', 'file:///etc/passwd', 'app://pim-stepup/index.html', 'not a url'])(
    'refuses %s without calling net',
    async (url) => {
      const { net, calls } = recordingNet();
      await expect(createNetFetch(net)(url)).rejects.toThrow(TypeError);
      expect(calls).toEqual([]);
    },
  );
});
