/**
 * A sign-in that the authority refused while stepping up (e.g. Conditional Access blocked it:
 * no method the policy accepts) means the context cannot be satisfied from here. Cancellation,
 * time-outs and a busy sign-in keep their own codes.
 */
import { appError } from '../../shared/errors';
import type { AppError } from '../../shared/errors';
import type { AuthContextInfo } from '../../shared/domain/roles';
import type { AcquireOptions } from '../auth/auth-service';

export function stepUpFailure(
  error: AppError,
  contexts: readonly AuthContextInfo[],
  purpose: AcquireOptions['purpose'] = 'step-up',
): AppError {
  if (error.code !== 'auth/failed') {
    return error;
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
