import { describe, expect, it } from 'vitest';
import {
  AUTHORITY_LIMITS,
  AuthorityStore,
  SIGN_IN_TTL_MS,
  setBounded,
  type AuthorizationCode,
  type AuthorizeParams,
  type RefreshGrant,
} from '../../../src/simulated-tenant/authority/authority-store';

const params: AuthorizeParams = {
  tenantSegment: 't',
  clientId: 'c',
  redirectUri: 'http://localhost:1',
  scope: 'openid',
  state: 's',
  codeChallenge: 'x'.repeat(43),
  claims: { acrs: [], amr: [], xmsCc: [] },
  prompt: null,
  loginHint: null,
  nonce: null,
};
const grant: RefreshGrant = {
  clientId: 'c',
  userId: 'u',
  methods: [],
  authTime: new Date(0),
  satisfiedContexts: [],
  satisfiedAt: new Date(0),
  revoked: false,
};

describe('setBounded', () => {
  it('keeps the newest entries, and a key set again counts as new', () => {
    const map = new Map<string, number>();
    for (const key of ['a', 'b', 'c']) {
      setBounded(map, key, 1, 3);
    }
    setBounded(map, 'a', 2, 3);
    setBounded(map, 'd', 1, 3);
    expect([...map.keys()]).toEqual(['c', 'a', 'd']);
    expect(map.get('a')).toBe(2);
  });
});

describe('the authority store', () => {
  it(`keeps at most ${String(AUTHORITY_LIMITS.pendingSignIns)} pending sign-ins, the oldest evicted first`, () => {
    const store = new AuthorityStore();
    const now = new Date('2026-12-07T00:00:00Z');
    const first = store.newTransaction('b', params, now);
    const ids = [first.id];
    for (let index = 1; index < AUTHORITY_LIMITS.pendingSignIns + 50; index += 1) {
      ids.push(store.newTransaction('b', params, now).id);
    }
    expect(store.transactions.size).toBe(AUTHORITY_LIMITS.pendingSignIns);
    expect(store.transactions.has(first.id)).toBe(false);
    expect(store.transactions.has(ids.at(-1) ?? '')).toBe(true);
  });

  it('drops sign-ins older than their time to live when a new one starts, and a finished one at once', () => {
    const store = new AuthorityStore();
    const start = new Date('2026-12-07T00:00:00Z');
    const old = store.newTransaction('b', params, start);
    const recent = store.newTransaction('b', params, new Date(start.getTime() + 10 * 60_000));
    const answered = store.newTransaction('b', params, new Date(start.getTime() + 11 * 60_000));
    store.finishTransaction(answered);
    expect(answered.finished).toBe(true);
    expect(store.transactions.has(answered.id)).toBe(false);
    store.newTransaction('b', params, new Date(start.getTime() + SIGN_IN_TTL_MS + 1));
    expect(store.transactions.has(old.id)).toBe(false);
    expect(store.transactions.has(recent.id)).toBe(true);
    expect(store.transactions.size).toBe(2);
  });

  it('caps codes, browser sessions and refresh tokens; a refresh token in use is evicted last', () => {
    const store = new AuthorityStore();
    const code = { used: false } as AuthorizationCode;
    for (let index = 0; index < AUTHORITY_LIMITS.codes + 10; index += 1) {
      store.addCode(`code-${String(index)}`, code);
    }
    expect(store.codes.size).toBe(AUTHORITY_LIMITS.codes);
    expect(store.codes.has('code-0')).toBe(false);
    for (let index = 0; index < AUTHORITY_LIMITS.browserSessions + 10; index += 1) {
      store.rememberBrowser(`browser-${String(index)}`, { userId: 'u', methods: [] });
    }
    expect(store.browsers.size).toBe(AUTHORITY_LIMITS.browserSessions);
    const inUse = store.issueRefreshToken(grant);
    const idle = store.issueRefreshToken(grant);
    for (let index = 0; index < AUTHORITY_LIMITS.refreshTokens - 2; index += 1) {
      store.issueRefreshToken(grant);
      if (index % 1_000 === 0) {
        expect(store.refreshGrant(inUse)).toBe(grant);
      }
    }
    store.issueRefreshToken(grant);
    expect(store.refreshTokens.size).toBe(AUTHORITY_LIMITS.refreshTokens);
    expect(store.refreshGrant(idle)).toBeUndefined();
    expect(store.refreshGrant(inUse)).toBe(grant);
  });
});
