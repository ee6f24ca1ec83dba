/**
 * Sign-in and step-up with MSAL: silent first, interactive in the system browser when needed,
 * bounded by a timeout, cancellable and single-flight.
 *
 * The parts: the MSAL client (msal-app.ts: `clientCapabilities: ['cp1']` declares that we handle
 * claims challenges), the signed-in account and the tokens kept per claims request
 * (account-state.ts: one step-up serves every role needing that context; tokens never leave the
 * main process and are never logged), the interactive sign-in and its flight
 * (interactive-sign-in.ts: our own loopback listener, closed at once on cancel or timeout; a grant
 * that completes after that is discarded), and sign-in failures for people (msal-errors.ts).
 */
import { InteractionRequiredAuthError } from '@azure/msal-node';
import type { AccountInfo, ICachePlugin, PublicClientApplication } from '@azure/msal-node';
import { appError } from '../../shared/errors';
import type { AppError } from '../../shared/errors';
import type { AuthContextInfo } from '../../shared/domain/roles';
import type { SessionSummary, SignInState } from '../../shared/domain/session';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { Logger } from '../logging/logger';
import type { FetchLike } from '../net/fetch-like';
import { createMsalNetworkClient } from '../net/msal-network-client';
import { createAccountState } from './account-state';
import type { AccountState, TokenGrant } from './account-state';
import type { BrokerSetup } from './broker';
import type { Flight } from './interactive-sign-in';
import { signInInteractively, startFlight } from './interactive-sign-in';
import { createMsalApp } from './msal-app';
import { mapMsalError } from './msal-errors';

export { isPermissionMissing } from './msal-errors';
export type { TokenGrant } from './account-state';

export type SignInPurpose = 'sign-in' | 'step-up' | 'fresh-mfa';

export type AuthServiceOptions = {
  readonly clientId: string;
  /** `https://host[:port]/<tenant>` */
  readonly authority: string;
  readonly scopes: readonly string[];
  /**
   * The Azure Resource Manager scope list (`https://management.azure.com/user_impersonation`); absent when no ARM
   * endpoint is configured, and then a token for `resource: 'arm'` is refused.
   */
  readonly armScopes?: readonly string[];
  readonly signInTimeoutSeconds: number;
  readonly fetch: FetchLike;
  readonly openBrowser: (url: string) => Promise<void>;
  readonly cachePlugin?: ICachePlugin;
  /** Sign in through the Windows broker instead of the browser (opt-in; see ./broker.ts). */
  readonly broker?: BrokerSetup;
  readonly onSignInState: (state: SignInState) => void;
  readonly onSessionChanged: (session: SessionSummary | null) => void;
  readonly logger: Logger;
  readonly now: () => Date;
};

/** Which API a token is for: Entra issues one access token per resource. */
export type TokenResource = 'graph' | 'arm';

export type AcquireOptions = {
  /** Default `graph`. A context proved for one resource is asked of the other silently (refresh with claims). */
  readonly resource?: TokenResource;
  /** Claims request (JSON) the token must satisfy; undefined for a plain token. */
  readonly claims?: string;
  readonly purpose: SignInPurpose;
  /** Contexts being asked for, for the "waiting in your browser" UI. */
  readonly contexts?: readonly AuthContextInfo[];
  /** `login` forces a fresh authentication (MFA rule, always-fresh option): no silent attempt. */
  readonly prompt?: 'login';
  /** False: never open a browser (returns `auth/not-signed-in` when interaction is needed). */
  readonly allowInteractive?: boolean;
  /** Skip every cached access token (Graph refused ours as expired or invalid); the refresh token is used. */
  readonly forceRefresh?: boolean;
  /** The caller has just tried silently (and needs the browser): go straight to the interactive sign-in. */
  readonly skipSilent?: boolean;
};

export type AuthService = {
  session(): Promise<SessionSummary | null>;
  /** The signed-in user's object id (`oid`), used as `principalId` in PIM requests. */
  principalId(): Promise<string | null>;
  /** Interactive sign-in (or the existing session when a silent token works). */
  signIn(): Promise<Result<SessionSummary>>;
  acquire(options: AcquireOptions): Promise<Result<TokenGrant>>;
  /** Cancels the interactive sign-in in progress, if any. */
  cancel(): boolean;
  signOut(): Promise<void>;
  /** Interactive prompts since creation (benchmarks and activation reports). */
  prompts(): number;
  dispose(): Promise<void>;
};

const TOKEN_REUSE_MARGIN_MS = 120_000;

/** The signed-in user's object id (`oid`), used as `principalId` in PIM requests. */
function principalIdOf(account: AccountInfo | null): string | null {
  if (account === null) {
    return null;
  }
  const oid = account.idTokenClaims?.oid;
  return typeof oid === 'string' && oid !== '' ? oid : account.localAccountId;
}

/**
 * A token without a prompt: one we kept that is not close to expiry (unless `forceRefresh`), else MSAL's silent
 * token (its cache, else the refresh token); 'interaction-required' when only a sign-in can help.
 */
