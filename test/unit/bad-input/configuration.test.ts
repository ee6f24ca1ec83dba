/**
 * Malformed and hostile configuration: the user's JSON file through the engine's
 * `resolveConfig`, and the machine file through `parseMachineConfig`/`loadMachineConfig`.
 * Never a throw; always `config/invalid` with a message that names the file or key; no
 * half-applied layer (a bad file never yields a config); inputs are not mutated and the
 * prototype is never polluted.
 */
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../src/core/config/resolve-config';
import { resolveConfig } from '../../../src/core/config/resolve-config';
import { caseTable } from './support/case-table';
import { findDuplicateKeys } from '../../../src/shared/json/duplicate-keys';
import { loadMachineConfig, MAX_MACHINE_CONFIG_BYTES, parseMachineConfig } from '../../../src/core/managed/machine-config';
import { ERROR_CODES } from '../../../src/shared/errors';
import type { Result } from '../../../src/shared/result';
import { announceSeed, createRng, HOSTILE_STRINGS, jsonText, prototypeIsClean, randomString, randomValue, runSeed } from './support/random';
import { WALL_CLOCK_BAR_MS } from '../../support/time-bar';

const seed = runSeed();
announceSeed('configuration', seed);

const USER_FILE = '/home/admin/.config/pim-stepup/config.json';
const MACHINE_FILE = '/etc/pim-stepup/config.json';
const TENANT = 'contoso.onmicrosoft.com';
const CLIENT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) {
      deepFreeze(inner);
    }
  }
  return value;
}

/** Runs resolveConfig and checks the universal properties of its answer. */
function resolveSafely(input: ConfigInput): Result<unknown> {
  let result: Result<unknown> | undefined;
  expect(() => {
    result = resolveConfig(deepFreeze(input));
  }).not.toThrow();
  if (result === undefined) {
    throw new Error('unreachable');
  }
  if (!result.ok) {
    expect(result.error.code).toBe('config/invalid');
    expect(result.error.issues?.length).toBeGreaterThan(0);
    expect(result.error.message).toMatch(/^The configuration has \d+ problems?: /);
    expect(result.error.message).not.toMatch(/\[object Object\]/);
  }
  expect(prototypeIsClean()).toBe(true);
  return result;
}

const userFile = (text: string): ConfigInput => ({ file: { path: USER_FILE, text }, env: {}, flags: {} });

