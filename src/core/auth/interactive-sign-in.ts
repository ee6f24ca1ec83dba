/**
 * One interactive sign-in, and the flight around it.
 *
 * The browser sign-in runs MSAL's authorization code flow behind a loopback listener of our own (browser-sign-in.ts,
 * sign-in-listener.ts): bounded, and closed at once on cancel or timeout. A grant that still completes after that is
 * discarded. The Windows broker path stays on MSAL's `acquireTokenInteractive`, which has no loopback there.
 */
import type { AuthenticationResult, PublicClientApplication } from '@azure/msal-node';
import { appError } from '../../shared/errors';
import type { AppError } from '../../shared/errors';
import type { SignInState } from '../../shared/domain/session';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { Logger } from '../logging/logger';
import type { AccountState, TokenGrant } from './account-state';
import type { AcquireOptions } from './auth-service';
import type { BrokerSetup } from './broker';
import { browserSignIn } from './browser-sign-in';

const SUCCESS_PAGE = '<!doctype html><title>PIM Step-Up</title><p>Signed in. You can close this tab and return to PIM Step-Up.</p>';
const ERROR_PAGE = '<!doctype html><title>PIM Step-Up</title><p>Sign-in did not complete. Return to PIM Step-Up for details.</p>';

export type InteractivePorts = {
  readonly pca: PublicClientApplication;
  readonly accounts: AccountState;
  readonly broker: BrokerSetup | undefined;
  readonly openBrowser: (url: string) => Promise<void>;
  readonly log: Logger;
};

/** One interactive sign-in: the system browser behind our listener, or the Windows broker. */
export async function signInInteractively(
  ports: InteractivePorts,
  scopes: string[],
  request: AcquireOptions,
  ended: AbortSignal,
): Promise<AuthenticationResult> {
  const { pca, log } = ports;
  const account = await ports.accounts.currentAccount();
  const openBrowser = async (url: string): Promise<void> => {
    if (ended.aborted) {
      // Cancelled or timed out before the browser was due: no browser (and throwing ends the flow).
      throw new Error('The sign-in was cancelled before the browser opened.');
    }
    log.info('opening the browser for sign-in', { purpose: request.purpose });
    await ports.openBrowser(url);
  };
  const prompt = request.prompt ?? (account === null ? 'select_account' : undefined);
  const common = {
    ...(request.claims === undefined ? {} : { claims: request.claims }),
    ...(prompt === undefined ? {} : { prompt }),
    ...(account === null ? {} : { loginHint: account.username }),
  };
  if (ports.broker === undefined) {
    const result = await browserSignIn(pca, {
      scopes,
      openBrowser,
      pages: { success: SUCCESS_PAGE, error: ERROR_PAGE },
      signal: ended,
      ...common,
    });
    // The authorize URL (state and PKCE challenge included) is on the browser's command line, where other local
    // processes can read it and answer with a code of another account: a step-up must come back as the same account.
    if (account !== null && request.purpose !== 'sign-in' && result.account?.homeAccountId !== account.homeAccountId) {
      await ports.accounts.discard(result, 'the browser answered for another account');
      throw Object.assign(new Error('account_mismatch'), {
        errorCode: 'account_mismatch',
        errorMessage: `The browser signed in as another account than ${account.username}; nothing was activated. Sign in as ${account.username}`,
      });
    }
    return result;
  }
  return pca.acquireTokenInteractive({
    scopes,
    openBrowser,
    ...common,
    // The broker steps up the signed-in Windows account itself (no account picker).
    ...(account === null ? {} : { account }),
    ...(ports.broker.windowHandle === undefined ? {} : { windowHandle: ports.broker.windowHandle() }),
    successTemplate: SUCCESS_PAGE,
    errorTemplate: ERROR_PAGE,
  });
}

/** An interactive sign-in in flight: joined by the same request, cancelled by the person or by its time-out. */
export type Flight = {
  readonly key: string;
  readonly promise: Promise<Result<TokenGrant>>;
  cancel(reason: 'cancelled' | 'timed-out'): void;
};

export type FlightPorts = {
  readonly timeoutSeconds: number;
  readonly now: () => Date;
  readonly onSignInState: (state: SignInState) => void;
  /** Runs the sign-in; `ended` aborts when the flight is cancelled or times out. */
  readonly run: (ended: AbortSignal) => Promise<AuthenticationResult>;
  /** Keeps the grant of a sign-in that finished in time. */
  readonly keep: (result: AuthenticationResult) => TokenGrant;
  readonly discard: (result: AuthenticationResult, why: string) => Promise<void>;
  readonly mapError: (cause: unknown) => AppError;
  readonly log: Logger;
  /** Called once the flight has settled, whatever the outcome. */
  readonly onSettled: () => void;
};

function endedError(reason: 'cancelled' | 'timed-out', timeoutSeconds: number): AppError {
  return reason === 'cancelled'
    ? appError('auth/cancelled', 'Sign-in was cancelled. Nothing was activated.')
    : appError(
        'auth/timed-out',
        `Sign-in did not finish within ${String(timeoutSeconds)} seconds. Nothing was activated; try again when you are ready to complete it in the browser.`,
        { retryable: true },
      );
}

export function startFlight(key: string, request: AcquireOptions, ports: FlightPorts): Flight {
  const ended = new AbortController();
  const timeoutMs = ports.timeoutSeconds * 1000;
  const startedAt = ports.now();
  ports.onSignInState({
    phase: 'waiting',
    purpose: request.purpose,
    contexts: (request.contexts ?? []).map((c) => ({ id: c.id, displayName: c.displayName })),
    startedAt: startedAt.toISOString(),
    timeoutAt: new Date(startedAt.getTime() + timeoutMs).toISOString(),
  });
  let finished = false;
  let settle: ((r: Result<TokenGrant>) => void) | null = null;
  const promise = new Promise<Result<TokenGrant>>((resolve) => {
    settle = resolve;
    void (async () => {
      try {
        const result = await ports.run(ended.signal);
        if (finished) {
          await ports.discard(result, 'it completed after it was cancelled or timed out');
          return;
        }
        resolve(ok(ports.keep(result)));
      } catch (cause) {
        if (!finished) {
          ports.log.warn('interactive sign-in failed', { error: cause });
        }
        resolve(err(ports.mapError(cause)));
      }
    })();
  });
  const cancel = (reason: 'cancelled' | 'timed-out'): void => {
    if (finished || settle === null) {
      return;
    }
    finished = true;
    settle(err(endedError(reason, ports.timeoutSeconds)));
    // Closes our loopback listener at once (the broker has none).
    ended.abort();
  };
  const timer = setTimeout(() => {
    cancel('timed-out');
  }, timeoutMs);
  timer.unref();
  const wrapped = promise.finally(() => {
    finished = true;
    clearTimeout(timer);
    ports.onSettled();
    ports.onSignInState({ phase: 'idle' });
  });
  return { key, promise: wrapped, cancel };
}
