/**
 * The renderer's whole view of the main process: named, task-level functions built over a
 * transport. No generic `send(channel)`, no Electron objects, no tokens.
 *
 * Electron's preload passes an ipcRenderer transport; the Chromium test harness passes one
 * over Playwright bindings. Both expose exactly this object, so the renderer cannot tell
 * them apart.
 */
import type { BridgeTransport, EventContract, TenantConnection } from '../shared/ipc/contract';
import type { ActivationRequest, ExtensionRequest } from '../shared/domain/activation';
import type { FavouriteRole } from '../shared/domain/favourites';

export function createApi(transport: BridgeTransport) {
  const on =
    <E extends keyof EventContract>(event: E) =>
    (listener: (payload: EventContract[E]) => void): (() => void) =>
      transport.subscribe(event, listener);

  return {
    app: {
      getInfo: () => transport.invoke('app:get-info'),
    },
    auth: {
      getSession: () => transport.invoke('auth:get-session'),
      signIn: () => transport.invoke('auth:sign-in'),
      cancelSignIn: () => transport.invoke('auth:cancel-sign-in'),
      signOut: () => transport.invoke('auth:sign-out'),
      onSessionChanged: on('session:changed'),
      onSignInState: on('sign-in:state'),
    },
    roles: {
      list: () => transport.invoke('roles:list'),
      states: () => transport.invoke('roles:states'),
      onStates: on('roles:states'),
      /** The list while it is read (before `list()` answers), requirements not yet read marked pending. */
      onProgress: on('roles:progress'),
    },
    activation: {
      plan: (request: ActivationRequest) => transport.invoke('activation:plan', request),
      activate: (request: ActivationRequest) => transport.invoke('activation:activate', request),
      deactivate: (roleId: string) => transport.invoke('activation:deactivate', { roleId }),
      requestExtension: (request: ExtensionRequest) => transport.invoke('activation:request-extension', request),
      listPending: () => transport.invoke('activation:list-pending'),
      cancelRequest: (requestId: string, kind: 'directoryRole' | 'group' | 'azureResource') =>
        transport.invoke('activation:cancel-request', { requestId, kind }),
      onProgress: on('activation:progress'),
    },
    deepLink: {
      take: () => transport.invoke('deep-link:take'),
      onReceived: on('deep-link:received'),
    },
    diagnostics: {
      copy: () => transport.invoke('diagnostics:copy'),
      saveBundle: () => transport.invoke('diagnostics:save-bundle'),
    },
    history: {
      list: () => transport.invoke('history:list'),
      clear: () => transport.invoke('history:clear'),
      requestUpdates: () => transport.invoke('history:request-updates'),
    },
    tray: {
      setFavourites: (favourites: readonly FavouriteRole[]) => transport.invoke('tray:set-favourites', favourites),
    },
    setup: {
      connectTenant: (connection: TenantConnection) => transport.invoke('setup:connect-tenant', connection),
      useDemo: () => transport.invoke('setup:use-demo'),
    },
  } as const;
}

export type Api = ReturnType<typeof createApi>;

/** The single key the preload exposes on `window`. */
export const API_KEY = 'pimStepUp';
