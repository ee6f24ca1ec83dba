/**
 * The tray / menu-bar presence on Electron's stand-ins, from the role-state model: the active roles with their time
 * left, Re-activate only for those ending soon or ended recently, one "expires in 8 min" notification per role and end
 * time whose click asks for the wizard pre-filled with that role, Activate favourites, a menu that says so when the
 * roles cannot be read, Open and Quit. Nothing here activates: every action is a pre-fill. Time is injected.
 */
import { describe, expect, it } from 'vitest';
import type { RequestState, RoleState, RoleStateModel } from '../../../src/shared/domain/role-state';
import { appError } from '../../../src/shared/errors';
import { err, ok } from '../../../src/shared/result';
import type { Result } from '../../../src/shared/result';
import { createTrayPresence, timeLeft, TRAY_REFRESH_MS } from '../../../src/main/electron/tray';
import type { TrayMenuItem } from '../../../src/main/electron/tray';
import type { FakeNotification, FakeTray } from './support/fake-electron';
import { fakeElectronModule } from './support/fake-electron';

const NOW = Date.parse('2026-11-25T14:00:00Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

/** The role-state model as read at `minutes` past NOW (the service's time). */
function states(roles: RoleState[], requests: RequestState[] = [], minutes = 0): RoleStateModel {
  return { roles, requests, at: at(minutes) };
}

const role = (roleId: string, displayName: string, state: RoleState['state'], start: string | null, end: string | null): RoleState => ({
  roleId,
  kind: 'directoryRole',
  displayName,
  state,
  startDateTime: start,
  endDateTime: end,
  eligible: true,
  eligibleUntil: null,
  request: null,
});

const READER = role('rr', 'Reports Reader', 'active', at(-50), at(70));
const HELPDESK = role('hd', 'Helpdesk Administrator', 'active', at(-52), at(8));
const PERMANENT = role('gr', 'Global Reader', 'assigned', null, null);

function setUp(first: Result<RoleStateModel>) {
  let answer = first;
  let now = NOW;
  const opened: string[] = [];
  const prefilled: (readonly string[])[] = [];
  const timers: (() => void)[] = [];
  const notices: FakeNotification[] = [];
  const presence = createTrayPresence({
    createTray: () => new fakeElectronModule.Tray({}),
    buildMenu: (items) => fakeElectronModule.Menu.buildFromTemplate([...items]),
    notify: ({ title, body, onClick }) => {
      const notice = new fakeElectronModule.Notification({ title, body });
      notice.on('click', onClick);
      notice.show();
      notices.push(notice);
    },
    readStates: () => Promise.resolve(answer),
    showWindow: () => opened.push('window'),
    prefill: (roleIds) => prefilled.push(roleIds),
    quit: () => opened.push('quit'),
    now: () => now,
    setInterval: (run) => {
      timers.push(run);
      return timers.length;
    },
    clearInterval: () => {
      timers.length = 0;
    },
  });
  return {
    presence,
    opened,
    prefilled,
    timers,
    notices,
    setAnswer: (next: Result<RoleStateModel>) => {
      answer = next;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const labels = (tray: FakeTray) => (tray.menu as { template: TrayMenuItem[] }).template.map((i) => ('label' in i ? i.label : '—'));
const clickItem = (tray: FakeTray, label: string) => {
  const item = (tray.menu as { template: TrayMenuItem[] }).template.find((i) => 'label' in i && i.label === label);
  if (item === undefined || !('click' in item) || item.click === undefined) {
    throw new Error(`No clickable menu item "${label}".`);
  }
  item.click();
};
const lastTray = async (): Promise<FakeTray> => {
  const { fake } = await import('./support/fake-electron');
  const tray = fake.trays.at(-1);
  if (tray === undefined) {
    throw new Error('no tray was created');
  }
  return tray;
};

describe('tray presence', () => {
  it('lists the running PIM activations, soonest to end first, with their time left', async () => {
    const t = setUp(ok(states([READER, PERMANENT, HELPDESK])));
    const tray = await lastTray();
    expect(labels(tray)).toContain('Active roles are not known: open the app to sign in');
    await t.presence.refresh();
    expect(labels(tray)).toEqual([
      'Active roles (2)',
      'Helpdesk Administrator: 8 min left',
      'Re-activate Helpdesk Administrator…',
      'Reports Reader: 1 h 10 min left',
      '—',
      'Activate favourites (none yet: pin roles with the star in the app)',
      'Open PIM Step-Up',
      'Quit PIM Step-Up',
    ]);
    expect(tray.toolTip).toBe('PIM Step-Up: 2 active');
  });

  it('Re-activate asks for the wizard pre-filled with that role, and activates nothing itself', async () => {
    const t = setUp(ok(states([READER, HELPDESK])));
    await t.presence.refresh();
    clickItem(await lastTray(), 'Re-activate Helpdesk Administrator…');
    expect(t.prefilled).toEqual([['hd']]);
    expect(t.opened).toEqual([]);
  });

  it('offers Re-activate for a role that ended recently (at its end or deactivated), never for one running for hours', async () => {
    const ended = role('hd', 'Helpdesk Administrator', 'eligible', null, null);
    const activation: RequestState = {
      id: 'req-hd',
      kind: 'directoryRole',
      roleId: 'hd',
      action: 'selfActivate',
      status: 'Provisioned',
      phase: 'provisioned',
      createdDateTime: at(-120),
      startDateTime: at(-120),
      endDateTime: at(60),
    };
    const deactivated: RequestState = {
      ...activation,
      id: 'req-d',
      action: 'selfDeactivate',
      status: 'Revoked',
      phase: 'revoked',
      createdDateTime: at(-25),
    };
    const t = setUp(ok(states([READER, ended], [deactivated, activation])));
    await t.presence.refresh();
    const tray = await lastTray();
    expect(labels(tray).slice(0, 5)).toEqual([
      'Active roles (1)',
      'Reports Reader: 1 h 10 min left',
      'Ended recently',
      'Re-activate Helpdesk Administrator (ended 25 min ago)…',
      '—',
    ]);
    clickItem(tray, 'Re-activate Helpdesk Administrator (ended 25 min ago)…');
    expect(t.prefilled).toEqual([['hd']]);
  });

  it('judges at the service’s time the model was read at, not the local clock', async () => {
    // The local clock is 10 minutes behind the service: by the service's time Reports Reader has 1 h left (not
    // offered) and Helpdesk's end has passed (no longer running, and the model lists no activation that ended).
    const t = setUp(ok(states([READER, HELPDESK], [], 10)));
    await t.presence.refresh();
    expect(labels(await lastTray()).slice(0, 4)).toEqual([
      'Active roles (1)',
      'Reports Reader: 1 h 00 min left',
      '—',
      'Activate favourites (none yet: pin roles with the star in the app)',
    ]);
  });

  it('Activate favourites names the published favourites and pre-fills all of them; the menu follows each publication', async () => {
    const t = setUp(ok(states([])));
    await t.presence.refresh();
    const tray = await lastTray();
    const favourites = [
      { id: 'rr', displayName: 'Reports Reader' },
      { id: 'hd', displayName: 'Helpdesk Administrator' },
      { id: 'ga', displayName: 'Global Administrator' },
      { id: 'pim', displayName: 'PIM - Tier 0' },
    ];
    t.presence.setFavourites(favourites);
    const label = 'Activate favourites: Reports Reader, Helpdesk Administrator, Global Administrator and 1 more…';
    expect(labels(tray)).toContain(label);
    clickItem(tray, label);
    expect(t.prefilled).toEqual([['rr', 'hd', 'ga', 'pim']]);
    // A later read of the roles keeps them; unpinning them all turns the item back into a hint.
    await t.presence.refresh();
    expect(labels(tray)).toContain(label);
    // A pre-fill is held to a link's 20 roles, and the menu says so.
    t.presence.setFavourites(Array.from({ length: 25 }, (_, i) => ({ id: `r${String(i)}`, displayName: `Role ${String(i)}` })));
    const first20 = 'Activate favourites (the first 20 of 25): Role 0, Role 1, Role 2 and 17 more…';
    expect(labels(tray)).toContain(first20);
    clickItem(tray, first20);
    expect(t.prefilled[1]).toHaveLength(20);
    t.presence.setFavourites([]);
    const hint = (tray.menu as { template: TrayMenuItem[] }).template.find(
      (i) => 'label' in i && i.label.startsWith('Activate favourites'),
    );
    expect(hint).toEqual({ label: 'Activate favourites (none yet: pin roles with the star in the app)', enabled: false });
  });

  it('warns once per role and end time when it ends soon (fifteen minutes or less), and the click pre-fills that role', async () => {
    const t = setUp(ok(states([READER, HELPDESK])));
    await t.presence.refresh();
    expect(t.notices.map((n) => n.options.title)).toEqual(['Helpdesk Administrator expires in 8 min']);
    expect(t.notices[0]?.options.body).toBe('Click to activate it again: PIM Step-Up opens with it filled in for you to review.');
    await t.presence.refresh();
    expect(t.notices).toHaveLength(1);
    t.notices[0]?.emit('click');
    expect(t.prefilled).toEqual([['hd']]);
    // An hour later Reports Reader is the one about to end; a re-activated Helpdesk warns again at its new end.
    t.advance(61 * 60_000);
    t.setAnswer(ok(states([READER, { ...HELPDESK, endDateTime: at(66) }], [], 61)));
    await t.presence.refresh();
    expect(t.notices.map((n) => n.options.title)).toEqual([
      'Helpdesk Administrator expires in 8 min',
      'Helpdesk Administrator expires in 5 min',
      'Reports Reader expires in 9 min',
    ]);
  });

  it('says when the roles cannot be read, and offers Open and Quit that work', async () => {
    const t = setUp(err(appError('auth/not-signed-in', 'Sign in first.')));
    await t.presence.refresh();
    const tray = await lastTray();
    expect(labels(tray)[0]).toBe('Active roles are not known: open the app to sign in');
    const items = (tray.menu as { template: TrayMenuItem[] }).template;
    for (const item of items) {
      if ('click' in item && item.click !== undefined) {
        item.click();
      }
    }
    expect(t.opened).toEqual(['window', 'quit']);
    tray.emit('click');
    expect(t.opened).toEqual(['window', 'quit', 'window']);
  });

  it('reads again every minute and stops on dispose', async () => {
    const t = setUp(ok(states([])));
    const tray = await lastTray();
    expect(t.timers).toHaveLength(1);
    t.timers[0]?.();
    await Promise.resolve();
    await Promise.resolve();
    expect(labels(tray)[0]).toBe('No role is active');
    expect(TRAY_REFRESH_MS).toBe(60_000);
    t.presence.dispose();
    expect(tray.destroyed).toBe(true);
    expect(t.timers).toHaveLength(0);
  });

  it('puts time left in words', () => {
    expect(timeLeft(30_000)).toBe('less than a minute');
    expect(timeLeft(9 * 60_000 + 59_000)).toBe('9 min');
    expect(timeLeft(65 * 60_000)).toBe('1 h 05 min');
  });
});
