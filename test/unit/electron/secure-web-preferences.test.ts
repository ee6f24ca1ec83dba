/**
 * docs/security.md, rows 1–2: one set of secure web preferences, used by every window.
 */
import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../../src/main/electron/secure-web-preferences';
import { mainWindowOptions } from '../../../src/main/electron/main-window';
import { authWindowOptions, SIGN_IN_PARTITION } from '../../../src/main/electron/auth-window';
import { DEFAULT_KIOSK_POLICY } from '../../../src/main/electron/kiosk';

const SECURE_VALUES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
} as const;

describe('secureWebPreferences', () => {
  it('sets every security key explicitly to its secure value', () => {
    const prefs = secureWebPreferences({ preload: '/app/dist/preload/index.js', devTools: false });
    for (const [key, value] of Object.entries(SECURE_VALUES)) {
      expect(prefs, key).toHaveProperty(key, value);
    }
  });

  it('never carries enableBlinkFeatures, additionalArguments or a disabled sandbox', () => {
    const prefs = secureWebPreferences({ preload: '/p.js', partition: 'x', devTools: true });
    expect(Object.keys(prefs)).not.toContain('enableBlinkFeatures');
    expect(Object.keys(prefs)).not.toContain('additionalArguments');
    expect(Object.keys(prefs)).not.toContain('disableBlinkFeatures');
  });

  it('matches the reviewed snapshot exactly (a new key needs a review)', () => {
    expect(secureWebPreferences({ preload: '/app/preload.js', devTools: false })).toEqual({
      ...SECURE_VALUES,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: false,
      preload: '/app/preload.js',
    });
  });

  it('adds a preload and a partition only when asked', () => {
    const bare = secureWebPreferences({ devTools: false });
    expect(bare).not.toHaveProperty('preload');
    expect(bare).not.toHaveProperty('partition');
    expect(secureWebPreferences({ partition: 'p', devTools: false })).toHaveProperty('partition', 'p');
  });
});

describe('every window factory uses secureWebPreferences', () => {
  it.each([
    [
      'main window',
      mainWindowOptions({ preloadPath: '/pre.js', kiosk: null, devTools: true }).webPreferences,
      { preload: '/pre.js', devTools: true },
    ],
    [
      'kiosk main window',
      mainWindowOptions({ preloadPath: '/pre.js', kiosk: DEFAULT_KIOSK_POLICY, devTools: true }).webPreferences,
      { preload: '/pre.js', devTools: false },
    ],
    ['sign-in window', authWindowOptions(undefined).webPreferences, { partition: SIGN_IN_PARTITION, devTools: false }],
  ])('%s', (_name, actual, options) => {
    expect(actual).toEqual(secureWebPreferences(options));
  });

  it('the sign-in window gets no preload: it has no bridge to main', () => {
    expect(authWindowOptions(undefined).webPreferences).not.toHaveProperty('preload');
  });
});
