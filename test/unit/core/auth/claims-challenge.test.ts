import { describe, expect, it } from 'vitest';
import {
  acrsClaimsRequest,
  claimsChallengeFromError,
  claimsFromAcrsMessage,
  claimsFromWwwAuthenticate,
  contextsFromClaims,
  mfaClaimsRequest,
  parseWwwAuthenticate,
  unwrapServiceError,
} from '../../../../src/core/auth/claims-challenge';

const ENCODED = '&claims=%7B%22access_token%22%3A%7B%22acrs%22%3A%7B%22essential%22%3Atrue%2C%20%22value%22%3A%22c1%22%7D%7D%7D';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('claims challenge parsing', () => {
  it('reads the plain RoleAssignmentRequestAcrsValidationFailed form (percent-encoded, with a space)', () => {
    const result = claimsChallengeFromError({ status: 400, code: 'RoleAssignmentRequestAcrsValidationFailed', message: ENCODED });
    expect(result.kind).toBe('challenge');
    if (result.kind === 'challenge') {
      expect(result.challenge.source).toBe('acrs-plain');
      expect(result.challenge.contexts).toEqual(['c1']);
      expect(JSON.parse(result.challenge.claims)).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
    }
  });

  it('reads the UnknownError-wrapped form', () => {
    const inner = JSON.stringify({
      errorCode: 'RoleAssignmentRequestAcrsValidationFailed',
      message: ENCODED.replace('c1', 'c2').replace('%22c1%22', '%22c2%22'),
    });
    const result = claimsChallengeFromError({ status: 400, code: 'UnknownError', message: inner });
    expect(result.kind === 'challenge' && result.challenge.source).toBe('acrs-unknown-error');
    expect(result.kind === 'challenge' && result.challenge.contexts).toEqual(['c2']);
  });

  it('reads a 401 WWW-Authenticate insufficient_claims challenge next to a PoP challenge', () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"values":["c3","c1"]}}}';
    const header = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error_description="needs, more", error="insufficient_claims", claims="${b64(claims)}", PoP realm="", error="other"`;
    const result = claimsChallengeFromError({ status: 401, code: 'InvalidAuthenticationToken', message: 'x', wwwAuthenticate: header });
    expect(result.kind === 'challenge' && result.challenge.source).toBe('www-authenticate');
    expect(result.kind === 'challenge' && result.challenge.contexts).toEqual(['c3', 'c1']);
    expect(parseWwwAuthenticate(header).map((c) => c.scheme)).toEqual(['Bearer', 'PoP']);
    expect(parseWwwAuthenticate(header)[0]?.params.error_description).toBe('needs, more');
  });

  it('falls back to the policy context when the ACRS code carries no claims', () => {
    const result = claimsChallengeFromError({
      status: 400,
      code: 'RoleAssignmentRequestAcrsValidationFailed',
      message: 'Auth context required.',
      fallbackContexts: ['c4'],
    });
    expect(result.kind === 'challenge' && result.challenge).toMatchObject({ source: 'policy', contexts: ['c4'] });
    expect(claimsChallengeFromError({ status: 400, code: 'RoleAssignmentRequestAcrsValidationFailed', message: 'no claims' }).kind).toBe(
      'unreadable',
    );
  });

  it('ignores malformed challenges and unrelated errors', () => {
    expect(claimsFromAcrsMessage('&claims=%7B%22access_token')).toBeNull();
    expect(claimsFromAcrsMessage('&claims=%E0%A4%A')).toBeNull();
    expect(claimsFromWwwAuthenticate('Bearer error="insufficient_claims", claims="!!notbase64"')).toBeNull();
    expect(claimsFromWwwAuthenticate('Bearer error="invalid_token", claims="' + b64('{"access_token":{}}') + '"')).toBeNull();
    expect(claimsFromWwwAuthenticate(null)).toBeNull();
    expect(
      claimsChallengeFromError({ status: 400, code: 'RoleAssignmentExists', message: 'The Role assignment already exists.' }).kind,
    ).toBe('none');
    expect(unwrapServiceError('UnknownError', '{not json')).toEqual({ code: 'UnknownError', message: '{not json', wrapped: false });
    expect(contextsFromClaims('{"access_token":{"acrs":{"values":["c1","c99","x"]}}}')).toEqual(['c1']);
    expect(contextsFromClaims('[1]')).toBeNull();
  });

  it('builds claims requests with value for one context and values for several', () => {
    expect(JSON.parse(acrsClaimsRequest(['c2']))).toEqual({ access_token: { acrs: { essential: true, value: 'c2' } } });
    expect(JSON.parse(acrsClaimsRequest(['c3', 'c1', 'c3']))).toEqual({
      access_token: { acrs: { essential: true, values: ['c1', 'c3'] } },
    });
    expect(JSON.parse(mfaClaimsRequest(['c1']))).toEqual({
      access_token: { acrs: { essential: true, value: 'c1' }, amr: { essential: true, values: ['mfa'] } },
    });
  });
});
