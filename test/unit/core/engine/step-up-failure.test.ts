/**
 * A step-up the authority refused: Conditional Access blocking it (AADSTS53003) is a dead end with a remedy, said in
 * words, with Entra's code and trace ids kept for Details; other refusals keep their meaning.
 */
import { describe, expect, it } from 'vitest';
import { stepUpFailure } from '../../../../src/core/engine/step-up-failure';
import { appError } from '../../../../src/shared/errors';

const TIER0 = { id: 'c1', displayName: 'Tier 0 admin: phishing-resistant' };
const ENTRA =
  'Sign-in failed (interaction_required): AADSTS53003: Access has been blocked by Conditional Access policies. Trace ID: Cnq-1 Correlation ID: svaa21 Timestamp: 2026-12-03 01:06:00Z. Try again; if it repeats, copy diagnostics for your help desk.';

describe('stepUpFailure', () => {
  it('turns a Conditional Access block into a dead end that says what to do, codes out of the sentence', () => {
    const error = stepUpFailure(appError('auth/failed', ENTRA, { serviceCode: 'interaction_required' }), [TIER0]);
    expect(error).toMatchObject({
      code: 'auth/step-up-unsatisfied',
      remedy: 'register-method',
      serviceCode: 'AADSTS53003',
      retryable: false,
    });
    expect(error.message).toMatch(/could not satisfy Tier 0 admin: phishing-resistant/);
    expect(error.message).toMatch(/Register a passkey or Windows Hello at My Security Info/);
    expect(error.message).not.toMatch(/AADSTS|Trace ID|Correlation ID|Try again/);
    expect(error.diagnostics).toBe(ENTRA);
  });

  it('says the same for a fresh multifactor sign-in without a context', () => {
    const error = stepUpFailure(appError('auth/failed', ENTRA), [], 'fresh-mfa');
    expect(error).toMatchObject({ code: 'auth/mfa-unsatisfied', remedy: 'register-method' });
  });

  it('leaves other refusals without a remedy, and cancellations as they are', () => {
    const other = stepUpFailure(appError('auth/failed', 'Sign-in failed (server_error): AADSTS50000.'), [TIER0]);
    expect(other.code).toBe('auth/step-up-unsatisfied');
    expect(other.remedy).toBeUndefined();
    const cancelled = appError('auth/cancelled', 'Sign-in was cancelled in the browser.');
    expect(stepUpFailure(cancelled, [TIER0])).toBe(cancelled);
  });
});
