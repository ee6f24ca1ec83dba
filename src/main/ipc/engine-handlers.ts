/**
 * Maps the engine's methods onto the IPC channels, and adds the desktop-only channels (deep
 * links, diagnostics, history) and the first-run defaults. Electron-free, so the Chromium
 * harness serves the renderer through exactly the handlers the app uses.
 */
import type { DeepLinkDelivery } from '../../core/deep-link/deep-link-inbox';
import type { Engine } from '../../core/engine/create-engine';
import type { FavouriteRole } from '../../shared/domain/favourites';
import type { IpcHandlers } from '../../shared/ipc/handlers';
import { roleStateModelSchema } from '../../shared/ipc/role-state-schema';
import { ok } from '../../shared/result';
import type { DesktopHostPorts } from '../desktop/desktop-handlers';
import { createDesktopHandlers, HEADLESS_HOST_PORTS, HEADLESS_SETUP_HANDLERS } from '../desktop/desktop-handlers';
import { createTrayHandlers } from '../desktop/tray-handlers';

export type EngineHandlerOptions = {
  /** The desktop's clipboard, save dialog and file write (default: none; copying and saving are refused). */
  readonly desktop?: DesktopHostPorts;
  /** The help-desk link inbox's `take` (default: no links ever arrive). */
  readonly takeDeepLink?: () => DeepLinkDelivery | null;
  /** Where the window's favourites go (the tray's menu); default: nowhere. */
  readonly publishFavourites?: (favourites: readonly FavouriteRole[]) => void;
  readonly now?: () => Date;
};

export function createEngineHandlers(engine: Engine, options: EngineHandlerOptions = {}): IpcHandlers {
  return {
    'app:get-info': () => Promise.resolve(ok(engine.appInfo())),
    'auth:get-session': () => engine.readSession(),
    'auth:sign-in': () => engine.signIn(),
    'auth:cancel-sign-in': () => {
      engine.cancelSignIn();
      return Promise.resolve(ok(null));
    },
    'auth:sign-out': () => engine.signOut(),
    'roles:list': async () => {
      const listed = await engine.listRoles({ interactive: false, refresh: true });
      return listed.ok ? ok({ ...listed.value, states: roleStateModelSchema.parse(listed.value.states) }) : listed;
    },
    'roles:states': async () => {
      const read = await engine.roleStates();
      return read.ok ? ok(roleStateModelSchema.parse(read.value)) : read;
    },
    'activation:plan': (request) => engine.plan(request),
    'activation:activate': (request) => engine.activate(request),
    'activation:deactivate': ({ roleId }) => engine.deactivate(roleId),
    'activation:request-extension': (request) => engine.requestExtension(request),
    'activation:list-pending': () => engine.listPendingRequests(),
    'activation:cancel-request': ({ requestId, kind }) => engine.cancelRequest(requestId, kind),
    'history:request-updates': () => engine.historyRequestUpdates(),
    ...createTrayHandlers({
      kiosk: engine.appInfo().mode === 'kiosk',
      ...(options.publishFavourites === undefined ? {} : { publishFavourites: options.publishFavourites }),
    }),
    ...HEADLESS_SETUP_HANDLERS,
    ...createDesktopHandlers({
      ...(options.desktop ?? HEADLESS_HOST_PORTS),
      takeDeepLink: options.takeDeepLink ?? (() => null),
      history: engine.history,
      supportBundle: () => engine.supportBundle(),
      // Kiosk: nothing of the session may reach a disk.
      saveBundleAllowed: engine.appInfo().mode !== 'kiosk',
      now: options.now ?? (() => new Date()),
    }),
  };
}
