/**
 * The one set of web preferences every window in the app uses.
 *
 * Each security-relevant key is set explicitly, even where Electron 45's default is already
 * safe: defaults have changed between majors, and scanners such as Electronegativity flag any
 * window that leaves them implicit (docs/security.md, rows 1–2).
 * The only caller-chosen values are the preload path, the session partition and devTools.
 */
import type { WebPreferences } from 'electron';

export type SecureWebPreferencesOptions = {
  /** Absolute path of the bundled preload; omitted for windows that must not see the bridge (sign-in). */
  readonly preload?: string;
  /** Session partition; omitted for the app's default session. */
  readonly partition?: string;
  /** False in kiosk mode and in packaged builds. */
  readonly devTools: boolean;
};

export function secureWebPreferences(options: SecureWebPreferencesOptions): WebPreferences {
  return {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // enableBlinkFeatures is deliberately absent: no key at all is the only safe value.
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: options.devTools,
    ...(options.preload === undefined ? {} : { preload: options.preload }),
    ...(options.partition === undefined ? {} : { partition: options.partition }),
  };
}
