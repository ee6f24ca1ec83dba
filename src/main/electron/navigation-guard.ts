/**
 * App-wide navigation and new-window denial.
 *
 * Every webContents Electron creates gets the guard through `app.on('web-contents-created')`,
 * so no window can escape it by being created somewhere new. Main-frame navigations
 * (`will-navigate`), subframe navigations (`will-frame-navigate`, since `will-navigate` fires
 * for main frames only) and server redirects (`will-redirect`) are all checked against the
 * window's allowlist by origin. `startsWith`
 * is never used: `https://app.evil.com` must not pass for `https://app`.
 */
import { isLoopbackHttpUrl, originOf } from './url-origin';

export type NavigationPolicy = {
  /** Exact origins a frame may navigate to, e.g. `app://pim-stepup` or `https://login.microsoftonline.com`. */
  readonly allowedOrigins: readonly string[];
  /**
   * The port of MSAL's loopback listener for the sign-in in progress (`http://localhost:<port>`), the one plain-http
   * place a sign-in window may go; null everywhere else. Any other loopback port is another local program.
   */
  readonly loopbackPort: number | null;
};

export function isNavigationAllowed(url: string, policy: NavigationPolicy): boolean {
  if (policy.loopbackPort !== null && isLoopbackHttpUrl(url, policy.loopbackPort)) {
    return true;
  }
  const origin = originOf(url);
  if (origin === null) {
    return false;
  }
  // Credentials in the URL are a phishing device; no legitimate page of ours uses them.
  try {
    const parsed = new URL(url);
    if (parsed.username !== '' || parsed.password !== '') {
      return false;
    }
  } catch {
    return false;
  }
  return policy.allowedOrigins.includes(origin);
}

/** The event object Electron passes to the navigation listeners (`Event<…Params>`). */
export type NavigationEvent = { readonly url: string; preventDefault(): void };

/** The slice of `WebContents` the guard needs. */
export type GuardableContents = {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
};

export type GuardOptions = {
  /** Looked up at event time, so a window's factory can register its policy after construction. */
  readonly policyFor: () => NavigationPolicy;
  /** Receives `window.open`/`target=_blank` URLs; the shell routes them to `openExternalSafe`, which validates. */
  readonly onOpenRequest?: (url: string) => void;
  readonly onBlocked?: (kind: string, url: string) => void;
};

/** Attaches every listener to one webContents. */
export function guardWebContents(contents: GuardableContents, options: GuardOptions): void {
  const check =
    (kind: 'will-navigate' | 'will-frame-navigate' | 'will-redirect') =>
    (details: NavigationEvent): void => {
      if (!isNavigationAllowed(details.url, options.policyFor())) {
        details.preventDefault();
        options.onBlocked?.(kind, details.url);
      }
    };
  contents.on('will-navigate', check('will-navigate'));
  contents.on('will-frame-navigate', check('will-frame-navigate'));
  contents.on('will-redirect', check('will-redirect'));
  // webviewTag is off in every window; this is the belt to that brace.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.onBlocked?.('will-attach-webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    options.onOpenRequest?.(url);
    return { action: 'deny' };
  });
}

/** The slice of `app` used to reach every webContents as it is created. */
export type WebContentsSource<C> = {
  on(event: 'web-contents-created', listener: (event: unknown, contents: C) => void): unknown;
};

/**
 * Guards every webContents the app will ever create. `optionsFor` picks the policy for a given
 * webContents (the sign-in window registers its own; everything else gets the app origin only).
 */
export function installNavigationGuards<C extends GuardableContents>(
  app: WebContentsSource<C>,
  optionsFor: (contents: C) => GuardOptions,
): void {
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, optionsFor(contents));
  });
}

/** Per-window policies, keyed by webContents id; unknown ids fall back to the app's own origin. */
export function createPolicyRegistry(fallback: NavigationPolicy) {
  const policies = new Map<number, NavigationPolicy>();
  return {
    set(id: number, policy: NavigationPolicy): void {
      policies.set(id, policy);
    },
    delete(id: number): void {
      policies.delete(id);
    },
    get(id: number): NavigationPolicy {
      return policies.get(id) ?? fallback;
    },
  };
}
