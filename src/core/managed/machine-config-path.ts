/**
 * Where the machine-wide configuration file lives on each operating system.
 *
 * Each place is writable only by administrators (ProgramData's ACLs, root-owned /Library and
 * /etc), which is what makes the file a policy rather than a preference: a standard user can
 * read it but cannot change it or put another one in its place.
 */
import path from 'node:path';

/** The environment variable that points the app at another machine file, honoured only when allowed (see `machineConfigPath`). */
export const MACHINE_CONFIG_OVERRIDE_ENV = 'PIM_STEPUP_MACHINE_CONFIG';

export type MachineConfigLocation = {
  readonly path: string;
  /** `standard` is the OS's place; `override` came from `PIM_STEPUP_MACHINE_CONFIG`. */
  readonly origin: 'standard' | 'override';
};

/**
 * The path of the machine configuration file for `platform`.
 *
 * Windows reads `%ProgramData%` from the environment (it is not always on C:), falling back to
 * `%ALLUSERSPROFILE%` and then `C:\ProgramData`. macOS and Linux use fixed paths.
 *
 * Why the override is opt-in: the machine file is what locks settings, so an environment
 * variable any user can set must not be able to swap it for a file of their own. The
 * composition root passes `allowOverride: true` only for unpackaged (development and test)
 * builds; packaged builds always read the standard place.
 */
export function machineConfigPath(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly allowOverride?: boolean } = {},
): MachineConfigLocation {
  const override = env[MACHINE_CONFIG_OVERRIDE_ENV];
  if (options.allowOverride === true && override !== undefined && override.trim() !== '') {
    return { path: override, origin: 'override' };
  }
  switch (platform) {
    case 'win32': {
      const programData = nonEmpty(env.ProgramData) ?? nonEmpty(env.PROGRAMDATA) ?? nonEmpty(env.ALLUSERSPROFILE) ?? 'C:\\ProgramData';
      return { path: path.win32.join(programData, 'PIM Step-Up', 'config.json'), origin: 'standard' };
    }
    case 'darwin':
      return { path: '/Library/Application Support/PIM Step-Up/config.json', origin: 'standard' };
    default:
      // Linux and the other Unixes follow the FHS: host-specific configuration lives in /etc.
      return { path: '/etc/pim-stepup/config.json', origin: 'standard' };
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
