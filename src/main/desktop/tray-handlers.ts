/**
 * The channel by which the window tells main its favourites, for the tray's "Activate
 * favourites". Favourites live in the window's storage (src/renderer/home/remembered.ts); main
 * only needs their ids and names to build the menu, and keeps them in memory.
 *
 * Refused in kiosk mode: a kiosk remembers no favourites, and nothing of one admin may reach a
 * menu the next admin sees.
 */
import type { FavouriteRole } from '../../shared/domain/favourites';
import { appError } from '../../shared/errors';
import type { IpcHandlers } from '../../shared/ipc/handlers';
import { err, ok } from '../../shared/result';

export type TrayHandlerPorts = {
  readonly kiosk: boolean;
  /** The tray presence's `setFavourites` in the app; nothing where there is no tray (the test harness). */
  readonly publishFavourites?: (favourites: readonly FavouriteRole[]) => void;
};

export function createTrayHandlers(ports: TrayHandlerPorts): Pick<IpcHandlers, 'tray:set-favourites'> {
  return {
    'tray:set-favourites': (favourites) => {
      if (ports.kiosk) {
        return Promise.resolve(err(appError('input/invalid', 'A kiosk workstation keeps no favourites.')));
      }
      ports.publishFavourites?.(favourites);
      return Promise.resolve(ok(null));
    },
  };
}
