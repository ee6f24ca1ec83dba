/**
 * The list slice: the role catalog and the pending requests as read from PIM, the search and
 * filters, favourites, and which roles are selected.
 */
import type { PendingRequest } from '../../../shared/domain/activation';
import type { RoleStateModel } from '../../../shared/domain/role-state';
import type { EligibleRole, RoleCatalog } from '../../../shared/domain/roles';
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
  /** The list so far while the first one loads (the `roles:progress` event). */
  | { readonly type: 'catalog-progress'; readonly eligible: readonly EligibleRole[] }
  | { readonly type: 'pending-loaded'; readonly result: Result<readonly PendingRequest[]> }
  /** The engine read the role-state model afresh (the `roles:states` event). */
  | { readonly type: 'states-received'; readonly model: RoleStateModel }
  | { readonly type: 'query-changed'; readonly query: string }
  | { readonly type: 'filter-changed'; readonly filter: RoleFilter }
  | { readonly type: 'kind-changed'; readonly kind: KindFilter }
  | { readonly type: 'favourite-toggled'; readonly roleId: string }
  | { readonly type: 'remembered-loaded'; readonly favourites: readonly string[]; readonly ticketSystem: string }
  | { readonly type: 'selection-cleared' }
  | { readonly type: 'role-toggled'; readonly roleId: string };

export const listHandlers: Handlers<ListEvent> = {
  'catalog-loading': (state) =>
    withShared(state, {
      catalog: state.shared.catalog.status === 'loaded' ? state.shared.catalog : { status: 'loading' },
      listing: null,
    }),

  // Shown only while no finished list is: a refresh keeps the last finished read on screen instead.
  'catalog-progress': (state, event) =>
    state.shared.catalog.status === 'loading' ? withShared(state, { listing: event.eligible }) : state,

  'catalog-loaded': (state, event) => {
    if (!event.result.ok) {
      const { error } = event.result;
      // What was read before stays on screen, said to be as of its read: a failed refresh never blanks it.
      return state.shared.catalog.status === 'loaded'
        ? withShared(state, { refreshError: error, listing: null, announcement: `Could not refresh your roles. ${error.message}` })
        : withShared(state, { catalog: { status: 'failed', error }, listing: null, announcement: error.message });
    }
    const catalog = event.result.value;
    // Drop selections that no longer exist or became active (the catalog is the truth after a refresh).
    const selection = state.shared.selection.filter((id) => catalog.eligible.some((role) => role.id === id && role.active === null));
    return applyPendingLink(
      withShared(state, { catalog: { status: 'loaded', value: catalog }, listing: null, selection, refreshError: null }),
    );
  },

  // Like the roles, the requests read before are kept when a new read fails (the roles' notice says so).
  'pending-loaded': (state, event) =>
    !event.result.ok && state.shared.pending.status === 'loaded' ? state : withShared(state, { pending: fromResult(event.result) }),

  'states-received': (state, event) => {
    const { catalog } = state.shared;
    // Only a newer model replaces the one shown (answers may cross).
    if (catalog.status !== 'loaded' || Date.parse(event.model.at) < Date.parse(catalog.value.states.at)) {
      return state;
    }
    return withShared(state, { catalog: { status: 'loaded', value: { ...catalog.value, states: event.model } } });
  },

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
