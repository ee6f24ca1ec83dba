/**
 * A key set twice in one JSON object is refused by every JSON input the app parses, never "last one wins": a reviewer
 * reading the top of a file (or a log of a request) would otherwise see another value than the one used. The machine
 * file has its own test (configuration.test.ts); the control API's is in test/integration/faults/hostile-tenant.test.ts.
 * Each input is shown accepted without the duplicate, so the refusal is about the duplicate alone.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config/resolve-config';
import { contextsFromClaims } from '../../../src/core/auth/claims-challenge';
import { evidenceFromAccessToken } from '../../../src/core/auth/token-evidence';
import { parseLines } from '../../../src/core/history/activation-history';
import { parseJournal } from '../../../src/core/journal/intent-journal';
import { parseJsonStrict } from '../../../src/shared/json/duplicate-keys';

const TENANT = 'contoso.onmicrosoft.com';
const CLIENT = '11111111-2222-3333-4444-555555555555';

function jwt(payloadJson: string): string {
  const part = (text: string) => Buffer.from(text).toString('base64url');
  return `${part('{"alg":"RS256","typ":"JWT"}')}.${part(payloadJson)}.c2ln`;
}

describe('duplicate JSON keys', () => {
  it('parseJsonStrict names the first duplicate, at any depth and however the key is escaped', () => {
    expect(() => parseJsonStrict('{"a":1,"a":2}')).toThrow(/"a" is set more than once/);
    expect(() => parseJsonStrict('[{"x":{"tenant":"a","t\\u0065nant":"b"}}]')).toThrow(/"tenant" is set more than once/);
    expect(() => parseJsonStrict('{"a":1,"b":{"a":2}}')).not.toThrow();
    expect(() => parseJsonStrict('{"a":')).toThrow(SyntaxError);
  });

  it('the user configuration file', () => {
    const file = (text: string) => resolveConfig({ env: {}, flags: {}, file: { path: '/home/ada/config.json', text } });
    const once = file(`{"tenant":"${TENANT}","clientId":"${CLIENT}"}`);
    expect(once.ok && once.value.tenant).toBe(TENANT);
    const twice = file(`{"tenant":"${TENANT}","clientId":"${CLIENT}","tenant":"evil.onmicrosoft.com"}`);
    expect(twice.ok).toBe(false);
    const issue = twice.ok ? undefined : twice.error.issues?.[0];
    expect(issue?.path).toBe('/home/ada/config.json');
    expect(issue?.message).toMatch(/"tenant" is set more than once/);
  });

  it('a claims request (its context ids go to the authority)', () => {
    expect(contextsFromClaims('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}')).toEqual(['c1']);
    expect(contextsFromClaims('{"access_token":{"acrs":{"essential":true,"value":"c1","value":"c2"}}}')).toBeNull();
  });

  it('an access token read for what the sign-in proved', () => {
    expect(evidenceFromAccessToken(jwt('{"acrs":["c1"],"amr":["pwd","mfa"]}'))).not.toBeNull();
    expect(evidenceFromAccessToken(jwt('{"acrs":["c1"],"amr":["pwd"],"amr":["pwd","mfa"]}'))).toBeNull();
  });

  it('the activation journal and history on disk', () => {
    const now = new Date('2026-12-07T00:00:00Z');
    expect(parseJournal('{"version":1,"intents":[]}', now).problems).toEqual([]);
    expect(parseJournal('{"version":1,"intents":[],"intents":[]}', now).problems).toEqual([expect.stringMatching(/not valid JSON/)]);
    expect(parseLines('{"a":1,"a":2}\n').skipped).toEqual([{ line: 1, reason: 'not valid JSON' }]);
  });
});
