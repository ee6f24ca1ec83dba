/**
 * The list slice: the role catalog and the pending requests as read from PIM, the search and
 * filters, favourites, and which roles are selected.
 */
import type { PendingRequest } from '../../../shared/domain/activation';
import type { RoleCatalog } from '../../../shared/domain/roles';
import type { Result } from '../../../shared/result';
import { isKiosk } from '../../app-policy';
import { displayNameOf, illegal, infoOf, isSelectable, withShared } from './common';
import { applyPendingLink } from './links-slice';
import { fromResult } from './loadable';
import { reducerOf } from './types';
import type { Handlers, KindFilter, RoleFilter } from './types';

export type ListEvent =
  | { readonly type: 'catalog-loading' }
  | { readonly type: 'catalog-loaded'; readonly result: Result<RoleCatalog> }
  | { readonly type: 'pending-loaded'; readonly result: Result<readonly PendingRequest[]> }
  | { readonly type: 'query-changed'; readonly query: string }
  | { readonly type: 'filter-changed'; readonly filter: RoleFilter }
  | { readonly type: 'kind-changed'; readonly kind: KindFilter }
  | { readonly type: 'favourite-toggled'; readonly roleId: string }
  | { readonly type: 'remembered-loaded'; readonly favourites: readonly string[]; readonly ticketSystem: string }
  | { readonly type: 'selection-cleared' }
  | { readonly type: 'role-toggled'; readonly roleId: string };

export const listHandlers: Handlers<ListEvent> = {
  'catalog-loading': (state) =>
    withShared(state, { catalog: state.shared.catalog.status === 'loaded' ? state.shared.catalog : { status: 'loading' } }),

  'catalog-loaded': (state, event) => {
    if (!event.result.ok) {
      return withShared(state, { catalog: { status: 'failed', error: event.result.error }, announcement: event.result.error.message });
    }
    const catalog = event.result.value;
    // Drop selections that no longer exist or became active (the catalog is the truth after a refresh).
    const selection = state.shared.selection.filter((id) => catalog.eligible.some((role) => role.id === id && role.active === null));
    return applyPendingLink(withShared(state, { catalog: { status: 'loaded', value: catalog }, selection }));
  },

  'pending-loaded': (state, event) => withShared(state, { pending: fromResult(event.result) }),

  'query-changed': (state, event) => withShared(state, { query: event.query }),

  'filter-changed': (state, event) => withShared(state, { filter: event.filter }),

  'kind-changed': (state, event) => withShared(state, { kind: event.kind }),

  'favourite-toggled': (state, event) => {
    const { shared } = state;
    const on = shared.favourites.includes(event.roleId);
    const name = displayNameOf(shared, event.roleId);
    return withShared(state, {
      favourites: on ? shared.favourites.filter((id) => id !== event.roleId) : [...shared.favourites, event.roleId],
      announcement: on ? `${name} removed from favourites.` : `${name} pinned to the top as a favourite.`,
    });
  },

  // Kiosk machines keep nothing of one admin for the next one. The machine policy's ticket system wins.
  'remembered-loaded': (state, event) =>
    isKiosk(infoOf(state.shared))
      ? state
      : withShared(state, {
          favourites: [...new Set(event.favourites)],
          form: state.shared.form.ticketSystem === '' ? { ...state.shared.form, ticketSystem: event.ticketSystem } : state.shared.form,
        }),

  'selection-cleared': (state) => withShared(state, { selection: [] }),

  'role-toggled': (state, event) => {
    const { shared } = state;
    if (state.step.kind !== 'roles') {
      return illegal(state, event);
    }
    const selected = shared.selection.includes(event.roleId);
    if (!selected && !isSelectable(shared, event.roleId)) {
      // An active role or one waiting for approval is handled in its own section, never requested again.
      return state;
    }
    return withShared(state, {
      selection: selected ? shared.selection.filter((id) => id !== event.roleId) : [...shared.selection, event.roleId],
    });
  },
};

export const reduceList = reducerOf(listHandlers);
