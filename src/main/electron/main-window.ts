/**
 * The main window factory: one of the two places a `BrowserWindow` is constructed.
 *
 * The window loads only `app://pim-stepup/index.html`, with the shared secure web preferences
 * and the preload bridge; in kiosk mode it is a locked, full-screen, capture-protected window
 * with developer tools and escape accelerators off.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-protocol';
import { hardenKioskWindow, installKioskInputGuard, kioskWindowOptions } from './kiosk';
import type { InputGuardContents, KioskPolicy, KioskWindowLike } from './kiosk';
import { secureWebPreferences } from './secure-web-preferences';

/** The slice of `BrowserWindow` the factory uses. */
export type MainWindowLike = KioskWindowLike & {
  readonly webContents: InputGuardContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
};

export type MainWindowOptions = {
  readonly preloadPath: string;
  /** Kiosk policy, or null for a normal desktop window. */
  readonly kiosk: KioskPolicy | null;
  /** Developer tools for unpackaged builds only; always off in kiosk mode. */
  readonly devTools: boolean;
  readonly icon?: string;
  readonly onKioskKeyBlocked?: (action: string) => void;
};

export function mainWindowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  const kiosk = options.kiosk !== null;
  return {
    title: 'PIM Step-Up',
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 540,
    show: false,
    backgroundColor: '#1b1f24',
    ...(options.icon === undefined ? {} : { icon: options.icon }),
    ...(kiosk ? kioskWindowOptions() : {}),
    webPreferences: secureWebPreferences({ preload: options.preloadPath, devTools: options.devTools && !kiosk }),
  };
}

export type BrowserWindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/** Creates, hardens and loads the main window; resolves once the UI's HTML has loaded. */
export async function createMainWindow<W extends MainWindowLike>(
  BrowserWindow: BrowserWindowConstructor<W>,
  options: MainWindowOptions,
): Promise<W> {
  // Electronegativity cannot see through mainWindowOptions(): contextIsolation, sandbox and the
  // auxclick/new-window denial are set there and by the navigation guard, and asserted by
  // test/unit/electron/secure-web-preferences.test.ts and navigation-guard.test.ts.
  const window = new BrowserWindow(mainWindowOptions(options)); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK: set in mainWindowOptions()
  if (options.kiosk !== null) {
    hardenKioskWindow(window);
    installKioskInputGuard(window.webContents, options.kiosk, options.onKioskKeyBlocked);
  }
  window.once('ready-to-show', () => {
    window.show();
  });
  await window.loadURL(APP_ENTRY_URL);
  return window;
}
