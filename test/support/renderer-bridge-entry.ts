/**
 * The page side of the Chromium test bridge, bundled by `renderer-harness.ts` with esbuild and
 * installed with `page.addInitScript` before the renderer's own script runs.
 *
 * It plays the role of the Electron preload: it builds the REAL `createApi` over a transport and
 * exposes the result on `window.pimStepUp`. Invokes go to the Playwright binding `__pimInvoke`
 * (which dispatches through the real IPC router); events arrive through `__pimHarnessEmit`,
 * which the harness calls with `page.evaluate`.
 */
import { API_KEY, createApi } from '../../src/preload/create-api';
import type { BridgeTransport, EventChannel, EventContract, InvokeChannel, InvokeResult } from '../../src/shared/ipc/contract';

declare const __HARNESS_ORIGIN__: string;

type Listener = (payload: unknown) => void;
type BridgeWindow = Window & {
  __pimInvoke?: (channel: string, args: readonly unknown[]) => Promise<unknown>;
};

function install(): void {
  // Only the app's own origin gets the bridge (the router would refuse other senders anyway).
  if (window.location.origin !== __HARNESS_ORIGIN__) {
    return;
  }
  const listeners = new Map<EventChannel, Set<Listener>>();
  const transport: BridgeTransport = {
    invoke: async <C extends InvokeChannel>(channel: C, ...args: unknown[]) => {
      const invoke = (window as BridgeWindow).__pimInvoke;
      if (invoke === undefined) {
        throw new Error('The harness binding __pimInvoke is missing.');
      }
      return (await invoke(channel, args)) as InvokeResult<C>;
    },
    subscribe: <E extends EventChannel>(event: E, listener: (payload: EventContract[E]) => void) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped: Listener = (payload) => {
        listener(payload as EventContract[E]);
      };
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };
  Object.defineProperty(window, '__pimHarnessEmit', {
    value: (event: EventChannel, payload: unknown) => {
      for (const listener of listeners.get(event) ?? []) {
        listener(payload);
      }
    },
  });
  // contextBridge hands the page a frozen copy; freeze ours the same way.
  const api = createApi(transport);
  for (const part of Object.values(api)) {
    Object.freeze(part);
  }
  Object.defineProperty(window, API_KEY, { value: Object.freeze(api), enumerable: true });
}

install();