describe('user configuration file', () => {
  const texts: readonly { name: string; text: string; expect: RegExp }[] = [
    {
      name: 'truncated JSON',
      text: `{"tenant": "${TENANT}", "clientId": "${CLIENT.slice(0, 10)}`,
      expect: /config\.json is not valid JSON/,
    },
    { name: 'JSON with comments', text: `{ // tenant\n "tenant": "${TENANT}" }`, expect: /is not valid JSON .*fix the syntax/ },
    { name: 'a trailing comma', text: `{"tenant": "${TENANT}",}`, expect: /is not valid JSON/ },
    { name: 'a UTF-16 byte soup', text: '\ufffd\ufffd{\u0000"\u0000t', expect: /is not valid JSON/ },
    { name: 'an array', text: '[1,2,3]', expect: /must contain one JSON object/ },
    { name: 'null', text: 'null', expect: /must contain one JSON object/ },
    { name: 'a bare string', text: '"contoso"', expect: /must contain one JSON object/ },
    { name: 'a number', text: '42', expect: /must contain one JSON object/ },
    { name: 'an empty file', text: '', expect: /is not valid JSON/ },
    { name: 'a misspelt key', text: `{"tenantt": "${TENANT}"}`, expect: /tenantt .*did you mean "tenant"/ },
    { name: 'an object where text belongs', text: `{"tenant": {"id": "${TENANT}"}}`, expect: /tenant \(in .*config\.json\)/ },
    {
      name: 'an http authority',
      text: `{"tenant":"${TENANT}","clientId":"${CLIENT}","authorityHost":"http://login.example.com","graphEndpoint":"https://graph.example.com"}`,
      expect: /must use https/,
    },
    {
      name: 'an authority with a path',
      text: `{"tenant":"${TENANT}","clientId":"${CLIENT}","authorityHost":"https://login.example.com/evil?x=1","graphEndpoint":"https://graph.example.com"}`,
      expect: /no path/,
    },
    {
      name: 'a javascript: endpoint',
      text: `{"tenant":"${TENANT}","clientId":"${CLIENT}","authorityHost":"javascript:alert(1)","graphEndpoint":"https://graph.example.com"}`,
      expect: /must use https/,
    },
    { name: 'a negative timeout', text: `{"signInTimeoutSeconds": -5}`, expect: /signInTimeoutSeconds .*at least 5 seconds/ },
    { name: 'a fractional timeout', text: `{"signInTimeoutSeconds": 30.5}`, expect: /whole number of seconds/ },
    { name: 'NaN spelt as text', text: `{"provisioningTimeoutSeconds": "NaN"}`, expect: /whole number of seconds/ },
    { name: 'a huge number', text: `{"signInTimeoutSeconds": 1e309}`, expect: /at most 1800 seconds/ },
    {
      name: 'a boolean as an object',
      text: `{"alwaysFreshAuth": {"valueOf": true}}`,
      expect: /alwaysFreshAuth .*true or false/,
    },
    { name: 'an unknown mode', text: `{"mode": "god"}`, expect: /mode .*standard or kiosk/ },
    {
      name: 'a __proto__ key',
      text: `{"__proto__": {"polluted": true}, "tenant": "${TENANT}"}`,
      expect: /__proto__ .*is not a setting PIM Step-Up knows/,
    },
    {
      name: 'constructor and prototype keys',
      text: `{"constructor": {"prototype": {"isAdmin": true}}}`,
      expect: /constructor .*is not a setting/,
    },
    {
      name: 'a tenant with control characters',
      text: `{"tenant": "contoso.onmicrosoft.com\\u0000\\r\\nX-Evil: 1"}`,
      expect: /tenant .*GUID\) or a verified domain/,
    },
    { name: 'an unknown key with control and bidi characters', text: '{"mode\\u0000\\u001b[2J\\u202e": 1}', expect: /is not a setting/ },
    { name: 'a 2 MB tenant', text: `{"tenant": "${'a'.repeat(2 * 1024 * 1024)}.com"}`, expect: /tenant .*verified domain/ },
  ];
  for (const c of texts) {
    it(`refuses ${c.name} with a message naming the problem`, () => {
      const result = resolveSafely(userFile(c.text));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.message).toMatch(c.expect);
        // A pathological value is never echoed in full.
        expect(result.error.message.length).toBeLessThan(2000);
      }
    });
  }

  // KNOWN GAP in src/core/config/resolve-config.ts (objectLayer): an unknown key is echoed in full
  // in the issue path and message. `it.fails` keeps the gap visible and turns red once it is fixed.
  it('refuses a 70 000-character unknown key with a bounded message', () => {
    const result = resolveSafely(userFile(`{"${'k'.repeat(70_000)}": 1}`));
    expect(!result.ok && result.error.message).toMatch(/is not a setting/);
    expect(!result.ok && result.error.message.length).toBeLessThan(2000);
  });

  it('refuses JSON nested 100 000 levels deep without a stack overflow', () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const result = resolveSafely(userFile(text));
    expect(!result.ok && result.error.message).toMatch(/is not valid JSON|must contain one JSON object/);
    const nested = resolveSafely(userFile(`{"tenant":${'{"a":'.repeat(50_000)}"x"${'}'.repeat(50_000)}}`));
    expect(!nested.ok && nested.error.message).toMatch(/tenant/);
  });

  it('never half-applies a file: one bad key fails the whole file, and nothing of it is used', () => {
    const result = resolveSafely(userFile(JSON.stringify({ tenant: TENANT, clientId: CLIENT, mode: 'kiosk', logLevel: 'loud' })));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.issues?.map((i) => i.path)).toEqual([`logLevel (in ${USER_FILE})`]);
    // The same file without the bad key applies fully.
    const good = resolveSafely(userFile(JSON.stringify({ tenant: TENANT, clientId: CLIENT, mode: 'kiosk' })));
    expect(good.ok && (good.value as { mode: string; tenant: string }).mode).toBe('kiosk');
  });

  it('a locked machine value beats a hostile user file, and the override is reported, not used', () => {
    const machine = parseMachineConfig(JSON.stringify({ tenant: TENANT, clientId: CLIENT, mode: 'kiosk', locked: ['mode'] }), MACHINE_FILE);
    expect(machine.ok).toBe(true);
    if (!machine.ok) {
      return;
    }
    const result = resolveSafely({
      machine: machine.value,
      file: { path: USER_FILE, text: '{"mode":"standard"}' },
      env: { PIM_STEPUP_MODE: 'standard' },
      flags: { mode: 'standard' },
    });
    expect(result.ok && (result.value as { mode: string }).mode).toBe('kiosk');
    // Every overriding layer is reported. (The built-in default is listed too: cosmetic noise, see the report.)
    expect(result.ok && (result.value as { ignored: { layer: string }[] }).ignored.map((i) => i.layer)).toEqual(
      expect.arrayContaining(['env', 'file', 'flags']),
    );
  });

  it(`random files and random layers (seed ${String(seed)}) never throw and never yield a config that breaks its invariants`, () => {
    const rng = createRng(seed);
    let refused = 0;
    for (let i = 0; i < 800; i += 1) {
      const raw = randomValue(rng);
      const text = rng.chance(0.2) ? randomString(rng, 200) : jsonText(raw);
      const env: Record<string, string | undefined> = rng.chance(0.3)
        ? { PIM_STEPUP_TENANT: randomString(rng), PIM_STEPUP_SIGN_IN_TIMEOUT_SECONDS: randomString(rng, 5) }
        : {};
      const flags = rng.chance(0.3) ? { [rng.pick(['tenant', 'mode', 'demo', 'graphEndpoint', 'nope'])]: randomValue(rng) } : {};
      const result = resolveSafely({ file: { path: USER_FILE, text }, env, flags });
      if (result.ok) {
        const config = result.value as { authorityHost: string; graphEndpoint: string; mode: string; signInTimeoutSeconds: number };
        expect(new URL(config.authorityHost).protocol).toBe('https:');
        expect(new URL(config.graphEndpoint).protocol).toBe('https:');
        expect(['standard', 'kiosk']).toContain(config.mode);
        expect(config.signInTimeoutSeconds).toBeGreaterThanOrEqual(5);
      } else {
        refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(300);
  });
});

