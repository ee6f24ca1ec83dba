/**
 * The renderer's handle on the main process: the object the preload exposes as `window.pimStepUp`.
 *
 * This is the only module that touches that global. Its type is derived from `createApi`, never
 * hand-written, so the preload and the renderer cannot drift apart.
 */
import type { Api } from '../preload/create-api';

declare global {
  interface Window {
    /** Set by the preload (Electron) or the test harness; absent when the page is opened on its own. */
    readonly pimStepUp?: Api;
  }
}

/** True when a bridge was installed; the app shows a plain error page otherwise. */
export function hasApi(): boolean {
  return window.pimStepUp !== undefined;
}

export const api: Api = window.pimStepUp as Api;
