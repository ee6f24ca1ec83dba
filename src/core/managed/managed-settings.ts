/**
 * The machine policy the shell and the wizard enforce, typed: allowed roles, justification
 * templates, ticket system, kiosk idle timeout and end-of-session rule, sign-in surface.
 *
 * `resolveConfig` handles the engine's keys (tenant, client id, cloud, mode, …) and ignores
 * these; they only ever come from the machine file, so they are read from it here.
 */
import { targetIdentifier } from '../../shared/domain/role-target';
import type { EligibleRole } from '../../shared/domain/roles';
import type { MachineConfig } from './machine-config';
import { POLICY_KEYS, machineConfigSchema } from './machine-config-schema';

export type ManagedSettings = {
  /** Role names or ids the workstation may activate; undefined means every eligible role. */
  readonly allowedRoles?: readonly string[];
  readonly justificationTemplates?: readonly string[];
  readonly ticketSystem?: string;
  readonly idleTimeoutMinutes?: number;
  readonly endSessionAfterActivation?: boolean;
  readonly signInSurface?: 'system-browser' | 'in-app-window';
  /** Policy keys users may not change in their own settings. */
  readonly locked: readonly string[];
};

/**
 * The policy part of a loaded machine configuration (empty when the machine is unmanaged).
 *
 * The values were validated by `loadMachineConfig`; parsing them again here only recovers
 * their types, so a caller that built a `MachineConfig` by hand cannot smuggle in bad ones.
 */
export function managedSettings(config: MachineConfig | null): ManagedSettings {
  if (config === null) {
    return { locked: [] };
  }
  const parsed = machineConfigSchema.safeParse({ ...config.values });
  const data = parsed.success ? parsed.data : {};
  const settings: Record<string, unknown> = {};
  for (const key of POLICY_KEYS) {
    if (data[key] !== undefined) {
      settings[key] = data[key];
    }
  }
  return {
    ...(settings as Omit<ManagedSettings, 'locked'>),
    locked: config.locked.filter((key) => (POLICY_KEYS as readonly string[]).includes(key)),
  };
}

/**
 * Whether the policy allows activating `role`.
 *
 * An entry matches the role's display name (ignoring case and surrounding spaces), its stable
 * id (`role:<definitionId>:<scope>`, `group:<id>:member`), or the GUID of its role definition
 * or group, so an admin can write either "Exchange Administrator" or the built-in role's
 * template id.
 */
export function isRoleAllowed(
  role: Pick<EligibleRole, 'id' | 'displayName' | 'target'>,
  allowedRoles: readonly string[] | undefined,
): boolean {
  if (allowedRoles === undefined) {
    return true;
  }
  const targetId = targetIdentifier(role.target);
  const candidates = new Set([role.displayName.trim().toLowerCase(), role.id.toLowerCase(), targetId.toLowerCase()]);
  return allowedRoles.some((entry) => candidates.has(entry.trim().toLowerCase()));
}
