/**
 * Hostile claims challenges through the engine's parsers (src/core/auth/claims-challenge.ts):
 * truncated percent-encoding, invalid base64, non-JSON, nested UnknownError garbage, several
 * WWW-Authenticate challenges, huge inputs. Never a throw, bounded time, and whatever comes
 * out is either no challenge or a claims request that is valid JSON naming only c1..c25.
 */
import { describe, expect, it } from 'vitest';
import {
  claimsChallengeFromError,
  claimsFromAcrsMessage,
  claimsFromWwwAuthenticate,
  contextsFromClaims,
  MAX_CLAIMS_LENGTH,
  parseWwwAuthenticate,
  unwrapServiceError,
} from '../../../src/core/auth/claims-challenge';
import { caseTable } from './support/case-table';
import { announceSeed, createRng, HOSTILE_STRINGS, randomString, randomValue, runSeed } from './support/random';
import { WALL_CLOCK_BAR_MS } from '../../support/time-bar';

const seed = runSeed();
announceSeed('claims-challenges', seed);

const ACRS = 'RoleAssignmentRequestAcrsValidationFailed';
const C1_ENCODED = '%7B%22access_token%22%3A%7B%22acrs%22%3A%7B%22essential%22%3Atrue%2C%20%22value%22%3A%22c1%22%7D%7D%7D';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const bearer = (claims: string, extra = '') =>
  `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${claims}"${extra}`;
const CONTEXT = /^c([1-9]|1\d|2[0-5])$/;

type Input = Parameters<typeof claimsChallengeFromError>[0];

/** Runs the parser and checks the invariants of any answer. */
function challengeOf(input: Input): ReturnType<typeof claimsChallengeFromError> {
  let result: ReturnType<typeof claimsChallengeFromError> | undefined;
  const started = Date.now();
  expect(() => {
    result = claimsChallengeFromError(input);
  }).not.toThrow();
  expect(Date.now() - started).toBeLessThan(WALL_CLOCK_BAR_MS);
  if (result === undefined) {
    throw new Error('unreachable');
  }
  expect(['challenge', 'unreadable', 'none']).toContain(result.kind);
  if (result.kind === 'challenge') {
    expect(() => JSON.parse(result?.kind === 'challenge' ? result.challenge.claims : '') as unknown).not.toThrow();
    for (const context of result.challenge.contexts) {
      expect(context).toMatch(CONTEXT);
    }
    expect(result.challenge.claims.length).toBeLessThan(100_000);
  }
  return result;
}

