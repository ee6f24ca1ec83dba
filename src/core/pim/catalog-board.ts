/**
 * The listing as it is being read: eligibilities are added as each page (or ARM's list) arrives, with requirements
 * marked as still being read, and settled as each policy batch answers. Whoever listens hears the whole list so far,
 * at most once per turn of the event loop however many pages and batches answered in it.
 */
import type { EligibleRole, Requirements } from '../../shared/domain/roles';

export type CatalogBoard = {
  readonly add: (roles: readonly EligibleRole[]) => void;
  readonly settle: (byId: ReadonlyMap<string, Requirements>) => void;
  /** No more updates are told after this (the finished catalog is the caller's answer). */
  readonly close: () => void;
};

/** The one order every listing shows: by name, then by scope. */
export function byNameThenScope(a: EligibleRole, b: EligibleRole): number {
  return a.displayName.localeCompare(b.displayName) || a.scopeLabel.localeCompare(b.scopeLabel);
}

export function createCatalogBoard(onProgress: ((eligible: readonly EligibleRole[]) => void) | undefined): CatalogBoard {
  const roles = new Map<string, EligibleRole>();
  let closed = onProgress === undefined;
  let scheduled = false;
  const schedule = (): void => {
    if (closed || scheduled) {
      return;
    }
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (!closed) {
        onProgress?.([...roles.values()].sort(byNameThenScope));
      }
    });
  };
  return {
    add: (added) => {
      for (const role of added) {
        if (!roles.has(role.id)) {
          roles.set(role.id, role);
        }
      }
      schedule();
    },
    settle: (byId) => {
      for (const [id, requirements] of byId) {
        const role = roles.get(id);
        if (role !== undefined) {
          roles.set(id, { ...role, requirements });
        }
      }
      schedule();
    },
    close: () => {
      closed = true;
    },
  };
}
