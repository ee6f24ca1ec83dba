/** What home lists: scheduled roles, the eligible roles the search and filters show, and what can be activated. */
import { useDeferredValue } from 'react';
import type { RoleState } from '../../../../shared/domain/role-state';
import type { EligibleRole } from '../../../../shared/domain/roles';
import { filterRoles } from '../../selectors';
import type { Shared } from '../../wizard-state';

export type HomeRoles = {
  readonly scheduled: readonly RoleState[];
  /** The eligible roles shown, after search, filters and favourites first. */
  readonly shown: readonly EligibleRole[];
  /** Eligible roles neither active nor on their way. */
  readonly activatable: number;
};

export function useHomeRoles(shared: Shared): HomeRoles {
  const catalog = shared.catalog.status === 'loaded' ? shared.catalog.value : null;
  // Typing stays responsive with hundreds of roles: the list follows the query at React's pace.
  const query = useDeferredValue(shared.query);
  if (catalog === null) {
    return { scheduled: [], shown: [], activatable: 0 };
  }
  // Roles on their way (waiting for approval, or scheduled by the role-state model) are not offered again.
  const scheduled = catalog.states.roles.filter((r) => r.state === 'scheduled');
  const pendingIds = new Set([
    ...(shared.pending.status === 'loaded' ? shared.pending.value.map((p) => p.roleId) : []),
    ...scheduled.map((r) => r.roleId),
  ]);
  return {
    scheduled,
    shown: filterRoles(catalog, { query, filter: shared.filter, kind: shared.kind, favourites: shared.favourites, exclude: pendingIds }),
    activatable: catalog.eligible.filter((r) => r.active === null && !pendingIds.has(r.id)).length,
  };
}
