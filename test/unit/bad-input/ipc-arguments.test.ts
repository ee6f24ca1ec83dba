/**
 * Hostile IPC traffic through the real router and the real argument schemas: random values,
 * prototype-pollution keys, huge strings, deep nesting, wrong types per channel, foreign
 * senders. Every call must resolve to a Result (never throw), every refusal must say why, and
 * a refused call must have no side effect: the handler never runs, and with the real engine
 * behind the router, no HTTP request is made and no event is emitted.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../../src/core/config/resolve-config';
import { createEngine } from '../../../src/core/engine/create-engine';
import { createEngineHandlers } from '../../../src/main/ipc/engine-handlers';
import type { IpcHandlers, IpcSender } from '../../../src/main/ipc/ipc-router';
import { createIpcRouter } from '../../../src/main/ipc/ipc-router';
import { createLogger } from '../../../src/core/logging/logger';
import type { FetchLike } from '../../../src/core/net/fetch-like';
import { ERROR_CODES } from '../../../src/shared/errors';
import type { InvokeChannel } from '../../../src/shared/ipc/contract';
import { INVOKE_CHANNELS, invokeArgSchemas } from '../../../src/shared/ipc/schemas';
import { ok } from '../../../src/shared/result';
import {
  announceSeed,
  createRng,
  deeplyNested,
  HOSTILE_STRINGS,
  prototypeIsClean,
  randomString,
  randomValue,
  runSeed,
} from './support/random';
import { WALL_CLOCK_BAR_MS } from '../../support/time-bar';

const APP = 'app://pim-stepup';
const legit: IpcSender = { frameUrl: 'app://pim-stepup/index.html', isMainFrame: true };
const seed = runSeed();
announceSeed('ipc-arguments', seed);

function recordingRouter() {
  const calls: { channel: InvokeChannel; args: unknown[] }[] = [];
  const unexpected: unknown[] = [];
  const handlers = Object.fromEntries(
    INVOKE_CHANNELS.map((channel) => [
      channel,
      (...args: unknown[]) => {
        calls.push({ channel, args });
        return Promise.resolve(ok(null));
      },
    ]),
  ) as unknown as IpcHandlers;
  const router = createIpcRouter(handlers, { trustedOrigins: [APP], onUnexpected: (_c, cause) => unexpected.push(cause) });
  return { router, calls, unexpected };
}

const validRequest = () => ({ roleIds: ['role:62e90394-69f5-4237-9190-012177145e10:/'], duration: 'PT1H', justification: 'Incident 42' });

/** One valid argument list per channel (channels without arguments take none), to contrast with the hostile ones. */
const WITH_ARGS: Partial<Record<InvokeChannel, readonly unknown[]>> = {
  'activation:plan': [validRequest()],
  'activation:activate': [validRequest()],
  'activation:deactivate': [{ roleId: 'role:62e90394-69f5-4237-9190-012177145e10:/' }],
  'activation:request-extension': [
    { roleId: 'role:b0f54661-2d74-4c50-afa3-1ec803f12efe:/', duration: 'PT8H', justification: 'Quarter-end invoices' },
  ],
  'activation:cancel-request': [{ requestId: '5d1b8a0e-0d3c-4f7e-9a51-2b8c6e4f1a90', kind: 'directoryRole' }],
  'setup:connect-tenant': [{ tenant: 'contoso.onmicrosoft.com', clientId: '0b4c8f2e-2a3d-4e5f-8a9b-1c2d3e4f5a6b', cloud: 'public' }],
  'tray:set-favourites': [[{ id: 'role:62e90394-69f5-4237-9190-012177145e10:/', displayName: 'Reports Reader' }]],
};
const validArgs = (channel: InvokeChannel): unknown[] => [...(WITH_ARGS[channel] ?? [])];

describe('the valid-arguments table', () => {
  it('has accepted arguments for every channel of the contract (a new channel with arguments needs an entry)', () => {
    for (const channel of INVOKE_CHANNELS) {
      expect(invokeArgSchemas[channel].safeParse(validArgs(channel)).success, channel).toBe(true);
    }
  });
});

