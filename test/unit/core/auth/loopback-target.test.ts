import { describe, expect, it } from 'vitest';
import { loopbackTarget } from '../../../../src/core/auth/loopback-target';

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