describe('ACRS error bodies', () => {
  const cases: readonly { name: string; input: Input; expected: 'challenge' | 'unreadable' | 'none'; contexts?: string[] }[] = [
    {
      name: 'the documented plain form',
      input: { status: 400, code: ACRS, message: `&claims=${C1_ENCODED}` },
      expected: 'challenge',
      contexts: ['c1'],
    },
    {
      name: 'truncated percent-encoding (%7)',
      input: { status: 400, code: ACRS, message: `&claims=${C1_ENCODED.slice(0, -1)}` },
      expected: 'unreadable',
    },
    {
      name: 'truncated percent-encoding (%)',
      input: { status: 400, code: ACRS, message: '&claims=%7B%22access_token%' },
      expected: 'unreadable',
    },
    { name: 'percent-encoded invalid UTF-8', input: { status: 400, code: ACRS, message: '&claims=%C3%28%FF' }, expected: 'unreadable' },
    { name: 'claims that are not JSON', input: { status: 400, code: ACRS, message: '&claims=not-json' }, expected: 'unreadable' },
    {
      name: 'claims that are a JSON array',
      input: { status: 400, code: ACRS, message: `&claims=${encodeURIComponent('[1,2]')}` },
      expected: 'unreadable',
    },
    {
      name: 'claims with out-of-range contexts',
      input: {
        status: 400,
        code: ACRS,
        message: `&claims=${encodeURIComponent('{"access_token":{"acrs":{"values":["c0","c26","c1;x","C1",""]}}}')}`,
      },
      expected: 'unreadable',
    },
    {
      name: 'claims with a __proto__ key',
      input: {
        status: 400,
        code: ACRS,
        message: `&claims=${encodeURIComponent('{"__proto__":{"x":1},"access_token":{"acrs":{"value":"c3"}}}')}`,
      },
      expected: 'challenge',
      contexts: ['c3'],
    },
    { name: 'no message at all', input: { status: 400, code: ACRS }, expected: 'unreadable' },
    {
      name: 'the policy fallback when claims are unreadable',
      input: { status: 400, code: ACRS, message: '&claims=%7B', fallbackContexts: ['c2'] },
      expected: 'challenge',
      contexts: ['c2'],
    },
    {
      name: 'the UnknownError wrapper',
      input: { status: 400, code: 'UnknownError', message: JSON.stringify({ errorCode: ACRS, message: `&claims=${C1_ENCODED}` }) },
      expected: 'challenge',
      contexts: ['c1'],
    },
    {
      name: 'UnknownError wrapping invalid JSON',
      input: { status: 400, code: 'UnknownError', message: '{"errorCode":"RoleAssignmentRequestAcrsValidationFailed",' },
      expected: 'none',
    },
    { name: 'UnknownError wrapping null', input: { status: 400, code: 'UnknownError', message: 'null' }, expected: 'none' },
    {
      name: 'UnknownError wrapping a number code',
      input: { status: 400, code: 'UnknownError', message: '{"errorCode":42,"message":{}}' },
      expected: 'none',
    },
    {
      name: 'UnknownError wrapping UnknownError wrapping ACRS',
      input: {
        status: 400,
        code: 'UnknownError',
        message: JSON.stringify({
          errorCode: 'UnknownError',
          message: JSON.stringify({ errorCode: ACRS, message: `&claims=${C1_ENCODED}` }),
        }),
      },
      expected: 'none',
    },
    {
      name: 'an ACRS look-alike code',
      input: { status: 400, code: 'NotAcrsValidationFailedReally', message: `&claims=${C1_ENCODED}` },
      expected: 'none',
    },
    {
      name: 'a group ACRS code',
      input: { status: 400, code: 'GroupAssignmentRequestAcrsValidationFailed', message: `x&claims=${C1_ENCODED}` },
      expected: 'challenge',
      contexts: ['c1'],
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.expected}`, () => {
      const result = challengeOf(c.input);
      expect(result.kind).toBe(c.expected);
      if (result.kind === 'challenge' && c.contexts !== undefined) {
        expect(result.challenge.contexts).toEqual(c.contexts);
      }
    });
  }
});

describe('WWW-Authenticate challenges', () => {
  const c1 = b64('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}');
  const cases: readonly { name: string; header: string; expected: 'challenge' | 'none'; contexts?: string[] }[] = [
    { name: 'the documented form', header: bearer(c1), expected: 'challenge', contexts: ['c1'] },
    {
      name: 'base64url without padding',
      header: bearer(c1.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')),
      expected: 'challenge',
      contexts: ['c1'],
    },
    { name: 'invalid base64', header: bearer('!!!not*base64***'), expected: 'none' },
    { name: 'base64 of non-JSON', header: bearer(b64('hello')), expected: 'none' },
    { name: 'base64 of binary garbage', header: bearer(Buffer.from([0xff, 0x00, 0xfe, 0x7b]).toString('base64')), expected: 'none' },
    {
      name: 'a PoP challenge first, then Bearer',
      header: `PoP realm="", authorization_uri="https://x", nonce="abc", ${bearer(c1)}`,
      expected: 'challenge',
      contexts: ['c1'],
    },
    {
      name: 'a Bearer without claims, then one with',
      header: `Bearer realm="", error="invalid_token", ${bearer(c1)}`,
      expected: 'challenge',
      contexts: ['c1'],
    },
    { name: 'claims on a non-insufficient_claims error', header: `Bearer error="invalid_token", claims="${c1}"`, expected: 'none' },
    { name: 'an unterminated quote', header: `Bearer error="insufficient_claims", claims="${c1}`, expected: 'challenge', contexts: ['c1'] },
    {
      name: 'a duplicated claims parameter (first wins)',
      header: `Bearer error="insufficient_claims", claims="${b64('{"access_token":{"acrs":{"value":"c2"}}}')}", claims="${c1}"`,
      expected: 'challenge',
      contexts: ['c2'],
    },
    {
      name: 'escaped quotes inside values',
      header: `Bearer error_description="a \\"quoted\\", text", error="insufficient_claims", claims="${c1}"`,
      expected: 'challenge',
      contexts: ['c1'],
    },
    { name: 'parameters before any scheme', header: `=x, =, claims="${c1}"`, expected: 'none' },
    { name: 'only commas and spaces', header: ' , ,, ', expected: 'none' },
    { name: 'Basic only', header: 'Basic realm="x"', expected: 'none' },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.expected}`, () => {
      const result = challengeOf({ status: 401, code: 'InvalidAuthenticationToken', message: '', wwwAuthenticate: c.header });
      expect(result.kind).toBe(c.expected);
      if (result.kind === 'challenge' && c.contexts !== undefined) {
        expect(result.challenge.contexts).toEqual(c.contexts);
      }
    });
  }
});

describe('huge and random inputs', () => {
  const hostileClaims = caseTable('Claims parser: hostile cases');
  it('handles megabyte-sized headers and messages in bounded time', () => {
    const mb = 1024 * 1024;
    const inputs: Input[] = [
      { status: 401, wwwAuthenticate: 'Bearer '.repeat(mb / 7) },
      { status: 401, wwwAuthenticate: `Bearer error="insufficient_claims", claims="${'A'.repeat(mb)}"` },
      { status: 401, wwwAuthenticate: `Bearer x="${'\\'.repeat(mb)}` },
      { status: 401, wwwAuthenticate: '='.repeat(mb) },
      { status: 401, wwwAuthenticate: ','.repeat(mb) },
      { status: 400, code: ACRS, message: `&claims=${'%7B'.repeat(mb / 3)}` },
      { status: 400, code: ACRS, message: 'claims='.repeat(mb / 7) },
      { status: 400, code: 'UnknownError', message: `{${'"a":{'.repeat(mb / 6)}` },
      { status: 400, code: 'UnknownError', message: `${'['.repeat(mb / 2)}${']'.repeat(mb / 2)}` },
    ];
    for (const input of inputs) {
      challengeOf(input);
    }
  });

  hostileClaims.it('a well-formed 2 MB claims request (header and ACRS message)', 'refused: no challenge, nothing passed to MSAL', () => {
    const huge = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } }, padding: 'A'.repeat(2 * 1024 * 1024) });
    expect(challengeOf({ status: 401, wwwAuthenticate: bearer(b64(huge)) }).kind).toBe('none');
    expect(challengeOf({ status: 400, code: ACRS, message: `&claims=${encodeURIComponent(huge)}` }).kind).toBe('unreadable');
    expect(claimsFromWwwAuthenticate(bearer(b64(huge)))).toBeNull();
    expect(claimsFromAcrsMessage(`&claims=${encodeURIComponent(huge)}`)).toBeNull();
  });

  hostileClaims.it('xclaims=, my_claims=, claimsx= in an ACRS message', 'not taken for claims=', () => {
    for (const name of ['xclaims', 'my_claims', 'Xclaims', 'claimsx']) {
      expect(claimsFromAcrsMessage(`&${name}=${C1_ENCODED}`), name).toBeNull();
      expect(challengeOf({ status: 400, code: ACRS, message: `Denied&${name}=${C1_ENCODED}` }).kind, name).toBe('unreadable');
    }
    expect(claimsFromAcrsMessage(`claims=${C1_ENCODED}`)).not.toBeNull();
    expect(claimsFromAcrsMessage(`?claims=${C1_ENCODED}`)).not.toBeNull();
    expect(claimsFromAcrsMessage(`Denied. &claims=${C1_ENCODED}`)).not.toBeNull();
    expect(claimsFromAcrsMessage(`Denied.&xclaims=zzz&claims=${C1_ENCODED}`)).not.toBeNull();
  });

  hostileClaims.it('numbers, objects, arrays, null as code, message or header', 'taken as absent, never a throw', () => {
    for (const odd of [42, {}, [], null, true, { toString: 'x' }]) {
      const input = { status: 400, code: odd, message: odd, wwwAuthenticate: odd } as unknown as Input;
      expect(challengeOf(input).kind).toBe('none');
      expect(() => unwrapServiceError(odd as never, odd as never)).not.toThrow();
      expect(challengeOf({ status: 400, code: ACRS, message: odd } as unknown as Input).kind).toBe('unreadable');
    }
  });

  it(`random codes, messages and headers (seed ${String(seed)}) never throw`, () => {
    const rng = createRng(seed);
    const pieces = [
      'Bearer',
      'PoP',
      'error="insufficient_claims"',
      'claims="',
      '"',
      ',',
      '=',
      ' ',
      ACRS,
      '&claims=',
      '%7B',
      '{"errorCode":',
      'UnknownError',
      ...HOSTILE_STRINGS.slice(0, 30),
    ];
    const soup = (): string =>
      Array.from({ length: rng.int(12) }, () => (rng.chance(0.7) ? rng.pick(pieces) : randomString(rng, 16))).join(
        rng.pick(['', ' ', ', ']),
      );
    let challenges = 0;
    for (let i = 0; i < 3000; i += 1) {
      const result = challengeOf({
        status: rng.pick([400, 401, 403, 500, -1]),
        code: rng.chance(0.5) ? rng.pick([ACRS, 'UnknownError', 'InvalidAuthenticationToken']) : soup(),
        message: rng.chance(0.3) ? JSON.stringify(randomValue(rng)) : soup(),
        wwwAuthenticate: rng.chance(0.2) ? null : soup(),
        fallbackContexts: rng.chance(0.2) ? ['c5'] : [],
      });
      if (result.kind === 'challenge') {
        challenges += 1;
      }
    }
    expect(challenges).toBeGreaterThan(0);
  });

  it('the lower-level parsers never throw on random text either', () => {
    const rng = createRng(seed ^ 0xc1a);
    for (let i = 0; i < 2000; i += 1) {
      const text = randomString(rng, 120);
      expect(() => parseWwwAuthenticate(text)).not.toThrow();
      expect(() => claimsFromWwwAuthenticate(text)).not.toThrow();
      expect(() => claimsFromAcrsMessage(text)).not.toThrow();
      expect(() => contextsFromClaims(text)).not.toThrow();
      expect(() => unwrapServiceError(text, text)).not.toThrow();
      const contexts = contextsFromClaims(JSON.stringify({ access_token: { acrs: { value: text, values: [text, 'c7'] } } }));
      if (text.length * 2 + 64 < MAX_CLAIMS_LENGTH) {
        expect(contexts?.every((c) => CONTEXT.test(c))).toBe(true);
      } else {
        expect(contexts).toBeNull();
      }
    }
  });
});
