import { GraphError } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../../src/shared/errors';
import type { GraphFailure } from '../../../../src/core/graph/graph-failure';
import {
  appErrorFromGraph,
  failedPolicyRules,
  graphFailureFrom,
  parseRetryAfter,
  policyRuleMessage,
} from '../../../../src/core/graph/graph-failure';

const failure = (over: Partial<GraphFailure>): GraphFailure => ({
  status: 400,
  code: 'X',
  message: '',
  requestId: 'rid-1',
  date: '2026-11-25T10:00:00.000Z',
  ...over,
});

describe('Graph error mapping', () => {
  const table: [Partial<GraphFailure>, ErrorCode, RegExp][] = [
    [{ code: 'RoleAssignmentExists' }, 'pim/already-active', /already active/],
    [{ code: 'PendingRoleAssignmentRequest' }, 'pim/pending-request', /already waiting/],
    [{ code: 'ActiveDurationTooShort' }, 'pim/active-duration-too-short', /within 5 minutes/],
    [{ code: 'RoleAssignmentDoesNotExist' }, 'pim/not-active', /not active/],
    [{ code: 'RoleNotFound', status: 404 }, 'pim/not-found', /refresh the list/],
    [
      { code: 'RoleAssignmentRequestPolicyValidationFailed', message: 'The following policy rules failed: ["EligibilityRule"]' },
      'pim/not-eligible',
      /no longer eligible/,
    ],
    [
      { code: 'RoleAssignmentRequestPolicyValidationFailed', message: 'The following policy rules failed: ["MfaRule"]' },
      'auth/mfa-unsatisfied',
      /multifactor/,
    ],
    [
      {
        code: 'RoleAssignmentRequestPolicyValidationFailed',
        message: 'The following policy rules failed: ["ExpirationRule","JustificationRule"]',
      },
      'pim/policy-violation',
      /duration.*justification/,
    ],
    [{ code: 'TooManyRequests', status: 429, retryAfterSeconds: 7 }, 'graph/throttled', /wait 7 seconds/],
    [{ code: 'InvalidAuthenticationToken', status: 401 }, 'graph/unauthorized', /sign in again/],
    [{ code: 'Authorization_RequestDenied', status: 403 }, 'graph/forbidden', /permission/],
    [{ code: 'ServiceUnavailable', status: 503 }, 'graph/server', /HTTP 503/],
    [
      { code: 'FetchError', status: -1, message: 'socket hang up' },
      'graph/network',
      /^The request to Microsoft Graph did not get an answer; check your connection/,
    ],
  ];
  it.each(table)('%o → %s', (over, code, message) => {
    const error = appErrorFromGraph(failure(over));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.requestId).toBe('rid-1');
  });

  it('gives unknown codes a generic message in words; the code, request id and date travel beside it', () => {
    const error = appErrorFromGraph(failure({ code: 'SomethingNew', status: 400 }), 'The activation');
    expect(error.code).toBe('unexpected');
    expect(error.message).toBe(
      'The activation failed for a reason this app does not recognise; the help desk can trace it from the details.',
    );
    expect(error).toMatchObject({ serviceCode: 'SomethingNew', requestId: 'rid-1', date: '2026-11-25T10:00:00.000Z' });
    expect(appErrorFromGraph(failure({ code: '', status: 418 })).serviceCode).toBe('HTTP 418');
  });

  it('keeps ids, codes and times out of every sentence', () => {
    for (const over of [{ status: 429 }, { status: 401 }, { status: 403 }, { status: 503 }, { code: 'InvalidJson', status: 200 }]) {
      const error = appErrorFromGraph(failure({ code: 'X', ...over }));
      expect(error.message).not.toMatch(/rid-1|2026-11-25T/);
      expect(error.requestId).toBe('rid-1');
    }
  });

  it('lists every failed policy rule and explains each', () => {
    expect(failedPolicyRules('The following policy rules failed: ["EligibilityRule","ExpirationRule"]')).toEqual([
      'EligibilityRule',
      'ExpirationRule',
    ]);
    expect(failedPolicyRules('The following policy rules failed: [\\"TicketingRule\\"]')).toEqual(['TicketingRule']);
    expect(failedPolicyRules('no list')).toEqual([]);
    const error = appErrorFromGraph(
      failure({
        code: 'RoleAssignmentRequestPolicyValidationFailed',
        message: 'The following policy rules failed: ["TicketingRule","FutureRule"]',
      }),
    );
    expect(error.rules).toEqual(['TicketingRule', 'FutureRule']);
    expect(error.message).toContain(policyRuleMessage('TicketingRule'));
    expect(error.message).toMatch(/"FutureRule" was not met/);
  });

  it('normalises the SDK GraphError, unwrapping UnknownError and reading headers', () => {
    const e = new GraphError(400, 'x');
    e.date = new Date('2026-11-25T10:00:00Z');
    e.code = 'UnknownError';
    e.message = JSON.stringify({ errorCode: 'RoleAssignmentExists', message: 'The Role assignment already exists.' });
    e.requestId = 'rid-9';
    e.headers = new Headers({ 'retry-after': '3', 'www-authenticate': 'Bearer error="insufficient_claims"' });
    expect(graphFailureFrom(e)).toMatchObject({
      status: 400,
      code: 'RoleAssignmentExists',
      requestId: 'rid-9',
      retryAfterSeconds: 3,
      wwwAuthenticate: 'Bearer error="insufficient_claims"',
    });
    expect(graphFailureFrom(new TypeError('fetch failed'))).toMatchObject({ status: -1, code: 'TypeError' });
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('hostile service text', () => {
  it('keeps codes plain and bounded, messages free of markup, and rule lists short', () => {
    const e = new GraphError(400, 'x');
    (e as { code: unknown }).code = 42;
    expect(graphFailureFrom(e).code).toBe('');
    e.code = '<script>alert(1)</script>';
    expect(appErrorFromGraph(graphFailureFrom(e)).message).not.toMatch(/<script/);
    e.code = 'C'.repeat(5_000_000);
    expect(appErrorFromGraph(graphFailureFrom(e)).message.length).toBeLessThan(300);
    const many = `The following policy rules failed: [${Array.from({ length: 10_000 }, (_, n) => `"Rule${String(n)}"`).join(',')}]`;
    const error = appErrorFromGraph(failure({ code: 'RoleAssignmentRequestPolicyValidationFailed', message: many }));
    expect(error.code).toBe('pim/policy-violation');
    expect(error.rules).toHaveLength(20);
    expect(error.message).toMatch(/\d+ more rules also failed/);
    expect(error.message.length).toBeLessThan(700);
  });

  it('maps anything thrown without a response to graph/network, whatever its shape', () => {
    for (const thrown of [{ status: 'x' }, Object.create(null) as unknown, null, 42, '<b>down</b>']) {
      const error = appErrorFromGraph(graphFailureFrom(thrown));
      expect(error.code).toBe('graph/network');
      expect(error.message).not.toMatch(/\[object Object\]|<b>/);
    }
    expect(parseRetryAfter('9'.repeat(40))).toBe(86_400);
  });
});
