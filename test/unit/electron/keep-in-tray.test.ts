/**
 * Background mode: closing the window hides it to the tray in standard mode (told once), closes it when the app is
 * quitting, and always closes it in kiosk mode, where nothing may outlive the window.
 */
import { describe, expect, it } from 'vitest';
import { closeAction, keepInTray } from '../../../src/main/electron/keep-in-tray';

function windowDouble() {
  const listeners: ((event: { preventDefault(): void }) => void)[] = [];
  const state = { hidden: 0, closed: 0 };
  return {
    state,
    window: {
      on: (_event: 'close', listener: (event: { preventDefault(): void }) => void) => listeners.push(listener),
      hide: () => {
        state.hidden += 1;
      },
    },
    /** Closes as Electron does: the `close` listeners first, then closed unless one prevented it. */
    close: () => {
      const event = {
        prevented: false,
        preventDefault(): void {
          this.prevented = true;
        },
      };
      for (const listener of listeners) {
        listener(event);
      }
      if (!event.prevented) {
        state.closed += 1;
      }
    },
  };
}

describe('keep in tray', () => {
  it('decides by mode and by quitting', () => {
    expect(closeAction({ kiosk: false, quitting: false })).toBe('hide');
    expect(closeAction({ kiosk: false, quitting: true })).toBe('close');
    expect(closeAction({ kiosk: true, quitting: false })).toBe('close');
  });

  it('hides the window instead of closing it, and says so the first time only', () => {
    const w = windowDouble();
    let notices = 0;
    let quitting = false;
    keepInTray(w.window, { kiosk: false, quitting: () => quitting, notifyHidden: () => (notices += 1) });
    w.close();
    w.close();
    expect(w.state).toEqual({ hidden: 2, closed: 0 });
    expect(notices).toBe(1);
    quitting = true;
    w.close();
    expect(w.state).toEqual({ hidden: 2, closed: 1 });
  });

  it('closes in kiosk mode, with no notice', () => {
    const w = windowDouble();
    let notices = 0;
    keepInTray(w.window, { kiosk: true, quitting: () => false, notifyHidden: () => (notices += 1) });
    w.close();
    expect(w.state).toEqual({ hidden: 0, closed: 1 });
    expect(notices).toBe(0);
  });
});
