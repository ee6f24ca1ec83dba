/**
 * Hostile help-desk links (`pim-stepup://activate?…`) and command lines: never a throw, a
 * refusal is `input/invalid` with a bounded message and per-field issues, and anything
 * accepted is a pre-fill that still needs the admin's confirmation, within every bound.
 */
import { describe, expect, it } from 'vitest';
import { deepLinkIntentFromArgv } from '../../../src/core/deep-link/deep-link-from-argv';
import type { DeepLinkIntent } from '../../../src/core/deep-link/deep-link-intent';
import { MAX_DEEP_LINK_ROLES, parseDeepLink } from '../../../src/core/deep-link/parse-deep-link';
import type { Result } from '../../../src/shared/result';
import { announceSeed, createRng, HOSTILE_STRINGS, prototypeIsClean, randomString, randomValue, runSeed } from './support/random';

const seed = runSeed();
announceSeed('deep-links', seed);

// eslint-disable-next-line no-control-regex
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function checkAnswer(result: Result<DeepLinkIntent | null>): void {
  if (result.ok) {
    const intent = result.value;
    if (intent === null) {
      return;
    }
    expect(intent.requiresConfirmation).toBe(true);
    expect(intent.action).toBe('activate');
    expect(intent.roles.length).toBeGreaterThan(0);
    expect(intent.roles.length).toBeLessThanOrEqual(MAX_DEEP_LINK_ROLES);
    for (const text of [...intent.roles, intent.justification ?? '', intent.ticketNumber ?? '', intent.ticketSystem ?? '']) {
      expect(text).not.toMatch(CONTROL_OR_BIDI);
      expect(text.length).toBeLessThanOrEqual(500);
    }
    if (intent.duration !== undefined) {
      expect(intent.duration).toMatch(/^P(\d+D)?(T(\d+H)?(\d+M)?)?$/);
    }
    expect(
      Object.keys(intent).every((k) =>
        ['action', 'roles', 'duration', 'justification', 'ticketNumber', 'ticketSystem', 'requiresConfirmation'].includes(k),
      ),
    ).toBe(true);
  } else {
    expect(result.error.code).toBe('input/invalid');
    expect(result.error.message).toMatch(/refused|link/i);
    expect(result.error.message.length).toBeLessThan(1500);
    for (const issue of result.error.issues ?? []) {
      expect(issue.message.length).toBeLessThan(600);
    }
  }
  expect(prototypeIsClean()).toBe(true);
}

function parse(input: unknown): Result<DeepLinkIntent> {
  let result: Result<DeepLinkIntent> | undefined;
  expect(() => {
    result = parseDeepLink(input);
  }).not.toThrow();
  if (result === undefined) {
    throw new Error('unreachable');
  }
  checkAnswer(result);
  return result;
}

/** encodeURIComponent refuses lone surrogates; the raw text then goes in as is (hostile either way). */
function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

const base = 'pim-stepup://activate?role=Global%20Administrator&duration=PT1H';

