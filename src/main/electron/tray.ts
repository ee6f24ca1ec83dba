/**
 * The tray (Windows, Linux where a status area exists) or menu-bar (macOS) presence: the roles
 * active now with their time left and a "Re-activate <role>" for each, an "expires in 10 min"
 * notification whose click opens the wizard filled in with that role, "Activate favourites"
 * (the admin's pinned roles, as the window publishes them), Open and Quit.
 *
 * Nothing is ever activated from here. Re-activate, Activate favourites and the notification
 * only ask for a pre-filled wizard (`prefill`, the same inbox help-desk links go through): an
 * activation needs a reason and perhaps a step-up, which the admin must see and confirm.
 *
 * Electron-free: the shell passes its Tray, Menu and Notification through the ports below, so
 * the logic runs under plain Node in tests. It reads through the engine's `listRoles` without
 * opening a browser, and never sees a token.
 */
import { MAX_DEEP_LINK_ROLES } from '../../core/deep-link/parse-deep-link';
import type { FavouriteRole } from '../../shared/domain/favourites';
import type { ActiveAssignment, RoleCatalog } from '../../shared/domain/roles';
import type { Result } from '../../shared/result';

/** How long before the end a role's expiry is announced. */
export const EXPIRY_WARNING_MS = 10 * 60_000;
/** How often the active roles are read again (the engine reuses its catalog within a minute). */
export const TRAY_REFRESH_MS = 60_000;

export type TrayMenuItem =
  { readonly label: string; readonly enabled?: boolean; readonly click?: () => void } | { readonly type: 'separator' };

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
  readonly listRoles: () => Promise<Result<RoleCatalog>>;
  readonly showWindow: () => void;
  /** Opens the window with the wizard filled in with these roles (by id), for review; never activates. */
  readonly prefill: (roleIds: readonly string[]) => void;
  readonly quit: () => void;
  readonly now?: () => number;
  readonly setInterval?: (run: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
};

export type TrayPresence = {
  /** Reads the active roles now and updates the menu and notifications. */
  refresh(): Promise<void>;
  /** The favourites the window published (none in kiosk mode); the menu is rebuilt at once. */
  setFavourites(favourites: readonly FavouriteRole[]): void;
  dispose(): void;
};

/** "1 h 05 min", "9 min", "less than a minute". */
export function timeLeft(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) {
    return 'less than a minute';
  }
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${String(m)} min` : `${String(h)} h ${String(m).padStart(2, '0')} min`;
}

/** Roles activated through PIM that are still running, soonest to end first. */
function running(catalog: RoleCatalog, now: number): readonly (ActiveAssignment & { readonly endsAt: number })[] {
  return catalog.active
    .filter((a) => a.assignmentType === 'Activated' && a.endDateTime !== null)
    .map((a) => ({ ...a, endsAt: Date.parse(a.endDateTime ?? '') }))
    .filter((a) => !Number.isNaN(a.endsAt) && a.endsAt > now)
    .sort((a, b) => a.endsAt - b.endsAt);
}

export type TrayActions = {
  readonly open: () => void;
  readonly quit: () => void;
  /** Pre-fills the wizard with these role ids. */
  readonly prefill: (roleIds: readonly string[]) => void;
};

/** How many favourites the menu names before "and N more". */
const NAMED_FAVOURITES = 3;

/** "Activate favourites: A, B and 2 more…", or a disabled hint when none are pinned. */
export function favouritesItem(favourites: readonly FavouriteRole[], prefill: TrayActions['prefill']): TrayMenuItem {
  if (favourites.length === 0) {
    return { label: 'Activate favourites (none yet: pin roles with the star in the app)', enabled: false };
  }
  // A pre-fill names at most as many roles as a help-desk link may; the menu says when that cuts.
  const filled = favourites.slice(0, MAX_DEEP_LINK_ROLES);
  const named = filled.slice(0, NAMED_FAVOURITES).map((f) => f.displayName);
  const more = filled.length - named.length;
  const list = more > 0 ? `${named.join(', ')} and ${String(more)} more` : named.join(', ');
  const cut = favourites.length > filled.length ? ` (the first ${String(filled.length)} of ${String(favourites.length)})` : '';
  const ids = filled.map((f) => f.id);
  return {
    label: `Activate favourites${cut}: ${list}…`,
    click: () => {
      prefill(ids);
    },
  };
}

/** The running roles' lines: each with its time left, then its "Re-activate". */
function runningItems(catalog: RoleCatalog, now: number, prefill: TrayActions['prefill']): TrayMenuItem[] {
  const active = running(catalog, now);
  const items: TrayMenuItem[] = [
    { label: active.length === 0 ? 'No role is active' : `Active roles (${String(active.length)})`, enabled: false },
  ];
  for (const a of active) {
    items.push({ label: `${a.displayName}: ${timeLeft(a.endsAt - now)} left`, enabled: false });
    items.push({
      label: `Re-activate ${a.displayName}…`,
      click: () => {
        prefill([a.id]);
      },
    });
  }
  return items;
}

/** The menu for a catalog (or for a read that failed), as plain items. */
export function trayMenu(
  catalog: RoleCatalog | null,
  now: number,
  favourites: readonly FavouriteRole[],
  actions: TrayActions,
): TrayMenuItem[] {
  const items: TrayMenuItem[] =
    catalog === null
      ? [{ label: 'Active roles are not known: open the app to sign in', enabled: false }]
      : runningItems(catalog, now, actions.prefill);
  items.push({ type: 'separator' });
  items.push(favouritesItem(favourites, actions.prefill));
  items.push({ label: 'Open PIM Step-Up', click: actions.open });
  items.push({ label: 'Quit PIM Step-Up', click: actions.quit });
  return items;
}

export function createTrayPresence(ports: TrayPorts): TrayPresence {
  const now = ports.now ?? (() => Date.now());
  const tray = ports.createTray();
  const warned = new Set<string>();
  const actions: TrayActions = { open: ports.showWindow, quit: ports.quit, prefill: ports.prefill };
  // The last read and the last favourites, so either can rebuild the menu without the other.
  let catalog: RoleCatalog | null = null;
  let favourites: readonly FavouriteRole[] = [];
  const rebuild = (at: number): void => {
    tray.setContextMenu(ports.buildMenu(trayMenu(catalog, at, favourites, actions)));
  };
  tray.setToolTip('PIM Step-Up');
  tray.on('click', ports.showWindow);
  rebuild(now());

  const refresh = async (): Promise<void> => {
    const roles = await ports.listRoles();
    const at = now();
    catalog = roles.ok ? roles.value : null;
    rebuild(at);
    const active = catalog === null ? [] : running(catalog, at);
    tray.setToolTip(active.length === 0 ? 'PIM Step-Up: no role active' : `PIM Step-Up: ${String(active.length)} active`);
    for (const a of active) {
      // Once per role and end time: an extension or a new activation warns again.
      const key = `${a.id}@${a.endDateTime ?? ''}`;
      if (a.endsAt - at <= EXPIRY_WARNING_MS && !warned.has(key)) {
        warned.add(key);
        ports.notify({
          title: `${a.displayName} expires in ${timeLeft(a.endsAt - at)}`,
          body: 'Click to activate it again: PIM Step-Up opens with it filled in for you to review.',
          onClick: () => {
            ports.prefill([a.id]);
          },
        });
      }
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
      rebuild(now());
    },
    dispose() {
      clearTimer(timer);
      tray.destroy();
    },
  };
}
