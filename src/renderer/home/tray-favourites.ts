/**
 * The favourites as the tray's "Activate favourites" needs them: the ids the admin pinned that
 * are still among their eligible roles, with the names the menu shows. Pure, so what the window
 * publishes to main is unit-tested; the publishing itself is in use-wizard (never in kiosk mode).
 */
import type { FavouriteRole } from '../../shared/domain/favourites';
import { FAVOURITE_NAME_MAX, MAX_PUBLISHED_FAVOURITES } from '../../shared/domain/favourites';
import type { RoleCatalog } from '../../shared/domain/roles';

export function favouritesForTray(favourites: readonly string[], catalog: RoleCatalog): FavouriteRole[] {
  const byId = new Map(catalog.eligible.map((role) => [role.id, role]));
  return favourites
    .flatMap((id) => {
      const role = byId.get(id);
      return role === undefined || role.displayName === '' ? [] : [{ id, displayName: role.displayName.slice(0, FAVOURITE_NAME_MAX) }];
    })
    .slice(0, MAX_PUBLISHED_FAVOURITES);
}

/** A key that changes only when what the tray shows would change, so the window publishes once per change. */
export function favouritesKey(favourites: readonly FavouriteRole[]): string {
  return JSON.stringify(favourites.map((f) => [f.id, f.displayName]));
}
