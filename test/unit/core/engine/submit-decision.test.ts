/**
 * The submitter's decision, row by row: each form of PIM's answer to one activation POST, with the attempt so far,
 * gives one decision. No I/O here: the loop around it (tokens, the POST, the reads, the journal) is covered by
 * submitter.test.ts and the engine's integration tests against the simulated tenant.
 */
import { describe, expect, it } from 'vitest';
import { acrsClaimsRequest, mfaClaimsRequest } from '../../../../src/core/auth/claims-challenge';
import { GraphCallError } from '../../../../src/core/graph/graph-api';
import type { GraphFailure } from '../../../../src/core/graph/graph-failure';
import type { ScheduleInstance, ScheduleRequest } from '../../../../src/core/pim/activation-surface';
import type { AttemptState, Decided, Findings, PostAnswer, SubmitRules } from '../../../../src/core/engine/submit-decision';
import { decide, decideAfterReading, MAX_POSTS, writeEffect } from '../../../../src/core/engine/submit-decision';

const SENT_AT = new Date('2026-03-02T10:00:00Z');
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

const ATTEMPT: AttemptState = {
  acquire: { purpose: 'sign-in' },
  posts: 1,
  sentAt: SENT_AT,
  challenged: [],
  mfaRetried: false,
  resent: false,
  throttled: false,
  refreshed: false,
};
const RULES: SubmitRules = {
  action: 'selfActivate',
  policyContexts: [],
  contextInfo: (id) => ({ id, displayName: `Context ${id}` }),
};

const refused = (failure: GraphFailure): PostAnswer => ({ kind: 'failed', failure });
const request = (id: string, status: string, createdDateTime: string | null, action = 'selfActivate'): ScheduleRequest => ({
  id,
  status,
  action,
  createdDateTime,
  targetKey: 'role:r1:/',
  startDateTime: null,
});
const INSTANCE: ScheduleInstance = { targetKey: 'role:r1:/', startDateTime: '2026-03-02T10:00:00Z', endDateTime: '2026-03-02T11:00:00Z' };

const acrs = (context: string): GraphFailure => ({
  status: 400,
  code: 'RoleAssignmentRequestAcrsValidationFailed',
  message: `The Role assignment request failed. &claims=${encodeURIComponent(acrsClaimsRequest([context]))}`,
});
const policy = (...rules: string[]): GraphFailure => ({
  status: 400,
  code: 'RoleAssignmentRequestPolicyValidationFailed',
  message: `The following policy rules failed: ${JSON.stringify(rules)}`,
});
const CAE_CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1772445600"},"acrs":{"essential":true,"value":"c4"}}}';

/** The parts of a decision a row states (undefined parts are not part of it). */
function summary({ decision: d }: Decided): Record<string, unknown> {
  switch (d.kind) {
    case 'follow':
      return { kind: d.kind, intent: d.intent, request: d.request.id, status: d.request.status };
    case 'already-active':
      return { kind: d.kind, intent: d.intent };
    case 'step-up':
      return {
        kind: d.kind,
        intent: d.intent,
        purpose: d.acquire.purpose,
        claims: d.acquire.claims,
        prompt: d.acquire.prompt,
        contexts: d.acquire.contexts?.map((c) => c.displayName),
      };
    case 'retry':
      return {
        kind: d.kind,
        why: d.why,
        intent: d.intent,
        afterMs: d.afterMs,
        forceRefresh: d.acquire.forceRefresh,
        claims: d.acquire.claims,
      };
    case 'reconcile':
      return { kind: d.kind, why: d.why, intent: d.intent };
    case 'fail':
      return { kind: d.kind, cause: d.cause, intent: d.intent, code: d.error.code };
  }
}

type Row = {
  readonly name: string;
  readonly answer: PostAnswer;
  readonly attempt?: Partial<AttemptState>;
  readonly rules?: Partial<SubmitRules>;
  readonly expected: Record<string, unknown>;
  /** What the decision marks in the attempt, so the next answer knows it was tried. */
  readonly marks?: Partial<AttemptState>;
};

