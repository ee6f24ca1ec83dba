/**
 * Sign-in through the Windows account broker (WAM), opt-in with `broker: true` / `--broker`.
 *
 * Why: Conditional Access that asks for a compliant or hybrid-joined device ("compliant device +
 * MFA" on an authentication context) needs the device's primary refresh token, which a system
 * browser without the Windows account extension cannot present. Through WAM, Windows Hello and
 * the device identity satisfy it. See docs/protocol.md, "Sign-in through the Windows broker (WAM)".
 *
 * How: MSAL Node hands every interactive, silent, account and sign-out call to a native broker
 * plugin when one is configured. `@azure/msal-node-extensions`' NativeBrokerPlugin loads a native
 * runtime as soon as its module is imported, so it is imported only here, only when the option is
 * on, and only on Windows. MSAL reads `isBrokerAvailable` synchronously while the engine is built,
 * so the engine gets a lazy stand-in that loads the real plugin on first use and turns a failed
 * load into a sign-in error that says what to do, never a silent fallback to the browser (the
 * administrator chose the broker because the browser cannot satisfy their policies).
 *
 * Claims requests (step-up contexts, claims challenges) pass through unchanged: MSAL puts them on
 * the native request and the plugin hands them to WAM.
 */
import type { AccountInfo, AuthenticationResult, INativeBrokerPlugin } from '@azure/msal-node';
import type { Logger } from '../logging/logger';

type NativeRequest = Parameters<INativeBrokerPlugin['acquireTokenSilent']>[0];
type NativeSignOutRequest = Parameters<INativeBrokerPlugin['signOut']>[0];
type BrokerLoggerOptions = Parameters<INativeBrokerPlugin['setLogger']>[0];

/** Loads the native broker plugin (a port: tests pass a fake, nothing here can run WAM). */
export type BrokerPluginLoader = () => Promise<INativeBrokerPlugin>;

/** What the auth service needs to sign in through the broker. */
export type BrokerSetup = {
  readonly plugin: INativeBrokerPlugin;
  /** The native handle of the window WAM's dialog belongs to (Electron's `getNativeWindowHandle()`); none for the CLI. */
  readonly windowHandle?: () => Buffer | undefined;
};

/** The real plugin. The module import itself starts the native MSAL runtime, hence the dynamic import. */
export const loadNativeBrokerPlugin: BrokerPluginLoader = async () => {
  const { NativeBrokerPlugin } = await import('@azure/msal-node-extensions');
  return new NativeBrokerPlugin();
};

/** The platforms on which the broker option is accepted. */
export function brokerSupported(platform: NodeJS.Platform): boolean {
  return platform === 'win32';
}

/** Why the broker option is refused on this platform (for configuration errors). */
export function brokerUnsupportedReason(platform: NodeJS.Platform): string {
  return `is available on Windows only (it signs in through the Windows account broker, WAM), and this is ${platform}; remove it to sign in through the system browser.`;
}

/** An error MSAL-shaped enough for the auth service's error mapping to keep its code and message. */
class BrokerUnavailableError extends Error {
  readonly errorCode = 'broker_unavailable';
  readonly errorMessage: string;
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.errorMessage = message;
  }
}

/**
 * A broker plugin that loads the real one on first use. `isBrokerAvailable` is true from the start
 * (the option was checked against the platform), so MSAL routes every call here; when loading fails
 * or the native runtime did not start, sign-in fails with a message naming the fix, and account
 * lookups answer "no account" so the app simply shows it is not signed in.
 */
export function lazyBrokerPlugin(load: BrokerPluginLoader, logger: Logger): INativeBrokerPlugin {
  const log = logger.child({ area: 'broker' });
  let loggerOptions: BrokerLoggerOptions | null = null;
  let loading: Promise<INativeBrokerPlugin> | null = null;

  const plugin = (): Promise<INativeBrokerPlugin> => {
    loading ??= (async () => {
      let real: INativeBrokerPlugin;
      try {
        real = await load();
      } catch (cause) {
        log.warn('the Windows broker plugin could not be loaded', { error: cause });
        throw new BrokerUnavailableError(
          'The Windows sign-in broker (WAM) could not be loaded on this machine. Turn the broker option off to sign in through the browser, or reinstall PIM Step-Up.',
          cause,
        );
      }
      if (!real.isBrokerAvailable) {
        log.warn('the Windows broker runtime did not start');
        throw new BrokerUnavailableError(
          'The Windows sign-in broker (WAM) did not start on this machine. Turn the broker option off to sign in through the browser.',
        );
      }
      if (loggerOptions !== null) {
        real.setLogger(loggerOptions);
      }
      log.info('signing in through the Windows broker');
      return real;
    })();
    return loading;
  };

  return {
    isBrokerAvailable: true,
    setLogger: (options) => {
      loggerOptions = options;
    },
    getAccountById: async (accountId: string, correlationId: string): Promise<AccountInfo> =>
      (await plugin()).getAccountById(accountId, correlationId),
    getAllAccounts: async (clientId: string, correlationId: string): Promise<AccountInfo[]> => {
      try {
        return await (await plugin()).getAllAccounts(clientId, correlationId);
      } catch (cause) {
        if (cause instanceof BrokerUnavailableError) {
          return [];
        }
        throw cause;
      }
    },
    acquireTokenSilent: async (request: NativeRequest): Promise<AuthenticationResult> => (await plugin()).acquireTokenSilent(request),
    acquireTokenInteractive: async (request: NativeRequest, windowHandle?: Buffer): Promise<AuthenticationResult> =>
      (await plugin()).acquireTokenInteractive(request, windowHandle),
    signOut: async (request: NativeSignOutRequest): Promise<void> => {
      try {
        await (await plugin()).signOut(request);
      } catch (cause) {
        if (!(cause instanceof BrokerUnavailableError)) {
          throw cause;
        }
      }
    },
  };
}
