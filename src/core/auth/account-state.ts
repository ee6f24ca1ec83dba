/**
 * Who is signed in, as the auth service knows it: the account MSAL last answered for, the evidence of the newest
 * token, and the tokens earned per resource and claims request (kept in memory, reused until close to expiry, so
 * one step-up serves every role needing that context). Tokens never leave the main process and are never logged.
 */
import type { AccountInfo, AuthenticationResult, PublicClientApplication } from '@azure/msal-node';
import type { AuthEvidence, SessionSummary } from '../../shared/domain/session';
import type { Logger } from '../logging/logger';
import { evidenceFromAccessToken } from './token-evidence';

/** A token for Graph or ARM, with its display-only evidence. Stays inside the main process. */
export type TokenGrant = {
  readonly accessToken: string;
  readonly evidence: AuthEvidence | null;
  readonly interactive: boolean;
};

export type AccountState = {
  /** The account signed in last (MSAL's cache may hold others), or the first one MSAL knows. */
  currentAccount(): Promise<AccountInfo | null>;
  /** The current account's summary, or null when nobody is signed in. */
  session(): Promise<SessionSummary | null>;
  /** Keeps a grant under `key` (resource and claims) and tells the session listener when the account changed. */
  remember(key: string, result: AuthenticationResult, interactive: boolean): TokenGrant;
  /** A kept grant still valid for more than `marginMs`, or undefined. */
  cached(key: string, marginMs: number): TokenGrant | undefined;
  /**
   * A grant that must not be used (it completed after the user was told the sign-in was cancelled or timed out, or it
   * is for another account than the one stepping up): an account it brought into MSAL's cache is removed, so a late
   * or foreign answer cannot sign anyone in behind the user's back.
   */
  discard(result: AuthenticationResult, why: string): Promise<void>;
  /** Forgets the kept grants and evidence (sign-out, dispose); `signedOut` also forgets the account. */
  clear(signedOut: boolean): void;
};

export function createAccountState(
  pca: PublicClientApplication,
  onSessionChanged: (session: SessionSummary | null) => void,
  log: Logger,
): AccountState {
  let accountId: string | null = null;
  let lastEvidence: AuthEvidence | null = null;
  const grants = new Map<string, { grant: TokenGrant; expiresAt: number }>();

  const summary = (account: AccountInfo): SessionSummary => ({
    username: account.username,
    displayName: account.name ?? account.username,
    tenantId: account.tenantId,
    // Named by the engine (tenant-names.ts), which reads Graph; the auth service knows only the account.
    tenantName: null,
    tenantDomain: null,
    evidence: lastEvidence,
  });

  const currentAccount = async (): Promise<AccountInfo | null> => {
    const accounts = await pca.getAllAccounts();
    return accounts.find((a) => a.homeAccountId === accountId) ?? accounts[0] ?? null;
  };

  return {
    currentAccount,
    session: async () => {
      const account = await currentAccount();
      return account === null ? null : summary(account);
    },
    remember: (key, result, interactive) => {
      const grant: TokenGrant = { accessToken: result.accessToken, evidence: evidenceFromAccessToken(result.accessToken), interactive };
      const previous = accountId;
      if (result.account !== null) {
        accountId = result.account.homeAccountId;
      }
      lastEvidence = grant.evidence;
      const expiresAt = result.expiresOn?.getTime() ?? Date.now() + 3_000_000;
      grants.set(key, { grant, expiresAt });
      if (result.account !== null && previous !== accountId) {
        onSessionChanged(summary(result.account));
      }
      return grant;
    },
    cached: (key, marginMs) => {
      const kept = grants.get(key);
      return kept !== undefined && kept.expiresAt - Date.now() > marginMs ? kept.grant : undefined;
    },
    discard: async (result, why) => {
      log.info(`discarded a sign-in: ${why}`);
      if (result.account !== null && result.account.homeAccountId !== accountId) {
        await pca.getTokenCache().removeAccount(result.account);
      }
    },
    clear: (signedOut) => {
      grants.clear();
      if (signedOut) {
        lastEvidence = null;
        accountId = null;
      }
    },
  };
}
