/**
 * The two function shapes the IPC contract implies: a handler per invoke channel, and a sink
 * for pushed events. Pure types, so the engine core can emit events and the shell can serve
 * channels without either importing the other.
 */
import type { EventChannel, EventContract, InvokeArgs, InvokeChannel, InvokeResult } from './contract';

export type IpcHandlers = {
  [C in InvokeChannel]: (...args: InvokeArgs<C>) => Promise<InvokeResult<C>>;
};

/** Pushes events to whichever side is listening (Electron webContents or the test harness). */
export type EventSink = <E extends EventChannel>(event: E, payload: EventContract[E]) => void;
