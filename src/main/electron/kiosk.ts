/**
 * Kiosk mode for privileged access workstations: a locked full-screen window, blocked
 * accelerators, and a session purge that leaves nothing of the user behind.
 *
 * Electron's kiosk is a user-experience mode, not a security boundary (the OS lock-down is:
 * Assigned Access, Shell Launcher, AppLocker); what this module guarantees is that the app
 * itself offers no way out (reload, DevTools, new windows) and that every session ends with
 * the MSAL cache purged, the Entra browser session signed out and renderer storage cleared:
 * on "End session", after an activation (configurable), after N idle minutes, and on screen
 * lock or suspend (docs/security.md, rows 19 and 28).
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export type KioskPolicy = {
  /** End the session after this many minutes without keyboard or mouse input; null = never. */
  readonly idleMinutes: number | null;
  /** Also swallow window-closing shortcuts (Alt+F4, Ctrl+W, Cmd+Q): for shells that must not be closed. */
  readonly blockCloseShortcuts: boolean;
};

export const DEFAULT_KIOSK_POLICY: KioskPolicy = { idleMinutes: 10, blockCloseShortcuts: true };

/** Window options layered over the main window's in kiosk mode (web preferences come from `secureWebPreferences`). */
export function kioskWindowOptions(): BrowserWindowConstructorOptions {
  return { kiosk: true, fullscreen: true, autoHideMenuBar: true, minimizable: false, maximizable: false, resizable: false };
}

/** The slice of BrowserWindow hardened after construction. */
export type KioskWindowLike = { setContentProtection(enable: boolean): void; setMenu(menu: null): void };

/** Content protection keeps the window out of screenshots and screen sharing (WDA_EXCLUDEFROMCAPTURE on Windows). */
export function hardenKioskWindow(window: KioskWindowLike): void {
  window.setContentProtection(true);
  window.setMenu(null);
}

/** What `before-input-event` reports about a key press. */
export type KeyInput = {
  readonly type: string;
  readonly key: string;
  readonly control: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
};

/**
 * Names the action a key press would trigger if it is one kiosk mode blocks, else null.
 * Ctrl on Windows/Linux and Cmd on macOS are treated alike: the kiosk must hold on both.
 */
export function blockedKioskAction(input: KeyInput, policy: Pick<KioskPolicy, 'blockCloseShortcuts'>): string | null {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') {
    return null;
  }
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const command = input.control || input.meta;
  if (key === 'F5' || key === 'BrowserRefresh' || (command && key === 'r')) {
    return 'reload';
  }
  if (
    key === 'F12' ||
    (command && input.shift && (key === 'i' || key === 'j' || key === 'c')) ||
    (input.meta && input.alt && (key === 'i' || key === 'j' || key === 'c'))
  ) {
    return 'developer-tools';
  }
  if (command && (key === 'n' || key === 't')) {
    return 'new-window';
  }
  if (command && (key === 'p' || key === 's' || key === 'o' || key === 'u')) {
    return 'print-save-open-source';
  }
  if (key === 'F11') {
    return 'leave-full-screen';
  }
  if (policy.blockCloseShortcuts && ((input.alt && key === 'F4') || (command && (key === 'w' || key === 'q' || key === 'F4')))) {
    return 'close';
  }
  return null;
}

export type InputGuardContents = {
  on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: KeyInput) => void): unknown;
};

export function installKioskInputGuard(contents: InputGuardContents, policy: KioskPolicy, onBlocked?: (action: string) => void): void {
  contents.on('before-input-event', (event, input) => {
    const action = blockedKioskAction(input, policy);
    if (action !== null) {
      event.preventDefault();
      onBlocked?.(action);
    }
  });
}

/** One named step of the purge; each runs even when an earlier one failed. */
export type PurgeStep = { readonly name: string; readonly run: () => Promise<unknown> };

export type PurgeReport = { readonly trigger: string; readonly failed: readonly string[]; readonly elapsedMs: number };

/**
 * Builds the purge. Concurrent triggers (lock and idle at once) join the running purge rather
 * than start a second one. A step that fails is reported, never allowed to stop the rest:
 * half a purge is the worst outcome on a shared workstation.
 */
export function createSessionPurger(steps: readonly PurgeStep[], now: () => number = Date.now): (trigger: string) => Promise<PurgeReport> {
  let running: Promise<PurgeReport> | null = null;
  return (trigger) => {
    if (running !== null) {
      return running;
    }
    const started = now();
    running = (async () => {
      const failed: string[] = [];
      for (const step of steps) {
        try {
          await step.run();
        } catch {
          failed.push(step.name);
        }
      }
      return { trigger, failed, elapsedMs: now() - started };
    })().finally(() => {
      running = null;
    });
    return running;
  };
}

/** The slice of `powerMonitor` the triggers use. */
export type PowerMonitorLike = {
  on(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
  removeListener(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
  getSystemIdleTime(): number;
};

export type TriggerTimers = {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
};

const defaultTimers: TriggerTimers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => {
    clearInterval(handle as ReturnType<typeof setInterval>);
  },
};

/**
 * Ends the session on screen lock, on suspend, and once per idle period at the threshold
 * (polled every `pollSeconds`; input resets it). Returns a function that removes the triggers.
 */
export function installKioskTriggers(options: {
  readonly powerMonitor: PowerMonitorLike;
  readonly policy: KioskPolicy;
  readonly purge: (trigger: string) => Promise<unknown>;
  readonly pollSeconds?: number;
  readonly timers?: TriggerTimers;
}): () => void {
  const { powerMonitor, policy, purge } = options;
  const timers = options.timers ?? defaultTimers;
  const onLock = (): void => {
    void purge('lock-screen');
  };
  const onSuspend = (): void => {
    void purge('suspend');
  };
  powerMonitor.on('lock-screen', onLock);
  powerMonitor.on('suspend', onSuspend);

  let interval: unknown = null;
  if (policy.idleMinutes !== null) {
    const thresholdSeconds = policy.idleMinutes * 60;
    let firedThisIdlePeriod = false;
    interval = timers.setInterval(
      () => {
        const idle = powerMonitor.getSystemIdleTime();
        if (idle < thresholdSeconds) {
          firedThisIdlePeriod = false;
          return;
        }
        if (!firedThisIdlePeriod) {
          firedThisIdlePeriod = true;
          void purge('idle');
        }
      },
      (options.pollSeconds ?? 5) * 1000,
    );
  }
  return () => {
    powerMonitor.removeListener('lock-screen', onLock);
    powerMonitor.removeListener('suspend', onSuspend);
    if (interval !== null) {
      timers.clearInterval(interval);
    }
  };
}

/** The slice of `Session` the purge clears. */
export type ClearableSession = {
  clearStorageData(): Promise<void>;
  clearCache(): Promise<void>;
  clearAuthCache(): Promise<void>;
};

/** Everything a browsing session holds (cookies, local storage, IndexedDB, HTTP and auth caches). */
export async function clearSessionData(session: ClearableSession): Promise<void> {
  await session.clearStorageData();
  await session.clearCache();
  await session.clearAuthCache();
}

/** Entra's end-session endpoint for an authority such as `https://login.microsoftonline.com/contoso.onmicrosoft.com`. */
export function endSessionUrl(authority: string): string {
  const base = authority.endsWith('/') ? authority.slice(0, -1) : authority;
  return `${base}/oauth2/v2.0/logout`;
}
