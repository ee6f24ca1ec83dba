/**
 * The tray (Windows, Linux where a status area exists) or menu-bar (macOS) presence: the roles active now with their
 * time left, "Re-activate <role>" only for a role that ends soon or has ended recently (tray-menu.ts), an "expires
 * in 14 min" notification whose click opens the wizard filled in with that role, "Activate favourites" (the admin's
 * pinned roles, as the window publishes them), Open and Quit.
 *
 * Nothing is ever activated from here. Re-activate, Activate favourites and the notification only ask for a
 * pre-filled wizard (`prefill`, the same inbox help-desk links go through): an activation needs a reason and perhaps
 * a step-up, which the admin must see and confirm.
 *
 * Electron-free: the shell passes its Tray, Menu and Notification through the ports below, so the logic runs under
 * plain Node in tests. It reads the engine's role-state model without opening a browser, and never sees a token.
 */
import type { FavouriteRole } from '../../shared/domain/favourites';
import type { RoleStateModel } from '../../shared/domain/role-state';
import type { Result } from '../../shared/result';
import { reactivationOffers } from '../../core/state/reactivation';
import type { TrayActions, TrayMenuItem } from './tray-menu';
import { timeLeft, trayMenu, running } from './tray-menu';

export type { TrayMenuItem } from './tray-menu';
export { timeLeft } from './tray-menu';

/** How often the role states are read again. */
export const TRAY_REFRESH_MS = 60_000;

export type TrayLike = {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
};

export type TrayPorts = {
  readonly createTray: () => TrayLike;
  readonly buildMenu: (items: readonly TrayMenuItem[]) => unknown;
  /** Shows an OS notification; `onClick` runs when the person clicks it. */
  readonly notify: (notice: { readonly title: string; readonly body: string; readonly onClick: () => void }) => void;
  /** The role-state model read afresh, silently (the engine's `roleStates`). */
  readonly readStates: () => Promise<Result<RoleStateModel>>;
  readonly showWindow: () => void;
  /** Opens the window with the wizard filled in with these roles (by id), for review; never activates. */
  readonly prefill: (roleIds: readonly string[]) => void;
  readonly quit: () => void;
  readonly now?: () => number;
  readonly setInterval?: (run: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
};

export type TrayPresence = {
  /** Reads the role states now and updates the menu and notifications. */
  refresh(): Promise<void>;
  /** The favourites the window published (none in kiosk mode); the menu is rebuilt at once. */
  setFavourites(favourites: readonly FavouriteRole[]): void;
  dispose(): void;
};

/** Notifies once per role and end time for each activation that ends soon: an extension or a new activation warns again. */
function endingSoonNotifier(ports: TrayPorts): (model: RoleStateModel, at: number) => void {
  const warned = new Set<string>();
  return (model, at) => {
    for (const offer of reactivationOffers(model, at)) {
      const key = `${offer.roleId}@${offer.end}`;
      if (offer.why === 'ending-soon' && !warned.has(key)) {
        warned.add(key);
        ports.notify({
          title: `${offer.displayName} expires in ${timeLeft(Date.parse(offer.end) - at)}`,
          body: 'Click to activate it again: PIM Step-Up opens with it filled in for you to review.',
          onClick: () => {
            ports.prefill([offer.roleId]);
          },
        });
      }
    }
  };
}

export function createTrayPresence(ports: TrayPorts): TrayPresence {
  const now = ports.now ?? (() => Date.now());
  const tray = ports.createTray();
  const notify = endingSoonNotifier(ports);
  const actions: TrayActions = { open: ports.showWindow, quit: ports.quit, prefill: ports.prefill };
  // The last read and the last favourites, so either can rebuild the menu without the other.
  let model: RoleStateModel | null = null;
  // The service's time minus ours at the last read: every judgement is at the service's time, as the model's.
  let offset = 0;
  let favourites: readonly FavouriteRole[] = [];
  const rebuild = (): void => {
    tray.setContextMenu(ports.buildMenu(trayMenu(model, now() + offset, favourites, actions)));
  };
  tray.setToolTip('PIM Step-Up');
  tray.on('click', ports.showWindow);
  rebuild();

  const refresh = async (): Promise<void> => {
    const read = await ports.readStates();
    model = read.ok ? read.value : null;
    offset = read.ok && !Number.isNaN(Date.parse(read.value.at)) ? Date.parse(read.value.at) - now() : 0;
    rebuild();
    const at = now() + offset;
    const active = model === null ? [] : running(model, at);
    tray.setToolTip(active.length === 0 ? 'PIM Step-Up: no role active' : `PIM Step-Up: ${String(active.length)} active`);
    if (model !== null) {
      notify(model, at);
    }
  };

  const setTimer = ports.setInterval ?? ((run: () => void, ms: number) => setInterval(run, ms));
  const clearTimer =
    ports.clearInterval ??
    ((handle: unknown) => {
      clearInterval(handle as ReturnType<typeof setInterval>);
    });
  const timer = setTimer(() => {
    void refresh();
  }, TRAY_REFRESH_MS);
  return {
    refresh,
    setFavourites(next) {
      favourites = next;
      rebuild();
    },
    dispose() {
      clearTimer(timer);
      tray.destroy();
    },
  };
}
