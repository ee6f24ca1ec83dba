/**
 * What the renderer and CLI may know about the signed-in user: summaries, never tokens.
 */

/**
 * How the current token was earned, decoded from the access token's payload for display
 * only. Decisions are never made on it: Graph tokens are opaque to clients by contract.
 */
export type AuthEvidence = {
  /** `amr`: authentication methods, e.g. `["pwd","mfa"]` or `["ngcmfa","rsa"]`. */
  readonly methods: readonly string[];
  /** `acrs`: authentication contexts the token satisfies, e.g. `["c1"]`. */
  readonly contexts: readonly string[];
  /** When the user last authenticated (`iat`), ISO 8601. */
  readonly authenticatedAt: string | null;
  readonly expiresAt: string | null;
  readonly tenantId: string | null;
  readonly username: string | null;
};

export type SessionSummary = {
  readonly username: string;
  readonly displayName: string;
  readonly tenantId: string;
  /** The organisation's name (Graph `GET /organization`); null until read, or when it cannot be read. */
  readonly tenantName: string | null;
  /** The organisation's default verified domain, from the same read; null likewise. */
  readonly tenantDomain: string | null;
  readonly evidence: AuthEvidence | null;
};

/** Whether the engine is waiting on the person in a browser, and why. */
export type SignInState =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'waiting';
      readonly purpose: 'sign-in' | 'step-up' | 'fresh-mfa';
      /** Authentication contexts being asked for (empty for a plain sign-in). */
      readonly contexts: readonly { readonly id: string; readonly displayName: string }[];
      readonly startedAt: string;
      readonly timeoutAt: string;
    };
