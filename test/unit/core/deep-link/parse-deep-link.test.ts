import { describe, expect, it } from 'vitest';
import { MAX_DEEP_LINK_LENGTH, parseDeepLink } from '../../../../src/core/deep-link/parse-deep-link';
import type { DeepLinkIntent } from '../../../../src/core/deep-link/deep-link-intent';
import type { AppError } from '../../../../src/shared/errors';
import type { Result } from '../../../../src/shared/result';

function intent(result: Result<DeepLinkIntent>): DeepLinkIntent {
  if (!result.ok) {
    throw new Error(`expected an intent, got ${JSON.stringify(result.error)}`);
  }
  return result.value;
}

function refusal(result: Result<DeepLinkIntent>): AppError {
  if (result.ok) {
    throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  }
  return result.error;
}

const enc = encodeURIComponent;

describe('parseDeepLink accepts well-formed links', () => {
  it('parses every parameter into a pre-fill that still needs confirmation', () => {
    const link = `pim-stepup://activate?role=Exchange%20Administrator&duration=PT2H&ticket=INC0012345&ticketSystem=ServiceNow&justification=${enc('Mailbox restore for INC0012345 (user: Ana Núñez) — 🔧')}`;
    expect(intent(parseDeepLink(link))).toEqual({
      action: 'activate',
      roles: ['Exchange Administrator'],
      duration: 'PT2H',
      ticketNumber: 'INC0012345',
      ticketSystem: 'ServiceNow',
      justification: 'Mailbox restore for INC0012345 (user: Ana Núñez) — 🔧',
      requiresConfirmation: true,
    });
  });

  it('keeps several roles in order', () => {
    const link = 'pim-stepup://activate?role=Global%20Reader&role=62e90394-69f5-4237-9190-012177145e10&role=role%3A62e90394%3A%2F';
    expect(intent(parseDeepLink(link)).roles).toEqual(['Global Reader', '62e90394-69f5-4237-9190-012177145e10', 'role:62e90394:/']);
  });

  it.each([
    ['a trailing slash after the action', 'pim-stepup://activate/?role=A'],
    ['an upper-case scheme', 'PIM-STEPUP://activate?role=A'],
    ['+ as a space', 'pim-stepup://activate?role=Global+Reader'],
    ['empty separators', 'pim-stepup://activate?&role=A&&'],
  ])('accepts %s', (_name, link) => {
    expect(intent(parseDeepLink(link)).roles[0]).toMatch(/^(A|Global Reader)$/);
  });

  it.each([
    ['PT30M', 'PT30M'],
    ['PT1H30M', 'PT1H30M'],
    ['PT24H', 'PT24H'],
    ['P1D', 'PT24H'],
    ['PT5M', 'PT5M'],
    ['PT1440M', 'PT24H'],
    ['P0DT8H', 'PT8H'],
    ['pt2h', 'PT2H'],
  ])('accepts the duration %s and pre-fills its canonical form %s', (duration, canonical) => {
    expect(intent(parseDeepLink(`pim-stepup://activate?role=A&duration=${duration}`)).duration).toBe(canonical);
  });

  it('leaves out fields the link does not give', () => {
    const value = intent(parseDeepLink('pim-stepup://activate?role=A'));
    expect(Object.keys(value).sort()).toEqual(['action', 'requiresConfirmation', 'roles']);
  });
});

