/**
 * The MSAL network client: a transient failure of the sign-in service (429, 503, a dropped connection) is retried
 * with the read policy's backoff (waits injected, so nothing sleeps), a set-up refusal is not, and the last AADSTS code
 * the service answered is kept for naming the cause.
 */
import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../../src/core/net/fetch-like';
import { createMsalNetworkClient } from '../../../../src/core/net/msal-network-client';
import { readRetry } from '../../../../src/core/net/read-retry';

type Answer = { status: number; body: unknown; headers?: Record<string, string> } | 'reset';

function scripted(answers: Answer[]) {
  const calls: string[] = [];
  const fetch = ((url: string) => {
    calls.push(url);
    const answer = answers.shift();
    if (answer === undefined || answer === 'reset') {
      return Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    }
    return Promise.resolve(new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers ?? {} }));
  }) as unknown as FetchLike;
  return { fetch, calls };
}

const TOKEN = 'https://login.example/tenant/oauth2/v2.0/token';

describe('MSAL network client', () => {
  it('retries 503, 429 (honouring Retry-After) and a reset on the token endpoint, then returns the answer', async () => {
    const { fetch, calls } = scripted([
      { status: 503, body: { error: 'temporarily_unavailable' } },
      { status: 429, body: { error: 'throttled' }, headers: { 'retry-after': '3' } },
      'reset',
      { status: 200, body: { access_token: 'x' } },
    ]);
    const waits: number[] = [];
    const client = createMsalNetworkClient(fetch, {
      retry: readRetry({ maxReadRetries: 3, baseRetryDelayMs: 100 }),
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    const response = await client.sendPostRequestAsync<{ access_token: string }>(TOKEN, { body: 'grant_type=refresh_token' });
    expect(response.status).toBe(200);
    expect(response.body.access_token).toBe('x');
    expect(calls).toHaveLength(4);
    expect(waits).toHaveLength(3);
    expect(waits[1]).toBeGreaterThanOrEqual(3000);
  });

  it('does not retry a refusal, and keeps its AADSTS code', async () => {
    const { fetch, calls } = scripted([
      { status: 400, body: { error: 'invalid_tenant', error_codes: [90002], error_description: 'AADSTS90002: Tenant not found.' } },
    ]);
    const client = createMsalNetworkClient(fetch, { sleep: () => Promise.resolve() });
    const response = await client.sendGetRequestAsync('https://login.example/nope/v2.0/.well-known/openid-configuration');
    expect(response.status).toBe(400);
    expect(calls).toHaveLength(1);
    expect(client.lastServiceError()).toBe('AADSTS90002');
  });

  it('gives up after the policy’s retries and returns the last transient answer', async () => {
    const { fetch, calls } = scripted([
      { status: 503, body: {} },
      { status: 503, body: {} },
      { status: 503, body: {} },
    ]);
    const client = createMsalNetworkClient(fetch, { retry: readRetry({ maxReadRetries: 2 }), sleep: () => Promise.resolve() });
    expect((await client.sendPostRequestAsync(TOKEN, {})).status).toBe(503);
    expect(calls).toHaveLength(3);
  });
});
