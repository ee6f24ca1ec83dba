import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acrsChallengeJson, parseClaimsRequest } from '../../../src/simulated-tenant/auth/claims-request';
import { createSigningKey, jwks, signJwt, verifyJwt } from '../../../src/simulated-tenant/auth/jwt';
import { formatIsoDuration, parseIsoDuration } from '../../../src/simulated-tenant/model/duration';
import { decodeSkipToken, encodeSkipToken, matchesFilter, parseExpand, parseFilter } from '../../../src/simulated-tenant/graph/odata';
import { resolveScopes, scopeRefusal } from '../../../src/simulated-tenant/authority/scopes';

describe('claims request parsing', () => {
  it('reads the merged form MSAL sends (acrs value, xms_cc, id_token keys)', () => {
    const text =
      '{"access_token":{"acrs":{"essential":true,"value":"c1"},"xms_cc":{"values":["cp1"]}},"id_token":{"signin_state":{"essential":false},"login_hint":{"essential":false},"tenant_region_sub_scope":{"essential":false}}}';
    expect(parseClaimsRequest(text)).toEqual({ ok: true, claims: { acrs: ['c1'], xmsCc: ['cp1'], amr: [] } });
  });
  it('reads acrs values, amr and tolerates unknown keys', () => {
    const text = JSON.stringify({
      access_token: { acrs: { essential: true, values: ['c1', 'C2', 'c1'] }, amr: { values: ['mfa'] }, nbf: { value: '1' } },
      extra: 1,
    });
    expect(parseClaimsRequest(text)).toEqual({ ok: true, claims: { acrs: ['c1', 'c2'], xmsCc: [], amr: ['mfa'] } });
  });
  it('treats absent claims as empty and refuses invalid JSON or non-objects', () => {
    expect(parseClaimsRequest(null)).toEqual({ ok: true, claims: { acrs: [], xmsCc: [], amr: [] } });
    expect(parseClaimsRequest('{not json').ok).toBe(false);
    expect(parseClaimsRequest('[1]').ok).toBe(false);
  });
  it('serialises challenges like Entra (space after the comma)', () => {
    expect(acrsChallengeJson(['c1'])).toBe('{"access_token":{"acrs":{"essential":true, "value":"c1"}}}');
    expect(JSON.parse(acrsChallengeJson(['c1', 'c2']))).toEqual({ access_token: { acrs: { essential: true, values: ['c1', 'c2'] } } });
  });
});

