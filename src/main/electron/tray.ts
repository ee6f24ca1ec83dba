/**
 * The tray (Windows, Linux where a status area exists) or menu-bar (macOS) presence: the roles
 * active now with their time left, an "expires in 10 min" notification whose click brings the
 * window back to re-activate, "Open PIM Step-Up" (favourites are pinned on top of its home
 * screen) and Quit.
 *
 * Electron-free: the shell passes its Tray, Menu and Notification through the ports below, so
 * the logic runs under plain Node in tests. It reads through the engine's `listRoles` without
 * opening a browser, and never sees a token.
 */
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
  readonly quit: () => void;
  readonly now?: () => number;
  readonly setInterval?: (run: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
};

export type TrayPresence = {
  /** Reads the active roles now and updates the menu and notifications. */
  refresh(): Promise<void>;
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

/** The menu for a catalog (or for a read that failed), as plain items. */
export function trayMenu(
  catalog: RoleCatalog | null,
  now: number,
  actions: { readonly open: () => void; readonly quit: () => void },
): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  if (catalog === null) {
    items.push({ label: 'Active roles are not known: open the app to sign in', enabled: false });
  } else {
    const active = running(catalog, now);
    items.push({ label: active.length === 0 ? 'No role is active' : `Active roles (${String(active.length)})`, enabled: false });
    for (const a of active) {
      items.push({ label: `${a.displayName}: ${timeLeft(a.endsAt - now)} left`, enabled: false });
    }
  }
  items.push({ type: 'separator' });
  items.push({ label: 'Open PIM Step-Up (activate favourites)', click: actions.open });
  items.push({ label: 'Quit PIM Step-Up', click: actions.quit });
  return items;
}

export function createTrayPresence(ports: TrayPorts): TrayPresence {
  const now = ports.now ?? (() => Date.now());
  const tray = ports.createTray();
  const warned = new Set<string>();
  const actions = { open: ports.showWindow, quit: ports.quit };
  tray.setToolTip('PIM Step-Up');
  tray.on('click', ports.showWindow);
  tray.setContextMenu(ports.buildMenu(trayMenu(null, now(), actions)));

  const refresh = async (): Promise<void> => {
    const roles = await ports.listRoles();
    const at = now();
    const catalog = roles.ok ? roles.value : null;
    tray.setContextMenu(ports.buildMenu(trayMenu(catalog, at, actions)));
    const active = catalog === null ? [] : running(catalog, at);
    tray.setToolTip(active.length === 0 ? 'PIM Step-Up: no role active' : `PIM Step-Up: ${String(active.length)} active`);
    for (const a of active) {
      // Once per role and end time: an extension or a new activation warns again.
      const key = `${a.id}@${a.endDateTime ?? ''}`;
      if (a.endsAt - at <= EXPIRY_WARNING_MS && !warned.has(key)) {
        warned.add(key);
        ports.notify({
          title: `${a.displayName} expires in ${timeLeft(a.endsAt - at)}`,
          body: 'Click to open PIM Step-Up and activate it again.',
          onClick: ports.showWindow,
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
    dispose() {
      clearTimer(timer);
      tray.destroy();
    },
  };
}
