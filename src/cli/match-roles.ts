/**
 * Names on the command line to eligible roles: by id, exact name (any case), or a unique
 * fragment; anything else is a usage error that lists the candidates.
 */
import type { EligibleRole } from '../shared/domain/roles';
import type { AppError } from '../shared/errors';
import { appError } from '../shared/errors';
import { targetIdentifier } from '../shared/domain/role-target';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly error: AppError = appError('input/invalid', message),
  ) {
    super(message);
  }
}

/** Whether a role is at `scope`: an Azure scope id (any case, trailing slash ignored) or the scope's name. */
function atScope(role: EligibleRole, scope: string): boolean {
  const wanted = scope.trim().replace(/\/+$/, '').toLowerCase();
  return (
    role.target.kind === 'azureResource' &&
    (role.target.scope.toLowerCase() === wanted ||
      role.azure?.scopeDisplayName.toLowerCase() === wanted ||
      role.scopeLabel.toLowerCase() === wanted)
  );
}

/**
 * Finds roles by id, exact name, or a unique case-insensitive name fragment. `scope` applies to Azure roles only
 * (several share a name: Owner of each subscription): directory roles and groups match as without it, so
 * `"Global Administrator" Owner --scope "Contoso Prod"` names both. A name eligible only at other scopes is refused
 * with the scopes where it is. `azureProblem` says why Azure roles could not be listed: a name that matches nothing
 * is then refused with that cause (the role may be an Azure role), not as a typing mistake.
 */
export function matchRoles(names: readonly string[], all: readonly EligibleRole[], scope?: string, azureProblem?: string): EligibleRole[] {
  const eligible = scope === undefined ? all : all.filter((role) => role.target.kind !== 'azureResource' || atScope(role, scope));
  return names.map((name) => {
    const lower = name.toLowerCase();
    const named = (r: EligibleRole): boolean => r.id === name || r.displayName.toLowerCase() === lower;
    const exact = eligible.filter(named);
    if (exact.length === 1 && exact[0] !== undefined) {
      return exact[0];
    }
    // An Azure role by this very name, but at other scopes: say where, rather than guess another role by a fragment.
    const elsewhere = scope === undefined || exact.length > 0 ? [] : all.filter((r) => r.target.kind === 'azureResource' && named(r));
    if (elsewhere.length > 0) {
      throw new UsageError(
        `"${name}" is eligible at ${elsewhere.map((r) => r.scopeLabel).join(', ')}, not at "${scope ?? ''}". Use one of those with --scope.`,
      );
    }
    const partial = eligible.filter((r) => r.displayName.toLowerCase().includes(lower) || targetIdentifier(r.target) === name);
    if (partial.length === 1 && partial[0] !== undefined) {
      return partial[0];
    }
    if (azureProblem !== undefined && exact.length === 0) {
      // Not listed may mean an Azure role: the cause is that ARM could not list them, not the name.
      throw new UsageError(azureProblem, appError('graph/network', azureProblem));
    }
    const candidates = (exact.length > 1 ? exact : partial).map((r) => `"${r.displayName}" at ${r.scopeLabel} (${r.id})`);
    if (candidates.length > 0) {
      throw new UsageError(`"${name}" matches several: ${candidates.join(', ')}. Use the full name, the id, or --scope.`);
    }
    throw new UsageError(`No eligible role or group matches "${name}". Run "pim-stepup roles" to see what you may activate.`);
  });
}
