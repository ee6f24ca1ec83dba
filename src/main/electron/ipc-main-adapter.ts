/**
 * The only user of `ipcMain`: binds every contract channel to the Electron-free router and
 * pushes typed events to the main window.
 *
 * The adapter translates Electron's `event.senderFrame` into the router's `IpcSender` and
 * nothing more; sender checks, argument parsing and error mapping all happen in
 * `createIpcRouter`, which the Chromium test harness drives too (docs/security.md,
 * row 8).
 */
import { ipcMain } from 'electron';
import type { EventSink, IpcRouter, IpcSender } from '../ipc/ipc-router';
import { EVENT_CHANNELS } from '../../shared/ipc/contract';
import type { EventChannel } from '../../shared/ipc/contract';

/** What the adapter reads from an invoke event: the sending frame, which may be gone (null). */
export type InvokeEventLike = {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
};

/** The slice of `ipcMain` used here. */
export type IpcMainLike = {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
};

/**
 * Reads the sender from an invoke event. Reading `senderFrame` or its `url` can throw once the
 * frame is disposed; that is treated like a null frame (untrusted).
 */
export function senderOf(event: InvokeEventLike): IpcSender {
  try {
    const frame = event.senderFrame;
    if (frame === null) {
      return { frameUrl: null, isMainFrame: false };
    }
    return { frameUrl: frame.url, isMainFrame: frame.parent === null };
  } catch {
    return { frameUrl: null, isMainFrame: false };
  }
}

/** Registers one `ipcMain.handle` per router channel; returns a function that removes them all. */
export function registerIpcHandlers(ipcMain: IpcMainLike, router: IpcRouter): () => void {
  for (const channel of router.channels) {
    ipcMain.handle(channel, (event, ...args) => router.dispatch(channel, senderOf(event), args));
  }
  return () => {
    for (const channel of router.channels) {
      ipcMain.removeHandler(channel);
    }
  };
}

/** Binds the router to Electron's own `ipcMain` (the composition root calls this once). */
export function bindIpcMain(router: IpcRouter): () => void {
  return registerIpcHandlers(ipcMain, router);
}

/** The slice of `WebContents` events are sent to. */
export type EventTarget = { isDestroyed(): boolean; send(channel: string, payload: unknown): void };

/**
 * An `EventSink` that sends to whatever window `target()` returns now (the main window may be
 * re-created, e.g. after a kiosk session purge). Events for a missing window are dropped:
 * the renderer re-reads state when it starts.
 */
export function createEventSink(target: () => EventTarget | null): EventSink {
  return (event, payload) => {
    if (!(EVENT_CHANNELS as readonly EventChannel[]).includes(event)) {
      return;
    }
    const contents = target();
    if (contents === null || contents.isDestroyed()) {
      return;
    }
    contents.send(event, payload);
  };
}
