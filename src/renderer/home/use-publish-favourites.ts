import { useEffect, useRef } from 'react';
import type { RoleCatalog } from '../../shared/domain/roles';
import { api } from '../api';
import { favouritesForTray, favouritesKey } from './tray-favourites';

/**
 * Publishes the favourites to main, for the tray's "Activate favourites", whenever what the
 * tray would show changes (pinning, unpinning, a catalog that names them). Only where favourites
 * are remembered at all: never in kiosk mode. A refused or failed publish changes nothing in the
 * window; the tray just keeps its last list.
 */
export function usePublishFavourites(remember: boolean, favourites: readonly string[], catalog: RoleCatalog | null): void {
  const published = useRef<string | null>(null);
  useEffect(() => {
    if (!remember || catalog === null) {
      return;
    }
    const list = favouritesForTray(favourites, catalog);
    const key = favouritesKey(list);
    if (key !== published.current) {
      published.current = key;
      void api.tray.setFavourites(list);
    }
  }, [remember, favourites, catalog]);
}
