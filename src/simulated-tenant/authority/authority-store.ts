/**
 * In-memory authority state: browser sessions (cookie), sign-in transactions, authorization codes and refresh tokens.
 *
 * Why in memory: the tenant is a simulator; `reset` clears it all. Codes and refresh tokens are random opaque strings
 * and are never written to the journal.
 *
 * Why every map is capped: any local process can start sign-ins (an authorize request of 16 KB each), and the tenant
 * runs inside the desktop app's main process in the demo. Each map keeps at most {@link AUTHORITY_LIMITS} entries and
 * evicts the oldest (a `Map` iterates in insertion order, so that costs O(1) per request, never a scan). An evicted
 * sign-in, code or session behaves as an expired one does in Entra.
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

/** How many of each the authority keeps; the oldest goes first. Far above what a person or a test suite uses. */
export const AUTHORITY_LIMITS = Object.freeze({
  /** Sign-ins started and not finished (each holds its authorize parameters, up to Node's 16 KB request head). */
  pendingSignIns: 500,
  /** Authorization codes, redeemed or not (a redeemed one is kept so a second redemption gets AADSTS54005). */
  codes: 500,
  refreshTokens: 5_000,
  browserSessions: 1_000,
});

/** How long a sign-in may wait on its pages before it is dropped. */
export const SIGN_IN_TTL_MS = 15 * 60_000;

/** Puts `key` last in `map`'s insertion order and evicts the oldest entries beyond `max`. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) {
      return;
    }
    map.delete(oldest);
  }
}

export function opaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export class AuthorityStore {
  readonly browsers = new Map<string, BrowserSession>();
  readonly transactions = new Map<string, SignInTransaction>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly refreshTokens = new Map<string, RefreshGrant>();

  /** Starts a sign-in: drops the ones that waited too long (oldest first, stopping at the first still fresh), then adds it. */
  newTransaction(browserId: string, params: AuthorizeParams, now: Date): SignInTransaction {
    for (const [id, waiting] of this.transactions) {
      if (now.getTime() - waiting.startedAt.getTime() <= SIGN_IN_TTL_MS) {
        break;
      }
      this.transactions.delete(id);
    }
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
    setBounded(this.transactions, transaction.id, transaction, AUTHORITY_LIMITS.pendingSignIns);
    return transaction;
  }

  /** A sign-in answered the application (a code or an error): nothing can continue it. */
  finishTransaction(transaction: SignInTransaction): void {
    transaction.finished = true;
    this.transactions.delete(transaction.id);
  }

  rememberBrowser(browserId: string, session: BrowserSession): void {
    setBounded(this.browsers, browserId, session, AUTHORITY_LIMITS.browserSessions);
  }

  addCode(code: string, record: AuthorizationCode): void {
    setBounded(this.codes, code, record, AUTHORITY_LIMITS.codes);
  }

  issueRefreshToken(grant: RefreshGrant): string {
    const token = `0.sim.${opaqueToken(48)}`;
    setBounded(this.refreshTokens, token, grant, AUTHORITY_LIMITS.refreshTokens);
    return token;
  }

  /** The grant of a presented refresh token; one in use moves to the back of the eviction queue. */
  refreshGrant(token: string): RefreshGrant | undefined {
    const grant = this.refreshTokens.get(token);
    if (grant !== undefined) {
      setBounded(this.refreshTokens, token, grant, AUTHORITY_LIMITS.refreshTokens);
    }
    return grant;
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