describe('crafted links', () => {
  const refused: readonly [string, unknown, RegExp][] = [
    ['a number', 42, /must be text/],
    ['null', null, /must be text/],
    ['an object with toString', { toString: () => base }, /must be text/],
    ['an empty string', '', /must start with/],
    ['another scheme', 'https://evil.example/activate?role=x', /must start with/],
    ['javascript:', 'javascript:alert(1)//pim-stepup://activate?role=x', /must start with/],
    ['another action', 'pim-stepup://deactivate?role=x', /Unknown action/],
    ['a path traversal action', 'pim-stepup://activate/../../deactivate?role=x', /Unknown action/],
    ['a fragment', `${base}#role=Other`, /# fragment/],
    ['a raw space', 'pim-stepup://activate?role=Global Administrator', /spaces, control or non-ASCII/],
    ['a raw newline', 'pim-stepup://activate?role=x\r\nduration=PT1H', /control/],
    ['raw non-ASCII', 'pim-stepup://activate?role=Glöbal', /non-ASCII/],
    ['truncated percent-encoding', 'pim-stepup://activate?role=Global%2', /role/i],
    ['invalid UTF-8 percent-encoding', 'pim-stepup://activate?role=%C3%28', /role/i],
    ['an encoded lone surrogate', 'pim-stepup://activate?role=%ED%A0%80', /role/i],
    ['an encoded NUL', 'pim-stepup://activate?role=Global%00Admin', /role/i],
    ['an encoded right-to-left override', 'pim-stepup://activate?role=x&justification=%E2%80%AEtxt.exe', /justification/i],
    ['an unknown parameter', `${base}&autoActivate=true`, /autoActivate/],
    ['a __proto__ parameter', `${base}&__proto__=x`, /__proto__/],
    ['a constructor parameter', `${base}&constructor=x`, /constructor/],
    ['a repeated duration', `${base}&duration=PT8H`, /duration/i],
    ['a year-long duration', 'pim-stepup://activate?role=x&duration=P400D', /duration/i],
    ['a negative duration', 'pim-stepup://activate?role=x&duration=-PT1H', /duration/i],
    ['seconds in the duration', 'pim-stepup://activate?role=x&duration=PT1H30S', /duration/i],
    ['no role', 'pim-stepup://activate?duration=PT1H', /role/i],
    [
      'too many roles',
      `pim-stepup://activate?${Array.from({ length: MAX_DEEP_LINK_ROLES + 1 }, (_, n) => `role=r${String(n)}`).join('&')}`,
      /role/i,
    ],
    ['65 parameters', `pim-stepup://activate?${Array.from({ length: 65 }, () => 'role=x').join('&')}`, /parameters/],
    ['an overlong link', `${base}&justification=${'a'.repeat(5000)}`, /characters long/],
    ['an overlong justification', `${base}&justification=${'a'.repeat(501)}`, /justification/i],
  ];
  for (const [name, input, pattern] of refused) {
    it(`refuses ${name}`, () => {
      const result = parse(input);
      expect(result.ok).toBe(false);
      expect(!result.ok && `${result.error.message} ${JSON.stringify(result.error.issues ?? [])}`).toMatch(pattern);
    });
  }

  it('accepts a clean link, and even then only as a pre-fill requiring confirmation', () => {
    const result = parse(`${base}&justification=INC-42%20outage&ticket=INC-42&ticketSystem=ServiceNow`);
    expect(result.ok && result.value).toEqual({
      action: 'activate',
      roles: ['Global Administrator'],
      duration: 'PT1H',
      justification: 'INC-42 outage',
      ticketNumber: 'INC-42',
      ticketSystem: 'ServiceNow',
      requiresConfirmation: true,
    });
  });
});

describe('random links and command lines', () => {
  it(`random mutations of a valid link (seed ${String(seed)}) never throw and stay within bounds`, () => {
    const rng = createRng(seed);
    let accepted = 0;
    for (let i = 0; i < 2000; i += 1) {
      let link = `${base}&justification=${safeEncode(randomString(rng, 20))}`;
      const edits = 1 + rng.int(4);
      for (let e = 0; e < edits; e += 1) {
        const at = rng.int(link.length + 1);
        switch (rng.int(4)) {
          case 0:
            link = `${link.slice(0, at)}${randomString(rng, 8)}${link.slice(at)}`;
            break;
          case 1:
            link = `${link.slice(0, at)}${link.slice(at + 1 + rng.int(5))}`;
            break;
          case 2:
            link = `${link.slice(0, at)}%${rng.pick(['', '0', 'G', 'C3', 'E2%80', 'FF', '25'])}${link.slice(at)}`;
            break;
          default:
            link = `${link}&${rng.pick(['role', 'duration', 'justification', 'ticket', 'ticketSystem', '__proto__', 'x'])}=${safeEncode(rng.pick(HOSTILE_STRINGS)).slice(0, 600)}`;
        }
      }
      if (parse(link).ok) {
        accepted += 1;
      }
    }
    // Mutations keep some links valid: the parser is strict, not merely refusing everything.
    expect(accepted).toBeGreaterThan(20);
  });

  it('random command lines never throw; two links at once are refused', () => {
    const rng = createRng(seed ^ 0xa7);
    for (let i = 0; i < 500; i += 1) {
      const argv = Array.from({ length: rng.int(6) }, () =>
        rng.chance(0.3) ? `pim-stepup://${randomString(rng, 30)}` : rng.chance(0.2) ? (randomValue(rng) as string) : randomString(rng, 30),
      );
      let result: Result<DeepLinkIntent | null> | undefined;
      expect(() => {
        result = deepLinkIntentFromArgv(argv);
      }).not.toThrow();
      if (result !== undefined) {
        checkAnswer(result);
      }
    }
    const two = deepLinkIntentFromArgv(['app.exe', base, 'PIM-STEPUP://activate?role=Other']);
    expect(!two.ok && two.error.message).toMatch(/2 links at once/);
  });
});