describe('parseDeepLink refuses with a precise message', () => {
  const cases: readonly { name: string; link: unknown; path: string; message: RegExp }[] = [
    { name: 'a non-string', link: 42, path: '', message: /must be text/ },
    { name: 'another scheme', link: 'https://activate?role=A', path: 'scheme', message: /must start with pim-stepup:\/\/activate\?/ },
    { name: 'a look-alike scheme', link: 'pim-stepupx://activate?role=A', path: 'scheme', message: /must start with/ },
    { name: 'an opaque URL without //', link: 'pim-stepup:activate?role=A', path: 'scheme', message: /must start with/ },
    { name: 'another action', link: 'pim-stepup://deactivate?role=A', path: 'action', message: /Unknown action "deactivate"/ },
    {
      name: 'a path after the action',
      link: 'pim-stepup://activate/now?role=A',
      path: 'action',
      message: /Unknown action "activate\/now"/,
    },
    { name: 'credentials and a port', link: 'pim-stepup://user:pw@activate:80?role=A', path: 'action', message: /Unknown action/ },
    { name: 'a fragment', link: 'pim-stepup://activate?role=A#x', path: '', message: /# fragment/ },
    { name: 'a raw space', link: 'pim-stepup://activate?role=Global Reader', path: '', message: /percent-encode/ },
    { name: 'a raw control character', link: 'pim-stepup://activate?role=A\u0007', path: '', message: /percent-encode/ },
    { name: 'raw non-ASCII', link: 'pim-stepup://activate?role=Ä', path: '', message: /percent-encode/ },
    {
      name: 'an unknown parameter',
      link: 'pim-stepup://activate?role=A&auto=1',
      path: 'auto',
      message: /Unknown parameter "auto"; allowed: role, duration, justification, ticket, ticketSystem/,
    },
    {
      name: 'a wrongly cased parameter',
      link: 'pim-stepup://activate?Role=A&role=B',
      path: 'Role',
      message: /did you mean "role"\? \(names are case-sensitive\)/,
    },
    {
      name: 'ticketNumber instead of ticket',
      link: 'pim-stepup://activate?role=A&ticketNumber=1',
      path: 'ticketNumber',
      message: /did you mean "ticket"/,
    },
    {
      name: 'a prototype key as parameter',
      link: 'pim-stepup://activate?role=A&__proto__=x',
      path: '__proto__',
      message: /Unknown parameter "__proto__"/,
    },
    {
      name: 'constructor as parameter',
      link: 'pim-stepup://activate?role=A&constructor=x',
      path: 'constructor',
      message: /Unknown parameter/,
    },
    { name: 'no role', link: 'pim-stepup://activate?duration=PT1H', path: 'role', message: /names no role/ },
    { name: 'no query at all', link: 'pim-stepup://activate', path: 'role', message: /names no role/ },
    { name: 'an empty role', link: 'pim-stepup://activate?role=', path: 'role', message: /role is empty/ },
    { name: 'a blank role', link: 'pim-stepup://activate?role=%20%20', path: 'role', message: /role is empty/ },
    { name: 'a parameter without =', link: 'pim-stepup://activate?role=A&justification', path: 'justification', message: /has no value/ },
    {
      name: 'a duplicated duration',
      link: 'pim-stepup://activate?role=A&duration=PT1H&duration=PT8H',
      path: 'duration',
      message: /duration appears 2 times; give it once/,
    },
    {
      name: 'a duplicated justification',
      link: 'pim-stepup://activate?role=A&justification=a&justification=b',
      path: 'justification',
      message: /appears 2 times/,
    },
    { name: 'a duplicated ticket', link: 'pim-stepup://activate?role=A&ticket=1&ticket=2', path: 'ticket', message: /appears 2 times/ },
    {
      name: 'the same role twice',
      link: 'pim-stepup://activate?role=Global%20Reader&role=global%20reader',
      path: 'role[1]',
      message: /named twice/,
    },
    {
      name: 'too many roles',
      link: `pim-stepup://activate?${Array.from({ length: 21 }, (_, i) => `role=R${String(i)}`).join('&')}`,
      path: 'role',
      message: /names 21 roles; at most 20/,
    },
    {
      name: 'a non-ISO duration',
      link: 'pim-stepup://activate?role=A&duration=2h',
      path: 'duration',
      message: /"2h" is not an ISO 8601 duration.*PT30M, PT2H or PT1H30M/,
    },
    {
      name: 'seconds',
      link: 'pim-stepup://activate?role=A&duration=PT1H30S',
      path: 'duration',
      message: /whole minutes/,
    },
    { name: 'weeks', link: 'pim-stepup://activate?role=A&duration=P1W', path: 'duration', message: /not an ISO 8601 duration/ },
    { name: 'a bare P', link: 'pim-stepup://activate?role=A&duration=P', path: 'duration', message: /not an ISO 8601 duration/ },
    { name: 'PT without a value', link: 'pim-stepup://activate?role=A&duration=PT', path: 'duration', message: /not an ISO 8601 duration/ },
    {
      name: 'a negative duration',
      link: 'pim-stepup://activate?role=A&duration=-PT1H',
      path: 'duration',
      message: /not an ISO 8601 duration/,
    },
    {
      name: 'a fractional duration',
      link: 'pim-stepup://activate?role=A&duration=PT1.5H',
      path: 'duration',
      message: /not an ISO 8601 duration/,
    },
    { name: 'a zero duration', link: 'pim-stepup://activate?role=A&duration=PT0M', path: 'duration', message: /at least 5 minutes/ },
    {
      name: 'over 24 hours',
      link: 'pim-stepup://activate?role=A&duration=PT25H',
      path: 'duration',
      message: /longer than PIM's 24-hour maximum/,
    },
    { name: 'days over 24 hours', link: 'pim-stepup://activate?role=A&duration=P2D', path: 'duration', message: /24-hour maximum/ },
    {
      name: 'an absurd number',
      link: 'pim-stepup://activate?role=A&duration=PT99999999999H',
      path: 'duration',
      message: /not an ISO 8601 duration/,
    },
    {
      name: 'an over-long justification',
      link: `pim-stepup://activate?role=A&justification=${'x'.repeat(501)}`,
      path: 'justification',
      message: /justification is 501 characters long; at most 500/,
    },
    { name: 'an over-long ticket', link: `pim-stepup://activate?role=A&ticket=${'9'.repeat(101)}`, path: 'ticket', message: /at most 100/ },
    { name: 'an over-long role', link: `pim-stepup://activate?role=${'r'.repeat(401)}`, path: 'role', message: /at most 400/ },
    {
      name: 'an encoded NUL',
      link: 'pim-stepup://activate?role=A&justification=a%00b',
      path: 'justification',
      message: /control or invisible character U\+0000 at position 2/,
    },
    {
      name: 'an encoded newline',
      link: 'pim-stepup://activate?role=A&justification=line1%0Aline2',
      path: 'justification',
      message: /U\+000A/,
    },
    { name: 'an encoded escape sequence', link: 'pim-stepup://activate?role=A&ticket=%1B%5B31m', path: 'ticket', message: /U\+001B/ },
    { name: 'an encoded DEL', link: 'pim-stepup://activate?role=A%7F', path: 'role', message: /U\+007F/ },
    { name: 'a C1 control', link: 'pim-stepup://activate?role=A%C2%85', path: 'role', message: /U\+0085/ },
    { name: 'a right-to-left override', link: 'pim-stepup://activate?role=Global%E2%80%AEnimdA', path: 'role', message: /U\+202E/ },
    { name: 'a bidi isolate', link: 'pim-stepup://activate?role=A&justification=%E2%81%A6x', path: 'justification', message: /U\+2066/ },
    { name: 'a line separator', link: 'pim-stepup://activate?role=A&justification=a%E2%80%A8b', path: 'justification', message: /U\+2028/ },
    { name: 'a BOM', link: 'pim-stepup://activate?role=%EF%BB%BFA', path: 'role', message: /U\+FEFF/ },
    { name: 'broken percent-encoding', link: 'pim-stepup://activate?role=%E0%A4%A', path: 'role', message: /malformed percent-encoding/ },
    {
      name: 'an encoded lone surrogate',
      link: 'pim-stepup://activate?role=%ED%A0%80',
      path: 'role',
      message: /malformed percent-encoding/,
    },
    {
      name: 'a ticket system without a ticket',
      link: 'pim-stepup://activate?role=A&ticketSystem=Jira',
      path: 'ticket',
      message: /ticket system was given without a ticket number.*Add ticket=/,
    },
    {
      name: 'a ticket without its ticket system',
      link: 'pim-stepup://activate?role=A&ticket=INC-1',
      path: 'ticketSystem',
      message: /ticket number was given without its ticket system.*Add ticketSystem=/,
    },
  ];

  it.each(cases)('$name', ({ link, path, message }) => {
    const error = refusal(parseDeepLink(link));
    expect(error.code).toBe('input/invalid');
    expect(error.message).toMatch(/^This PIM Step-Up link was refused and nothing was filled in\./);
    const issue = error.issues?.find((i) => i.path === path);
    expect(issue, `issues were ${JSON.stringify(error.issues)}`).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it('refuses a link longer than the limit before looking inside it', () => {
    const link = `pim-stepup://activate?role=A&justification=${'a'.repeat(MAX_DEEP_LINK_LENGTH)}`;
    expect(refusal(parseDeepLink(link)).issues?.[0]?.message).toMatch(/at most 4096 are allowed/);
    expect(refusal(parseDeepLink('x'.repeat(10_000_000))).issues?.[0]?.message).toMatch(/10000000 characters long/);
  });

  it('lists every problem and says how many more there are', () => {
    const error = refusal(parseDeepLink('pim-stepup://activate?duration=2h&foo=1&ticketSystem=Jira'));
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['duration', 'foo', 'role', 'ticket']);
    expect(error.message).toContain('(3 more problems)');
  });

  it('never echoes control characters back in its messages', () => {
    const error = refusal(parseDeepLink('pim-stepup://activate?role=A&x%1B%5D0%3Bevil%07=1'));
    expect(JSON.stringify(error)).not.toMatch(/\\u001b|\\u0007/);
    expect(error.issues?.[0]?.message).toContain('Unknown parameter "x?]0;evil?"');
  });
});

describe('parseDeepLink under random input (property loop)', () => {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pieces = [
    'pim-stepup://',
    'activate',
    '?',
    '&',
    '=',
    'role',
    'duration',
    'PT',
    '1H',
    'ticket',
    'ticketSystem',
    'justification',
    '%',
    '%0',
    '%00',
    '%E2%80%AE',
    '+',
    '#',
    '/',
    'A',
    'é',
    '\u0000',
    '__proto__',
    ' ',
  ];
  const pick = (): string => pieces[Math.floor(random() * pieces.length)] ?? '';

  const names = ['role', 'role', 'role', 'duration', 'justification', 'ticket', 'ticketSystem', 'Role', '__proto__', ''];
  const values = [
    'A',
    'Global%20Reader',
    'B+C',
    'PT1H',
    'PT30M',
    'PT0M',
    'P2D',
    '2h',
    '%00',
    '%0A',
    '%E2%80%AE',
    '%C2%85',
    '%',
    '%E0%A4%A',
    '',
    'x'.repeat(600),
    'INC1',
    '%F0%9F%94%A7',
  ];
  const pickFrom = (list: readonly string[]): string => list[Math.floor(random() * list.length)] ?? '';
  const structured = (): string =>
    Array.from({ length: 1 + Math.floor(random() * 4) }, () => `${pickFrom(names)}=${pickFrom(values)}`).join('&');

  it('always returns a Result, and every accepted intent obeys the rules', () => {
    let accepted = 0;
    for (let i = 0; i < 5000; i += 1) {
      const link =
        i % 3 === 0
          ? Array.from({ length: Math.floor(random() * 25) }, pick).join('')
          : `pim-stepup://activate?${i % 3 === 1 ? structured() : Array.from({ length: Math.floor(random() * 25) }, pick).join('')}`;
      const result = parseDeepLink(link);
      if (result.ok) {
        accepted += 1;
        const value = result.value;
        expect(value.requiresConfirmation).toBe(true);
        expect(value.roles.length).toBeGreaterThan(0);
        expect(value.roles.length).toBeLessThanOrEqual(20);
        expect(new Set(value.roles.map((r) => r.toLowerCase())).size).toBe(value.roles.length);
        expect(value.justification?.length ?? 0).toBeLessThanOrEqual(500);
        if (value.duration !== undefined) {
          expect(value.duration).toMatch(/^P(\d+D)?(T(\d+H)?(\d+M)?)?$/);
          expect(value.duration).not.toMatch(/^P(0+D)?(T(0+H)?(0+M)?)?$/);
        }
        for (const text of [...value.roles, value.justification ?? '', value.ticketNumber ?? '', value.duration ?? '']) {
          // eslint-disable-next-line no-control-regex
          expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        }
      } else {
        expect(result.error.code).toBe('input/invalid');
        expect(result.error.issues?.length).toBeGreaterThan(0);
      }
    }
    // The generator is useful only if some inputs pass.
    expect(accepted).toBeGreaterThan(10);
  });
});
