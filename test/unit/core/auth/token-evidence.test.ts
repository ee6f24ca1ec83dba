import { describe, expect, it } from 'vitest';
import { evidenceFromAccessToken } from '../../../../src/core/auth/token-evidence';

const seg = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('evidenceFromAccessToken', () => {
  it('summarises methods, contexts, times, tenant and user for display', () => {
    const token = `${seg({ alg: 'RS256' })}.${seg({ amr: ['pwd', 'mfa'], acrs: ['c1'], iat: 1_764_000_000, exp: 1_764_003_600, tid: 't-1', upn: 'adele@contoso' })}.sig`;
    expect(evidenceFromAccessToken(token)).toEqual({
      methods: ['pwd', 'mfa'],
      contexts: ['c1'],
      authenticatedAt: new Date(1_764_000_000_000).toISOString(),
      expiresAt: new Date(1_764_003_600_000).toISOString(),
      tenantId: 't-1',
      username: 'adele@contoso',
    });
  });

  it('returns null for opaque tokens and tolerates missing claims', () => {
    expect(evidenceFromAccessToken('opaque-token')).toBeNull();
    expect(evidenceFromAccessToken(`${seg({})}.not-json.sig`)).toBeNull();
    expect(evidenceFromAccessToken(`${seg({})}.${seg({ amr: 'pwd' })}.`)).toMatchObject({
      methods: [],
      contexts: [],
      authenticatedAt: null,
      username: null,
    });
  });
});
