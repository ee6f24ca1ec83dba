/**
 * The closed set of error codes the engine reports, and the data each error carries.
 *
 * Every failure the user can meet maps to one of these codes at the main-process boundary
 * (MSAL errors, Graph errors, validation), each with a specific, actionable message. The
 * renderer and the CLI never see raw exceptions or stack traces.
 */
export const ERROR_CODES = [
  'config/invalid',
  'auth/not-signed-in',
  'auth/cancelled',
  'auth/timed-out',
  'auth/busy',
  'auth/failed',
  'auth/step-up-unsatisfied',
  'auth/mfa-unsatisfied',
  'input/invalid',
  'pim/not-eligible',
  'pim/policy-violation',
  'pim/already-active',
  'pim/pending-request',
  'pim/active-duration-too-short',
  'pim/not-active',
  'pim/not-found',
  'graph/unauthorized',
  'graph/forbidden',
  'graph/throttled',
  'graph/server',
  'graph/network',
  'graph/bad-response',
  'ipc/untrusted-sender',
  'ipc/invalid-args',
  'unexpected',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A PIM policy rule as named in `RoleAssignmentRequestPolicyValidationFailed` messages. */
export type PolicyRuleName = 'EligibilityRule' | 'ExpirationRule' | 'JustificationRule' | 'TicketingRule' | 'MfaRule' | (string & {});

export type AppError = {
  readonly code: ErrorCode;
  /** One or two sentences for a person: what happened and what to do next. */
  readonly message: string;
  /** Whether trying the same thing again may succeed without changing anything. */
  readonly retryable: boolean;
  /** Graph's request id and response date, which a help desk needs to trace a call. */
  readonly requestId?: string;
  readonly date?: string;
  /** The service's own error code, when there was one (e.g. `RoleAssignmentExists`). */
  readonly serviceCode?: string;
  /** Failed PIM policy rules, for `pim/policy-violation`. */
  readonly rules?: readonly PolicyRuleName[];
  /** Seconds the service asked us to wait, for `graph/throttled`. */
  readonly retryAfterSeconds?: number;
  /** Field-level problems, for `input/invalid`, `config/invalid` and `ipc/invalid-args`. */
  readonly issues?: readonly FieldIssue[];
  /**
   * What must change elsewhere before trying again can work; trying again as things are cannot. `register-method`:
   * the person has no sign-in method the policy accepts and must register one (My Security Info).
   */
  readonly remedy?: 'register-method';
  /** The service's own words (its codes, trace and correlation ids), for Details and diagnostics, never the sentence. */
  readonly diagnostics?: string;
};

export type FieldIssue = { readonly path: string; readonly message: string };

export function appError(code: ErrorCode, message: string, extra: Omit<Partial<AppError>, 'code' | 'message'> = {}): AppError {
  return { retryable: false, ...extra, code, message };
}

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as { code?: unknown; message?: unknown };
  return typeof candidate.message === 'string' && (ERROR_CODES as readonly unknown[]).includes(candidate.code);
}
