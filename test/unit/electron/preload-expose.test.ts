/**
 * docs/security.md, row 9: the preload exposes one key holding named
 * functions, never ipcRenderer, and event listeners never receive the IpcRendererEvent.
 */
import { describe, expect, it, vi } from 'vitest';
import { createIpcTransport, exposeApi, type IpcRendererLike } from '../../../src/preload/expose';
import { API_KEY } from '../../../src/preload/create-api';

/** The reviewed surface: every path on window[API_KEY], all functions. Changing it needs a security review. */
const REVIEWED_API = [
  'activation.activate',
  'activation.cancelRequest',
  'activation.deactivate',
  'activation.listPending',
  'activation.onProgress',
  'activation.plan',
  'activation.requestExtension',
  'app.getInfo',
  'auth.cancelSignIn',
  'auth.getSession',
  'auth.onSessionChanged',
  'auth.onSignInState',
  'auth.signIn',
  'auth.signOut',
  'deepLink.onReceived',
  'deepLink.take',
  'diagnostics.copy',
  'diagnostics.saveBundle',
  'history.clear',
  'history.list',
  'history.requestUpdates',
  'roles.list',
  'roles.onProgress',
  'roles.onStates',
  'roles.states',
  'setup.connectTenant',
  'setup.useDemo',
  'tray.setFavourites',
];

type Listener = (event: unknown, ...args: unknown[]) => void;

class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: [string, unknown[]][] = [];
  readonly listeners = new Map<string, Listener[]>();
  readonly sender = { send: vi.fn(), invoke: vi.fn() };
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, args]);
    return Promise.resolve({ ok: true, value: channel });
  }
  on(channel: string, listener: Listener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  /** Delivers an event the way Electron does: an IpcRendererEvent carrying `sender`, then the payload. */
  emit(channel: string, payload: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) {
      listener({ sender: this.sender, senderId: 0, ports: [] }, payload);
    }
  }
}

function paths(value: unknown, prefix = ''): [string, string][] {
  if (typeof value !== 'object' || value === null) {
    return [[prefix, typeof value]];
  }
  return Object.entries(value).flatMap(([key, inner]) =>
    typeof inner === 'function' ? [[`${prefix}${key}`, 'function'] as [string, string]] : paths(inner, `${prefix}${key}.`),
  );
}

function expose() {
  const exposed = new Map<string, unknown>();
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) };
  const ipcRenderer = new FakeIpcRenderer();
  exposeApi(contextBridge, ipcRenderer);
  return { exposed, ipcRenderer };
}

describe('preload exposure', () => {
  it('exposes exactly one key, the API key', () => {
    expect([...expose().exposed.keys()]).toEqual([API_KEY]);
  });

  it('exposes exactly the reviewed functions and nothing else', () => {
    const api = expose().exposed.get(API_KEY);
    const found = paths(api);
    expect(found.map(([path]) => path).sort()).toEqual(REVIEWED_API);
    expect(found.every(([, kind]) => kind === 'function')).toBe(true);
  });

  it('exposes nothing generic: no ipcRenderer, send, on, invoke or channel-taking function', () => {
    const api = expose().exposed.get(API_KEY);
    const names = paths(api).flatMap(([path]) => path.split('.'));
    for (const forbidden of ['ipcRenderer', 'send', 'sendSync', 'on', 'invoke', 'emit', 'removeListener', 'require', 'process']) {
      expect(names).not.toContain(forbidden);
    }
  });

  it('invokes the contract channel with the arguments', async () => {
    const { exposed, ipcRenderer } = expose();
    const api = exposed.get(API_KEY) as { activation: { deactivate(id: string): Promise<unknown> } };
    await api.activation.deactivate('role:1:/');
    expect(ipcRenderer.invoked).toEqual([['activation:deactivate', [{ roleId: 'role:1:/' }]]]);
  });

  it('delivers only the payload to listeners (never the IpcRendererEvent), and unsubscribes', () => {
    const { exposed, ipcRenderer } = expose();
    const api = exposed.get(API_KEY) as { auth: { onSignInState(listener: (...args: unknown[]) => void): () => void } };
    const received: unknown[][] = [];
    const unsubscribe = api.auth.onSignInState((...args) => received.push(args));
    ipcRenderer.emit('sign-in:state', { phase: 'idle' });
    expect(received).toEqual([[{ phase: 'idle' }]]);
    unsubscribe();
    ipcRenderer.emit('sign-in:state', { phase: 'idle' });
    expect(received).toHaveLength(1);
    expect(ipcRenderer.listeners.get('sign-in:state')).toEqual([]);
  });

  it('the transport refuses to subscribe to a channel outside the contract', () => {
    const transport = createIpcTransport(new FakeIpcRenderer());
    expect(() => transport.subscribe('ipc:anything' as 'session:changed', () => undefined)).toThrow(/Unknown event/);
  });
});

describe('src/preload/index.ts', () => {
  it('on load, exposes the api through Electron contextBridge over ipcRenderer, and nothing else', async () => {
    const exposed = new Map<string, unknown>();
    const ipcRenderer = new FakeIpcRenderer();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer,
    }));
    await import('../../../src/preload/index');
    vi.doUnmock('electron');
    expect([...exposed.keys()]).toEqual([API_KEY]);
    expect(
      paths(exposed.get(API_KEY))
        .map(([path]) => path)
        .sort(),
    ).toEqual(REVIEWED_API);
    const api = exposed.get(API_KEY) as { roles: { list(): Promise<unknown> } };
    await api.roles.list();
    expect(ipcRenderer.invoked).toEqual([['roles:list', []]]);
  });
});
