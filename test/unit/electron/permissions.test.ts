/**
 * docs/security.md, row 5: every permission request and check is denied, on every session,
 * against the full list of permission names Electron 45 knows, except the one reviewed grant:
 * notifications, to the app's own page and nobody else.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  denyPermissionsByDefault,
  ELECTRON_PERMISSIONS,
  PERMISSION_ALLOWLIST,
  type PermissionName,
  type PermissionSession,
} from '../../../src/main/electron/permissions';

class FakeSession implements PermissionSession {
  request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | null = null;
  check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] | null = null;
  device: Parameters<PermissionSession['setDevicePermissionHandler']>[0] | null = null;
  setPermissionRequestHandler(handler: NonNullable<FakeSession['request']>): void {
    this.request = handler;
  }
  setPermissionCheckHandler(handler: NonNullable<FakeSession['check']>): void {
    this.check = handler;
  }
  setDevicePermissionHandler(handler: NonNullable<FakeSession['device']>): void {
    this.device = handler;
  }
}

const fakeContents = { getURL: () => 'app://pim-stepup/index.html' };

describe('permissions', () => {
  it('the reviewed allowlist is notifications for the app origin only', () => {
    expect(PERMISSION_ALLOWLIST).toEqual([{ permission: 'notifications', origins: ['app://pim-stepup'] }]);
  });

  it('grants notifications to the app page, and refuses them to every other origin', () => {
    const session = new FakeSession();
    denyPermissionsByDefault(session);
    const request = (requestingUrl: unknown) => {
      const callback = vi.fn();
      session.request?.(fakeContents, 'notifications', callback, { requestingUrl, isMainFrame: true });
      return callback.mock.calls[0]?.[0] as boolean;
    };
    expect(request('app://pim-stepup/index.html')).toBe(true);
    expect(request('https://login.microsoftonline.com/common/oauth2/v2.0/authorize')).toBe(false);
    expect(request('app://pim-stepup.evil/index.html')).toBe(false);
    expect(request('https://localhost:8443/')).toBe(false);
    expect(request(undefined)).toBe(false);
    expect(request('not a url')).toBe(false);
    expect(session.check?.(fakeContents, 'notifications', 'app://pim-stepup', {})).toBe(true);
    expect(session.check?.(null, 'notifications', 'https://login.microsoftonline.com', {})).toBe(false);
  });

  it('names every Electron permission once', () => {
    expect(new Set(ELECTRON_PERMISSIONS).size).toBe(ELECTRON_PERMISSIONS.length);
    expect(ELECTRON_PERMISSIONS).toContain('openExternal');
    expect(ELECTRON_PERMISSIONS).toContain('media');
    expect(ELECTRON_PERMISSIONS.length).toBeGreaterThanOrEqual(40);
  });

  it('installs request, check and device handlers on a session', () => {
    const session = new FakeSession();
    denyPermissionsByDefault(session);
    expect(session.request).not.toBeNull();
    expect(session.check).not.toBeNull();
    expect(session.device).not.toBeNull();
  });

  const NOT_GRANTED = ELECTRON_PERMISSIONS.filter((p) => p !== 'notifications');

  it.each(NOT_GRANTED.map((p) => [p]))('denies a request for %s from the app itself', (permission: PermissionName) => {
    const session = new FakeSession();
    const onDenied = vi.fn();
    denyPermissionsByDefault(session, onDenied);
    const callback = vi.fn();
    session.request?.(fakeContents, permission, callback, { requestingUrl: 'app://pim-stepup/index.html', isMainFrame: true });
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    expect(onDenied).toHaveBeenCalledWith(permission, 'request');
  });

  it.each(NOT_GRANTED.map((p) => [p]))('answers a check for %s with false, from any origin', (permission: PermissionName) => {
    const session = new FakeSession();
    denyPermissionsByDefault(session);
    expect(session.check?.(fakeContents, permission, 'app://pim-stepup', {})).toBe(false);
    expect(session.check?.(null, permission, 'https://login.microsoftonline.com', {})).toBe(false);
  });

  it('denies an unknown future permission name too', () => {
    const session = new FakeSession();
    denyPermissionsByDefault(session);
    const callback = vi.fn();
    session.request?.(fakeContents, 'brand-new-permission' as PermissionName, callback, {});
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('denies device access (HID, USB, serial)', () => {
    const session = new FakeSession();
    denyPermissionsByDefault(session);
    expect(session.device?.({ deviceType: 'usb', origin: 'app://pim-stepup' })).toBe(false);
  });
});
