/**
 * A stand-in for the `electron` module, for booting the real composition root (src/main/index.ts)
 * under plain Node. It records what the app asks of Electron (schemes, handlers, windows,
 * sessions) so tests can check the wiring; it implements no security itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type AnyListener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, AnyListener[]>();
  on(event: string, listener: AnyListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: AnyListener): this {
    return this.on(event, listener);
  }
  removeListener(event: string, listener: AnyListener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (...a: unknown[]) => unknown)(...args);
    }
  }
}

let nextContentsId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  readonly sent: [string, unknown][] = [];
  openHandler: ((details: { url: string }) => unknown) | null = null;
  destroyed = false;
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.openHandler = handler;
  }
  /** Fires a navigation event; returns whether the guard prevented it. */
  navigate(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, {
      url,
      preventDefault: () => {
        prevented = true;
      },
    });
    return prevented;
  }
}

export class FakeSession {
  readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  readonly protocol = {
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
      this.protocolHandlers.set(scheme, handler);
    },
  };
  permissionRequest: ((...args: unknown[]) => unknown) | null = null;
  permissionCheck: ((...args: unknown[]) => unknown) | null = null;
  devicePermission: ((...args: unknown[]) => unknown) | null = null;
  verifyProc: ((request: unknown, callback: (result: number) => void) => void) | null = null;
  cleared = 0;
  readonly fetched: string[] = [];
  beforeRequest: {
    filter: { urls: string[] };
    listener: (details: { url: string }, callback: (r: { cancel?: boolean }) => void) => void;
  } | null = null;
  readonly webRequest = {
    onBeforeRequest: (filter: { urls: string[] }, listener: NonNullable<FakeSession['beforeRequest']>['listener']) => {
      this.beforeRequest = { filter, listener };
    },
  };
  constructor(readonly partition: string) {}
  setPermissionRequestHandler(handler: (...args: unknown[]) => unknown): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: (...args: unknown[]) => unknown): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: (...args: unknown[]) => unknown): void {
    this.devicePermission = handler;
  }
  setCertificateVerifyProc(proc: FakeSession['verifyProc']): void {
    this.verifyProc = proc;
  }
  clearStorageData(): Promise<void> {
    this.cleared += 1;
    return Promise.resolve();
  }
  clearCache(): Promise<void> {
    return Promise.resolve();
  }
  clearAuthCache(): Promise<void> {
    return Promise.resolve();
  }
  fetch(url: string): Promise<Response> {
    this.fetched.push(url);
    return Promise.resolve(new Response(null, { status: 302 }));
  }
}

class FakeApp extends Emitter {
  readonly userData = mkdtempSync(join(tmpdir(), 'pim-fake-electron-'));
  readonly isPackaged = false;
  sandboxEnabled = false;
  quitCalls = 0;
  exitCode: number | null = null;
  readonly protocolClients: string[] = [];
  setAsDefaultProtocolClient(scheme: string): boolean {
    this.protocolClients.push(scheme);
    return true;
  }
  getPath(name: string): string {
    return name === 'logs' ? this.userData : join(this.userData, name === 'userData' ? '' : name);
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    this.quitCalls += 1;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
}

export const fake = {
  app: new FakeApp(),
  windows: [] as FakeBrowserWindow[],
  schemes: [] as unknown[],
  defaultSession: new FakeSession(''),
  partitions: new Map<string, FakeSession>(),
  ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  openedExternally: [] as string[],
  errorBoxes: [] as string[],
  /** Text written with `clipboard.writeText`, in order. */
  clipboard: [] as string[],
  /** Default paths the save dialog was opened with. */
  saveDialogs: [] as string[],
  /** What the next save dialog answers: a path, or null for Cancel. */
  nextSavePath: null as string | null,
  /** Tray icons created, and OS notifications shown (title, body), in order. */
  trays: [] as FakeTray[],
  notifications: [] as FakeNotification[],
};

/** Electron's Tray as the app uses it: tooltip, context menu (kept as its template), click. */
export class FakeTray extends Emitter {
  toolTip = '';
  menu: unknown = null;
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    fake.trays.push(this);
  }
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification extends Emitter {
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  static isSupported(): boolean {
    return true;
  }
  show(): void {
    this.shown = true;
    fake.notifications.push(this);
  }
}

export class FakeBrowserWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  contentProtection = false;
  closed = false;
  focusCount = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    fake.windows.push(this);
    // Electron announces every new webContents to the app before anything loads.
    fake.app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  visible = true;
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  setContentProtection(enable: boolean): void {
    this.contentProtection = enable;
  }
  setMenu(): void {
    return undefined;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {
    return undefined;
  }
  focus(): void {
    this.focusCount += 1;
  }
  isDestroyed(): boolean {
    return this.closed;
  }
  /** As Electron does: `close` first, which a listener may prevent, then `closed`. */
  close(): void {
    const event = {
      prevented: false,
      preventDefault(): void {
        this.prevented = true;
      },
    };
    this.emit('close', event);
    if (!this.closed && !event.prevented) {
      this.closed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
    }
  }
}

/** The module object `import … from 'electron'` receives. */
export const fakeElectronModule = {
  app: fake.app,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Notification: FakeNotification,
  Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
  nativeImage: { createFromDataURL: (url: string) => ({ dataUrl: url }) },
  dialog: {
    showErrorBox: (title: string, content: string) => {
      fake.errorBoxes.push(`${title}: ${content}`);
    },
    showSaveDialog: (...args: unknown[]) => {
      const options = args.at(-1) as { defaultPath?: string };
      fake.saveDialogs.push(options.defaultPath ?? '');
      const path = fake.nextSavePath;
      return Promise.resolve(path === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: path });
    },
  },
  net: { fetch: () => Promise.reject(new Error('net.fetch is not used for the demo tenant')) },
  powerMonitor: new (class extends Emitter {
    getSystemIdleTime(): number {
      return 0;
    }
  })(),
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => {
      fake.schemes.push(...schemes);
    },
  },
  safeStorage: {
    isAsyncEncryptionAvailable: () => Promise.resolve(false),
    getSelectedStorageBackend: () => 'basic_text',
    encryptStringAsync: () => Promise.reject(new Error('not available')),
    decryptStringAsync: () => Promise.reject(new Error('not available')),
  },
  session: {
    defaultSession: fake.defaultSession,
    fromPartition: (partition: string) => {
      const existing = fake.partitions.get(partition);
      if (existing !== undefined) {
        return existing;
      }
      const created = new FakeSession(partition);
      fake.partitions.set(partition, created);
      fake.app.emit('session-created', created);
      return created;
    },
  },
  clipboard: {
    writeText: (text: string) => {
      fake.clipboard.push(text);
      return Promise.resolve();
    },
  },
  shell: {
    openExternal: (url: string) => {
      fake.openedExternally.push(url);
      return Promise.resolve();
    },
  },
  ipcMain: {
    handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
      fake.ipcHandlers.set(channel, listener);
    },
    removeHandler: (channel: string) => {
      fake.ipcHandlers.delete(channel);
    },
  },
};
