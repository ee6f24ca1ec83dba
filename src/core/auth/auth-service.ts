/**
 * Sign-in and step-up with MSAL: silent first, interactive in the system browser when needed,
 * bounded by a timeout, cancellable and single-flight.
 *
 * Why it looks like this:
 * - `clientCapabilities: ['cp1']` declares that we handle claims challenges.
 * - The browser sign-in runs MSAL's authorization code flow behind a loopback listener of our own
 *   (browser-sign-in.ts, sign-in-listener.ts): bounded, and closed at once on cancel or timeout.
 *   A grant that still completes after that is discarded. The Windows broker path stays on
 *   MSAL's `acquireTokenInteractive`, which has no loopback there.
 * - Tokens earned with claims are kept in memory per claims request, so one step-up serves
 *   every role needing that context; they never leave this module except to the Graph client's
 *   auth provider, and are never logged.
 */
import { InteractionRequiredAuthError, LogLevel as MsalLogLevel, PublicClientApplication } from '@azure/msal-node';
import type { AccountInfo, AuthenticationResult, ICachePlugin } from '@azure/msal-node';
import { appError } from '../../shared/errors';
import type { AppError } from '../../shared/errors';
import type { AuthContextInfo } from '../../shared/domain/roles';
import type { AuthEvidence, SessionSummary, SignInState } from '../../shared/domain/session';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import { isMicrosoftAuthorityHost } from '../config/clouds';
import type { Logger } from '../logging/logger';
import type { FetchLike } from '../net/fetch-like';
import { createMsalNetworkClient } from '../net/msal-network-client';
import type { BrokerSetup } from './broker';
import { browserSignIn } from './browser-sign-in';
import { evidenceFromAccessToken } from './token-evidence';

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

