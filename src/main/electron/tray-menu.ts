/**
 * The tray's menu as plain items, from the role-state model: the activations running now with their time left, a
 * "Re-activate" only for a role whose activation ends soon or has ended recently (src/core/state/reactivation.ts, the
 * one rule), "Activate favourites", Open and Quit. Pure, so each menu is tested from a model and a time.
 */
import { MAX_DEEP_LINK_ROLES } from '../../core/deep-link/parse-deep-link';
import type { ReactivationOffer } from '../../core/state/reactivation';
import { reactivationOffers } from '../../core/state/reactivation';
import type { FavouriteRole } from '../../shared/domain/favourites';
import type { RoleState, RoleStateModel } from '../../shared/domain/role-state';

export type TrayMenuItem =
  { readonly label: string; readonly enabled?: boolean; readonly click?: () => void } | { readonly type: 'separator' };

export type TrayActions = {
  readonly open: () => void;
  readonly quit: () => void;
  /** Pre-fills the wizard with these role ids. */
  readonly prefill: (roleIds: readonly string[]) => void;
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

/** Activations in effect with an end still ahead, soonest to end first. */
export function running(model: RoleStateModel, now: number): readonly (RoleState & { readonly endsAt: number })[] {
  return model.roles
    .filter((r) => r.state === 'active' && r.endDateTime !== null)
    .map((r) => ({ ...r, endsAt: Date.parse(r.endDateTime ?? '') }))
    .filter((r) => !Number.isNaN(r.endsAt) && r.endsAt > now)
    .sort((a, b) => a.endsAt - b.endsAt);
}

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

function reactivateItem(label: string, roleId: string, prefill: TrayActions['prefill']): TrayMenuItem {
  return {
    label,
    click: () => {
      prefill([roleId]);
    },
  };
}

/** The running roles, each with its time left and, when it ends soon, its Re-activate; then the recently ended. */
function roleItems(model: RoleStateModel, now: number, prefill: TrayActions['prefill']): TrayMenuItem[] {
  const active = running(model, now);
  const offers = reactivationOffers(model, now);
  const endingSoon = new Set(offers.filter((o) => o.why === 'ending-soon').map((o) => o.roleId));
  const ended = offers.filter((o): o is ReactivationOffer & { why: 'ended' } => o.why === 'ended');
  const items: TrayMenuItem[] = [
    { label: active.length === 0 ? 'No role is active' : `Active roles (${String(active.length)})`, enabled: false },
  ];
  for (const a of active) {
    items.push({ label: `${a.displayName}: ${timeLeft(a.endsAt - now)} left`, enabled: false });
    if (endingSoon.has(a.roleId)) {
      items.push(reactivateItem(`Re-activate ${a.displayName}…`, a.roleId, prefill));
    }
  }
  if (ended.length > 0) {
    items.push({ label: 'Ended recently', enabled: false });
    for (const o of ended) {
      items.push(reactivateItem(`Re-activate ${o.displayName} (ended ${timeLeft(now - Date.parse(o.end))} ago)…`, o.roleId, prefill));
    }
  }
  return items;
}

/** The menu for a model read at `now` (the service's time), or for a read that failed, as plain items. */
export function trayMenu(
  model: RoleStateModel | null,
  now: number,
  favourites: readonly FavouriteRole[],
  actions: TrayActions,
): TrayMenuItem[] {
  const items: TrayMenuItem[] =
    model === null
      ? [{ label: 'Active roles are not known: open the app to sign in', enabled: false }]
      : roleItems(model, now, actions.prefill);
  items.push({ type: 'separator' });
  items.push(favouritesItem(favourites, actions.prefill));
  items.push({ label: 'Open PIM Step-Up', click: actions.open });
  items.push({ label: 'Quit PIM Step-Up', click: actions.quit });
  return items;
}