const ANSWERS: readonly Row[] = [
  {
    name: 'accepted (provisioned): follow it, keeping the intent until the run settles the role',
    answer: { kind: 'accepted', request: request('req-1', 'Provisioned', '2026-03-02T10:00:00Z') },
    expected: { kind: 'follow', intent: 'keep', request: 'req-1', status: 'Provisioned' },
  },
  {
    name: 'accepted, waiting for approval: follow it the same way',
    answer: { kind: 'accepted', request: request('req-2', 'PendingApproval', '2026-03-02T10:00:00Z') },
    expected: { kind: 'follow', intent: 'keep', request: 'req-2', status: 'PendingApproval' },
  },
  {
    name: 'an extension accepted: follow it; its intent proves nothing later',
    answer: { kind: 'accepted', request: request('ext-1', 'PendingAdminDecision', '2026-03-02T10:00:00Z', 'selfExtend') },
    rules: { action: 'selfExtend' },
    expected: { kind: 'follow', intent: 'clear', request: 'ext-1', status: 'PendingAdminDecision' },
  },
  {
    name: 'the connection lost after sending: reconcile first',
    answer: refused({ status: -1, code: 'NetworkError', message: 'socket hang up' }),
    expected: { kind: 'reconcile', why: 'effect-unknown', intent: 'keep' },
  },
  {
    name: 'a 500: reconcile first',
    answer: refused({ status: 500, code: 'InternalServerError', message: 'x' }),
    expected: { kind: 'reconcile', why: 'effect-unknown', intent: 'keep' },
  },
  {
    name: 'a 504: reconcile first',
    answer: refused({ status: 504, code: 'GatewayTimeout', message: 'x' }),
    expected: { kind: 'reconcile', why: 'effect-unknown', intent: 'keep' },
  },
  {
    name: 'a success whose body could not be read: reconcile first',
    answer: refused({ status: 201, code: 'InvalidJson', message: 'not JSON' }),
    expected: { kind: 'reconcile', why: 'effect-unknown', intent: 'keep' },
  },
  {
    name: 'a 5xx with a challenge-like code still leaves the effect unknown: reconcile first, never a blind step-up and resend',
    answer: refused({ ...acrs('c7'), status: 503 }),
    expected: { kind: 'reconcile', why: 'effect-unknown', intent: 'keep' },
  },
  {
    name: 'an acrs challenge in the message: step up with canonical claims for its context',
    answer: refused(acrs('c7')),
    expected: { kind: 'step-up', intent: 'clear', purpose: 'step-up', claims: acrsClaimsRequest(['c7']), contexts: ['Context c7'] },
    marks: { challenged: ['c7'] },
  },
  {
    name: 'an acrs challenge wrapped in UnknownError: the same step-up',
    answer: refused({
      status: 400,
      code: 'UnknownError',
      message: JSON.stringify({ errorCode: 'RoleAssignmentRequestAcrsValidationFailed', message: acrs('c2').message }),
    }),
    expected: { kind: 'step-up', intent: 'clear', purpose: 'step-up', claims: acrsClaimsRequest(['c2']), contexts: ['Context c2'] },
  },
  {
    name: 'a 401 WWW-Authenticate insufficient_claims: step up for the contexts it names',
    answer: refused({
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Continuous access evaluation resulted in challenge',
      wwwAuthenticate: `Bearer realm="", error="insufficient_claims", claims="${b64(acrsClaimsRequest(['c3', 'c1']))}"`,
    }),
    expected: {
      kind: 'step-up',
      intent: 'clear',
      purpose: 'step-up',
      claims: acrsClaimsRequest(['c1', 'c3']),
      contexts: ['Context c1', 'Context c3'],
    },
    marks: { challenged: ['c1,c3'] },
  },
  {
    name: 'a 403 insufficient_claims challenge: the same step-up',
    answer: refused({
      status: 403,
      code: 'Forbidden',
      message: 'x',
      wwwAuthenticate: `Bearer error="insufficient_claims", claims="${b64(acrsClaimsRequest(['c5']))}"`,
    }),
    expected: { kind: 'step-up', intent: 'clear', purpose: 'step-up', claims: acrsClaimsRequest(['c5']), contexts: ['Context c5'] },
  },
  {
    name: 'a challenge carrying more than acrs (CAE nbf): its claims are passed on unchanged',
    answer: refused({
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'x',
      wwwAuthenticate: `Bearer error="insufficient_claims", claims="${b64(CAE_CLAIMS)}"`,
    }),
    expected: { kind: 'step-up', intent: 'clear', purpose: 'step-up', claims: CAE_CLAIMS, contexts: ['Context c4'] },
  },
  {
    name: 'an acrs refusal without readable claims: step up for the context the role policy names',
    answer: refused({ status: 400, code: 'RoleAssignmentRequestAcrsValidationFailed', message: 'The Role assignment request failed.' }),
    rules: { policyContexts: ['c9'] },
    expected: { kind: 'step-up', intent: 'clear', purpose: 'step-up', claims: acrsClaimsRequest(['c9']), contexts: ['Context c9'] },
  },
  {
    name: 'an acrs refusal naming no context, and a policy naming none: fail, the context is unknown',
    answer: refused({ status: 400, code: 'RoleAssignmentRequestAcrsValidationFailed', message: 'The Role assignment request failed.' }),
    expected: { kind: 'fail', cause: 'context-unknown', intent: 'clear', code: 'auth/step-up-unsatisfied' },
  },
  {
    name: 'a second challenge for a context already stepped up for: fail, never a loop',
    answer: refused(acrs('c7')),
    attempt: { challenged: ['c7'], acquire: { purpose: 'step-up', claims: acrsClaimsRequest(['c7']) }, posts: 2 },
    expected: { kind: 'fail', cause: 'step-up-unsatisfied', intent: 'clear', code: 'auth/step-up-unsatisfied' },
  },
  {
    name: 'a challenge for another context after a step-up: step up for that one too',
    answer: refused(acrs('c3')),
    attempt: { challenged: ['c7'], acquire: { purpose: 'step-up', claims: acrsClaimsRequest(['c7']) }, posts: 2 },
    expected: { kind: 'step-up', intent: 'clear', purpose: 'step-up', claims: acrsClaimsRequest(['c3']), contexts: ['Context c3'] },
    marks: { challenged: ['c7', 'c3'] },
  },
  {
    name: 'a challenge after the fresh MFA sign-in: the step-up keeps asking for MFA',
    answer: refused(acrs('c7')),
    attempt: { mfaRetried: true, acquire: { purpose: 'fresh-mfa', claims: mfaClaimsRequest([]), prompt: 'login' }, posts: 2 },
    expected: { kind: 'step-up', intent: 'clear', purpose: 'step-up', claims: mfaClaimsRequest(['c7']), contexts: ['Context c7'] },
  },
  {
    name: 'the MFA rule alone: one fresh multifactor sign-in',
    answer: refused(policy('MfaRule')),
    expected: { kind: 'step-up', intent: 'clear', purpose: 'fresh-mfa', claims: mfaClaimsRequest([]), prompt: 'login', contexts: [] },
    marks: { mfaRetried: true },
  },
  {
    name: 'the MFA rule after a step-up: the fresh sign-in keeps the contexts already asked for',
    answer: refused(policy('MfaRule')),
    attempt: { challenged: ['c7'], acquire: { purpose: 'step-up', claims: acrsClaimsRequest(['c7']) }, posts: 2 },
    expected: {
      kind: 'step-up',
      intent: 'clear',
      purpose: 'fresh-mfa',
      claims: mfaClaimsRequest(['c7']),
      prompt: 'login',
      contexts: ['Context c7'],
    },
  },
  {
    name: 'the MFA rule again after the fresh sign-in: fail',
    answer: refused(policy('MfaRule')),
    attempt: { mfaRetried: true, acquire: { purpose: 'fresh-mfa', claims: mfaClaimsRequest([]), prompt: 'login' }, posts: 2 },
    expected: { kind: 'fail', cause: 'mfa-unsatisfied', intent: 'clear', code: 'auth/mfa-unsatisfied' },
  },
  {
    name: 'the MFA rule with the justification rule: a sign-in would not be enough, so the refusal stands',
    answer: refused(policy('MfaRule', 'JustificationRule')),
    expected: { kind: 'fail', cause: 'refused', intent: 'clear', code: 'pim/policy-violation' },
  },
  {
    name: 'RoleAssignmentExists: reconcile first (already active, or on its way)',
    answer: refused({ status: 400, code: 'RoleAssignmentExists', message: 'The Role assignment already exists.' }),
    expected: { kind: 'reconcile', why: 'exists-or-pending', intent: 'clear' },
  },
  {
    name: 'PendingRoleAssignmentRequest: reconcile first (the pending request is followed)',
    answer: refused({ status: 400, code: 'PendingRoleAssignmentRequest', message: 'x' }),
    expected: { kind: 'reconcile', why: 'exists-or-pending', intent: 'clear' },
  },
  {
    name: 'a pending request while extending: a refusal (the role is active before and after)',
    answer: refused({ status: 400, code: 'PendingRoleAssignmentRequest', message: 'x' }),
    rules: { action: 'selfExtend' },
    expected: { kind: 'fail', cause: 'refused', intent: 'clear', code: 'pim/pending-request' },
  },
  {
    name: 'a 401 refusing the token: one more try with a refreshed token',
    answer: refused({ status: 401, code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' }),
    expected: { kind: 'retry', why: 'token-refused', intent: 'clear', afterMs: 0, forceRefresh: true },
    marks: { refreshed: true },
  },
  {
    name: 'a second 401: fail',
    answer: refused({ status: 401, code: 'InvalidAuthenticationToken', message: 'x' }),
    attempt: { refreshed: true, posts: 2 },
    expected: { kind: 'fail', cause: 'refused', intent: 'clear', code: 'graph/unauthorized' },
  },
  {
    name: 'a 429 with Retry-After: one more try after the wait it asks for',
    answer: refused({ status: 429, code: 'TooManyRequests', message: 'x', retryAfterSeconds: 7 }),
    expected: { kind: 'retry', why: 'throttled', intent: 'clear', afterMs: 7000 },
    marks: { throttled: true },
  },
  {
    name: 'a 429 asking for ten minutes: the wait is bounded to 30 s',
    answer: refused({ status: 429, code: 'TooManyRequests', message: 'x', retryAfterSeconds: 600 }),
    expected: { kind: 'retry', why: 'throttled', intent: 'clear', afterMs: 30_000 },
  },
  {
    name: 'a 429 without Retry-After: a short wait',
    answer: refused({ status: 429, code: 'TooManyRequests', message: 'x' }),
    expected: { kind: 'retry', why: 'throttled', intent: 'clear', afterMs: 2000 },
  },
  {
    name: 'a second 429: fail',
    answer: refused({ status: 429, code: 'TooManyRequests', message: 'x', retryAfterSeconds: 1 }),
    attempt: { throttled: true, posts: 2 },
    expected: { kind: 'fail', cause: 'refused', intent: 'clear', code: 'graph/throttled' },
  },
  {
    name: 'the duration longer than the role allows (ExpirationRule): fail',
    answer: refused(policy('ExpirationRule')),
    expected: { kind: 'fail', cause: 'refused', intent: 'clear', code: 'pim/policy-violation' },
  },
  {
    name: 'ActiveDurationTooLong: fail',
    answer: refused({ status: 400, code: 'ActiveDurationTooLong', message: 'The Active duration is too long.' }),
    expected: { kind: 'fail', cause: 'refused', intent: 'clear', code: 'unexpected' },
  },
  {
    name: 'a justification the policy refuses: fail',
    answer: refused(policy('JustificationRule')),
    expected: { kind: 'fail', cause: 'refused', intent: 'clear', code: 'pim/policy-violation' },
  },
  {
    name: 'a ticket the policy refuses: fail',
    answer: refused(policy('TicketingRule')),
    expected: { kind: 'fail', cause: 'refused', intent: 'clear', code: 'pim/policy-violation' },
  },
  {
    name: 'no eligibility any more: fail',
    answer: refused(policy('EligibilityRule')),
    expected: { kind: 'fail', cause: 'refused', intent: 'clear', code: 'pim/not-eligible' },
  },
  {
    name: 'forbidden: fail',
    answer: refused({ status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' }),
    expected: { kind: 'fail', cause: 'refused', intent: 'clear', code: 'graph/forbidden' },
  },
  {
    name: 'a challenge on the last POST allowed: fail, attempts exhausted',
    answer: refused(acrs('c7')),
    attempt: { posts: MAX_POSTS },
    expected: { kind: 'fail', cause: 'attempts-exhausted', intent: 'clear', code: 'unexpected' },
  },
  {
    name: 'a 429 on the last POST allowed: fail without waiting',
    answer: refused({ status: 429, code: 'TooManyRequests', message: 'x', retryAfterSeconds: 5 }),
    attempt: { posts: MAX_POSTS },
    expected: { kind: 'fail', cause: 'attempts-exhausted', intent: 'clear', code: 'unexpected' },
  },
];

const NO_ANSWER: GraphFailure = { status: -1, code: 'NetworkError', message: 'socket hang up' };
const EXISTS: GraphFailure = { status: 400, code: 'RoleAssignmentExists', message: 'The Role assignment already exists.' };
const read = (requests: ScheduleRequest[], instances: ScheduleInstance[] = []): Findings => ({ kind: 'read', requests, instances });
const OURS = request('req-ours', 'Granted', '2026-03-02T10:00:01Z');
const OLD = request('req-old', 'Provisioned', '2026-03-02T09:50:00Z');

type ReadingRow = Omit<Row, 'answer'> & {
  readonly why: 'exists-or-pending' | 'effect-unknown';
  readonly failure: GraphFailure;
  readonly findings: Findings;
};

const READINGS: readonly ReadingRow[] = [
  {
    name: 'exists, and the instance is there: already active',
    why: 'exists-or-pending',
    failure: EXISTS,
    findings: read([], [INSTANCE]),
    expected: { kind: 'already-active', intent: 'clear' },
  },
  {
    name: 'pending, and a request waits for approval: follow it, never write it again',
    why: 'exists-or-pending',
    failure: { ...EXISTS, code: 'PendingRoleAssignmentRequest' },
    findings: read([request('req-wait', 'PendingApproval', '2026-03-01T08:00:00Z')]),
    expected: { kind: 'follow', intent: 'clear', request: 'req-wait', status: 'PendingApproval' },
  },
  {
    name: 'exists, and a request is still provisioning: follow it',
    why: 'exists-or-pending',
    failure: EXISTS,
    findings: read([request('req-prov', 'PendingProvisioning', '2026-03-02T09:59:00Z')]),
    expected: { kind: 'follow', intent: 'clear', request: 'req-prov', status: 'PendingProvisioning' },
  },
  {
    name: 'exists, but neither an instance nor an open request is found: fail with what the service said',
    why: 'exists-or-pending',
    failure: EXISTS,
    findings: read([request('req-denied', 'Denied', '2026-03-02T09:59:00Z')]),
    expected: { kind: 'fail', cause: 'exists-unconfirmed', intent: 'clear', code: 'pim/already-active' },
  },
  {
    name: 'exists, and the role could not be read: fail with the read failure',
    why: 'exists-or-pending',
    failure: EXISTS,
    findings: { kind: 'unreadable', cause: new GraphCallError({ status: 503, code: 'ServiceUnavailable', message: 'x' }) },
    expected: { kind: 'fail', cause: 'state-unreadable', intent: 'clear', code: 'graph/server' },
  },
  {
    name: 'unknown effect, and our request is there: follow it, never resend',
    why: 'effect-unknown',
    failure: NO_ANSWER,
    findings: read([OLD, OURS]),
    expected: { kind: 'follow', intent: 'keep', request: 'req-ours', status: 'Granted' },
  },
  {
    name: 'unknown effect, our request and the instance are there: follow it; nothing is in doubt',
    why: 'effect-unknown',
    failure: NO_ANSWER,
    findings: read([OURS], [INSTANCE]),
    expected: { kind: 'follow', intent: 'clear', request: 'req-ours', status: 'Granted' },
  },
  {
    name: 'unknown effect, only the instance is there: follow it as provisioned',
    why: 'effect-unknown',
    failure: NO_ANSWER,
    findings: read([OLD], [INSTANCE]),
    expected: { kind: 'follow', intent: 'clear', request: null, status: 'Provisioned' },
  },
  {
    name: 'unknown effect, nothing took effect (an old request is not ours): send once more',
    why: 'effect-unknown',
    failure: NO_ANSWER,
    findings: read([OLD]),
    expected: { kind: 'retry', why: 'not-applied', intent: 'keep', afterMs: 0 },
    marks: { resent: true },
  },
  {
    name: 'unknown effect again after the one resend, nothing took effect: fail, nothing in doubt',
    why: 'effect-unknown',
    failure: { status: 504, code: 'GatewayTimeout', message: 'x' },
    findings: read([]),
    attempt: { resent: true, posts: 2 },
    expected: { kind: 'fail', cause: 'not-applied', intent: 'clear', code: 'graph/server' },
  },
  {
    name: 'unknown effect and the role could not be read: fail, saying the outcome is unknown, the intent kept',
    why: 'effect-unknown',
    failure: NO_ANSWER,
    findings: { kind: 'unreadable', cause: new GraphCallError({ status: 500, code: 'InternalServerError', message: 'x' }) },
    expected: { kind: 'fail', cause: 'effect-unknown', intent: 'keep', code: 'graph/server' },
  },
  {
    name: 'unknown effect on the last POST allowed, nothing took effect: fail, the intent kept',
    why: 'effect-unknown',
    failure: NO_ANSWER,
    findings: read([]),
    attempt: { posts: MAX_POSTS },
    expected: { kind: 'fail', cause: 'attempts-exhausted', intent: 'keep', code: 'unexpected' },
  },
  {
    name: 'an extension with unknown effect: the active instance proves nothing, so send once more',
    why: 'effect-unknown',
    failure: NO_ANSWER,
    findings: read([OURS], [INSTANCE]),
    rules: { action: 'selfExtend' },
    expected: { kind: 'retry', why: 'not-applied', intent: 'keep', afterMs: 0 },
  },
  {
    name: 'an extension with unknown effect, and our extension request is there: follow it',
    why: 'effect-unknown',
    failure: NO_ANSWER,
    findings: read([OURS, request('ext-ours', 'PendingAdminDecision', '2026-03-02T10:00:02Z', 'selfExtend')], [INSTANCE]),
    rules: { action: 'selfExtend' },
    expected: { kind: 'follow', intent: 'clear', request: 'ext-ours', status: 'PendingAdminDecision' },
  },
];

describe('the submitter’s decision after one answer', () => {
  it.each(ANSWERS.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const decided = decide(row.answer, { ...ATTEMPT, ...row.attempt }, { ...RULES, ...row.rules });
    expect(summary(decided)).toEqual(row.expected);
    expect(decided.attempt).toMatchObject(row.marks ?? {});
  });

  it('decides "reconcile first" for every answer that leaves the effect unknown, whatever the attempt so far', () => {
    const unknown: GraphFailure[] = [
      NO_ANSWER,
      ...[500, 502, 503, 504].map((status) => ({ status, code: 'x', message: 'x' })),
      { status: 200, code: 'InvalidJson', message: 'x' },
      { ...acrs('c7'), status: 502 },
      { ...policy('MfaRule'), status: 500 },
      { status: 503, code: 'TooManyRequests', message: 'x', retryAfterSeconds: 3 },
    ];
    const attempts: Partial<AttemptState>[] = [
      {},
      { challenged: ['c7'] },
      { mfaRetried: true },
      { resent: true },
      { throttled: true, refreshed: true },
      { posts: MAX_POSTS },
    ];
    for (const failure of unknown) {
      expect(writeEffect(refused(failure))).toBe('unknown');
      for (const attempt of attempts) {
        expect(summary(decide(refused(failure), { ...ATTEMPT, ...attempt }, RULES))).toEqual({
          kind: 'reconcile',
          why: 'effect-unknown',
          intent: 'keep',
        });
      }
    }
  });

  it('a 4xx applied nothing and an accepted answer landed', () => {
    expect([400, 401, 403, 404, 409, 429].map((status) => writeEffect(refused({ status, code: 'x', message: 'x' })))).toEqual(
      Array(6).fill('none'),
    );
    expect(writeEffect({ kind: 'accepted', request: OURS })).toBe('landed');
  });
});

describe('the submitter’s decision after reading the role back', () => {
  it.each(READINGS.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const reconcile = { kind: 'reconcile', why: row.why, failure: row.failure, intent: 'keep' } as const;
    const decided = decideAfterReading(reconcile, row.findings, { ...ATTEMPT, ...row.attempt }, { ...RULES, ...row.rules });
    expect(summary(decided)).toEqual(row.expected);
    expect(decided.attempt).toMatchObject(row.marks ?? {});
  });

  it('sends again only when the read showed nothing that could be ours, and only once', () => {
    const sends = (findings: Findings, resent: boolean): boolean =>
      decideAfterReading(
        { kind: 'reconcile', why: 'effect-unknown', failure: NO_ANSWER, intent: 'keep' },
        findings,
        { ...ATTEMPT, resent },
        RULES,
      ).decision.kind === 'retry';
    expect(sends(read([]), false)).toBe(true);
    expect(sends(read([]), true)).toBe(false);
    expect(sends(read([OURS]), false)).toBe(false);
    expect(sends(read([], [INSTANCE]), false)).toBe(false);
    expect(sends({ kind: 'unreadable', cause: new Error('offline') }, false)).toBe(false);
    // After "exists" or "pending", nothing is ever sent again.
    for (const findings of [read([]), read([OURS]), read([], [INSTANCE]), { kind: 'unreadable', cause: null } as const]) {
      const reconcile = { kind: 'reconcile', why: 'exists-or-pending', failure: EXISTS, intent: 'clear' } as const;
      expect(decideAfterReading(reconcile, findings, ATTEMPT, RULES).decision.kind).not.toBe('retry');
    }
  });
});
