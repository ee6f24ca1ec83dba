/**
 * In-memory authority state: browser sessions (cookie), sign-in transactions, authorization codes and refresh tokens.
 *
 * Why in memory: the tenant is a simulator; `reset` clears it all. Codes and refresh tokens are random opaque strings
 * and are never written to the journal.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ClaimsRequest } from '../auth/claims-request';
import type { SignInMethod } from '../model/methods';
import type { MethodRecord } from '../model/tenant-model';

export type AuthorizeParams = {
  readonly tenantSegment: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly state: string;
  readonly codeChallenge: string;
  readonly claims: ClaimsRequest;
  readonly prompt: string | null;
  readonly loginHint: string | null;
  readonly nonce: string | null;
};

export type PendingMethod = {
  readonly method: SignInMethod;
  readonly purpose: 'first' | 'second' | 'stepup';
  /** Number matching: the number shown on the sign-in page. */
  readonly matchNumber: number | null;
};

export type SignInTransaction = {
  readonly id: string;
  readonly browserId: string;
  readonly params: AuthorizeParams;
  readonly startedAt: Date;
  userId: string | null;
  /** Methods completed during this authorize request. */
  readonly completed: MethodRecord[];
  pending: PendingMethod | null;
  message: string | null;
  finished: boolean;
};

export type BrowserSession = { userId: string; methods: MethodRecord[] };

export type AuthorizationCode = {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly userId: string;
  readonly methods: readonly MethodRecord[];
  readonly acrs: readonly string[];
  readonly xmsCc: readonly string[];
  readonly nonce: string | null;
  readonly authTime: Date;
  readonly expiresAt: Date;
  used: boolean;
};

export type RefreshGrant = {
  readonly clientId: string;
  readonly userId: string;
  /** Methods of the sign-in that produced the grant (refresh step-up is judged against these). */
  readonly methods: readonly MethodRecord[];
  readonly authTime: Date;
  /** Authentication contexts the grant's interactive sign-in was asked for and satisfied, and when. */
  readonly satisfiedContexts: readonly string[];
  readonly satisfiedAt: Date;
  revoked: boolean;
};

export function opaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export class AuthorityStore {
  readonly browsers = new Map<string, BrowserSession>();
  readonly transactions = new Map<string, SignInTransaction>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly refreshTokens = new Map<string, RefreshGrant>();

  newTransaction(browserId: string, params: AuthorizeParams, now: Date): SignInTransaction {
    const transaction: SignInTransaction = {
      id: randomUUID(),
      browserId,
      params,
      startedAt: now,
      userId: null,
      completed: [],
      pending: null,
      message: null,
      finished: false,
    };
    this.transactions.set(transaction.id, transaction);
    return transaction;
  }

  issueRefreshToken(grant: RefreshGrant): string {
    const token = `0.sim.${opaqueToken(48)}`;
    this.refreshTokens.set(token, grant);
    return token;
  }

  revokeUser(userId: string): void {
    for (const grant of this.refreshTokens.values()) {
      if (grant.userId === userId) {
        grant.revoked = true;
      }
    }
    for (const [id, session] of this.browsers) {
      if (session.userId === userId) {
        this.browsers.delete(id);
      }
    }
  }

  clear(): void {
    this.browsers.clear();
    this.transactions.clear();
    this.codes.clear();
    this.refreshTokens.clear();
  }
}
