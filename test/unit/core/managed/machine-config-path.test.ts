import { describe, expect, it } from 'vitest';
import { MACHINE_CONFIG_OVERRIDE_ENV, machineConfigPath } from '../../../../src/core/managed/machine-config-path';

describe('machineConfigPath', () => {
  it.each([
    ['win32', { ProgramData: 'C:\\ProgramData' }, 'C:\\ProgramData\\PIM Step-Up\\config.json'],
    ['win32', { ProgramData: 'D:\\Data' }, 'D:\\Data\\PIM Step-Up\\config.json'],
    ['win32', { PROGRAMDATA: 'E:\\PD' }, 'E:\\PD\\PIM Step-Up\\config.json'],
    ['win32', { ALLUSERSPROFILE: 'F:\\All' }, 'F:\\All\\PIM Step-Up\\config.json'],
    ['win32', {}, 'C:\\ProgramData\\PIM Step-Up\\config.json'],
    ['win32', { ProgramData: '   ' }, 'C:\\ProgramData\\PIM Step-Up\\config.json'],
    ['darwin', {}, '/Library/Application Support/PIM Step-Up/config.json'],
    ['linux', {}, '/etc/pim-stepup/config.json'],
    ['freebsd', {}, '/etc/pim-stepup/config.json'],
  ] as const)('%s with %o → %s', (platform, env, expected) => {
    expect(machineConfigPath(platform, env)).toEqual({ path: expected, origin: 'standard' });
  });

  it('ignores the override variable unless the composition root allows it', () => {
    const env = { [MACHINE_CONFIG_OVERRIDE_ENV]: '/home/user/evil.json' };
    expect(machineConfigPath('linux', env).path).toBe('/etc/pim-stepup/config.json');
    expect(machineConfigPath('linux', env, { allowOverride: false }).path).toBe('/etc/pim-stepup/config.json');
    expect(machineConfigPath('linux', env, { allowOverride: true })).toEqual({ path: '/home/user/evil.json', origin: 'override' });
  });

  it('treats an empty override as absent even when allowed', () => {
    expect(machineConfigPath('darwin', { [MACHINE_CONFIG_OVERRIDE_ENV]: ' ' }, { allowOverride: true }).origin).toBe('standard');
  });
});
