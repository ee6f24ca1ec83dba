/**
 * docs/security.md, row 8: every channel registered with ipcMain, each refusing a gone
 * (null) frame, a foreign origin and a subframe without side effects, and serving only the
 * app's own main frame.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  createEventSink,
  registerIpcHandlers,
  senderOf,
  type InvokeEventLike,
  type IpcMainLike,
} from '../../../src/main/electron/ipc-main-adapter';
import { APP_ORIGIN, APP_ENTRY_URL } from '../../../src/main/electron/app-protocol';
import { createIpcRouter } from '../../../src/main/ipc/ipc-router';
import { EVENT_CHANNELS, type InvokeChannel } from '../../../src/shared/ipc/contract';
import { INVOKE_CHANNELS } from '../../../src/shared/ipc/schemas';
import { recordingHandlers } from './support/recording-handlers';

// The adapter module imports ipcMain for bindIpcMain; Electron's binary is absent, so never load the real module.
vi.mock('electron', () => ({ ipcMain: { handle: vi.fn(), removeHandler: vi.fn() } }));

const VALID_ARGS: Record<InvokeChannel, unknown[]> = {
  'app:get-info': [],
  'auth:get-session': [],
  'auth:sign-in': [],
  'auth:cancel-sign-in': [],
  'auth:sign-out': [],
  'roles:list': [],
  'roles:states': [],
  'activation:plan': [{ roleIds: ['role:1:/'], duration: 'PT1H', justification: 'Incident 7' }],
  'activation:activate': [{ roleIds: ['role:1:/'], duration: 'PT1H', justification: 'Incident 7' }],
  'activation:deactivate': [{ roleId: 'role:1:/' }],
  'activation:request-extension': [{ roleId: 'role:1:/', duration: 'PT4H', justification: 'Project runs two more weeks' }],
  'activation:list-pending': [],
  'activation:cancel-request': [{ requestId: 'req-1', kind: 'group' }],
  'deep-link:take': [],
  'diagnostics:copy': [],
  'diagnostics:save-bundle': [],
  'history:list': [],
  'history:clear': [],
  'history:request-updates': [],
  'tray:set-favourites': [[{ id: 'role:x:/', displayName: 'Reports Reader' }]],
  'setup:connect-tenant': [{ tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555' }],
  'setup:use-demo': [],
};

type Frame = NonNullable<InvokeEventLike['senderFrame']>;
const mainFrame = (url: string): Frame => ({ url, parent: null });
const subFrame = (url: string): Frame => ({ url, parent: mainFrame(APP_ENTRY_URL) });

const SENDERS: [string, InvokeEventLike, boolean][] = [
  ['the app main frame', { senderFrame: mainFrame(APP_ENTRY_URL) }, true],
  ['a gone frame (null)', { senderFrame: null }, false],
  ['a foreign origin', { senderFrame: mainFrame('https://evil.example/') }, false],
  ['the simulated tenant page', { senderFrame: mainFrame('https://localhost:8443/t/oauth2/v2.0/authorize') }, false],
  ['a subframe of the app', { senderFrame: subFrame(APP_ENTRY_URL) }, false],
  ['a file:// page', { senderFrame: mainFrame('file:///app/index.html') }, false],
  ['a look-alike app host', { senderFrame: mainFrame('app://pim-stepup.evil/index.html') }, false],
];

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

function setup() {
  const { handlers, calls } = recordingHandlers();
  const ipcMain = new FakeIpcMain();
  const dispose = registerIpcHandlers(ipcMain, createIpcRouter(handlers, { trustedOrigins: [APP_ORIGIN] }));
  return { ipcMain, calls, dispose };
}

describe('registerIpcHandlers', () => {
  it('registers exactly the contract channels (the table below covers every one)', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(Object.keys(VALID_ARGS).sort()).toEqual([...ipcMain.handlers.keys()].sort());
  });

  it.each(INVOKE_CHANNELS.flatMap((channel) => SENDERS.map(([name, event, trusted]) => [channel, name, event, trusted] as const)))(
    '%s from %s',
    async (channel, _name, event, trusted) => {
      const { ipcMain, calls } = setup();
      const listener = ipcMain.handlers.get(channel);
      expect(listener).toBeDefined();
      const result = (await listener?.(event, ...VALID_ARGS[channel])) as { ok: boolean; error?: { code: string } };
      if (trusted) {
        expect(result).toEqual({ ok: true, value: null });
        expect(calls).toEqual([channel]);
      } else {
        expect(result.ok).toBe(false);
        expect(result.error?.code).toBe('ipc/untrusted-sender');
        expect(calls).toEqual([]);
      }
    },
  );

  it('a trusted sender with malformed arguments is refused before the handler runs', async () => {
    const { ipcMain, calls } = setup();
    const result = (await ipcMain.handlers.get('activation:activate')?.({ senderFrame: mainFrame(APP_ENTRY_URL) }, { roleIds: 'all' })) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(result.error?.code).toBe('ipc/invalid-args');
    expect(calls).toEqual([]);
  });

  it('removes every handler on dispose', () => {
    const { ipcMain, dispose } = setup();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('senderOf', () => {
  it('treats a frame whose properties throw (disposed) as gone', () => {
    const disposed = {
      get senderFrame(): Frame {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(senderOf(disposed)).toEqual({ frameUrl: null, isMainFrame: false });
  });

  it('reports main frame versus subframe from the parent', () => {
    expect(senderOf({ senderFrame: mainFrame(APP_ENTRY_URL) })).toEqual({ frameUrl: APP_ENTRY_URL, isMainFrame: true });
    expect(senderOf({ senderFrame: subFrame(APP_ENTRY_URL) }).isMainFrame).toBe(false);
  });
});

describe('createEventSink', () => {
  it('sends contract events to the current window only, and drops them when it is gone', () => {
    const sent: [string, unknown][] = [];
    let destroyed = false;
    const target = { isDestroyed: () => destroyed, send: (channel: string, payload: unknown) => sent.push([channel, payload]) };
    let current: typeof target | null = target;
    const sink = createEventSink(() => current);
    sink('session:changed', null);
    sink('sign-in:state', { phase: 'idle' });
    destroyed = true;
    sink('session:changed', null);
    current = null;
    sink('session:changed', null);
    expect(sent).toEqual([
      ['session:changed', null],
      ['sign-in:state', { phase: 'idle' }],
    ]);
  });

  it('refuses event names outside the contract', () => {
    const send = vi.fn();
    const sink = createEventSink(() => ({ isDestroyed: () => false, send }));
    (sink as (event: string, payload: unknown) => void)('ipc:raw', { token: 'x' });
    expect(send).not.toHaveBeenCalled();
    expect(EVENT_CHANNELS.length).toBeGreaterThan(0);
  });
});
