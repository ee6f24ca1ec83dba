/**
 * What the preload puts on `window`, built without importing Electron so tests can run it.
 *
 * The transport wraps `ipcRenderer`: `invoke` for requests, and `on` for the contract's events
 * only, with the listener wrapped so the renderer never receives the `IpcRendererEvent` (it
 * carries `sender`, a handle on ipcRenderer itself: docs/security.md, row 9). Exactly
 * one key, `API_KEY`, is exposed, holding the named functions of `createApi`; nothing generic.
 */
import type { BridgeTransport, EventChannel, EventContract, InvokeChannel, InvokeResult } from '../shared/ipc/contract';
import { EVENT_CHANNELS } from '../shared/ipc/contract';
import { API_KEY, createApi } from './create-api';
import type { Api } from './create-api';

/** The slice of `ipcRenderer` the bridge uses. */
export type IpcRendererLike = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
};

/** The slice of `contextBridge` the bridge uses. */
export type ContextBridgeLike = { exposeInMainWorld(apiKey: string, api: unknown): void };

export function createIpcTransport(ipcRenderer: IpcRendererLike): BridgeTransport {
  return {
    invoke: <C extends InvokeChannel>(channel: C, ...args: unknown[]) => ipcRenderer.invoke(channel, ...args) as Promise<InvokeResult<C>>,
    subscribe: <E extends EventChannel>(event: E, listener: (payload: EventContract[E]) => void) => {
      if (!(EVENT_CHANNELS as readonly string[]).includes(event)) {
        throw new Error(`Unknown event "${event}".`);
      }
      // Drop the IpcRendererEvent: only the payload crosses into the page.
      const wrapped = (_event: unknown, payload: unknown): void => {
        listener(payload as EventContract[E]);
      };
      ipcRenderer.on(event, wrapped);
      return () => {
        ipcRenderer.removeListener(event, wrapped);
      };
    },
  };
}

/** Builds the api over ipcRenderer and exposes it as `window[API_KEY]`; returns what was exposed. */
export function exposeApi(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): Api {
  const api = createApi(createIpcTransport(ipcRenderer));
  contextBridge.exposeInMainWorld(API_KEY, api);
  return api;
}
