import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../../src/core/config/resolve-config';
import { loadMachineConfig, parseMachineConfig } from '../../../../src/core/managed/machine-config';
import type { MachineConfig } from '../../../../src/core/managed/machine-config';
import { isRoleAllowed, managedSettings } from '../../../../src/core/managed/managed-settings';
import type { EligibleRole } from '../../../../src/shared/domain/roles';
import type { Result } from '../../../../src/shared/result';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const EXCHANGE = '29232cdf-9323-42fd-ade2-1d097af3e4de';

function value<T>(result: Result<T>): T {
  if (!result.ok) {
    throw new Error(JSON.stringify(result.error));
  }
  return result.value;
}

function machine(json: unknown): MachineConfig {
  return value(parseMachineConfig(JSON.stringify(json), '/etc/pim-stepup/config.json'));
}

const exchange: Pick<EligibleRole, 'id' | 'displayName' | 'target'> = {
  id: `role:${EXCHANGE}:/`,
  displayName: 'Exchange Administrator',
  target: { kind: 'directoryRole', roleDefinitionId: EXCHANGE, directoryScopeId: '/' },
};
const group: Pick<EligibleRole, 'id' | 'displayName' | 'target'> = {
  id: 'group:11111111-2222-3333-4444-555555555555:member',
  displayName: 'PAW operators',
  target: { kind: 'group', groupId: '11111111-2222-3333-4444-555555555555', accessId: 'member' },
};

describe('managedSettings', () => {
  it('is empty for an unmanaged machine', () => {
    expect(managedSettings(null)).toEqual({ locked: [] });
  });

  it('returns the typed policy keys and only the locked policy keys', () => {
    const settings = managedSettings(
      machine({
        tenant: TENANT,
        mode: 'kiosk',
        allowedRoles: ['Exchange Administrator'],
        justificationTemplates: ['Incident {ticket}'],
        ticketSystem: 'ServiceNow',
        idleTimeoutMinutes: 5,
        endSessionAfterActivation: true,
        signInSurface: 'in-app-window',
        locked: ['tenant', 'allowedRoles', 'idleTimeoutMinutes'],
      }),
    );
    expect(settings).toEqual({
      allowedRoles: ['Exchange Administrator'],
      justificationTemplates: ['Incident {ticket}'],
      ticketSystem: 'ServiceNow',
      idleTimeoutMinutes: 5,
      endSessionAfterActivation: true,
      signInSurface: 'in-app-window',
      locked: ['allowedRoles', 'idleTimeoutMinutes'],
    });
  });

  it('ignores a hand-built config with invalid values instead of trusting them', () => {
    const forged: MachineConfig = { values: { idleTimeoutMinutes: -5, allowedRoles: 'all' }, locked: [], source: 'x' };
    expect(managedSettings(forged)).toEqual({ locked: [] });
  });
});

describe('isRoleAllowed', () => {
  it.each([
    [undefined, exchange, true],
    [['Exchange Administrator'], exchange, true],
    [['  exchange administrator '], exchange, true],
    [[EXCHANGE], exchange, true],
    [[EXCHANGE.toUpperCase()], exchange, true],
    [[`role:${EXCHANGE}:/`], exchange, true],
    [['Global Administrator'], exchange, false],
    [['Exchange'], exchange, false],
    [['PAW operators'], group, true],
    [['11111111-2222-3333-4444-555555555555'], group, true],
    [[EXCHANGE], group, false],
    [[], exchange, false],
  ] as const)('%j allows %s: %s', (allowed, role, expected) => {
    expect(isRoleAllowed(role, allowed)).toBe(expected);
  });
});

describe('contract with the engine: loadMachineConfig output feeds resolveConfig', () => {
  it('locked machine values win over the user file, environment and flags, and are reported as ignored', () => {
    const loaded = value(
      loadMachineConfig({
        platform: 'linux',
        env: {},
        readFile: () =>
          JSON.stringify({
            tenant: TENANT,
            clientId: CLIENT,
            mode: 'kiosk',
            allowedRoles: ['Exchange Administrator'],
            locked: ['tenant', 'mode'],
          }),
      }),
    );
    expect(loaded).not.toBeNull();
    const resolved = value(
      resolveConfig({
        machine: loaded ?? undefined,
        file: {
          path: '/home/ana/.config/pim-stepup/config.json',
          text: JSON.stringify({ tenant: 'fabrikam.onmicrosoft.com', mode: 'standard' }),
        },
        env: { PIM_STEPUP_MODE: 'standard' },
        flags: { mode: 'standard' },
      }),
    );
    expect(resolved.tenant).toBe(TENANT);
    expect(resolved.mode).toBe('kiosk');
    expect(resolved.clientId).toBe(CLIENT);
    // (The engine also lists its own built-in default as ignored; only user-facing layers matter here.)
    expect(
      resolved.ignored
        .filter((i) => i.layer !== 'default')
        .map((i) => `${i.key}:${i.layer}`)
        .sort(),
    ).toEqual(['mode:env', 'mode:file', 'mode:flags', 'tenant:file']);
  });

  it('unlocked machine values are defaults the user may override (the engine’s precedence)', () => {
    const loaded = machine({ tenant: TENANT, clientId: CLIENT, signInTimeoutSeconds: 120 });
    const resolved = value(resolveConfig({ machine: loaded, env: {}, flags: { signInTimeoutSeconds: 60 } }));
    expect(resolved.signInTimeoutSeconds).toBe(60);
    expect(resolved.tenant).toBe(TENANT);
  });

  it('every key the engine knows can be set in the machine file', () => {
    const loaded = machine({
      tenant: TENANT,
      clientId: CLIENT,
      cloud: 'usgov',
      mode: 'standard',
      signInTimeoutSeconds: 600,
      alwaysFreshAuth: true,
      provisioningTimeoutSeconds: 300,
      demo: false,
      logLevel: 'warn',
      locked: ['cloud', 'alwaysFreshAuth', 'demo'],
    });
    const resolved = value(resolveConfig({ machine: loaded, env: {}, flags: {} }));
    expect(resolved).toMatchObject({
      cloud: 'usgov',
      authorityHost: 'https://login.microsoftonline.us',
      signInTimeoutSeconds: 600,
      alwaysFreshAuth: true,
      provisioningTimeoutSeconds: 300,
      demo: false,
      logLevel: 'warn',
    });
  });
});