describe('machine configuration file', () => {
  const expectInvalid = (result: Result<unknown>, pattern: RegExp): void => {
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(ERROR_CODES).toContain(result.error.code);
      expect(result.error.code).toBe('config/invalid');
      expect(result.error.message).toContain(MACHINE_FILE);
      expect(result.error.message).toMatch(/will not start until it is fixed/);
      expect(result.error.message).toMatch(pattern);
      expect(result.error.message.length).toBeLessThan(2000);
    }
    expect(prototypeIsClean()).toBe(true);
  };

  const texts: readonly { name: string; text: string; expect: RegExp }[] = [
    { name: 'truncated JSON', text: '{"tenant": "contoso.onmicrosoft.com", "locked": ["ten', expect: /not valid JSON/ },
    { name: 'an empty file', text: '   \n', expect: /it is empty/ },
    { name: 'a BOM and nothing else', text: '\ufeff', expect: /it is empty/ },
    { name: 'an array', text: '[]', expect: /problem/ },
    { name: 'a __proto__ key at the top', text: '{"__proto__": {"polluted": true}}', expect: /__proto__/ },
    {
      name: 'a nested constructor.prototype',
      text: '{"allowedRoles": [{"constructor": {"prototype": {"isAdmin": true}}}]}',
      expect: /constructor|prototype/,
    },
    { name: 'a file larger than the limit', text: `{"$comment": "${'x'.repeat(MAX_MACHINE_CONFIG_BYTES)}"}`, expect: /larger than 64 KB/ },
    { name: 'an unknown key', text: '{"tenantId": "contoso.onmicrosoft.com"}', expect: /tenantId/ },
    {
      name: 'a lock of an unknown key',
      text: '{"tenant": "contoso.onmicrosoft.com", "locked": ["everything"]}',
      expect: /everything|locked/,
    },
    { name: 'a wrong type', text: '{"idleTimeoutMinutes": "soon"}', expect: /idleTimeoutMinutes/ },
    { name: 'deep nesting', text: `{"allowedRoles": ${'['.repeat(30_000)}${']'.repeat(30_000)}}`, expect: /allowedRoles|not valid JSON/ },
  ];
  for (const c of texts) {
    it(`refuses ${c.name}, naming the file and the problem`, () => {
      let result: Result<unknown> | undefined;
      expect(() => {
        result = parseMachineConfig(c.text, MACHINE_FILE);
      }).not.toThrow();
      expectInvalid(result ?? { ok: true, value: null }, c.expect);
    });
  }

  it('refuses non-text input from a broken reader', () => {
    expectInvalid(parseMachineConfig(Buffer.from('{}') as unknown as string, MACHINE_FILE), /not a text file/);
  });

  it('reports an unreadable file instead of treating the machine as unmanaged', () => {
    for (const code of ['EACCES', 'EISDIR', 'EIO']) {
      const result = loadMachineConfig({
        platform: 'linux',
        env: {},
        readFile: () => {
          throw Object.assign(new Error(`${code}: nope`), { code });
        },
      });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.message).toContain(code);
    }
    // A reader that throws something that is not an Error is still reported.
    const odd = loadMachineConfig({
      platform: 'linux',
      env: {},
      readFile: () => {
        // The point of the case: a reader that throws a non-Error.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw 'a string';
      },
    });
    expect(!odd.ok && odd.error.code).toBe('config/invalid');
  });

  it(`random machine files (seed ${String(seed)}) never throw; accepted ones carry only managed keys on a prototype-free object`, () => {
    const rng = createRng(seed ^ 0x3ac);
    for (let i = 0; i < 800; i += 1) {
      const text = rng.chance(0.15) ? rng.pick(HOSTILE_STRINGS) : jsonText(randomValue(rng));
      let result: Result<{ values: Readonly<Record<string, unknown>>; locked: readonly string[] }> | undefined;
      expect(() => {
        result = parseMachineConfig(text, MACHINE_FILE);
      }).not.toThrow();
      if (result?.ok === true) {
        expect(Object.getPrototypeOf(result.value.values)).toBeNull();
        expect(Object.isFrozen(result.value.values)).toBe(true);
        // What it yields resolves without throwing too.
        resolveSafely({
          machine: { values: { ...result.value.values }, locked: result.value.locked, source: MACHINE_FILE },
          env: {},
          flags: {},
        });
      } else if (result !== undefined) {
        expect(result.error.code).toBe('config/invalid');
        expect(result.error.message).toContain(MACHINE_FILE);
      }
    }
    expect(prototypeIsClean()).toBe(true);
  });
});

