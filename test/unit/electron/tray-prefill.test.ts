/**
 * A tray action reaches the window exactly as a help-desk link does: Re-activate (and Activate
 * favourites) go into the deep-link inbox, whose delivery is pushed as `deep-link:received` and
 * focuses the window; the intent only pre-fills and is bounded like a link.
 */
import { describe, expect, it } from 'vitest';
import { createDeepLinkInbox } from '../../../src/core/deep-link/deep-link-inbox';
import { trayIntent } from '../../../src/core/deep-link/tray-intent';
import type { DeepLinkAppLike } from '../../../src/main/electron/deep-link-wiring';
import { wireDeepLinks } from '../../../src/main/electron/deep-link-wiring';
import { createTrayPresence } from '../../../src/main/electron/tray';
import type { TrayMenuItem } from '../../../src/main/electron/tray';
import type { RoleStateModel } from '../../../src/shared/domain/role-state';
import { ok } from '../../../src/shared/result';

const NOW = Date.parse('2026-11-25T14:00:00Z');
/** Reports Reader active, ending in five minutes: the tray offers it again and warns. */
const ACTIVE: RoleStateModel = {
  at: new Date(NOW).toISOString(),
  requests: [],
  roles: [
    {
      roleId: 'role:r1:/',
      kind: 'directoryRole',
      displayName: 'Reports Reader',
      state: 'active',
      startDateTime: new Date(NOW - 3_000_000).toISOString(),
      endDateTime: new Date(NOW + 300_000).toISOString(),
      eligible: true,
      eligibleUntil: null,
      request: null,
    },
  ],
};

function wiredTray() {
  const inbox = createDeepLinkInbox();
  const events: [string, unknown][] = [];
  let focused = 0;
  const app = { on: () => app } as unknown as DeepLinkAppLike;
  wireDeepLinks({ app, inbox, argv: ['app'], emit: (event, payload) => events.push([event, payload]), focusWindow: () => (focused += 1) });
  let menu: TrayMenuItem[] = [];
  let notified: (() => void) | null = null;
  const presence = createTrayPresence({
    createTray: () => ({ setToolTip: () => undefined, setContextMenu: () => undefined, on: () => undefined, destroy: () => undefined }),
    buildMenu: (items) => (menu = [...items]),
    notify: ({ onClick }) => (notified = onClick),
    readStates: () => Promise.resolve(ok(ACTIVE)),
    showWindow: () => undefined,
    prefill: (roleIds) => {
      inbox.receiveTrayRoles(roleIds);
    },
    quit: () => undefined,
    now: () => NOW,
    setInterval: () => 0,
    clearInterval: () => undefined,
  });
  const click = (label: string) => {
    const item = menu.find((i) => 'label' in i && i.label === label);
    (item as { click?: () => void } | undefined)?.click?.();
  };
  return { inbox, events, focused: () => focused, presence, click, notificationClick: () => notified?.() };
}

const TRAY_DELIVERY = (roles: string[]) => ({
  ok: true,
  intent: { action: 'activate', roles, requiresConfirmation: true, origin: 'tray' },
});

describe('tray actions pre-fill the wizard through the deep-link inbox', () => {
  it('Re-activate delivers an intent for that role, pushed to the window and kept for take()', async () => {
    const t = wiredTray();
    await t.presence.refresh();
    t.click('Re-activate Reports Reader…');
    expect(t.events).toEqual([['deep-link:received', TRAY_DELIVERY(['role:r1:/'])]]);
    expect(t.focused()).toBe(1);
    expect(t.inbox.take()).toEqual(TRAY_DELIVERY(['role:r1:/']));
  });

  it('the expiry notification and Activate favourites deliver the same shape', async () => {
    const t = wiredTray();
    await t.presence.refresh();
    t.notificationClick();
    t.presence.setFavourites([
      { id: 'role:r1:/', displayName: 'Reports Reader' },
      { id: 'group:g1:member', displayName: 'PIM - Tier 0' },
    ]);
    t.click('Activate favourites: Reports Reader, PIM - Tier 0…');
    expect(t.events.map(([, payload]) => payload)).toEqual([TRAY_DELIVERY(['role:r1:/']), TRAY_DELIVERY(['role:r1:/', 'group:g1:member'])]);
  });

  it('holds tray intents to a link’s limits: at most 20 roles, bounded ids, at least one', () => {
    expect(trayIntent(Array.from({ length: 20 }, (_, i) => `r${String(i)}`)).ok).toBe(true);
    expect(trayIntent(Array.from({ length: 21 }, (_, i) => `r${String(i)}`)).ok).toBe(false);
    expect(trayIntent(['x'.repeat(401)]).ok).toBe(false);
    expect(trayIntent([]).ok).toBe(false);
    expect(trayIntent(['a', 'a'])).toEqual({
      ok: true,
      value: { action: 'activate', roles: ['a'], requiresConfirmation: true, origin: 'tray' },
    });
  });
});