async function quietToken(
  pca: PublicClientApplication,
  accounts: AccountState,
  request: Pick<AcquireOptions, 'claims' | 'forceRefresh'> & { readonly resource: TokenResource; readonly scopes: string[] },
  mapError: (cause: unknown) => AppError,
  log: Logger,
): Promise<Result<TokenGrant> | 'interaction-required'> {
  const forceRefresh = request.forceRefresh === true;
  const kept = forceRefresh ? undefined : accounts.cached(`${request.resource}|${request.claims ?? ''}`, TOKEN_REUSE_MARGIN_MS);
  if (kept !== undefined) {
    return ok(kept);
  }
  const account = await accounts.currentAccount();
  if (account === null) {
    return 'interaction-required';
  }
  try {
    const result = await pca.acquireTokenSilent({
      account,
      scopes: request.scopes,
      ...(request.claims === undefined ? {} : { claims: request.claims }),
      ...(forceRefresh ? { forceRefresh: true } : {}),
    });
    return ok(accounts.remember(`${request.resource}|${request.claims ?? ''}`, result, false));
  } catch (cause) {
    if (cause instanceof InteractionRequiredAuthError) {
      log.info('silent token needs interaction', { code: cause.errorCode, subError: cause.subError });
      return 'interaction-required';
    }
    const e = cause as { errorCode?: unknown };
    // A refused refresh that is not classed as interaction-required (e.g. an expired session) still needs the browser.
    if (e.errorCode === 'invalid_grant' || e.errorCode === 'no_tokens_found' || e.errorCode === 'refresh_token_expired') {
      return 'interaction-required';
    }
    log.warn('silent token failed', { error: cause });
    return err(mapError(cause));
  }
}

export function createAuthService(options: AuthServiceOptions): AuthService {
  const log = options.logger.child({ area: 'auth' });
  const networkClient = createMsalNetworkClient(options.fetch);
  const mapError = (cause: unknown): AppError => mapMsalError(cause, networkClient.lastServiceError());
  const pca = createMsalApp({ ...options, networkClient, log });
  const accounts = createAccountState(pca, options.onSessionChanged, log);
  let promptCount = 0;
  let pending: Flight | null = null;
  const scopesFor = (resource: TokenResource): string[] => [...(resource === 'arm' ? (options.armScopes ?? []) : options.scopes)];

  const interactive = (key: string, request: AcquireOptions): Flight => {
    const ports = { pca, accounts, broker: options.broker, openBrowser: options.openBrowser, log };
    promptCount += 1;
    return startFlight(key, request, {
      timeoutSeconds: options.signInTimeoutSeconds,
      now: options.now,
      onSignInState: options.onSignInState,
      run: (ended) => signInInteractively(ports, scopesFor(request.resource ?? 'graph'), request, ended),
      keep: (result) => accounts.remember(`${request.resource ?? 'graph'}|${request.claims ?? ''}`, result, true),
      discard: (result, why) => accounts.discard(result, why),
      mapError,
      log,
      onSettled: () => {
        pending = null;
      },
    });
  };

  const acquire = async (request: AcquireOptions): Promise<Result<TokenGrant>> => {
    const resource = request.resource ?? 'graph';
    if (resource === 'arm' && (options.armScopes ?? []).length === 0) {
      return err(appError('auth/failed', 'No Azure Resource Manager endpoint is configured, so Azure roles are not available.'));
    }
    const key = `${resource}|${request.claims ?? ''}|${request.prompt ?? ''}`;
    if (pending?.key === key) {
      // The same sign-in is already waiting in the browser: join it rather than start another.
      return pending.promise;
    }
    if (request.prompt === undefined && request.skipSilent !== true) {
      const quiet = await quietToken(pca, accounts, { ...request, resource, scopes: scopesFor(resource) }, mapError, log);
      if (quiet !== 'interaction-required') {
        return quiet;
      }
    }
    if (request.allowInteractive === false) {
      return err(appError('auth/not-signed-in', 'You are not signed in (or your sign-in expired); sign in to continue.'));
    }
    if (pending !== null) {
      // Single flight: the same request joins; a different one must wait its turn.
      if (pending.key === key) {
        return pending.promise;
      }
      return err(
        appError('auth/busy', 'Another sign-in is already waiting in your browser; finish or cancel it first.', { retryable: true }),
      );
    }
    const flight = interactive(key, request);
    pending = flight;
    return flight.promise;
  };

  return {
    session: () => accounts.session(),
    principalId: async () => principalIdOf(await accounts.currentAccount()),
    signIn: async () => {
      const result = await acquire({ purpose: 'sign-in' });
      if (!result.ok) {
        return result;
      }
      const session = await accounts.session();
      return session === null ? err(appError('auth/failed', 'Sign-in finished without an account; try again.')) : ok(session);
    },
    acquire,
    cancel: () => {
      if (pending === null) {
        return false;
      }
      pending.cancel('cancelled');
      return true;
    },
    signOut: async () => {
      pending?.cancel('cancelled');
      accounts.clear(true);
      for (const account of await pca.getAllAccounts()) {
        await pca.signOut({ account });
      }
      options.onSessionChanged(null);
    },
    prompts: () => promptCount,
    dispose: async () => {
      pending?.cancel('cancelled');
      accounts.clear(false);
      await Promise.resolve();
    },
  };
}