/** A token for Graph or ARM, with its display-only evidence. Stays inside the main process. */
export type TokenGrant = {
  readonly accessToken: string;
  readonly evidence: AuthEvidence | null;
  readonly interactive: boolean;
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

type Pending = {
  readonly key: string;
  readonly promise: Promise<Result<TokenGrant>>;
  cancel(reason: 'cancelled' | 'timed-out'): void;
};

const TOKEN_REUSE_MARGIN_MS = 120_000;

/**
 * Entra's answers when the app registration lacks the API permission (AADSTS650057: not in the registration;
 * AADSTS65001: no consent; AADSTS650052: the API's service principal is missing from the tenant).
 */
const PERMISSION_MISSING_CODES = new Set(['650057', '65001', '650052']);

/** True for a token refusal that means "the app registration lacks this API's permission". */
export function isPermissionMissing(error: AppError): boolean {
  return error.serviceCode !== undefined && PERMISSION_MISSING_CODES.has(error.serviceCode.replace(/^AADSTS/, ''));
}

/**
 * Entra's answers that name a set-up mistake, not a passing fault: never retryable, each with what to fix. MSAL
 * reports an unknown tenant at discovery only as `endpoints_resolution_error`, so its code comes from the network
 * client (`lastServiceError`).
 */
const SETUP_ERRORS: Readonly<Record<string, string>> = {
  AADSTS90002: 'The tenant was not found (AADSTS90002): check --tenant (the directory id or a verified domain) and the cloud it is in.',
  AADSTS700016:
    'The app registration was not found in this tenant (AADSTS700016): check --client-id, and that the app is registered in (or consented to by) this tenant.',
  AADSTS50011:
    'The app registration does not allow this redirect URI (AADSTS50011): an administrator must add "http://localhost" as a redirect URI for mobile and desktop applications.',
};

function mapMsalError(cause: unknown, serviceError: string | null = null): AppError {
  const e = cause as { errorCode?: unknown; errorMessage?: unknown; message?: unknown; subError?: unknown };
  const code = typeof e.errorCode === 'string' ? e.errorCode : '';
  const message =
    typeof e.errorMessage === 'string' && e.errorMessage !== '' ? e.errorMessage : typeof e.message === 'string' ? e.message : '';
  const firstLine = message.split(/\r?\n/)[0]?.slice(0, 240) ?? '';
  const named = /AADSTS\d+/.exec(message)?.[0] ?? (code === 'endpoints_resolution_error' ? serviceError : null);
  const setup = named === null ? undefined : SETUP_ERRORS[named];
  if (named !== null && setup !== undefined) {
    return appError('auth/failed', setup, { serviceCode: named, retryable: false });
  }
  if (code === 'endpoints_resolution_error' || code === 'network_error' || code === 'untrusted_authority') {
    return appError(
      'auth/failed',
      'The sign-in service could not be reached or is not trusted; check the tenant, the authority host and your network (and any proxy or CA settings).',
      {
        serviceCode: code,
        retryable: true,
      },
    );
  }
  if (code === 'access_denied' || code === 'user_cancelled') {
    return appError('auth/cancelled', 'Sign-in was cancelled in the browser.', { serviceCode: code });
  }
  const aadsts = /AADSTS(\d+)/.exec(message)?.[1];
  if (aadsts !== undefined && PERMISSION_MISSING_CODES.has(aadsts)) {
    return appError(
      'auth/failed',
      `The app registration does not have this API's permission (AADSTS${aadsts}); an administrator must add it (for Azure roles: "Azure Service Management / user_impersonation") and grant consent.`,
      { serviceCode: `AADSTS${aadsts}` },
    );
  }
  return appError(
    'auth/failed',
    `Sign-in failed${code === '' ? '' : ` (${code})`}${firstLine === '' ? '' : `: ${firstLine}`}. Try again; if it repeats, copy diagnostics for your help desk.`,
    {
      ...(code === '' ? {} : { serviceCode: code }),
    },
  );
}

export function createAuthService(options: AuthServiceOptions): AuthService {
  const authorityUrl = new URL(options.authority);
  const custom = !isMicrosoftAuthorityHost(authorityUrl.origin);
  const log = options.logger.child({ area: 'auth' });
  const networkClient = createMsalNetworkClient(options.fetch);
  const mapError = (cause: unknown): AppError => mapMsalError(cause, networkClient.lastServiceError());
  const pca = new PublicClientApplication({
    auth: {
      clientId: options.clientId,
      authority: options.authority,
      clientCapabilities: ['cp1'],
      ...(custom ? { knownAuthorities: [authorityUrl.host] } : {}),
    },
    ...(options.cachePlugin === undefined ? {} : { cache: { cachePlugin: options.cachePlugin } }),
    ...(options.broker === undefined ? {} : { broker: { nativeBrokerPlugin: options.broker.plugin } }),
    system: {
      networkClient,
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: MsalLogLevel.Warning,
        loggerCallback: (level, message, containsPii) => {
          if (containsPii) {
            return;
          }
          const text = `msal: ${message}`;
          if (level === MsalLogLevel.Error) {
            log.warn(text);
          } else {
            log.debug(text);
          }
        },
      },
    },
  });

  let accountId: string | null = null;
  let promptCount = 0;
  let pending: Pending | null = null;
  let lastEvidence: AuthEvidence | null = null;
  /** Tokens earned per resource and claims request, reused until close to expiry. */
  const grants = new Map<string, { grant: TokenGrant; expiresAt: number }>();
  const scopesFor = (resource: TokenResource): string[] => [...(resource === 'arm' ? (options.armScopes ?? []) : options.scopes)];

  const currentAccount = async (): Promise<AccountInfo | null> => {
    const accounts = await pca.getAllAccounts();
    return accounts.find((a) => a.homeAccountId === accountId) ?? accounts[0] ?? null;
  };

  const summary = (account: AccountInfo): SessionSummary => ({
    username: account.username,
    displayName: account.name ?? account.username,
    tenantId: account.tenantId,
    // Named by the engine (tenant-names.ts), which reads Graph; the auth service knows only the account.
    tenantName: null,
    tenantDomain: null,
    evidence: lastEvidence,
  });

  const remember = (key: string, result: AuthenticationResult, interactive: boolean): TokenGrant => {
    const grant: TokenGrant = { accessToken: result.accessToken, evidence: evidenceFromAccessToken(result.accessToken), interactive };
    const previous = accountId;
    if (result.account !== null) {
      accountId = result.account.homeAccountId;
    }
    lastEvidence = grant.evidence;
    const expiresAt = result.expiresOn?.getTime() ?? Date.now() + 3_000_000;
    grants.set(key, { grant, expiresAt });
    if (result.account !== null && previous !== accountId) {
      options.onSessionChanged(summary(result.account));
    }
    return grant;
  };

  const silent = async (
    resource: TokenResource,
    claims: string | undefined,
    forceRefresh = false,
  ): Promise<Result<TokenGrant> | 'interaction-required'> => {
    const account = await currentAccount();
    if (account === null) {
      return 'interaction-required';
    }
    try {
      const result = await pca.acquireTokenSilent({
        account,
        scopes: scopesFor(resource),
        ...(claims === undefined ? {} : { claims }),
        ...(forceRefresh ? { forceRefresh: true } : {}),
      });
      return ok(remember(`${resource}|${claims ?? ''}`, result, false));
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
  };

  /**
   * A grant that must not be used (it completed after the user was told the sign-in was cancelled or timed out, or it
   * is for another account than the one stepping up): an account it brought into MSAL's cache is removed, so a late
   * or foreign answer cannot sign anyone in behind the user's back.
   */
  const discardGrant = async (result: AuthenticationResult, why: string): Promise<void> => {
    log.info(`discarded a sign-in: ${why}`);
    if (result.account !== null && result.account.homeAccountId !== accountId) {
      await pca.getTokenCache().removeAccount(result.account);
    }
  };

  const SUCCESS_PAGE = '<!doctype html><title>PIM Step-Up</title><p>Signed in. You can close this tab and return to PIM Step-Up.</p>';
  const ERROR_PAGE = '<!doctype html><title>PIM Step-Up</title><p>Sign-in did not complete. Return to PIM Step-Up for details.</p>';

  /** One interactive sign-in: the system browser behind our listener, or the Windows broker. */
  const signInInteractively = async (request: AcquireOptions, ended: AbortSignal): Promise<AuthenticationResult> => {
    const account = await currentAccount();
    const scopes = scopesFor(request.resource ?? 'graph');
    const openBrowser = async (url: string): Promise<void> => {
      if (ended.aborted) {
        // Cancelled or timed out before the browser was due: no browser (and throwing ends the flow).
        throw new Error('The sign-in was cancelled before the browser opened.');
      }
      log.info('opening the browser for sign-in', { purpose: request.purpose });
      await options.openBrowser(url);
    };
    const prompt = request.prompt ?? (account === null ? 'select_account' : undefined);
    const common = {
      ...(request.claims === undefined ? {} : { claims: request.claims }),
      ...(prompt === undefined ? {} : { prompt }),
      ...(account === null ? {} : { loginHint: account.username }),
    };
    if (options.broker === undefined) {
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
        await discardGrant(result, 'the browser answered for another account');
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
      ...(options.broker.windowHandle === undefined ? {} : { windowHandle: options.broker.windowHandle() }),
      successTemplate: SUCCESS_PAGE,
      errorTemplate: ERROR_PAGE,
    });
  };

  const interactive = (key: string, request: AcquireOptions): Pending => {
    let settle: ((r: Result<TokenGrant>) => void) | null = null;
    const ended = new AbortController();
    const timeoutMs = options.signInTimeoutSeconds * 1000;
    const startedAt = options.now();
    options.onSignInState({
      phase: 'waiting',
      purpose: request.purpose,
      contexts: (request.contexts ?? []).map((c) => ({ id: c.id, displayName: c.displayName })),
      startedAt: startedAt.toISOString(),
      timeoutAt: new Date(startedAt.getTime() + timeoutMs).toISOString(),
    });
    promptCount += 1;
    let finished = false;
    const promise = new Promise<Result<TokenGrant>>((resolve) => {
      settle = resolve;
      void (async () => {
        try {
          const result = await signInInteractively(request, ended.signal);
          if (finished) {
            await discardGrant(result, 'it completed after it was cancelled or timed out');
            return;
          }
          resolve(ok(remember(`${request.resource ?? 'graph'}|${request.claims ?? ''}`, result, true)));
        } catch (cause) {
          if (!finished) {
            log.warn('interactive sign-in failed', { error: cause });
          }
          resolve(err(mapError(cause)));
        }
      })();
    });
    const timer = setTimeout(() => {
      cancel('timed-out');
    }, timeoutMs);
    timer.unref();
    const cancel = (reason: 'cancelled' | 'timed-out'): void => {
      if (finished || settle === null) {
        return;
      }
      finished = true;
      const error =
        reason === 'cancelled'
          ? appError('auth/cancelled', 'Sign-in was cancelled. Nothing was activated.')
          : appError(
              'auth/timed-out',
              `Sign-in did not finish within ${String(options.signInTimeoutSeconds)} seconds. Nothing was activated; try again when you are ready to complete it in the browser.`,
              {
                retryable: true,
              },
            );
      settle(err(error));
      // Closes our loopback listener at once (the broker has none).
      ended.abort();
    };
    const wrapped = promise.finally(() => {
      finished = true;
      clearTimeout(timer);
      pending = null;
      options.onSignInState({ phase: 'idle' });
    });
    return { key, promise: wrapped, cancel };
  };

  const acquire = async (request: AcquireOptions): Promise<Result<TokenGrant>> => {
    const resource = request.resource ?? 'graph';
    if (resource === 'arm' && (options.armScopes ?? []).length === 0) {
      return err(appError('auth/failed', 'No Azure Resource Manager endpoint is configured, so Azure roles are not available.'));
    }
    const key = `${resource}|${request.claims ?? ''}|${request.prompt ?? ''}`;
    const claimsKey = `${resource}|${request.claims ?? ''}`;
    if (pending?.key === key) {
      // The same sign-in is already waiting in the browser: join it rather than start another.
      return pending.promise;
    }
    if (request.prompt === undefined && request.skipSilent !== true) {
      const cached = grants.get(claimsKey);
      if (request.forceRefresh !== true && cached !== undefined && cached.expiresAt - Date.now() > TOKEN_REUSE_MARGIN_MS) {
        return ok(cached.grant);
      }
      const attempt = await silent(resource, request.claims, request.forceRefresh === true);
      if (attempt !== 'interaction-required') {
        return attempt;
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
    session: async () => {
      const account = await currentAccount();
      return account === null ? null : summary(account);
    },
    principalId: async () => {
      const account = await currentAccount();
      if (account === null) {
        return null;
      }
      const oid = account.idTokenClaims?.oid;
      return typeof oid === 'string' && oid !== '' ? oid : account.localAccountId;
    },
    signIn: async () => {
      const result = await acquire({ purpose: 'sign-in' });
      if (!result.ok) {
        return result;
      }
      const account = await currentAccount();
      return account === null ? err(appError('auth/failed', 'Sign-in finished without an account; try again.')) : ok(summary(account));
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
      grants.clear();
      lastEvidence = null;
      for (const account of await pca.getAllAccounts()) {
        await pca.signOut({ account });
      }
      accountId = null;
      options.onSessionChanged(null);
    },
    prompts: () => promptCount,
    dispose: async () => {
      pending?.cancel('cancelled');
      grants.clear();
      await Promise.resolve();
    },
  };
}
