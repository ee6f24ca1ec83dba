/**
 * Names on the command line to eligible roles: by id, exact name (any case), or a unique
 * fragment; anything else is a usage error that lists the candidates.
 */
import type { EligibleRole } from '../shared/domain/roles';
import type { AppError } from '../shared/errors';
import { appError } from '../shared/errors';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly error: AppError = appError('input/invalid', message),
  ) {
    super(message);
  }
}

/** Finds roles by id, exact name, or a unique case-insensitive name fragment. */
export function matchRoles(names: readonly string[], eligible: readonly EligibleRole[]): EligibleRole[] {
  return names.map((name) => {
    const lower = name.toLowerCase();
    const exact = eligible.filter((r) => r.id === name || r.displayName.toLowerCase() === lower);
    if (exact.length === 1 && exact[0] !== undefined) {
      return exact[0];
    }
    const partial = eligible.filter(
      (r) =>
        r.displayName.toLowerCase().includes(lower) ||
        (r.target.kind === 'directoryRole' ? r.target.roleDefinitionId === name : r.target.groupId === name),
    );
    if (partial.length === 1 && partial[0] !== undefined) {
      return partial[0];
    }
    const candidates = (exact.length > 1 ? exact : partial).map((r) => `"${r.displayName}" (${r.id})`);
    throw new UsageError(
      candidates.length === 0
        ? `No eligible role or group matches "${name}". Run "pim-stepup roles" to see what you may activate.`
        : `"${name}" matches several: ${candidates.join(', ')}. Use the full name or the id.`,
    );
  });
}
