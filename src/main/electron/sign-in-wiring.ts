/**
 * Where the person signs in: the in-app sign-in window (its own partition and navigation policy) or the system
 * browser through openExternalSafe. The demo tenant is trusted only inside the sign-in partition, so it always signs
 * in there; otherwise the machine policy decides, or the default for the mode.
 */
import { BrowserWindow } from 'electron';
import type { ShellPolicy } from '../../core/managed/split-machine-config';
import { chooseSignInSurface, createInAppSignIn, signInNavigationPolicy } from './auth-window';
import type { InAppSignIn, SignInSurface } from './auth-window';
import type { SecurityGuards } from './security-guards';

export type SignInWiring = {
  readonly surface: SignInSurface;
  readonly inAppSignIn: InAppSignIn;
  /** The engine's `openBrowser`. */
  readonly openBrowser: (url: string) => Promise<void>;
};

export function wireSignIn(options: {
  readonly authorityHost: string;
  readonly demo: boolean;
  readonly kiosk: boolean;
  readonly policy: Pick<ShellPolicy, 'signInSurface'>;
  readonly guards: SecurityGuards;
  readonly parent: () => BrowserWindow | undefined;
  /** The person closed the sign-in window before it finished. */
  readonly onUserClosed: () => void;
}): SignInWiring {
  const { policies, openExternalSafe } = options.guards;
  const surface = options.demo
    ? 'in-app-window'
    : (options.policy.signInSurface ?? chooseSignInSurface({ simulatedTenant: false, kiosk: options.kiosk }));
  const inAppSignIn = createInAppSignIn({
    BrowserWindow,
    parent: options.parent,
    policy: signInNavigationPolicy([new URL(options.authorityHost).origin]),
    registerPolicy: (id, navigationPolicy) => {
      policies.set(id, navigationPolicy);
    },
    unregisterPolicy: (id) => {
      policies.delete(id);
    },
    onUserClosed: options.onUserClosed,
  });
  const openBrowser =
    surface === 'in-app-window'
      ? (url: string) => inAppSignIn.openBrowser(url)
      : async (url: string) => {
          const opened = await openExternalSafe(url);
          if (!opened.opened) {
            throw new Error(`The sign-in page could not be opened (${opened.reason}).`);
          }
        };

  return { surface, inAppSignIn, openBrowser };
}
