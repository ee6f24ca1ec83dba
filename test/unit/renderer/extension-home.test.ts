/**
 * The home screen's extension request, as pure pieces: the form's own check (the one duration grammar and text rule,
 * a Reason required), which rows already wait for an administrator, the form's starting duration, and the reducer's
 * tracking and announcement of the request.
 */
import { describe, expect, it } from 'vitest';
import type { PendingRequest } from '../../../src/shared/domain/activation';
import { appError } from '../../../src/shared/errors';
import { err, ok } from '../../../src/shared/result';
import { extensionProblems, extensionsWaiting, suggestedExtension } from '../../../src/renderer/home/extension-check';
import { initialState, reduce } from '../../../src/renderer/wizard/wizard-state';
import { CATALOG } from './fixtures';

const pending = (roleId: string, status: string): PendingRequest => ({
  requestId: `req-${roleId}`,
  kind: 'directoryRole',
  roleId,
  displayName: roleId,
  createdDateTime: null,
  justification: null,
  status,
});

describe('extensionProblems', () => {
  it('accepts a Reason and a duration in the grammar, whatever their case or surrounding spaces', () => {
    expect(extensionProblems('Quarter end', ' pt6h ')).toEqual({});
  });

  it('puts each problem beside its field', () => {
    expect(Object.keys(extensionProblems('  ', 'PT6H'))).toEqual(['justification']);
    expect(extensionProblems('ok', 'P1Y').duration).toMatch(/not an ISO 8601 duration/);
    expect(extensionProblems('ok', 'PT25H').duration).toMatch(/24-hour maximum/);
    expect(extensionProblems('Pay\u202Eme', 'PT2M')).toEqual({
      justification: expect.stringMatching(/U\+202E/) as string,
      duration: 'The duration must be at least 5 minutes.',
    });
  });
});

describe('extensionsWaiting and suggestedExtension', () => {
  it('lists only requests waiting for an administrator, not activations waiting for an approver', () => {
    const waiting = extensionsWaiting({ status: 'loaded', value: [pending('a', 'PendingAdminDecision'), pending('b', 'PendingApproval')] });
    expect([...waiting]).toEqual(['a']);
    expect(extensionsWaiting({ status: 'loading' }).size).toBe(0);
  });

  it("starts from the role's policy maximum when its eligibility says it, else 8 hours", () => {
    const role = CATALOG.eligible.find((r) => r.requirements.maximumDuration !== null);
    expect(suggestedExtension(CATALOG, role?.id ?? '')).toBe(role?.requirements.maximumDuration);
    expect(suggestedExtension(CATALOG, 'role:unknown:/')).toBe('PT8H');
  });
});

describe('the reducer', () => {
  it('tracks an extension per role and announces what happened', () => {
    const started = reduce(initialState(), { type: 'extension-started', roleId: 'r1', displayName: 'Billing Administrator' });
    expect(started.shared.extensions.r1).toEqual({ status: 'loading' });
    const outcome = { roleId: 'r1', requestId: 'req-1', status: 'PendingAdminDecision' };
    const done = reduce(started, { type: 'extension-finished', roleId: 'r1', displayName: 'Billing Administrator', result: ok(outcome) });
    expect(done.shared.extensions.r1).toEqual({ status: 'loaded', value: outcome });
    expect(done.shared.announcement).toBe('Extension requested for Billing Administrator: waiting for an administrator.');
    const refused = reduce(started, {
      type: 'extension-finished',
      roleId: 'r1',
      displayName: 'Billing Administrator',
      result: err(appError('auth/mfa-unsatisfied', 'Sign in with MFA.')),
    });
    expect(refused.shared.extensions.r1?.status).toBe('failed');
    expect(refused.shared.announcement).toBe('The extension for Billing Administrator was not requested. Sign in with MFA.');
  });
});
