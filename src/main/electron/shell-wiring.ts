/**
 * The decisions the composition root makes, as pure functions so they are tested under Node:
 * which command-line switches become configuration, how the machine policy shapes kiosk mode
 * and the sign-in surface, and how the engine's handlers and events are adapted for the shell.
 */
import type { Result } from '../../shared/result';
import { DEEP_LINK_SCHEME } from '../../core/deep-link/deep-link-intent';
import type { EventSink, IpcHandlers } from '../ipc/ipc-router';
import type { ShellPolicy } from '../../core/managed/split-machine-config';
import type { SignInSurface } from './auth-window';
import { DEFAULT_KIOSK_POLICY } from './kiosk';
import type { KioskPolicy } from './kiosk';

/** Command-line switches the desktop app accepts, mapped to configuration keys. Others (Chromium's) are ignored. */
const VALUE_FLAGS: Readonly<Record<string, string>> = {
  '--tenant': 'tenant',
  '--client-id': 'clientId',
  '--cloud': 'cloud',
  '--authority-host': 'authorityHost',
  '--graph-endpoint': 'graphEndpoint',
  '--arm-endpoint': 'armEndpoint',
  '--mode': 'mode',
  '--log-level': 'logLevel',
};

/**
 * `--demo`, `--kiosk`, `--tenant x` / `--tenant=x` … → configuration flags for `resolveConfig`.
 *
 * None at all when the command line carries a `pim-stepup:` link. Why: on Windows the link a web page or an email
 * opens is handed to the app on its command line, and text after it (or a quote that ends it early) arrives as
 * more arguments, so `pim-stepup://activate?… --authority-host https://login.evil.example` would otherwise point
 * the sign-in at another host. A person who starts the app with switches starts it without a link.
 */
export function configFlagsFromArgv(argv: readonly string[]): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  if (argv.some((arg) => isDeepLinkArgument(arg))) {
    return flags;
  }
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [name = '', inline] = arg.split(/=(.*)/s, 2);
    if (name === '--demo') {
      flags.demo = true;
    } else if (name === '--kiosk') {
      flags.mode = 'kiosk';
    } else if (name === '--broker') {
      flags.broker = true;
    } else if (name in VALUE_FLAGS) {
      const key = VALUE_FLAGS[name] ?? name;
      const value = inline ?? argv[i + 1];
      if (value !== undefined && !value.startsWith('--')) {
        flags[key] = value;
        if (inline === undefined) {
          i += 1;
        }
      }
    }
  }
  return flags;
}

/** Whether an argument holds a `pim-stepup:` link anywhere, in any case (quoted, after `=`, or on its own). */
function isDeepLinkArgument(arg: string): boolean {
  return arg.toLowerCase().includes(`${DEEP_LINK_SCHEME}:`);
}

export { splitMachineConfig } from '../../core/managed/split-machine-config';
export type { ShellPolicy } from '../../core/managed/split-machine-config';

/** Kiosk behaviour: the machine policy where it speaks, safe defaults where it does not. */
export function kioskPolicyFrom(policy: ShellPolicy): KioskPolicy {
  return {
    ...DEFAULT_KIOSK_POLICY,
    ...(policy.idleTimeoutMinutes === undefined ? {} : { idleMinutes: policy.idleTimeoutMinutes }),
  };
}

export type HandlerDecorations = {
  /** What `app:get-info` reports as the sign-in surface (the engine does not know which window the shell uses). */
  readonly signInSurface: SignInSurface;
  /** Kiosk: "sign out" ends the whole session (MSAL, Entra browser session, storage), not just MSAL's account. */
  readonly endSession?: () => Promise<Result<null>>;
};

/** The engine's handlers, adapted for the shell; every other channel passes through untouched. */
export function decorateHandlers(handlers: IpcHandlers, decorations: HandlerDecorations): IpcHandlers {
  const { endSession } = decorations;
  return {
    ...handlers,
    'app:get-info': async () => {
      const info = await handlers['app:get-info']();
      return info.ok ? { ok: true, value: { ...info.value, signInSurface: decorations.signInSurface } } : info;
    },
    ...(endSession === undefined ? {} : { 'auth:sign-out': () => endSession() }),
  };
}

/** Passes events on, and closes the in-app sign-in window once the engine stops waiting for it. */
export function closeSignInWhenIdle(sink: EventSink, closeSignIn: () => void): EventSink {
  return (event, payload) => {
    sink(event, payload);
    if (event === 'sign-in:state' && (payload as { phase: string }).phase === 'idle') {
      closeSignIn();
    }
  };
}
