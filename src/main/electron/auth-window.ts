/**
 * The in-app sign-in window factory: the other place a `BrowserWindow` is constructed.
 *
 * The system browser is the default sign-in surface (RFC 8252 section 8.12; device-based Conditional
 * Access keeps working there). This window exists for the two cases where that cannot be used:
 * the built-in demo tenant (whose certificate only this window's partition trusts) and kiosk
 * mode (no external browser on the workstation). It has no preload, so no bridge to main; its
 * own in-memory session partition, so nothing it sees persists or mixes with the app's
 * session; and a navigation policy limited to the authority's origin(s) and MSAL's loopback port.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { loopbackTarget } from '../../core/auth/loopback-target';
import { isNavigationAllowed } from './navigation-guard';
import type { NavigationPolicy } from './navigation-guard';
import { secureWebPreferences } from './secure-web-preferences';

/** In-memory (no `persist:` prefix): cookies and storage vanish with the process or a purge. */
export const SIGN_IN_PARTITION = 'pim-sign-in';

export type SignInSurface = 'system-browser' | 'in-app-window';

/** The in-app window only for the demo tenant and kiosk mode; otherwise the system browser. */
export function chooseSignInSurface(options: {
  readonly simulatedTenant: boolean;
  readonly kiosk: boolean;
  readonly preferInApp?: boolean;
}): SignInSurface {
  return options.simulatedTenant || options.kiosk || options.preferInApp === true ? 'in-app-window' : 'system-browser';
}

/**
 * Sign-in may visit the authority's origin(s) and post the result to MSAL's loopback listener. The loopback port is
 * known only once MSAL builds the authorize URL; `forAuthorizeUrl` narrows the policy to it.
 */
export function signInNavigationPolicy(authorityOrigins: readonly string[], loopbackPort: number | null = null): NavigationPolicy {
  return { allowedOrigins: authorityOrigins, loopbackPort };
}

/** The policy for one sign-in: the authority plus exactly the loopback port in the authorize URL's `redirect_uri`. */
export function policyForAuthorizeUrl(base: NavigationPolicy, authorizeUrl: string): NavigationPolicy {
  return { ...base, loopbackPort: loopbackTarget(authorizeUrl)?.port ?? null };
}

export function authWindowOptions(parent: BrowserWindow | undefined): BrowserWindowConstructorOptions {
  return {
    title: 'Sign in: PIM Step-Up',
    width: 520,
    height: 720,
    ...(parent === undefined ? {} : { parent, modal: true }),
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences({ partition: SIGN_IN_PARTITION, devTools: false }),
  };
}

/** The slice of `BrowserWindow` the sign-in surface uses. */
export type AuthWindowLike = {
  readonly webContents: { readonly id: number };
  loadURL(url: string): Promise<void>;
  once(event: 'closed', listener: () => void): unknown;
  close(): void;
  isDestroyed(): boolean;
};

export type InAppSignInOptions<W> = {
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  readonly parent: () => BrowserWindow | undefined;
  readonly policy: NavigationPolicy;
  /** Tells the app-wide navigation guard which policy this window's webContents follows. */
  readonly registerPolicy: (webContentsId: number, policy: NavigationPolicy) => void;
  readonly unregisterPolicy: (webContentsId: number) => void;
  /** The person closed the window before sign-in finished: the app cancels the pending sign-in. */
  readonly onUserClosed: () => void;
};

export type InAppSignIn = {
  /** The engine's `openBrowser`: shows the authority's page in the sign-in window. */
  openBrowser(url: string): Promise<void>;
  /** Closes the window when sign-in has finished (successfully or not). */
  close(): void;
};

export function createInAppSignIn<W extends AuthWindowLike>(options: InAppSignInOptions<W>): InAppSignIn {
  let current: { readonly window: W; closedByApp: boolean } | null = null;

  const close = (): void => {
    if (current === null) {
      return;
    }
    const entry = current;
    current = null;
    entry.closedByApp = true;
    if (!entry.window.isDestroyed()) {
      entry.window.close();
    }
  };

  const openBrowser = (url: string): Promise<void> => {
    const policy = policyForAuthorizeUrl(options.policy, url);
    if (policy.loopbackPort === null || !isNavigationAllowed(url, policy)) {
      return Promise.reject(new Error('The sign-in page is not on the configured authority, or has no loopback redirect.'));
    }
    close();
    // A plain `new BrowserWindow(` so the static scan sees this window too; its options come from authWindowOptions().
    const { BrowserWindow } = options;
    const window = new BrowserWindow(authWindowOptions(options.parent())); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK: set in authWindowOptions()
    const entry = { window, closedByApp: false };
    current = entry;
    const id = window.webContents.id;
    options.registerPolicy(id, policy);
    window.once('closed', () => {
      options.unregisterPolicy(id);
      if (current === entry) {
        current = null;
      }
      if (!entry.closedByApp) {
        options.onUserClosed();
      }
    });
    // loadURL rejects with ERR_ABORTED when the page posts on to the loopback; that is success.
    window.loadURL(url).catch(() => undefined);
    return Promise.resolve();
  };

  return { openBrowser, close };
}
