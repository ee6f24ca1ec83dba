/**
 * The sign-in surface (security checklist §7 row 15): the system browser unless the demo
 * tenant or kiosk mode needs the in-app window, which has no preload, its own partition and
 * a navigation policy limited to the authority and MSAL's loopback.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  authWindowOptions,
  chooseSignInSurface,
  createInAppSignIn,
  signInNavigationPolicy,
  SIGN_IN_PARTITION,
} from '../../../src/main/electron/auth-window';
import type { NavigationPolicy } from '../../../src/main/electron/navigation-guard';

describe('chooseSignInSurface', () => {
  it.each([
    [{ simulatedTenant: false, kiosk: false }, 'system-browser'],
    [{ simulatedTenant: true, kiosk: false }, 'in-app-window'],
    [{ simulatedTenant: false, kiosk: true }, 'in-app-window'],
    [{ simulatedTenant: false, kiosk: false, preferInApp: true }, 'in-app-window'],
  ] as const)('%o → %s', (options, surface) => {
    expect(chooseSignInSurface(options)).toBe(surface);
  });
});

describe('authWindowOptions', () => {
  it('uses the in-memory sign-in partition and no preload', () => {
    const prefs = authWindowOptions(undefined).webPreferences;
    expect(prefs?.partition).toBe(SIGN_IN_PARTITION);
    expect(SIGN_IN_PARTITION.startsWith('persist:')).toBe(false);
    expect(prefs?.preload).toBeUndefined();
    expect(prefs?.devTools).toBe(false);
  });
});

class FakeAuthWindow {
  static created: FakeAuthWindow[] = [];
  static nextId = 10;
  readonly webContents = { id: FakeAuthWindow.nextId++ };
  readonly loaded: string[] = [];
  destroyed = false;
  private closedListeners: (() => void)[] = [];
  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeAuthWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    // What Chromium does when the authorize page posts on to the loopback.
    return Promise.reject(new Error('ERR_ABORTED (-3) loading'));
  }
  once(_event: 'closed', listener: () => void): this {
    this.closedListeners.push(listener);
    return this;
  }
  close(): void {
    this.destroyed = true;
    for (const l of this.closedListeners) {
      l();
    }
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

function setup() {
  FakeAuthWindow.created = [];
  const policies = new Map<number, NavigationPolicy>();
  const onUserClosed = vi.fn();
  const signIn = createInAppSignIn({
    BrowserWindow: FakeAuthWindow,
    parent: () => undefined,
    policy: signInNavigationPolicy(['https://localhost:8443']),
    registerPolicy: (id, policy) => policies.set(id, policy),
    unregisterPolicy: (id) => policies.delete(id),
    onUserClosed,
  });
  return { signIn, policies, onUserClosed };
}

const AUTHORIZE =
  'https://localhost:8443/tid/oauth2/v2.0/authorize?client_id=x&code_challenge_method=S256&redirect_uri=http%3A%2F%2Flocalhost%3A53111&state=s1';

describe('createInAppSignIn', () => {
  it('opens the authority page in a sign-in window with its policy registered', async () => {
    const { signIn, policies } = setup();
    await signIn.openBrowser(AUTHORIZE);
    const window = FakeAuthWindow.created[0];
    expect(window?.loaded).toEqual([AUTHORIZE]);
    expect(window?.options.webPreferences?.partition).toBe(SIGN_IN_PARTITION);
    // The loopback allowed is exactly MSAL's, from the authorize URL's redirect_uri.
    expect(policies.get(window?.webContents.id ?? -1)).toEqual(signInNavigationPolicy(['https://localhost:8443'], 53111));
  });

  it.each([
    'https://evil.example/authorize',
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    'app://pim-stepup/index.html',
    'javascript:alert(1)',
    'https://localhost:8443/tid/oauth2/v2.0/authorize?client_id=x',
    'https://localhost:8443/tid/oauth2/v2.0/authorize?redirect_uri=http%3A%2F%2Fevil.example%3A53111&state=s1',
  ])('refuses to open %s (not the configured authority, or no loopback redirect)', async (url) => {
    const { signIn } = setup();
    await expect(signIn.openBrowser(url)).rejects.toThrow(/authority/);
    expect(FakeAuthWindow.created).toHaveLength(0);
  });

  it('closing by the app does not cancel; closing by the person does, and unregisters the policy', async () => {
    const { signIn, policies, onUserClosed } = setup();
    await signIn.openBrowser(AUTHORIZE);
    signIn.close();
    expect(onUserClosed).not.toHaveBeenCalled();
    expect(policies.size).toBe(0);
    await signIn.openBrowser(AUTHORIZE);
    FakeAuthWindow.created[1]?.close();
    expect(onUserClosed).toHaveBeenCalledTimes(1);
    expect(policies.size).toBe(0);
  });

  it('a second sign-in replaces the first window without cancelling', async () => {
    const { signIn, onUserClosed } = setup();
    await signIn.openBrowser(AUTHORIZE);
    await signIn.openBrowser(AUTHORIZE);
    expect(FakeAuthWindow.created.map((w) => w.destroyed)).toEqual([true, false]);
    expect(onUserClosed).not.toHaveBeenCalled();
  });
});
