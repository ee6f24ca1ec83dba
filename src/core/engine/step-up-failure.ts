/**
 * A sign-in that the authority refused while stepping up means the context cannot be satisfied from here; when
 * Conditional Access blocked it (no registered method the policy accepts), it is a dead end with a remedy.
 * Cancellation, time-outs and a busy sign-in keep their own codes.
 */
import { appError } from '../../shared/errors';
import type { AppError } from '../../shared/errors';
import type { AuthContextInfo } from '../../shared/domain/roles';
import type { AcquireOptions } from '../auth/auth-service';

/** Entra's "blocked by Conditional Access": no method the person has registered satisfies what the policy demands. */
const BLOCKED_BY_CONDITIONAL_ACCESS = /\bAADSTS53003\b/;

/**
 * A dead end: signing in again cannot help until the person registers a method the policy accepts. The sentence says
 * what to do; Entra's own words (code, trace and correlation ids) go to `diagnostics`.
 */
function blocked(error: AppError, names: string): AppError {
  const what = names === '' ? 'the multifactor sign-in this role needs' : names;
  return appError(
    names === '' ? 'auth/mfa-unsatisfied' : 'auth/step-up-unsatisfied',
    `Your sign-in could not satisfy ${what}: Conditional Access blocked it, because none of the sign-in methods registered to your account is one it accepts. Register a passkey or Windows Hello at My Security Info (or ask your help desk to), then activate again.`,
    { serviceCode: 'AADSTS53003', remedy: 'register-method', diagnostics: error.message },
  );
}

export function stepUpFailure(
  error: AppError,
  contexts: readonly AuthContextInfo[],
  purpose: AcquireOptions['purpose'] = 'step-up',
): AppError {
  if (error.code !== 'auth/failed') {
    return error;
  }
  if (BLOCKED_BY_CONDITIONAL_ACCESS.test(error.message)) {
    return blocked(error, contexts.map((c) => c.displayName).join(' and '));
  }
  if (purpose === 'fresh-mfa' && contexts.length === 0) {
    return appError(
      'auth/mfa-unsatisfied',
      `This role requires multifactor authentication and the fresh sign-in did not provide it. Sign in with an MFA method (not only a password). ${error.message}`,
      { ...(error.serviceCode === undefined ? {} : { serviceCode: error.serviceCode }) },
    );
  }
  if (contexts.length === 0) {
    return error;
  }
  const names = contexts.map((c) => c.displayName).join(' and ');
  return appError('auth/step-up-unsatisfied', `Your sign-in could not satisfy ${names}. ${error.message}`, {
    ...(error.serviceCode === undefined ? {} : { serviceCode: error.serviceCode }),
  });
}
