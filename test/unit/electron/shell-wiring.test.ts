/**
 * The composition root's decisions, tested as pure functions: command-line switches, machine
 * policy, and how the engine's handlers and events are adapted for the shell.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  closeSignInWhenIdle,
  configFlagsFromArgv,
  decorateHandlers,
  kioskPolicyFrom,
  splitMachineConfig,
} from '../../../src/main/electron/shell-wiring';
import { DEFAULT_KIOSK_POLICY } from '../../../src/main/electron/kiosk';
import type { AppInfo } from '../../../src/shared/domain/app-info';
import { recordingHandlers } from './support/recording-handlers';
import { ok } from '../../../src/shared/result';

describe('configFlagsFromArgv', () => {
  it.each<[string[], Record<string, unknown>]>([
    [[], {}],
    [['--demo'], { demo: true }],
    [['--kiosk'], { mode: 'kiosk' }],
    [['--tenant', 'contoso.onmicrosoft.com', '--client-id=1111'], { tenant: 'contoso.onmicrosoft.com', clientId: '1111' }],
    [['--authority-host=https://login.example:8443'], { authorityHost: 'https://login.example:8443' }],
    [['--tenant', '--demo'], { demo: true }],
    [['--inspect=9229', '--enable-logging', '--no-sandbox', 'pim-stepup://activate?role=x'], {}],
    [['--unknown-setting', 'x', '--cloud', 'usgov'], { cloud: 'usgov' }],
  ])('%j → %j', (argv, flags) => {
    expect(configFlagsFromArgv(argv)).toEqual(flags);
  });

  // Windows hands the link to the app on its command line; what follows it (or a quote that ends it early) must not
  // become configuration. Every form: after the link, before it, glued with "=", quoted, upper-case scheme.
  it.each<string[]>([
    ['pim-stepup://activate?role=x', '--authority-host', 'https://login.evil.example'],
    ['pim-stepup://activate?role=x', '--authority-host=https://login.evil.example', '--arm-endpoint=https://arm.evil.example'],
    ['--graph-endpoint', 'https://graph.evil.example', 'pim-stepup://activate?role=x'],
    ['"PIM-STEPUP://activate?role=x"', '--tenant', 'evil.onmicrosoft.com', '--demo'],
    ['--mode=pim-stepup://activate', '--kiosk', '--client-id', '11111111-1111-1111-1111-111111111111'],
  ])('honours no configuration switch that arrives with a deep link: %j', (...argv) => {
    expect(configFlagsFromArgv(argv)).toEqual({});
    // The same switches without the link are honoured: the link alone is what turns them off.
    const without = argv.filter((arg) => !arg.toLowerCase().includes('pim-stepup:'));
    expect(Object.keys(configFlagsFromArgv(without)).length).toBeGreaterThan(0);
  });
});

describe('machine policy', () => {
  const machine = {
    values: {
      tenant: 'contoso.onmicrosoft.com',
      mode: 'kiosk',
      idleTimeoutMinutes: 3,
      endSessionAfterActivation: false,
      signInSurface: 'in-app-window',
    },
    locked: ['tenant', 'idleTimeoutMinutes'],
    source: '/etc/pim-stepup/config.json',
  };

  it('gives engine keys to resolveConfig and keeps policy keys for the shell', () => {
    const { engine, policy } = splitMachineConfig(machine);
    expect(engine).toEqual({ values: { tenant: 'contoso.onmicrosoft.com', mode: 'kiosk' }, locked: ['tenant'], source: machine.source });
    expect(policy).toEqual({ idleTimeoutMinutes: 3, endSessionAfterActivation: false, signInSurface: 'in-app-window' });
  });

  it('an unmanaged machine has no machine layer and no policy', () => {
    expect(splitMachineConfig(null)).toEqual({ engine: undefined, policy: {} });
  });

  it('kiosk policy follows the machine where it speaks, defaults elsewhere', () => {
    expect(kioskPolicyFrom({})).toEqual(DEFAULT_KIOSK_POLICY);
    expect(kioskPolicyFrom({ idleTimeoutMinutes: 3, endSessionAfterActivation: false })).toEqual({
      ...DEFAULT_KIOSK_POLICY,
      idleMinutes: 3,
    });
  });
});

const INFO: AppInfo = {
  version: '0.1.0',
  tenant: { kind: 'simulated', tenantId: 't', cloud: 'custom', authorityHost: 'https://localhost:1', graphEndpoint: 'https://localhost:2' },
  mode: 'kiosk',
  adminCenterUrl: null,
  securityInfoUrl: null,
  firstRun: false,
  signInSurface: 'system-browser',
  signInStorage: { persisted: false, reason: 'Kiosk mode keeps tokens in memory only.' },
  policy: {
    justificationTemplates: [],
    ticketSystem: null,
    endSessionAfterActivation: true,
    idleTimeoutMinutes: 10,
    guidedByDefault: true,
    allowedRolesRestricted: false,
  },
};

/** The engine's handlers, recording calls; app:get-info answers INFO. */
const engineHandlers = () => recordingHandlers({ 'app:get-info': INFO });

describe('decorateHandlers', () => {
  it('reports the sign-in surface the shell really uses', async () => {
    const { handlers } = engineHandlers();
    const info = await decorateHandlers(handlers, { signInSurface: 'in-app-window' })['app:get-info']();
    expect(info).toEqual(ok({ ...INFO, signInSurface: 'in-app-window' }));
  });

  it('without kiosk decorations, sign-out and activate are the engine’s own', async () => {
    const { handlers, calls } = engineHandlers();
    const decorated = decorateHandlers(handlers, { signInSurface: 'system-browser' });
    expect(decorated['auth:sign-out']).toBe(handlers['auth:sign-out']);
    expect(decorated['activation:activate']).toBe(handlers['activation:activate']);
    expect(decorated['roles:list']).toBe(handlers['roles:list']);
    await decorated['auth:sign-out']();
    expect(calls).toEqual(['auth:sign-out']);
  });

  it('kiosk: sign-out ends the whole session instead', async () => {
    const { handlers, calls } = engineHandlers();
    const endSession = vi.fn(() => Promise.resolve(ok(null)));
    const result = await decorateHandlers(handlers, { signInSurface: 'in-app-window', endSession })['auth:sign-out']();
    expect(result).toEqual(ok(null));
    expect(endSession).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([]);
  });
});

describe('closeSignInWhenIdle', () => {
  it('forwards every event and closes the sign-in window when the engine stops waiting', () => {
    const sink = vi.fn();
    const close = vi.fn();
    const emit = closeSignInWhenIdle(sink, close);
    emit('sign-in:state', { phase: 'waiting', purpose: 'step-up', contexts: [], startedAt: 'a', timeoutAt: 'b' });
    expect(close).not.toHaveBeenCalled();
    emit('session:changed', null);
    emit('sign-in:state', { phase: 'idle' });
    expect(close).toHaveBeenCalledTimes(1);
    expect(sink).toHaveBeenCalledTimes(3);
  });
});
