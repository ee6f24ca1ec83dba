import { describe, expect, it } from 'vitest';
import { MACHINE_CONFIG_OVERRIDE_ENV } from '../../../../src/core/managed/machine-config-path';
import { MAX_MACHINE_CONFIG_BYTES, loadMachineConfig, parseMachineConfig } from '../../../../src/core/managed/machine-config';
import type { MachineConfig } from '../../../../src/core/managed/machine-config';
import { MANAGED_KEYS } from '../../../../src/core/managed/machine-config-schema';
import type { Result } from '../../../../src/shared/result';
import type { AppError } from '../../../../src/shared/errors';

const SOURCE = '/etc/pim-stepup/config.json';

const FULL = {
  $schema: 'https://example.invalid/pim-stepup.schema.json',
  $comment: 'Deployed by Intune, ring 1',
  tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  cloud: 'public',
  authorityHost: 'https://login.microsoftonline.com',
  graphEndpoint: 'https://graph.microsoft.com/',
  mode: 'kiosk',
  allowedRoles: ['Exchange Administrator', '62e90394-69f5-4237-9190-012177145e10'],
  justificationTemplates: ['Change {ticket}: planned maintenance', 'Incident response'],
  ticketSystem: 'ServiceNow',
  idleTimeoutMinutes: 10,
  endSessionAfterActivation: true,
  signInSurface: 'in-app-window',
  locked: ['tenant', 'clientId', 'mode', 'allowedRoles'],
};

function fails(result: Result<unknown>): AppError {
  if (result.ok) {
    throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  }
  return result.error;
}

function succeeds<T>(result: Result<T>): T {
  if (!result.ok) {
    throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  }
  return result.value;
}

function enoent(): never {
  throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
}

describe('loadMachineConfig', () => {
  it('returns null when the standard file does not exist (an unmanaged machine)', () => {
    const reads: string[] = [];
    const result = loadMachineConfig({ platform: 'linux', env: {}, readFile: (p) => (reads.push(p), enoent()) });
    expect(succeeds(result)).toBeNull();
    expect(reads).toEqual([SOURCE]);
  });

  it('reads the Windows ProgramData path from the environment', () => {
    const reads: string[] = [];
    loadMachineConfig({ platform: 'win32', env: { ProgramData: 'D:\\PD' }, readFile: (p) => (reads.push(p), '{}') });
    expect(reads).toEqual(['D:\\PD\\PIM Step-Up\\config.json']);
  });

  it('returns values, locked keys and the source for a complete valid file', () => {
    const config = succeeds(loadMachineConfig({ platform: 'linux', env: {}, readFile: () => JSON.stringify(FULL) })) as MachineConfig;
    expect(config.source).toBe(SOURCE);
    expect(config.locked).toEqual(['tenant', 'clientId', 'mode', 'allowedRoles']);
    expect({ ...config.values }).toEqual({
      tenant: FULL.tenant,
      clientId: FULL.clientId,
      cloud: 'public',
      authorityHost: FULL.authorityHost,
      graphEndpoint: FULL.graphEndpoint,
      mode: 'kiosk',
      allowedRoles: FULL.allowedRoles,
      justificationTemplates: FULL.justificationTemplates,
      ticketSystem: 'ServiceNow',
      idleTimeoutMinutes: 10,
      endSessionAfterActivation: true,
      signInSurface: 'in-app-window',
    });
    // Annotations and `locked` itself are not configuration values.
    expect(Object.keys(config.values)).not.toContain('$comment');
    expect(Object.keys(config.values)).not.toContain('locked');
    expect(Object.isFrozen(config.values)).toBe(true);
    expect(Object.getPrototypeOf(config.values)).toBeNull();
  });

  it('accepts an empty object (managed, nothing set) and a UTF-8 byte order mark', () => {
    expect(succeeds(parseMachineConfig('{}', SOURCE))).toEqual({ values: {}, locked: [], source: SOURCE });
    const withBom = succeeds(parseMachineConfig(`\ufeff{"tenant":"contoso.onmicrosoft.com"}`, SOURCE));
    expect(withBom.values.tenant).toBe('contoso.onmicrosoft.com');
  });

  it('reports a file that exists but cannot be read instead of treating it as absent', () => {
    const error = fails(
      loadMachineConfig({
        platform: 'linux',
        env: {},
        readFile: () => {
          throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        },
      }),
    );
    expect(error.code).toBe('config/invalid');
    expect(error.message).toContain(SOURCE);
    expect(error.message).toContain('could not be read (EACCES)');
    expect(error.message).toContain('readable by all users');
    expect(error.message).toContain('will not start');
  });

  it('honours the override only when allowed, and a missing override file is an error', () => {
    const env = { [MACHINE_CONFIG_OVERRIDE_ENV]: '/tmp/test-config.json' };
    const reads: string[] = [];
    const readFile = (p: string): string => (reads.push(p), enoent());
    expect(succeeds(loadMachineConfig({ platform: 'linux', env, readFile }))).toBeNull();
    const error = fails(loadMachineConfig({ platform: 'linux', env, readFile, allowOverride: true }));
    expect(reads).toEqual([SOURCE, '/tmp/test-config.json']);
    expect(error.message).toContain('/tmp/test-config.json');
    expect(error.message).toContain('ENOENT');
  });
});

