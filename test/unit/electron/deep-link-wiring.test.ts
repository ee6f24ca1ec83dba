/**
 * Deep-link wiring with a fake `app`: argv at start, `second-instance`, macOS `open-url`, each
 * delivery pushed to the UI and focusing the window; the scheme claimed only when packaged.
 */
import { describe, expect, it } from 'vitest';
import { createDeepLinkInbox } from '../../../src/core/deep-link/deep-link-inbox';
import type { DeepLinkAppLike } from '../../../src/main/electron/deep-link-wiring';
import { wireDeepLinks } from '../../../src/main/electron/deep-link-wiring';

type Listener = (...args: never[]) => void;

function fakeApp() {
  const listeners = new Map<string, Listener>();
  const registered: string[] = [];
  const app = {
    on: (event: string, listener: Listener) => {
      listeners.set(event, listener);
      return app;
    },
    setAsDefaultProtocolClient: (scheme: string) => {
      registered.push(scheme);
      return true;
    },
  } as unknown as DeepLinkAppLike;
  const fire = (event: string, ...args: unknown[]) => {
    (listeners.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
  };
  return { app, registered, fire, listeners };
}

function wire(argv: string[]) {
  const { app, registered, fire, listeners } = fakeApp();
  const inbox = createDeepLinkInbox();
  const events: [string, unknown][] = [];
  let focused = 0;
  const unsubscribe = wireDeepLinks({
    app,
    inbox,
    argv,
    emit: (event, payload) => events.push([event, payload]),
    focusWindow: () => (focused += 1),
  });
  return { inbox, events, focused: () => focused, fire, registered, listeners, unsubscribe };
}

describe('wireDeepLinks', () => {
  it('a cold-start link is kept for take() and announced', () => {
    const w = wire(['/usr/bin/pim-stepup', '--enable-logging', 'pim-stepup://activate?role=Reports%20Reader&duration=PT2H']);
    expect(w.events).toHaveLength(1);
    expect(w.focused()).toBe(1);
    const taken = w.inbox.take();
    expect(taken?.ok === true ? [taken.intent.roles, taken.intent.duration, taken.intent.requiresConfirmation] : null).toEqual([
      ['Reports Reader'],
      'PT2H',
      true,
    ]);
  });

  it('a start without a link announces nothing', () => {
    const w = wire(['/usr/bin/pim-stepup', '--kiosk']);
    expect(w.events).toEqual([]);
    expect(w.focused()).toBe(0);
    expect(w.inbox.take()).toBeNull();
  });

  it('second-instance argv and open-url each push deep-link:received and focus the window', () => {
    const w = wire([]);
    w.fire('second-instance', {}, ['C:\\\\PIM\\\\pim-stepup.exe', 'pim-stepup://activate?role=Exchange%20Administrator']);
    let prevented = false;
    w.fire(
      'open-url',
      { preventDefault: () => (prevented = true) },
      'pim-stepup://activate?role=Helpdesk%20Administrator&justification=Call%2042',
    );
    expect(prevented).toBe(true);
    expect(w.events.map(([event]) => event)).toEqual(['deep-link:received', 'deep-link:received']);
    expect(w.events.map(([, payload]) => (payload as { intent?: { roles: string[] } }).intent?.roles)).toEqual([
      ['Exchange Administrator'],
      ['Helpdesk Administrator'],
    ]);
    expect(w.focused()).toBe(2);
    // The newest one is what the wizard takes.
    const taken = w.inbox.take();
    expect(taken?.ok === true ? taken.intent.justification : null).toBe('Call 42');
  });

  it('a refused link is announced as a refusal with its reason, never as an intent', () => {
    const w = wire([]);
    w.fire('open-url', { preventDefault: () => undefined }, 'pim-stepup://activate?role=x&autoActivate=true');
    expect(w.events).toEqual([['deep-link:received', { ok: false, error: expect.objectContaining({ code: 'input/invalid' }) as unknown }]]);
  });

  it('never claims the scheme at runtime (the installers register it)', () => {
    const w = wire(['pim-stepup://activate?role=z']);
    expect(w.registered).toEqual([]);
    expect([...w.listeners.keys()].sort()).toEqual(['open-url', 'second-instance']);
  });

  it('after unsubscribe, deliveries are still kept but no longer pushed', () => {
    const w = wire([]);
    w.unsubscribe();
    w.fire('open-url', { preventDefault: () => undefined }, 'pim-stepup://activate?role=y');
    expect(w.events).toEqual([]);
    expect(w.inbox.take()?.ok).toBe(true);
  });
});
