/**
 * Deny-by-default permission handlers for every session, partitions included.
 *
 * Electron grants every permission request unless a handler says otherwise, and a request
 * handler alone leaves `navigator.permissions.query` and some checks answered "granted"; both
 * handlers are needed (security checklist §1 item 5, §7 row 5). The app needs no permission at
 * all (no camera, no notifications through the web API: OS notifications come from main), so
 * the allowlist is explicit and empty.
 */
import type { Session } from 'electron';

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

/** Permissions the app grants. Reviewed: none. Adding one needs a security review. */
export const PERMISSION_ALLOWLIST: readonly PermissionName[] = [];

export function isPermissionAllowed(permission: string): boolean {
  return (PERMISSION_ALLOWLIST as readonly string[]).includes(permission);
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
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    const granted = isPermissionAllowed(permission);
    if (!granted) {
      onDenied?.(permission, 'request');
    }
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission) => {
    const granted = isPermissionAllowed(permission);
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