describe('machine configuration: duplicate keys and bounded work', () => {
  const table = caseTable('Machine configuration: duplicate keys and bounded work');
  const refused = (text: string): string => {
    const result = parseMachineConfig(text, MACHINE_FILE);
    expect(result.ok, text.slice(0, 80)).toBe(false);
    return result.ok ? '' : result.error.message;
  };

  table.it('{"tenant":"a.com","locked":["tenant"],"tenant":"evil.com"}', 'refused, "tenant" named', () => {
    const message = refused('{"tenant":"a.com","locked":["tenant"],"tenant":"evil.com"}');
    expect(message).toMatch(/"tenant" is set more than once/);
  });
  table.it('duplicates nested or written with \\u escapes', 'refused, path named', () => {
    expect(refused('{"tenant":"a.com","t\\u0065nant":"evil.com"}')).toMatch(/"tenant" is set more than once/);
    expect(refused('{"allowedRoles":["x"],"$comment":{"a":1,"b":{"c":1,"c":2}}}')).toMatch(/\$comment\.b\.c: "c" is set more than once/);
  });
  table.it('equal keys in different objects, keys inside strings', 'not duplicates', () => {
    for (const text of [
      '{"a":{"k":1},"b":{"k":2}}',
      '[{"a":1},{"a":2}]',
      '{"a":"\\"a\\": 1, \\"a\\": 2","b":["a","a"]}',
      '{"a":[{"x":{"y":1}},{"x":{"y":1}}],"b":{"x":1}}',
      '{}',
      '"a"',
    ]) {
      expect(() => JSON.parse(text) as unknown, text).not.toThrow();
      expect(findDuplicateKeys(text), text).toEqual([]);
    }
    expect(findDuplicateKeys('{"a":[{"x":1,"x":2}]}')).toEqual([{ key: 'x', path: ['a', 0, 'x'] }]);
    expect(findDuplicateKeys('{"a":[1,{"x":1},{"y":1,"y":2}]}')).toEqual([{ key: 'y', path: ['a', 2, 'y'] }]);
    expect(findDuplicateKeys('{"a\\"":1,"a\\"":2}')).toEqual([{ key: 'a"', path: ['a"'] }]);
  });
  table.it(`random JSON (seed ${String(seed)})`, 'the scanner agrees with a re-serialization check', () => {
    const rng = createRng(seed ^ 0xd0b);
    for (let i = 0; i < 500; i += 1) {
      const value = randomValue(rng);
      const text = jsonText(value);
      if (text === '') {
        continue;
      }
      // JSON.stringify never writes a key twice, so valid output has no duplicates...
      expect(findDuplicateKeys(text), text).toEqual([]);
      // ...and repeating an object's first member makes exactly one.
      const doubled = text.replace(/^\{("(?:[^"\\]|\\.)*":(?:"(?:[^"\\]|\\.)*"|-?[\d.e+-]+|true|false|null)),/, '{$1,$1,');
      if (doubled !== text) {
        expect(findDuplicateKeys(doubled).length, doubled).toBe(1);
      }
    }
  });
  table.it('a file over 64 KB', 'refused before parsing', () => {
    expect(MAX_MACHINE_CONFIG_BYTES).toBe(64 * 1024);
    expect(refused(`{"$comment": "${'x'.repeat(MAX_MACHINE_CONFIG_BYTES)}"}`)).toMatch(/larger than 64 KB/);
  });
  table.it('64 KB of near-miss keys', 'answered within the wall-clock bar (milliseconds here), first 20 problems listed', () => {
    const keys: string[] = [];
    for (let index = 0; keys.join(',').length < MAX_MACHINE_CONFIG_BYTES - 2000; index += 1) {
      keys.push(`"tenan${String(index).padStart(5, '0')}x":1`);
    }
    const text = `{${keys.join(',')}}`;
    expect(text.length).toBeLessThan(MAX_MACHINE_CONFIG_BYTES);
    const started = performance.now();
    const message = refused(text);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(WALL_CLOCK_BAR_MS);
    expect(message).toMatch(/is not a known setting/);
    const result = parseMachineConfig(text, MACHINE_FILE);
    expect(result.ok ? 0 : (result.error.issues?.length ?? 0)).toBeLessThanOrEqual(21);
  });
  table.it('64 KB of one duplicated key', 'refused within the wall-clock bar (milliseconds here)', () => {
    const text = `{${Array.from({ length: 6000 }, () => '"a":1').join(',')}}`.slice(0, MAX_MACHINE_CONFIG_BYTES - 10);
    const valid = `${text.replace(/,[^,]*$/, '')}}`;
    const started = performance.now();
    expect(refused(valid)).toMatch(/"a" is set more than once/);
    expect(performance.now() - started).toBeLessThan(WALL_CLOCK_BAR_MS);
  });
});
