/**
 * The one sequence that loads the layered configuration, for the desktop app and the CLI alike:
 * the machine file (an administrator's policy), split into the engine's keys and the shell's
 * policy; the user's JSON file if there is one; the environment; the command line; then
 * `resolveConfig` over all of them. The two front ends differ only in where the user file lives,
 * whether the machine file may be redirected (unpackaged builds and tests) and how their command
 * line becomes flags; the order and the rules are here once.
 */
import { appError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { MachineConfig, ReadTextFile } from '../managed/machine-config';
import { loadMachineConfig } from '../managed/machine-config';
import type { ManagedSettings } from '../managed/managed-settings';
import { managedSettings } from '../managed/managed-settings';
import type { ShellPolicy } from '../managed/split-machine-config';
import { splitMachineConfig } from '../managed/split-machine-config';
import type { ResolvedConfig } from './resolve-config';
import { resolveConfig } from './resolve-config';

export type LoadConfigOptions = {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: ReadTextFile;
  /** Honour `PIM_STEPUP_MACHINE_CONFIG` (unpackaged builds and tests only; see machine-config-path.ts). */
  readonly allowOverride?: boolean;
  /**
   * The user's configuration file. A default place that does not exist is simply not used; a file the
   * person named (`--config FILE`) must be readable.
   */
  readonly userFile: { readonly path: string; readonly explicit: boolean };
  /** Command-line settings, already mapped to configuration keys. */
  readonly flags: Readonly<Record<string, unknown>>;
};

export type LoadedConfig = {
  readonly config: ResolvedConfig;
  /** The machine file's shell policy (kiosk timings, sign-in surface). */
  readonly policy: ShellPolicy;
  /** The machine file's policy for the wizard and the CLI (allowed roles, templates, …). */
  readonly managed: ManagedSettings;
  /** The machine file's path when the machine is managed, else null. */
  readonly managedSource: string | null;
  /** The machine file's engine keys that are locked (for the first-run screen). */
  readonly machineLocked: readonly string[];
  /** Whether a user configuration file was read. */
  readonly userFileRead: boolean;
  /** The loaded machine file, null on an unmanaged machine. */
  readonly machine: MachineConfig | null;
};

/** Loads and resolves the configuration; every failure is `config/invalid` with a message that says what to fix. */
export function loadConfig(options: LoadConfigOptions): Result<LoadedConfig> {
  const machine = loadMachineConfig({
    platform: options.platform,
    env: options.env,
    readFile: options.readFile,
    ...(options.allowOverride === undefined ? {} : { allowOverride: options.allowOverride }),
  });
  if (!machine.ok) {
    return machine;
  }
  const { engine: machineForEngine, policy } = splitMachineConfig(machine.value);
  let file: { path: string; text: string } | undefined;
  try {
    file = { path: options.userFile.path, text: options.readFile(options.userFile.path) };
  } catch (cause) {
    if (options.userFile.explicit) {
      const reason = cause instanceof Error ? cause.message : 'unknown error';
      return err(appError('config/invalid', `Cannot read the config file ${options.userFile.path}: ${reason}.`));
    }
    file = undefined;
  }
  const resolved = resolveConfig({
    ...(machineForEngine === undefined ? {} : { machine: machineForEngine }),
    ...(file === undefined ? {} : { file }),
    env: { ...options.env },
    flags: { ...options.flags },
    platform: options.platform,
  });
  if (!resolved.ok) {
    return resolved;
  }
  return ok({
    config: resolved.value,
    policy,
    managed: managedSettings(machine.value),
    managedSource: machine.value?.source ?? null,
    machineLocked: machineForEngine?.locked ?? [],
    userFileRead: file !== undefined,
    machine: machine.value,
  });
}
