/**
 * Splits a machine configuration between the engine's settings (which `resolveConfig` reads,
 * and which it would refuse policy keys among as unknown) and the policy the shell, the CLI
 * and the wizard enforce. The desktop app and the CLI share it so a policy-only machine file
 * works in both.
 */
import type { MachineConfig } from './machine-config';
import { POLICY_KEYS } from './machine-config-schema';

/** Shell-side policy from the machine file: what the engine's configuration does not cover. */
export type ShellPolicy = {
  readonly idleTimeoutMinutes?: number;
  readonly endSessionAfterActivation?: boolean;
  readonly signInSurface?: 'system-browser' | 'in-app-window';
};

/**
 * Splits the machine file: engine keys go to `resolveConfig`, policy keys stay with the shell
 * (resolveConfig would report them as unknown settings).
 */
export function splitMachineConfig(machine: MachineConfig | null): {
  readonly engine: MachineConfig | undefined;
  readonly policy: ShellPolicy;
} {
  if (machine === null) {
    return { engine: undefined, policy: {} };
  }
  const policyKeys = new Set<string>(POLICY_KEYS);
  const engineValues = Object.fromEntries(Object.entries(machine.values).filter(([key]) => !policyKeys.has(key)));
  const policy: Record<string, unknown> & ShellPolicy = {};
  for (const [key, value] of Object.entries(machine.values)) {
    if (policyKeys.has(key)) {
      policy[key] = value;
    }
  }
  return {
    engine: { values: engineValues, locked: machine.locked.filter((key) => !policyKeys.has(key)), source: machine.source },
    policy,
  };
}
