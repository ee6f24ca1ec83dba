/** A webContents stand-in that records listeners so tests can fire navigation and input events. */
import type { GuardableContents, NavigationEvent } from '../../../../src/main/electron/navigation-guard';

type Listener = (...args: never[]) => void;

export class FakeWebContents implements GuardableContents {
  readonly listeners = new Map<string, Listener[]>();
  openHandler: ((details: { readonly url: string }) => { action: 'deny' }) | null = null;

  constructor(readonly id = 1) {}

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }

  /** Fires a navigation event; returns whether a listener called preventDefault. */
  navigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    const details: NavigationEvent = {
      url,
      preventDefault: () => {
        prevented = true;
      },
    };
    const listeners = this.listeners.get(event) ?? [];
    if (listeners.length === 0) {
      throw new Error(`no ${event} listener installed`);
    }
    for (const listener of listeners) {
      (listener as (d: NavigationEvent) => void)(details);
    }
    return prevented;
  }

  /** Fires any event with a preventable first argument; returns whether it was prevented. */
  emitPreventable(event: string, ...rest: unknown[]): boolean {
    let prevented = false;
    const first = {
      preventDefault: () => {
        prevented = true;
      },
    };
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (...a: unknown[]) => void)(first, ...rest);
    }
    return prevented;
  }
}
