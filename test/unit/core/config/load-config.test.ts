/**
 * The one configuration loader the desktop app and the CLI share: machine file, user file, environment and flags in
 * one order, the machine's locks over all of them, the policy split off, and every failure as `config/invalid`.
 * Files come from an in-memory map (the loader takes its reader as a port).
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/core/config/load-config';
import type { LoadConfigOptions } from '../../../../src/core/config/load-config';

const MACHINE = '/etc/pim-stepup/config.json';
const USER = '/home/ada/.config/pim-stepup/config.json';
const TENANT = 'contoso.onmicrosoft.com';
const CLIENT = '11111111-2222-3333-4444-555555555555';

function reader(files: Readonly<Record<string, string>>): LoadConfigOptions['readFile'] {
  return (file) => {
    const text = files[file];
    if (text === undefined) {
      throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' });
    }
    return text;
  };
}

function load(files: Readonly<Record<string, string>>, rest: Partial<LoadConfigOptions> = {}) {
  return loadConfig({
    platform: 'linux',
    env: {},
    readFile: reader(files),
    userFile: { path: USER, explicit: false },
    flags: {},
    ...rest,
  });
}

describe('loadConfig', () => {
  it('layers the machine file, the user file, the environment and the flags in one order, and splits the policy off', () => {
    const machine = JSON.stringify({ cloud: 'usgov', idleTimeoutMinutes: 5, allowedRoles: ['Exchange Administrator'], locked: ['cloud'] });
    const user = JSON.stringify({ tenant: 'user.onmicrosoft.com', clientId: CLIENT, logLevel: 'warn', cloud: 'china' });
    const loaded = load({ [MACHINE]: machine, [USER]: user }, { env: { PIM_STEPUP_LOG_LEVEL: 'error' }, flags: { tenant: TENANT } });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const { config, policy, managed, managedSource, machineLocked, userFileRead } = loaded.value;
    expect(config).toMatchObject({ tenant: TENANT, clientId: CLIENT, cloud: 'usgov', logLevel: 'error' });
    expect(config.sources).toMatchObject({ tenant: 'flags', clientId: 'file', cloud: 'machine', logLevel: 'env' });
    expect(config.ignored).toContainEqual({ key: 'cloud', layer: 'file', reason: `locked by your administrator in ${MACHINE}` });
    expect(policy).toMatchObject({ idleTimeoutMinutes: 5 });
    expect(policy).not.toHaveProperty('tenant');
    expect(managed.allowedRoles).toEqual(['Exchange Administrator']);
    expect([managedSource, machineLocked, userFileRead]).toEqual([MACHINE, ['cloud'], true]);
  });

  it('lets machine policy set and lock every endpoint, the Azure Resource Manager one included', () => {
    const machine = JSON.stringify({
      tenant: TENANT,
      clientId: CLIENT,
      authorityHost: 'https://login.contoso.example',
      graphEndpoint: 'https://graph.contoso.example',
      armEndpoint: 'https://arm.contoso.example',
      locked: ['tenant', 'clientId', 'authorityHost', 'graphEndpoint', 'armEndpoint'],
    });
    const steer = {
      authorityHost: 'https://login.evil.example',
      graphEndpoint: 'https://graph.evil.example',
      armEndpoint: 'https://arm.evil.example',
    };
    const loaded = load(
      { [MACHINE]: machine, [USER]: JSON.stringify(steer) },
      {
        flags: steer,
        env: { PIM_STEPUP_ARM_ENDPOINT: 'https://arm.evil.example', PIM_STEPUP_GRAPH_ENDPOINT: 'https://graph.evil.example' },
      },
    );
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.config).toMatchObject({
      authorityHost: 'https://login.contoso.example',
      graphEndpoint: 'https://graph.contoso.example',
      armEndpoint: 'https://arm.contoso.example',
    });
    const ignoredArm = loaded.value.config.ignored.filter((entry) => entry.key === 'armEndpoint').map((entry) => entry.layer);
    expect(ignoredArm).toEqual(['flags', 'env', 'file']);
  });

  it('uses no user file when the default one is absent, but refuses a named one it cannot read', () => {
    const absent = load({});
    expect(absent.ok && [absent.value.userFileRead, absent.value.config.demo, absent.value.managedSource]).toEqual([false, true, null]);
    const named = load({}, { userFile: { path: '/tmp/mine.json', explicit: true } });
    expect(!named.ok && named.error.code).toBe('config/invalid');
    expect(!named.ok && named.error.message).toMatch(/^Cannot read the config file \/tmp\/mine\.json: ENOENT/);
  });

  it('stops on an invalid machine file or an invalid layer, naming where the problem is', () => {
    const badMachine = load({ [MACHINE]: '{"armEndpoint": "http://arm.contoso.example"}' });
    expect(!badMachine.ok && badMachine.error.message).toContain(MACHINE);
    expect(!badMachine.ok && badMachine.error.issues?.[0]?.path).toBe('armEndpoint');
    const badFlag = load({}, { flags: { armEndpoint: 'ftp://arm.example' } });
    expect(!badFlag.ok && badFlag.error.issues?.[0]?.path).toBe('armEndpoint (command-line flag --arm-endpoint)');
  });

  it('redirects the machine file only when allowed (unpackaged builds and tests)', () => {
    const other = '/tmp/policy.json';
    const files = { [other]: JSON.stringify({ tenant: TENANT, clientId: CLIENT }) };
    const env = { PIM_STEPUP_MACHINE_CONFIG: other };
    const allowed = load(files, { env, allowOverride: true });
    expect(allowed.ok && allowed.value.config.tenant).toBe(TENANT);
    const refused = load(files, { env });
    expect(refused.ok && refused.value.config.tenant).toBeNull();
  });
});
