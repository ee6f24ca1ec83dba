/**
 * Machine policy on roles: roles outside the allowed list are neither shown nor activatable here.
 * A request naming one is refused as a whole, before any sign-in or Graph write, with the role's
 * name, so the admin learns it is the workstation's policy and not their eligibility.
 */
import { appError } from '../../shared/errors';
import type { ActivationRequest } from '../../shared/domain/activation';
import type { EligibleRole, RoleCatalog } from '../../shared/domain/roles';
import type { ManagedSettings } from '../managed/managed-settings';
import { isRoleAllowed } from '../managed/managed-settings';
import type { CatalogSnapshot } from '../pim/role-catalog';
import { AppFailure } from './app-failure';

export type AllowedRoles = {
  /** The catalog as the person may see it. */
  readonly toCatalog: (snapshot: CatalogSnapshot) => RoleCatalog;
  /** The eligibilities the person may see (a listing still being read, for instance). */
  readonly allowedEligible: (eligible: readonly EligibleRole[]) => EligibleRole[];
  /** The snapshot limited to allowed roles, or an `input/invalid` failure naming the refused ones. */
  readonly permitted: (request: ActivationRequest, snapshot: CatalogSnapshot) => CatalogSnapshot;
};

export function allowedRoles(managed: ManagedSettings): AllowedRoles {
  const allowed = (role: Pick<EligibleRole, 'id' | 'displayName' | 'target'>): boolean => isRoleAllowed(role, managed.allowedRoles);
  return {
    allowedEligible: (eligible) => eligible.filter(allowed),
    toCatalog: (snapshot) => ({
      eligible: snapshot.eligible.filter(allowed),
      active: snapshot.active,
      // The model shows what the catalog shows: an eligibility the machine hides is not listed as a state either.
      states: {
        ...snapshot.states,
        roles: snapshot.states.roles.filter((state) => {
          const role = snapshot.byId.get(state.roleId);
          return role === undefined || allowed(role);
        }),
      },
      policiesReadable: snapshot.policiesReadable,
      serverTime: snapshot.serverTime,
      clockSkewSeconds: snapshot.clockSkewSeconds,
      ...(snapshot.azure === undefined ? {} : { azure: snapshot.azure }),
    }),
    permitted: (request, snapshot) => {
      if (managed.allowedRoles === undefined) {
        return snapshot;
      }
      const refused = request.roleIds
        .map((id) => snapshot.byId.get(id))
        .filter((role): role is EligibleRole => role !== undefined && !allowed(role));
      if (refused.length > 0) {
        throw new AppFailure(
          appError(
            'input/invalid',
            `This workstation's policy does not allow activating ${refused.map((r) => r.displayName).join(', ')} here; use a workstation where it is allowed, or ask your administrator.`,
            { issues: refused.map((r) => ({ path: 'roleIds', message: `"${r.displayName}" is not in this machine's allowed roles.` })) },
          ),
        );
      }
      const eligible = snapshot.eligible.filter(allowed);
      return { ...snapshot, eligible, byId: new Map(eligible.map((role) => [role.id, role])) };
    },
  };
}
