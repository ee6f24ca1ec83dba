/**
 * docs/security.md, rows 19 and 28: the kiosk window is locked down, escape accelerators
 * are swallowed, and the session purge runs on lock, suspend and idle.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  blockedKioskAction,
  clearSessionData,
  createSessionPurger,
  DEFAULT_KIOSK_POLICY,
  endSessionUrl,
  installKioskInputGuard,
  installKioskTriggers,
  kioskWindowOptions,
  type KeyInput,
  type PowerMonitorLike,
  type TriggerTimers,
} from '../../../src/main/electron/kiosk';
import { createMainWindow, mainWindowOptions } from '../../../src/main/electron/main-window';
import { FakeWebContents } from './support/fake-web-contents';

const key = (k: string, mods: Partial<Omit<KeyInput, 'key' | 'type'>> = {}): KeyInput => ({
  type: 'keyDown',
  key: k,
  control: false,
  meta: false,
  shift: false,
  alt: false,
  ...mods,
});

describe('kiosk accelerators', () => {
  it.each<[string, KeyInput, string]>([
    ['Ctrl+R', key('r', { control: true }), 'reload'],
    ['Cmd+R', key('r', { meta: true }), 'reload'],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true }), 'reload'],
    ['F5', key('F5'), 'reload'],
    ['Ctrl+F5', key('F5', { control: true }), 'reload'],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true }), 'developer-tools'],
    ['Ctrl+Shift+J', key('J', { control: true, shift: true }), 'developer-tools'],
    ['Ctrl+Shift+C', key('C', { control: true, shift: true }), 'developer-tools'],
    ['Cmd+Option+I', key('i', { meta: true, alt: true }), 'developer-tools'],
    ['F12', key('F12'), 'developer-tools'],
    ['Ctrl+N', key('n', { control: true }), 'new-window'],
    ['Ctrl+Shift+N', key('N', { control: true, shift: true }), 'new-window'],
    ['Ctrl+T', key('t', { control: true }), 'new-window'],
    ['Ctrl+P', key('p', { control: true }), 'print-save-open-source'],
    ['Ctrl+U', key('u', { control: true }), 'print-save-open-source'],
    ['F11', key('F11'), 'leave-full-screen'],
    ['Ctrl+W', key('w', { control: true }), 'close'],
    ['Alt+F4', key('F4', { alt: true }), 'close'],
    ['Cmd+Q', key('q', { meta: true }), 'close'],
  ])('blocks %s', (_name, input, action) => {
    expect(blockedKioskAction(input, DEFAULT_KIOSK_POLICY)).toBe(action);
  });

  it.each<[string, KeyInput]>([
    ['typing r', key('r')],
    ['Shift+I (capital I in a reason)', key('I', { shift: true })],
    ['Tab', key('Tab')],
    ['Shift+Tab', key('Tab', { shift: true })],
    ['Enter', key('Enter')],
    ['Escape', key('Escape')],
    ['Ctrl+C (copy)', key('c', { control: true })],
    ['Ctrl+V (paste)', key('v', { control: true })],
    ['Ctrl+A', key('a', { control: true })],
    ['Ctrl+Plus (zoom, accessibility)', key('+', { control: true })],
    ['arrow keys', key('ArrowDown')],
    ['Ctrl+R released (keyUp)', { ...key('r', { control: true }), type: 'keyUp' }],
  ])('lets %s through', (_name, input) => {
    expect(blockedKioskAction(input, DEFAULT_KIOSK_POLICY)).toBeNull();
  });

  it('lets close shortcuts through when the policy allows closing', () => {
    const policy = { ...DEFAULT_KIOSK_POLICY, blockCloseShortcuts: false };
    expect(blockedKioskAction(key('F4', { alt: true }), policy)).toBeNull();
    expect(blockedKioskAction(key('w', { control: true }), policy)).toBeNull();
    expect(blockedKioskAction(key('F12'), policy)).toBe('developer-tools');
  });

  it('the before-input-event guard calls preventDefault for blocked keys only', () => {
    const contents = new FakeWebContents();
    const onBlocked = vi.fn();
    installKioskInputGuard(contents, DEFAULT_KIOSK_POLICY, onBlocked);
    expect(contents.emitPreventable('before-input-event', key('I', { control: true, shift: true }))).toBe(true);
    expect(contents.emitPreventable('before-input-event', key('a'))).toBe(false);
    expect(onBlocked).toHaveBeenCalledExactlyOnceWith('developer-tools');
  });
});

describe('kiosk window', () => {
  it('is a kiosk, full screen, without devTools', () => {
    expect(kioskWindowOptions()).toMatchObject({ kiosk: true, fullscreen: true });
    const options = mainWindowOptions({ preloadPath: '/p.js', kiosk: DEFAULT_KIOSK_POLICY, devTools: true });
    expect(options.kiosk).toBe(true);
    expect(options.webPreferences?.devTools).toBe(false);
  });

  it('the factory turns content protection on, removes the menu and guards input', async () => {
    const created: FakeWindow[] = [];
    class FakeWindow {
      readonly webContents = new FakeWebContents();
      contentProtection = false;
      menuRemoved = false;
      loaded: string[] = [];
      constructor(readonly options: unknown) {
        created.push(this);
      }
      setContentProtection(enable: boolean) {
        this.contentProtection = enable;
      }
      setMenu() {
        this.menuRemoved = true;
      }
      loadURL(url: string) {
        this.loaded.push(url);
        return Promise.resolve();
      }
      once() {
        return this;
      }
      show() {
        return undefined;
      }
    }
    const window = await createMainWindow(FakeWindow, { preloadPath: '/p.js', kiosk: DEFAULT_KIOSK_POLICY, devTools: false });
    expect(created).toHaveLength(1);
    expect(window.contentProtection).toBe(true);
    expect(window.menuRemoved).toBe(true);
    expect(window.loaded).toEqual(['app://pim-stepup/index.html']);
    expect(window.webContents.emitPreventable('before-input-event', key('F12'))).toBe(true);

    const normal = await createMainWindow(FakeWindow, { preloadPath: '/p.js', kiosk: null, devTools: false });
    expect(normal.contentProtection).toBe(false);
    expect(normal.webContents.listeners.has('before-input-event')).toBe(false);
  });
});

describe('session purge', () => {
  it('runs every step in order, even after one fails, and reports the failure', async () => {
    const order: string[] = [];
    const purge = createSessionPurger([
      { name: 'entra-sign-out', run: () => Promise.reject(new Error('offline')) },
      { name: 'msal-cache', run: () => Promise.resolve(order.push('msal-cache')) },
      { name: 'storage', run: () => Promise.resolve(order.push('storage')) },
    ]);
    const report = await purge('end-session');
    expect(order).toEqual(['msal-cache', 'storage']);
    expect(report).toMatchObject({ trigger: 'end-session', failed: ['entra-sign-out'] });
  });

  it('concurrent triggers join one purge', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const purge = createSessionPurger([
      {
        name: 'slow',
        run: () =>
          new Promise<void>((resolve) => {
            runs += 1;
            release = resolve;
          }),
      },
    ]);
    const first = purge('lock-screen');
    const second = purge('idle');
    release();
    expect(await second).toBe(await first);
    expect(runs).toBe(1);
    const third = purge('again');
    release();
    await third;
    expect(runs).toBe(2);
  });

  it('clears storage, HTTP cache and auth cache of a session', async () => {
    const calls: string[] = [];
    await clearSessionData({
      clearStorageData: () => Promise.resolve(void calls.push('storage')),
      clearCache: () => Promise.resolve(void calls.push('cache')),
      clearAuthCache: () => Promise.resolve(void calls.push('auth')),
    });
    expect(calls).toEqual(['storage', 'cache', 'auth']);
  });

  it('builds the Entra end-session URL from the authority', () => {
    expect(endSessionUrl('https://login.microsoftonline.com/contoso.onmicrosoft.com')).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/logout',
    );
    expect(endSessionUrl('https://localhost:8443/tid/')).toBe('https://localhost:8443/tid/oauth2/v2.0/logout');
  });
});

describe('purge triggers', () => {
  function fakePower(idleSeconds: () => number) {
    const listeners = new Map<string, (() => void)[]>();
    const power: PowerMonitorLike & { emit(event: string): void; count(): number } = {
      on: (event, listener) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
      removeListener: (event, listener) =>
        listeners.set(
          event,
          (listeners.get(event) ?? []).filter((l) => l !== listener),
        ),
      getSystemIdleTime: idleSeconds,
      emit: (event) => {
        for (const listener of listeners.get(event) ?? []) {
          listener();
        }
      },
      count: () => [...listeners.values()].reduce((n, l) => n + l.length, 0),
    };
    return power;
  }

  function fakeTimers() {
    const ticks: (() => void)[] = [];
    const timers: TriggerTimers & { tick(): void; active(): number } = {
      setInterval: (callback) => {
        ticks.push(callback);
        return ticks.length - 1;
      },
      clearInterval: (handle) => {
        ticks[handle as number] = () => undefined;
        ticks.splice(handle as number, 1);
      },
      tick: () => {
        for (const t of ticks) {
          t();
        }
      },
      active: () => ticks.length,
    };
    return timers;
  }

  it.each(['lock-screen', 'suspend'])('purges immediately on %s', (event) => {
    const purge = vi.fn(() => Promise.resolve());
    const power = fakePower(() => 0);
    installKioskTriggers({ powerMonitor: power, policy: DEFAULT_KIOSK_POLICY, purge, timers: fakeTimers() });
    power.emit(event);
    expect(purge).toHaveBeenCalledExactlyOnceWith(event);
  });

  it('purges once when idle reaches the threshold, and again only after new activity', () => {
    const purge = vi.fn(() => Promise.resolve());
    let idle = 0;
    const power = fakePower(() => idle);
    const timers = fakeTimers();
    installKioskTriggers({ powerMonitor: power, policy: { ...DEFAULT_KIOSK_POLICY, idleMinutes: 10 }, purge, timers });
    idle = 599;
    timers.tick();
    expect(purge).not.toHaveBeenCalled();
    idle = 600;
    timers.tick();
    idle = 900;
    timers.tick();
    expect(purge).toHaveBeenCalledExactlyOnceWith('idle');
    idle = 3;
    timers.tick();
    idle = 601;
    timers.tick();
    expect(purge).toHaveBeenCalledTimes(2);
  });

  it('polls nothing when idle purge is off, and removes every trigger on dispose', () => {
    const purge = vi.fn(() => Promise.resolve());
    const power = fakePower(() => 100_000);
    const timers = fakeTimers();
    const dispose = installKioskTriggers({ powerMonitor: power, policy: { ...DEFAULT_KIOSK_POLICY, idleMinutes: null }, purge, timers });
    expect(timers.active()).toBe(0);
    expect(power.count()).toBe(2);
    dispose();
    expect(power.count()).toBe(0);
    power.emit('lock-screen');
    expect(purge).not.toHaveBeenCalled();
  });

  it('a lock runs the whole purge at once: it ends when its last step does, with no wait of its own', async () => {
    // Fake time: the step takes 20 ms of it, and the purge must end exactly then (no timer, no poll in between).
    vi.useFakeTimers();
    try {
      const purger = createSessionPurger([{ name: 'clear', run: () => new Promise<void>((resolve) => setTimeout(resolve, 20)) }]);
      const power = fakePower(() => 0);
      let report: Awaited<ReturnType<typeof purger>> | null = null;
      installKioskTriggers({
        powerMonitor: power,
        policy: { ...DEFAULT_KIOSK_POLICY, idleMinutes: null },
        purge: async (trigger) => {
          report = await purger(trigger);
        },
      });
      power.emit('lock-screen');
      await vi.advanceTimersByTimeAsync(19);
      expect(report).toBeNull();
      await vi.advanceTimersByTimeAsync(1);
      expect(report).toEqual({ trigger: 'lock-screen', failed: [], elapsedMs: 20 });
    } finally {
      vi.useRealTimers();
    }
  });
});
