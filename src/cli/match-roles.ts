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
 * Finds roles by id, exact name, or a unique case-insensitive name fragment; with `scope`, only Azure roles at that
 * scope are considered (several Azure roles share a name: Owner of each subscription).
 */
export function matchRoles(names: readonly string[], all: readonly EligibleRole[], scope?: string): EligibleRole[] {
  const eligible = scope === undefined ? all : all.filter((role) => atScope(role, scope));
  if (scope !== undefined && eligible.length === 0) {
    throw new UsageError(`No eligible Azure role is at scope "${scope}". Run "pim-stepup roles" to see the scopes.`);
  }
  return names.map((name) => {
    const lower = name.toLowerCase();
    const exact = eligible.filter((r) => r.id === name || r.displayName.toLowerCase() === lower);
    if (exact.length === 1 && exact[0] !== undefined) {
      return exact[0];
    }
    const partial = eligible.filter((r) => r.displayName.toLowerCase().includes(lower) || targetIdentifier(r.target) === name);
    if (partial.length === 1 && partial[0] !== undefined) {
      return partial[0];
    }
    const candidates = (exact.length > 1 ? exact : partial).map((r) => `"${r.displayName}" at ${r.scopeLabel} (${r.id})`);
    throw new UsageError(
      candidates.length === 0
        ? `No eligible role or group matches "${name}". Run "pim-stepup roles" to see what you may activate.`
        : `"${name}" matches several: ${candidates.join(', ')}. Use the full name, the id, or --scope.`,
    );
  });
}