function expectRefusal(
  result: Awaited<ReturnType<ReturnType<typeof createIpcRouter>['dispatch']>>,
  code: 'ipc/invalid-args' | 'ipc/untrusted-sender',
  boundedIssues = true,
): void {
  expect(result.ok).toBe(false);
  if (result.ok) {
    return;
  }
  expect(result.error.code).toBe(code);
  expect(ERROR_CODES).toContain(result.error.code);
  expect(result.error.message.length).toBeGreaterThan(10);
  expect(result.error.message.length).toBeLessThan(300);
  if (code === 'ipc/invalid-args' && boundedIssues && result.error.message.startsWith('The request was malformed')) {
    // Names what was wrong, per field, bounded (never an echo of a 70 kB string).
    expect(result.error.issues?.length).toBeGreaterThan(0);
    for (const issue of result.error.issues ?? []) {
      expect(issue.message.length).toBeLessThan(300);
      expect(issue.path.length).toBeLessThan(300);
    }
  }
}

describe('random argument lists on every channel', () => {
  it('never throws, and runs a handler only for arguments its schema accepts', async () => {
    const rng = createRng(seed);
    const { router, calls } = recordingRouter();
    let refused = 0;
    for (let i = 0; i < 1500; i += 1) {
      const channel = rng.pick(INVOKE_CHANNELS);
      const args = Array.from({ length: rng.int(3) }, () => randomValue(rng));
      const before = calls.length;
      const result = await router.dispatch(channel, legit, args);
      const accepted = invokeArgSchemas[channel].safeParse(args).success;
      if (accepted) {
        expect(result.ok, `${channel} ${JSON.stringify(args)}`).toBe(true);
        expect(calls.length).toBe(before + 1);
      } else {
        expectRefusal(result, 'ipc/invalid-args');
        expect(calls.length, `handler ran for refused ${channel}`).toBe(before);
        refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(1000);
    expect(prototypeIsClean()).toBe(true);
  });

  it('refuses mutated valid requests field by field (wrong types, huge and control-character strings)', async () => {
    const rng = createRng(seed ^ 0x1234);
    const { router, calls } = recordingRouter();
    const mutations: readonly ((r: Record<string, unknown>) => void)[] = [
      (r) => (r.roleIds = randomValue(rng)),
      (r) => (r.roleIds = []),
      (r) => (r.roleIds = Array.from({ length: 51 }, (_, n) => `role:${String(n)}`)),
      (r) => (r.roleIds = ['']),
      (r) => (r.roleIds = ['x'.repeat(401)]),
      (r) => (r.duration = rng.pick(['P', 'PT', 'PT1S', '1h', 'P1Y', 'PT-1H', '', 'PT1H\n', rng.pick(HOSTILE_STRINGS)])),
      (r) => (r.justification = 'x'.repeat(501 + rng.int(100_000))),
      (r) => (r.justification = `ok\u0000${randomString(rng, 10)}`),
      (r) => (r.justification = `ok\u001b[2J`),
      (r) => (r.ticketNumber = 5),
      (r) => (r.ticketSystem = { toString: 'x' }),
      (r) => (r.extra = true),
      (r) => (r.isValidationOnly = false),
      (r) => delete r.justification,
      (r) => delete r.roleIds,
    ];
    for (let i = 0; i < 300; i += 1) {
      const request: Record<string, unknown> = validRequest();
      rng.pick(mutations)(request);
      const channel = rng.pick(['activation:plan', 'activation:activate'] as const);
      expectRefusal(await router.dispatch(channel, legit, [request]), 'ipc/invalid-args');
    }
    expect(calls).toHaveLength(0);
  });
});

describe('crafted hostile arguments', () => {
  // `knownGap` marks a gap in src/main/ipc/ipc-router.ts: the case runs as `it.fails`, visible
  // while the gap exists and red once it is closed (then drop the flag). None is open now.
  const crafted: readonly { name: string; channel: string; args: () => unknown[]; knownGap?: true }[] = [
    {
      name: 'a __proto__ key from JSON.parse',
      channel: 'activation:activate',
      args: () => [JSON.parse(`{"__proto__":{"isAdmin":true},${JSON.stringify(validRequest()).slice(1)}`) as unknown],
    },
    {
      name: 'a constructor.prototype key',
      channel: 'activation:plan',
      args: () => [{ ...validRequest(), constructor: { prototype: { isAdmin: true } } }],
    },
    {
      name: 'a __proto__ key on deactivate',
      channel: 'activation:deactivate',
      args: () => [JSON.parse('{"roleId":"r","__proto__":{"polluted":1}}') as unknown],
    },
    {
      name: 'a role list that is an object with length',
      channel: 'activation:activate',
      args: () => [{ ...validRequest(), roleIds: { length: 1, 0: 'role:x' } }],
    },
    {
      name: 'a 10 MB justification',
      channel: 'activation:activate',
      args: () => [{ ...validRequest(), justification: 'j'.repeat(10 * 1024 * 1024) }],
    },
    {
      name: '100 000 role ids',
      channel: 'activation:plan',
      args: () => [{ ...validRequest(), roleIds: Array.from({ length: 100_000 }, (_, n) => `role:${String(n)}`) }],
    },
    { name: 'arrays nested 10 000 deep', channel: 'activation:activate', args: () => [deeplyNested(10_000, 'array')] },
    {
      name: 'objects nested 10 000 deep in a field',
      channel: 'activation:plan',
      args: () => [{ ...validRequest(), ticketNumber: deeplyNested(10_000, 'object') }],
    },
    {
      name: 'a 100 000-character unknown key',
      channel: 'activation:activate',
      args: () => [{ ...validRequest(), ['k'.repeat(100_000)]: 1 }],
    },
    { name: 'arguments on a no-argument channel', channel: 'auth:sign-out', args: () => [{ force: true }] },
    { name: 'a trailing extra argument', channel: 'activation:activate', args: () => [validRequest(), 'extra'] },
    { name: 'no argument at all', channel: 'activation:activate', args: () => [] },
    { name: 'null', channel: 'activation:deactivate', args: () => [null] },
    {
      name: 'an extension for a year',
      channel: 'activation:request-extension',
      args: () => [{ ...(validArgs('activation:request-extension')[0] as object), duration: 'P365D' }],
    },
    {
      name: 'an extension without a Reason',
      channel: 'activation:request-extension',
      args: () => [{ ...(validArgs('activation:request-extension')[0] as object), justification: ' ' }],
    },
    {
      name: 'an extension with a 501-character Reason',
      channel: 'activation:request-extension',
      args: () => [{ ...(validArgs('activation:request-extension')[0] as object), justification: 'r'.repeat(501) }],
    },
    {
      name: 'an extension with an extra key',
      channel: 'activation:request-extension',
      args: () => [{ ...(validArgs('activation:request-extension')[0] as object), ticketNumber: 'T-1' }],
    },
    {
      name: 'an extra key on a tenant connection',
      channel: 'setup:connect-tenant',
      args: () => [{ tenant: 'contoso.onmicrosoft.com', clientId: 'x', authorityHost: 'https://evil.example' }],
    },
    { name: 'a 100 000-character tenant', channel: 'setup:connect-tenant', args: () => [{ tenant: 'a'.repeat(100_000), clientId: 'x' }] },
    { name: 'an unknown cloud', channel: 'setup:connect-tenant', args: () => [{ tenant: 't', clientId: 'x', cloud: 'mars' }] },
    { name: 'a string instead of the object', channel: 'activation:deactivate', args: () => ['role:x'] },
    { name: 'a Date', channel: 'activation:plan', args: () => [new Date()] },
    {
      name: 'a getter that throws',
      channel: 'activation:activate',
      args: () => [
        Object.defineProperty({ ...validRequest() }, 'duration', {
          get: () => {
            throw new Error('boom');
          },
          enumerable: true,
        }),
      ],
    },
    {
      name: 'a Proxy that throws on every trap',
      channel: 'activation:plan',
      args: () => [
        new Proxy(
          {},
          {
            get: () => {
              throw new Error('trap');
            },
            ownKeys: () => {
              throw new Error('trap');
            },
            getPrototypeOf: () => {
              throw new Error('trap');
            },
          },
        ),
      ],
    },
    { name: 'an array with holes', channel: 'activation:activate', args: () => [{ ...validRequest(), roleIds: new Array<string>(3) }] },
    { name: 'a sparse args list', channel: 'activation:deactivate', args: () => new Array<unknown>(2) },
  ];
  for (const c of crafted) {
    (c.knownGap === true ? it.fails : it)(
      `refuses ${c.name}${c.knownGap === true ? ' (KNOWN GAP in ipc-router)' : ''} with a precise message and no side effect`,
      async () => {
        const { router, calls } = recordingRouter();
        const started = Date.now();
        const result = await router.dispatch(c.channel, legit, c.args());
        expectRefusal(result, 'ipc/invalid-args');
        expect(calls).toHaveLength(0);
        expect(Date.now() - started).toBeLessThan(WALL_CLOCK_BAR_MS);
        expect(prototypeIsClean()).toBe(true);
      },
    );
  }

  it('refuses unknown and prototype-named channels without echoing long names', async () => {
    const { router, calls } = recordingRouter();
    for (const channel of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '',
      'activation:activate ',
      'ACTIVATION:ACTIVATE',
      'x'.repeat(100_000),
    ]) {
      const result = await router.dispatch(channel, legit, []);
      expectRefusal(result, 'ipc/invalid-args');
      expect(!result.ok && result.error.message.length).toBeLessThan(120);
    }
    expect(calls).toHaveLength(0);
  });

  it('refuses valid arguments from random and look-alike senders before parsing them', async () => {
    const rng = createRng(seed ^ 0x5e4d);
    const { router, calls } = recordingRouter();
    const lookAlikes = [
      'app://pim-stepup.evil.com/index.html',
      'app://evil/pim-stepup',
      'app://pim-stepup@evil.com/',
      'app://PIM-STEPUP.evil/',
      'https://pim-stepup/',
      'app:pim-stepup/index.html',
      'file:///app/pim-stepup/index.html',
      'about:blank',
      'data:text/html,app://pim-stepup',
      'blob:app://pim-stepup/uuid',
      'javascript:app://pim-stepup',
    ];
    for (let i = 0; i < 300; i += 1) {
      const sender: IpcSender = rng.chance(0.5)
        ? { frameUrl: rng.chance(0.5) ? rng.pick(lookAlikes) : randomString(rng), isMainFrame: true }
        : { frameUrl: rng.chance(0.2) ? null : legit.frameUrl, isMainFrame: false };
      const channel = rng.pick(INVOKE_CHANNELS);
      expectRefusal(await router.dispatch(channel, sender, validArgs(channel)), 'ipc/untrusted-sender');
    }
    expect(calls).toHaveLength(0);
  });

  it('turns handlers that throw or reject anything into `unexpected`, never a throw', async () => {
    const throwing: unknown[] = [new Error('boom'), 'a string', null, undefined, { code: 'auth/failed' }, Object.create(null)];
    for (const thrown of throwing) {
      const seen: unknown[] = [];
      const handlers = Object.fromEntries(
        INVOKE_CHANNELS.map((channel) => [
          channel,
          () =>
            thrown instanceof Error
              ? Promise.reject(thrown)
              : (() => {
                  throw thrown;
                })(),
        ]),
      ) as unknown as IpcHandlers;
      const router = createIpcRouter(handlers, { trustedOrigins: [APP], onUnexpected: (_c, cause) => seen.push(cause) });
      for (const channel of INVOKE_CHANNELS) {
        const result = await router.dispatch(channel, legit, validArgs(channel));
        expect(!result.ok && result.error.code).toBe('unexpected');
        expect(!result.ok && result.error.message).toMatch(/Nothing was lost/);
      }
      expect(seen).toHaveLength(INVOKE_CHANNELS.length);
    }
  });
});

describe('the real engine behind the router', () => {
  const requests: string[] = [];
  const events: string[] = [];
  const logs: string[] = [];
  const fetch: FetchLike = (input) => {
    requests.push(String(input instanceof Request ? input.url : input));
    return Promise.reject(new TypeError('network disabled in this test'));
  };
  const config: ResolvedConfig = {
    tenant: '11111111-2222-3333-4444-555555555555',
    clientId: '66666666-7777-8888-9999-000000000000',
    cloud: 'custom',
    authorityHost: 'https://login.invalid',
    graphEndpoint: 'https://graph.invalid',
    armEndpoint: 'https://management.invalid',
    armAudience: 'https://management.azure.com/',
    mode: 'standard',
    signInTimeoutSeconds: 15,
    alwaysFreshAuth: false,
    provisioningTimeoutSeconds: 5,
    demo: false,
    logLevel: 'debug',
    extraCaPem: [],
    sources: {},
    ignored: [],
  };
  const engine = createEngine({
    config,
    fetch,
    openBrowser: () => Promise.reject(new Error('no browser in this test')),
    emit: (channel) => events.push(channel),
    logger: createLogger({ level: 'debug', sink: (r) => logs.push(r.message) }),
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('refused calls reach neither the network nor the event stream nor the log', async () => {
    const rng = createRng(seed ^ 0xe4e);
    const router = createIpcRouter(createEngineHandlers(engine), { trustedOrigins: [APP] });
    for (let i = 0; i < 400; i += 1) {
      const channel = rng.pick([
        'activation:plan',
        'activation:activate',
        'activation:deactivate',
        'auth:sign-in',
        'auth:sign-out',
        'roles:list',
      ] as const);
      let args = [randomValue(rng), randomValue(rng)];
      if (invokeArgSchemas[channel].safeParse(args).success) {
        args = [...args, 'extra'];
      }
      const sender = rng.chance(0.3) ? { frameUrl: 'https://evil.example/', isMainFrame: true } : legit;
      const result = await router.dispatch(channel, sender, args);
      expect(result.ok).toBe(false);
    }
    expect(requests).toEqual([]);
    expect(events).toEqual([]);
    expect(logs).toEqual([]);
  });

  it('an accepted call with the network down still answers with a Result, not a throw', async () => {
    const router = createIpcRouter(createEngineHandlers(engine), { trustedOrigins: [APP] });
    const result = await router.dispatch('roles:list', legit, []);
    expect(result.ok).toBe(false);
    expect(!result.ok && ERROR_CODES.includes(result.error.code)).toBe(true);
    expect(!result.ok && result.error.message).not.toMatch(/TypeError|at .*\(|undefined/);
  });
});

describe('cancelling an Azure request', () => {
  const parse = (requestId: string, kind = 'azureResource') =>
    invokeArgSchemas['activation:cancel-request'].safeParse([{ requestId, kind }]).success;
  const NAME = '9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
  const AT = '/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/';

  it('accepts the full ARM id at every kind of scope', () => {
    expect(parse(`/providers/Microsoft.Management/managementGroups/contoso-platform${AT}${NAME}`)).toBe(true);
    expect(parse(`/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11${AT}${NAME}`)).toBe(true);
    expect(parse(`/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/resourceGroups/rg-app${AT}${NAME}`)).toBe(true);
    expect(
      parse(
        `/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app${AT}${NAME}`,
      ),
    ).toBe(true);
  });

  it('refuses a bare name, a traversal, a query, another provider, and a Graph id given as Azure (or the reverse)', () => {
    expect(parse(NAME)).toBe(false);
    expect(parse(`/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/../..${AT}${NAME}`)).toBe(false);
    expect(parse(`/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11${AT}${NAME}?api-version=1`)).toBe(false);
    expect(parse(`/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/providers/Microsoft.Authorization/roleAssignments/${NAME}`)).toBe(
      false,
    );
    expect(parse(`/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11${AT}${NAME}`, 'directoryRole')).toBe(false);
    expect(parse(`/subscriptions/not-a-guid${AT}${NAME}`)).toBe(false);
    expect(parse(`/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/resourceGroups/..${AT}${NAME}`)).toBe(false);
    expect(parse(`/providers/Microsoft.Management/managementGroups/.${AT}${NAME}`)).toBe(false);
  });
});
