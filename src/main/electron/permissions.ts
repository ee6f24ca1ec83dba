/**
 * Deny-by-default permission handlers for every session, partitions included.
 *
 * Electron grants every permission request unless a handler says otherwise, and a request
 * handler alone leaves `navigator.permissions.query` and some checks answered "granted"; both
 * handlers are needed (docs/security.md, row 5). The app needs exactly one
 * permission: `notifications`, for the wizard's own page only (the OS notification when a role
 * becomes active and shortly before it expires). Every grant is scoped to an origin, so the
 * Entra sign-in pages in the auth window get nothing.
 */
import type { Session } from 'electron';
import { APP_ORIGIN } from './app-protocol';

/** Every permission name Electron 45 can ask about. */
export type PermissionName = Parameters<Parameters<Session['setPermissionCheckHandler']>[0] & object>[1];

/**
 * Every name, at runtime, for tests and logging. The type below fails to compile if Electron
 * adds a permission this list does not name, so an upgrade cannot silently widen the surface.
 */
export const ELECTRON_PERMISSIONS = [
  'ar',
  'automatic-fullscreen',
  'background-fetch',
  'background-sync',
  'captured-surface-control',
  'clipboard-read',
  'clipboard-sanitized-write',
  'deprecated-sync-clipboard-read',
  'display-capture',
  'fileSystem',
  'fullscreen',
  'geolocation',
  'geolocation-approximate',
  'hand-tracking',
  'hid',
  'idle-detection',
  'keyboardLock',
  'local-fonts',
  'local-network',
  'local-network-access',
  'loopback-network',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'nfc',
  'notifications',
  'openExternal',
  'payment-handler',
  'periodic-background-sync',
  'persistent-storage',
  'pointerLock',
  'screen-wake-lock',
  'sensors',
  'serial',
  'smart-card',
  'speaker-selection',
  'storage-access',
  'system-wake-lock',
  'top-level-storage-access',
  'usb',
  'vr',
  'web-app-installation',
  'web-printing',
  'window-management',
  'unknown',
] as const satisfies readonly PermissionName[];

type Unlisted = Exclude<PermissionName, (typeof ELECTRON_PERMISSIONS)[number]>;
// If this line fails to compile, Electron added a permission: add it above (denied like the rest).
export const ELECTRON_PERMISSIONS_COMPLETE: [Unlisted] extends [never] ? true : Unlisted = true;

/** Permissions the app grants, each to named origins only. Adding one needs a security review. */
export const PERMISSION_ALLOWLIST: readonly { readonly permission: PermissionName; readonly origins: readonly string[] }[] = [
  { permission: 'notifications', origins: [APP_ORIGIN] },
];

/** Origin of a URL, with `app:` (whose WHATWG origin is the string "null") spelled out. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined): boolean {
  const origin = typeof requestingUrl === 'string' ? originOf(requestingUrl) : null;
  return origin !== null && PERMISSION_ALLOWLIST.some((entry) => entry.permission === permission && entry.origins.includes(origin));
}

function requestingUrlOf(details: unknown): string | null {
  if (typeof details === 'object' && details !== null && 'requestingUrl' in details) {
    const { requestingUrl } = details;
    return typeof requestingUrl === 'string' ? requestingUrl : null;
  }
  return null;
}

/** The slice of `Session` the handlers are installed on. */
export type PermissionSession = {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: PermissionName, callback: (granted: boolean) => void, details: unknown) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: PermissionName, requestingOrigin: string, details: unknown) => boolean,
  ): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
};

/** Installs all three handlers on one session. Denials are reported so support can see what a page asked for. */
export function denyPermissionsByDefault(
  session: PermissionSession,
  onDenied?: (permission: string, kind: 'request' | 'check' | 'device') => void,
): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = isPermissionAllowed(permission, requestingUrlOf(details));
    if (!granted) {
      onDenied?.(permission, 'request');
    }
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    const granted = isPermissionAllowed(permission, requestingOrigin);
    if (!granted) {
      onDenied?.(permission, 'check');
    }
    return granted;
  });
  // WebHID/USB/serial device access: never.
  session.setDevicePermissionHandler(() => {
    onDenied?.('device', 'device');
    return false;
  });
}
