/**
 * Background mode: in standard mode, closing the main window hides it and the app stays in the tray / menu bar, so
 * the expiry warnings of active roles still arrive and a role can be re-activated from there. The first time, a
 * notification says where the app went. Quitting (the tray's Quit, the app menu, the OS logging out) closes it for
 * real. In kiosk mode closing quits, because the session must end with the window (nothing may outlive it).
 *
 * Electron-free: the window and the notice come through the ports below, so it is tested under plain Node.
 */

/** The slice of a BrowserWindow used here. */
export type HideableWindow = {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  hide(): void;
};

export type KeepInTrayOptions = {
  readonly kiosk: boolean;
  /** True once the app is quitting: then the window closes for real. */
  readonly quitting: () => boolean;
  /** Shows the one-time "still running in the tray" notice. */
  readonly notifyHidden: () => void;
};

export const HIDDEN_NOTICE = {
  title: 'PIM Step-Up is still running',
  body: 'It keeps watching your active roles from the tray (menu bar on macOS). Choose Quit there to end it.',
} as const;

/** What closing the window does: hide it (background mode) or let it close. */
export function closeAction(options: { readonly kiosk: boolean; readonly quitting: boolean }): 'hide' | 'close' {
  return options.kiosk || options.quitting ? 'close' : 'hide';
}

export function keepInTray(window: HideableWindow, options: KeepInTrayOptions): void {
  let told = false;
  window.on('close', (event) => {
    if (closeAction({ kiosk: options.kiosk, quitting: options.quitting() }) === 'close') {
      return;
    }
    event.preventDefault();
    window.hide();
    if (!told) {
      told = true;
      options.notifyHidden();
    }
  });
}
