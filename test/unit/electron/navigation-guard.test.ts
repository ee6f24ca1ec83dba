/**
 * Security checklist §7 rows 6–7: navigation and new windows are denied app-wide, with the
 * allowlist compared by origin (never by prefix).
 */
import { describe, expect, it, vi } from 'vitest';
import {
  createPolicyRegistry,
  guardWebContents,
  installNavigationGuards,
  isNavigationAllowed,
  type NavigationPolicy,
} from '../../../src/main/electron/navigation-guard';
import { APP_ORIGIN } from '../../../src/main/electron/app-protocol';
import { signInNavigationPolicy } from '../../../src/main/electron/auth-window';
import { FakeWebContents } from './support/fake-web-contents';

const APP_POLICY: NavigationPolicy = { allowedOrigins: [APP_ORIGIN], loopbackPort: null };
const SIGN_IN_POLICY = signInNavigationPolicy(['https://localhost:8443'], 53111);

const HOSTILE = [
  'https://evil.example',
  'https://evil.example/app://pim-stepup/',
  'app://x/../',
  'app://pim-stepup.evil/index.html',
  'app://pim-stepup@evil.example/',
  'app://user:pw@pim-stepup/index.html',
  'https://app.evil.com',
  'http://pim-stepup/index.html',
  'javascript:alert(1)',
  'JavaScript:fetch("x")',
  'file:///etc/passwd',
  'file:///C:/Windows/System32/calc.exe',
  'data:text/html,<script>1</script>',
  'about:blank',
  'blob:app://pim-stepup/1234',
  'ms-msdt:/id PCWDiagnostic',
  'http://localhost:1234/',
  'not a url',
  '',
];

describe('isNavigationAllowed', () => {
  it.each(HOSTILE)('the app window refuses %s', (url) => {
    expect(isNavigationAllowed(url, APP_POLICY)).toBe(false);
  });

  it.each(['app://pim-stepup/index.html', 'app://pim-stepup/', 'app://PIM-STEPUP/index.html#/roles'])(
    'the app window allows its own origin: %s',
    (url) => {
      expect(isNavigationAllowed(url, APP_POLICY)).toBe(true);
    },
  );

  it.each([
    ['the authority', 'https://localhost:8443/tenant/oauth2/v2.0/authorize?x=1', true],
    ["MSAL's loopback port", 'http://localhost:53111/', true],
    ['the loopback by IP', 'http://127.0.0.1:53111/', true],
    ['another loopback port (another local program)', 'http://localhost:53112/', false],
    ['another loopback port by IP', 'http://127.0.0.1:8080/', false],
    ['the loopback without a port', 'http://localhost/', false],
    ['the authority on another port', 'https://localhost:8444/tenant', false],
    ['https loopback on another port', 'https://127.0.0.1:9999/', false],
    ['a look-alike loopback host', 'http://localhost.evil.com:53111/', false],
    ['loopback with credentials', 'http://user@localhost:53111/', false],
    ['the app origin', 'app://pim-stepup/index.html', false],
    ['a real Microsoft page not configured', 'https://login.microsoftonline.com/common', false],
  ])('the sign-in window: %s → %s', (_name, url, expected) => {
    expect(isNavigationAllowed(url, SIGN_IN_POLICY)).toBe(expected);
  });

  it('a sign-in policy before MSAL chose its port allows no loopback at all', () => {
    expect(isNavigationAllowed('http://localhost:53111/', signInNavigationPolicy(['https://localhost:8443']))).toBe(false);
  });
});

describe('guardWebContents', () => {
  const kinds = ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const;

  it.each(kinds.flatMap((kind) => HOSTILE.map((url) => [kind, url] as const)))('%s to %s is prevented', (kind, url) => {
    const contents = new FakeWebContents();
    const onBlocked = vi.fn();
    guardWebContents(contents, { policyFor: () => APP_POLICY, onBlocked });
    expect(contents.navigate(kind, url)).toBe(true);
    expect(onBlocked).toHaveBeenCalledWith(kind, url);
  });

  it.each(kinds)('%s within the app origin goes ahead', (kind) => {
    const contents = new FakeWebContents();
    guardWebContents(contents, { policyFor: () => APP_POLICY });
    expect(contents.navigate(kind, 'app://pim-stepup/index.html')).toBe(false);
  });

  it.each(['https://evil.example', 'https://login.microsoftonline.com/', 'app://pim-stepup/index.html', 'javascript:alert(1)'])(
    'window.open(%s) is always denied, and only reported to the open-request hook',
    (url) => {
      const contents = new FakeWebContents();
      const onOpenRequest = vi.fn();
      guardWebContents(contents, { policyFor: () => APP_POLICY, onOpenRequest });
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
      expect(onOpenRequest).toHaveBeenCalledWith(url);
    },
  );

  it('refuses to attach a <webview>', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents, { policyFor: () => APP_POLICY });
    expect(contents.emitPreventable('will-attach-webview', {}, { src: 'https://evil.example' })).toBe(true);
  });
});

describe('installNavigationGuards', () => {
  it('guards every webContents created, with the policy registered for it at event time', () => {
    const listeners: ((event: unknown, contents: FakeWebContents) => void)[] = [];
    const app = {
      on: (_event: 'web-contents-created', listener: (event: unknown, contents: FakeWebContents) => void) => {
        listeners.push(listener);
      },
    };
    const registry = createPolicyRegistry(APP_POLICY);
    installNavigationGuards(app, (contents) => ({ policyFor: () => registry.get(contents.id) }));
    const main = new FakeWebContents(1);
    const signIn = new FakeWebContents(2);
    for (const listener of listeners) {
      listener({}, main);
      listener({}, signIn);
    }
    // Registered after creation, as the sign-in factory does.
    registry.set(2, SIGN_IN_POLICY);
    expect(main.navigate('will-navigate', 'https://localhost:8443/tenant')).toBe(true);
    expect(signIn.navigate('will-navigate', 'https://localhost:8443/tenant')).toBe(false);
    expect(signIn.navigate('will-navigate', 'app://pim-stepup/index.html')).toBe(true);
    registry.delete(2);
    expect(signIn.navigate('will-navigate', 'https://localhost:8443/tenant')).toBe(true);
    expect(main.openHandler?.({ url: 'https://x' })).toEqual({ action: 'deny' });
  });
});