describe('parseMachineConfig refuses invalid files with a precise message', () => {
  const cases: readonly { name: string; text: string; path: string; message: RegExp }[] = [
    {
      name: 'an unknown key, with a suggestion',
      text: '{"idleTimeoutMinute": 5}',
      path: 'idleTimeoutMinute',
      message: /not a known setting; did you mean "idleTimeoutMinutes"\?/,
    },
    {
      name: 'an unknown key, without a near match',
      text: '{"theme": "blue"}',
      path: 'theme',
      message: /"theme" is not a known setting; remove it\. Known settings: tenant, clientId/,
    },
    {
      name: 'a wrong type',
      text: '{"idleTimeoutMinutes": "15"}',
      path: 'idleTimeoutMinutes',
      message: /must be a number of minutes, e\.g\. 15\. Found "15"\./,
    },
    { name: 'a fractional timeout', text: '{"idleTimeoutMinutes": 1.5}', path: 'idleTimeoutMinutes', message: /whole number of minutes/ },
    { name: 'a zero timeout', text: '{"idleTimeoutMinutes": 0}', path: 'idleTimeoutMinutes', message: /at least 1/ },
    { name: 'a huge timeout', text: '{"idleTimeoutMinutes": 100000}', path: 'idleTimeoutMinutes', message: /at most 1440/ },
    { name: 'a too-short sign-in timeout', text: '{"signInTimeoutSeconds": 4}', path: 'signInTimeoutSeconds', message: /at least 5/ },
    {
      name: 'a string log level',
      text: '{"logLevel": "verbose"}',
      path: 'logLevel',
      message: /"debug", "info", "warn" or "error"\. Found "verbose"/,
    },
    { name: 'a quoted demo flag', text: '{"demo": "false"}', path: 'demo', message: /true or false/ },
    {
      name: 'a quoted boolean',
      text: '{"endSessionAfterActivation": "true"}',
      path: 'endSessionAfterActivation',
      message: /true or false \(without quotes\)\. Found "true"\./,
    },
    { name: 'an unknown mode', text: '{"mode": "Kiosk"}', path: 'mode', message: /"standard" or "kiosk"\. Found "Kiosk"\./ },
    {
      name: 'an unknown cloud',
      text: '{"cloud": "azure"}',
      path: 'cloud',
      message: /cloud must be one of "public", "usgov", "usgov-dod", "china"\. Found "azure"\./,
    },
    { name: 'a multi-tenant alias', text: '{"tenant": "common"}', path: 'tenant', message: /multi-tenant alias; PIM needs one directory/ },
    { name: 'a malformed tenant', text: '{"tenant": "not a tenant"}', path: 'tenant', message: /directory \(tenant\) ID/ },
    { name: 'a non-GUID client id', text: '{"clientId": "my-app"}', path: 'clientId', message: /application \(client\) ID GUID/ },
    {
      name: 'an http authority',
      text: '{"authorityHost": "http://login.microsoftonline.com"}',
      path: 'authorityHost',
      message: /must use https:\/\//,
    },
    {
      name: 'an authority with a path',
      text: '{"authorityHost": "https://login.microsoftonline.com/contoso"}',
      path: 'authorityHost',
      message: /only scheme and host/,
    },
    {
      name: 'credentials in the graph endpoint',
      text: '{"graphEndpoint": "https://u:p@graph.microsoft.com"}',
      path: 'graphEndpoint',
      message: /no path, query, fragment or credentials/,
    },
    { name: 'a non-URL graph endpoint', text: '{"graphEndpoint": "graph"}', path: 'graphEndpoint', message: /not a URL/ },
    { name: 'an empty allowedRoles', text: '{"allowedRoles": []}', path: 'allowedRoles', message: /would allow no role at all/ },
    {
      name: 'a number in allowedRoles',
      text: '{"allowedRoles": ["Global Reader", 7]}',
      path: 'allowedRoles[1]',
      message: /role name or id must be text/,
    },
    {
      name: 'a duplicate role (case-insensitive)',
      text: '{"allowedRoles": ["Global Reader", "global reader"]}',
      path: 'allowedRoles[1]',
      message: /listed twice/,
    },
    {
      name: 'a bidi override in a template',
      text: '{"justificationTemplates": ["ok", "evil \\u202e text"]}',
      path: 'justificationTemplates[1]',
      message: /U\+202E at position 6; remove it/,
    },
    {
      name: 'a control character in ticketSystem',
      text: '{"ticketSystem": "Service\\u0000Now"}',
      path: 'ticketSystem',
      message: /U\+0000/,
    },
    {
      name: 'an over-long ticketSystem',
      text: JSON.stringify({ ticketSystem: 'x'.repeat(101) }),
      path: 'ticketSystem',
      message: /longer than 100 characters/,
    },
    { name: 'an empty ticketSystem', text: '{"ticketSystem": "  "}', path: 'ticketSystem', message: /must not be empty/ },
    {
      name: 'an unknown locked key',
      text: '{"locked": ["tenant", "theme"]}',
      path: 'locked[1]',
      message: /"theme" is not a setting that can be locked; use one of: tenant/,
    },
    {
      name: 'a misspelt locked key',
      text: '{"locked": ["tenat"]}',
      path: 'locked[0]',
      message: /"tenat" is not a setting that can be locked; did you mean "tenant"\?/,
    },
    { name: 'locking "locked"', text: '{"locked": ["locked"]}', path: 'locked[0]', message: /not a setting that can be locked/ },
    { name: 'a duplicate locked key', text: '{"locked": ["mode", "mode"]}', path: 'locked[1]', message: /listed twice in locked/ },
    { name: 'locked as a string', text: '{"locked": "tenant"}', path: 'locked', message: /list of key names.*Found "tenant"/ },
    {
      name: 'kiosk with the system browser',
      text: '{"mode": "kiosk", "signInSurface": "system-browser"}',
      path: 'signInSurface',
      message: /Kiosk mode signs in inside the app/,
    },
    { name: 'an array at the top', text: '[1,2]', path: '', message: /must be a JSON object.*Found a list/ },
    { name: 'null at the top', text: 'null', path: '', message: /must be a JSON object.*Found null/ },
    { name: 'a string at the top', text: '"tenant"', path: '', message: /must be a JSON object/ },
    {
      name: '__proto__ at the top',
      text: '{"__proto__": {"mode": "kiosk"}}',
      path: '__proto__',
      message: /"__proto__" is not allowed as a key/,
    },
    {
      name: 'constructor nested in garbage',
      text: '{"allowedRoles": [{"a": {"constructor": {"prototype": 1}}}]}',
      path: 'allowedRoles[0].a.constructor',
      message: /"constructor" is not allowed/,
    },
  ];

  it.each(cases)('$name', ({ text, path, message }) => {
    const error = fails(parseMachineConfig(text, SOURCE));
    expect(error.code).toBe('config/invalid');
    expect(error.retryable).toBe(false);
    const issue = error.issues?.find((i) => i.path === path);
    expect(issue, `issues were ${JSON.stringify(error.issues)}`).toBeDefined();
    expect(issue?.message).toMatch(message);
    // The summary names the file, the first problem, and that the app stops.
    expect(error.message).toContain(`The machine configuration ${SOURCE} is invalid`);
    expect(error.message).toContain('will not start until it is fixed');
  });

  it('reports every problem at once, not only the first', () => {
    const error = fails(parseMachineConfig('{"mode": 1, "cloud": 2, "tenant": 3, "extra": true}', SOURCE));
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['cloud', 'extra', 'mode', 'tenant']);
    expect(error.message).toContain('4 problems.');
  });

  it('gives the line and column of a JSON syntax error', () => {
    const error = fails(parseMachineConfig('{\n  "tenant": "contoso.onmicrosoft.com",\n}', SOURCE));
    expect(error.message).toMatch(/not valid JSON: .* at line 3, column 1\./);
    expect(error.message).toContain('trailing commas are not allowed');
  });

  it.each([
    ['an empty file', '', /it is empty/],
    ['only whitespace', ' \n\t', /it is empty/],
    ['a huge file', `{"$comment": "${'x'.repeat(MAX_MACHINE_CONFIG_BYTES)}"}`, /larger than 64 KB/],
    ['a binary file', '\u0000\u0001\u0002PK', /not valid JSON/],
  ])('refuses %s', (_name, text, message) => {
    expect(fails(parseMachineConfig(text, SOURCE)).message).toMatch(message);
  });

  it('never lets __proto__ change the prototype of the values it returns', () => {
    const error = fails(parseMachineConfig('{"tenant": "contoso.com", "__proto__": {"polluted": true}}', SOURCE));
    expect(error.code).toBe('config/invalid');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never crashes and always returns a Result, whatever the input (property loop)', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const atoms = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"tenant"',
      '"mode"',
      '"locked"',
      '"__proto__"',
      '1',
      'true',
      'null',
      '"kiosk"',
      '"\\u202e"',
      '"x"',
      ' ',
      '\n',
    ];
    const pick = (): string => atoms[Math.floor(random() * atoms.length)] ?? '';
    for (let i = 0; i < 2000; i += 1) {
      const text = Array.from({ length: 1 + Math.floor(random() * 30) }, pick).join('');
      const result = parseMachineConfig(text, SOURCE);
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) {
        expect(result.error.code).toBe('config/invalid');
        expect(result.error.message.length).toBeGreaterThan(20);
      } else {
        expect(Object.keys(result.value.values).every((k) => !['__proto__', 'constructor', 'prototype'].includes(k))).toBe(true);
      }
    }
  });

  it('refuses random valid JSON objects with wrong types on every key', () => {
    const keys = [...MANAGED_KEYS, 'locked'];
    const wrong = [null, {}, { nested: [1, { deep: 'x' }] }, -1, 1e308, '', [[]]];
    for (const key of keys) {
      for (const value of wrong) {
        const result = parseMachineConfig(JSON.stringify({ [key]: value }), SOURCE);
        expect(result.ok, `${key}=${JSON.stringify(value)}`).toBe(false);
        if (!result.ok) {
          expect(result.error.issues?.some((i) => i.path === key || i.path.startsWith(`${key}[`))).toBe(true);
        }
      }
    }
  });
});

describe('parseMachineConfig against deeply nested garbage', () => {
  it.each([
    ['arrays at the top', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['objects under a key', `{"allowedRoles": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`],
    ['a poison key deep down', `{"justificationTemplates": [${'['.repeat(200)}{"__proto__": 1}${']'.repeat(200)}]}`],
  ])('refuses %s without a stack overflow', (_name, text) => {
    const result = parseMachineConfig(text, SOURCE);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('config/invalid');
    }
  });
});