describe('JWT signing', () => {
  const key = createSigningKey();
  it('round-trips and verifies with the published JWKS', () => {
    const token = signJwt({ sub: 'x', n: 1 }, key);
    expect(verifyJwt(token, key.publicKey)).toEqual({ ok: true, payload: { sub: 'x', n: 1 } });
    const jwk = jwks(key).keys[0] ?? {};
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: key.kid });
    const fromJwk = createPublicKey({ key: { kty: 'RSA', n: String(jwk.n), e: String(jwk.e) }, format: 'jwk' });
    expect(verifyJwt(token, fromJwk).ok).toBe(true);
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'RS256', kid: key.kid });
  });
  it('rejects tampering, other keys, alg none and garbage', () => {
    const token = signJwt({ oid: 'a' }, key);
    const [header, , signature] = token.split('.');
    const tampered = `${header ?? ''}.${Buffer.from('{"oid":"b"}').toString('base64url')}.${signature ?? ''}`;
    expect(verifyJwt(tampered, key.publicKey)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyJwt(token, createSigningKey().publicKey)).toEqual({ ok: false, reason: 'signature' });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"oid":"a"}').toString('base64url')}.`;
    expect(verifyJwt(none, key.publicKey)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyJwt('abc', key.publicKey)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('ISO-8601 durations', () => {
  it('parses what PIM uses and refuses the rest', () => {
    expect(parseIsoDuration('PT8H')).toBe(8 * 3_600_000);
    expect(parseIsoDuration('PT30M')).toBe(1_800_000);
    expect(parseIsoDuration('PT1H30M')).toBe(5_400_000);
    expect(parseIsoDuration('P1D')).toBe(86_400_000);
    expect(parseIsoDuration('pt5m')).toBe(300_000);
    for (const bad of ['8h', 'P', 'PT', 'P1Y', '', 'PT-1H']) {
      expect(parseIsoDuration(bad), bad).toBeNull();
    }
    expect(formatIsoDuration(5_400_000)).toBe('PT1H30M');
  });
});

describe('OData options', () => {
  it('parses eq/and filters with quoted values', () => {
    const clauses = parseFilter("scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq 'O''Brien'");
    expect(clauses).toEqual([
      { field: 'scopeId', value: '/' },
      { field: 'scopeType', value: 'DirectoryRole' },
      { field: 'roleDefinitionId', value: "O'Brien" },
    ]);
    expect(matchesFilter({ scopeId: '/', scopeType: 'directoryrole', roleDefinitionId: "O'Brien" }, clauses ?? [])).toBe(true);
    expect(parseFilter("startswith(displayName,'A')")).toBeNull();
    expect(parseFilter('')).toBeNull();
    expect(parseFilter('status eq null and n eq 2')).toEqual([
      { field: 'status', value: null },
      { field: 'n', value: 2 },
    ]);
  });
  it('parses nested $expand and round-trips skip tokens', () => {
    expect(parseExpand('roleDefinition,policy($expand=rules)')).toEqual([
      { name: 'roleDefinition', nested: null },
      { name: 'policy', nested: '$expand=rules' },
    ]);
    expect(parseExpand('policy($expand=rules')).toBeNull();
    expect(decodeSkipToken(encodeSkipToken(40))).toBe(40);
    expect(decodeSkipToken('garbage')).toBeNull();
  });
});

describe('scope resolution', () => {
  it('keeps the form the client used, expands .default and refuses unknown scopes', () => {
    const qualified = resolveScopes('https://graph.microsoft.com/RoleManagement.ReadWrite.Directory openid profile offline_access');
    expect(qualified).toMatchObject({ ok: true, grantedScopes: ['RoleManagement.ReadWrite.Directory'], offlineAccess: true });
    expect(qualified.ok && qualified.responseScope.split(' ')).toContain('https://graph.microsoft.com/RoleManagement.ReadWrite.Directory');
    const bare = resolveScopes('user.read');
    expect(bare.ok && bare.grantedScopes).toEqual(['User.Read']);
    const all = resolveScopes('https://graph.microsoft.com/.default');
    expect(all.ok && all.grantedScopes).toContain('RoleManagementPolicy.Read.Directory');
    expect(resolveScopes('Mail.Send')).toEqual({ ok: false, unknown: 'Mail.Send' });
  });

  it('resolves Azure Service Management scopes to one ARM token and refuses two resources at once', () => {
    const arm = resolveScopes('https://management.azure.com/user_impersonation openid offline_access');
    expect(arm).toMatchObject({
      ok: true,
      resource: { kind: 'arm', audience: 'https://management.azure.com/' },
      grantedScopes: ['user_impersonation'],
    });
    const cli = resolveScopes('https://management.core.windows.net//.default');
    expect(cli).toMatchObject({ ok: true, resource: { audience: 'https://management.core.windows.net/' } });
    expect(cli.ok && cli.responseScope.split(' ')).toContain('https://management.core.windows.net//user_impersonation');
    expect(resolveScopes('https://management.azure.com/Reader')).toEqual({ ok: false, unknown: 'https://management.azure.com/Reader' });
    const mixed = resolveScopes('User.Read https://management.azure.com/user_impersonation');
    expect(mixed).toMatchObject({ ok: false, multipleResources: true });
    expect(!mixed.ok && scopeRefusal(mixed, 'User.Read https://management.azure.com/user_impersonation').code).toBe(28000);
    expect(resolveScopes('User.Read')).toMatchObject({ resource: { kind: 'graph', audience: 'https://graph.microsoft.com' } });
  });
});
