/** The list slice's commands: refresh, search and filters, selection and favourites. */
import { isKiosk } from '../../app-policy';
import { saveFavourites } from '../../home/remembered';
import type { KindFilter, RoleFilter } from '../wizard-state';
import type { CommandDeps } from './deps';

export type ListCommands = {
  readonly refreshCatalog: () => void;
  readonly setQuery: (query: string) => void;
  readonly setFilter: (filter: RoleFilter) => void;
  readonly setKind: (kind: KindFilter) => void;
  readonly toggleRole: (roleId: string) => void;
  readonly toggleFavourite: (roleId: string) => void;
  readonly clearSelection: () => void;
};

export function listCommands({ dispatch, state, loadCatalog }: CommandDeps): ListCommands {
  return {
    refreshCatalog: () => {
      void loadCatalog();
    },
    setQuery: (query) => {
      dispatch({ type: 'query-changed', query });
    },
    setFilter: (filter) => {
      dispatch({ type: 'filter-changed', filter });
    },
    setKind: (kind) => {
      dispatch({ type: 'kind-changed', kind });
    },
    toggleRole: (roleId) => {
      dispatch({ type: 'role-toggled', roleId });
    },
    toggleFavourite: (roleId) => {
      dispatch({ type: 'favourite-toggled', roleId });
      // Written only when the admin changes them, and never in kiosk mode: the reducer is the truth, this is its copy.
      const { shared } = state();
      if (shared.info.status === 'loaded' && !isKiosk(shared.info.value)) {
        const on = shared.favourites.includes(roleId);
        saveFavourites(on ? shared.favourites.filter((id) => id !== roleId) : [...shared.favourites, roleId]);
      }
    },
    clearSelection: () => {
      dispatch({ type: 'selection-cleared' });
    },
  };
}
