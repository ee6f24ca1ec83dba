/**
 * What the submitter does after PIM answers one activation POST, as a pure function of the answer and the attempt so
 * far: follow the request, step up, send again (now or after a wait), read the role's state first, or stop with a
 * named cause. The submitter's loop does the I/O (tokens, the POST, the reads, the journal) and nothing else.
 *
 * The rules, in the order they apply:
 * - an accepted request is followed;
 * - an answer that leaves the write's effect unknown (no answer, a 5xx, an unreadable success) is never followed by a
 *   blind resend: the person's requests and instances are read first, and the POST is sent again (once) only when
 *   nothing took effect;
 * - a claims challenge (any form) gets one step-up for the contexts it names; a second one for the same contexts
 *   is `auth/step-up-unsatisfied`, never a loop; PIM's MFA rule gets one fresh sign-in, then `auth/mfa-unsatisfied`;
 * - `RoleAssignmentExists` and `PendingRoleAssignmentRequest` are read back into "already active" or the request to
 *   follow (an extension's role is active before and after, so for it they are plain refusals);
 * - a 4xx applied nothing, so a 401 (token refused) gets one more try with a refreshed token and a 429 one more
 *   try after the wait it asks for (at most 30 s); every other refusal (validation, policy, approval) is final.
 * At most `MAX_POSTS` POSTs are sent for one role, whatever the answers.
 */
import { appError } from '../../shared/errors';
import type { AppError } from '../../shared/errors';
import type { AuthContextInfo } from '../../shared/domain/roles';
import type { AcquireOptions } from '../auth/auth-service';
import { acrsClaimsRequest, claimsChallengeFromError, contextsFromClaims, mfaClaimsRequest } from '../auth/claims-challenge';
import { GraphCallError } from '../graph/graph-api';
import type { GraphFailure } from '../graph/graph-failure';
import { appErrorFromGraph, failedPolicyRules } from '../graph/graph-failure';
import type { ScheduleInstance, ScheduleRequest } from '../pim/activation-surface';
import { toAppError } from './app-failure';
import { isInFlight, isPendingApproval } from './outcome-builder';

/** At most this many POSTs for one role: plain, step-up, fresh MFA, one resend, and one spare. */
export const MAX_POSTS = 5;
/** How far back a request found while reconciling may have been created and still be ours. */
export const RECONCILE_WINDOW_MS = 120_000;
/** The longest wait a 429's Retry-After is honoured for, and the wait when it names none. */
const MAX_THROTTLE_WAIT_S = 30;
const DEFAULT_THROTTLE_WAIT_S = 2;

/** What PIM answered to one POST. A failure with a 2xx status is a success whose body could not be read. */
export type PostAnswer =
  { readonly kind: 'accepted'; readonly request: ScheduleRequest } | { readonly kind: 'failed'; readonly failure: GraphFailure };

/** One role's submission so far, as of the POST just answered. */
export type AttemptState = {
  /** The token options the answered POST was sent with (what a plain resend uses again). */
  readonly acquire: AcquireOptions;
  /** POSTs sent, the answered one included. */
  readonly posts: number;
  /** When the answered POST was sent, by the service's clock. */
  readonly sentAt: Date;
  /** The claims challenges already answered with a step-up (by their contexts, or their claims when none are named). */
  readonly challenged: readonly string[];
  readonly mfaRetried: boolean;
  /** The one resend after reading back that nothing took effect has been used. */
  readonly resent: boolean;
  readonly throttled: boolean;
  readonly refreshed: boolean;
};

/** What holds for every answer of one role's submission. */
export type SubmitRules = {
  readonly action: 'selfActivate' | 'selfExtend';
  /** The role's context from its policy: what an authentication-context refusal without readable claims asks for. */
  readonly policyContexts: readonly string[];
  readonly contextInfo: (id: string) => AuthContextInfo;
};

/** Why a submission stopped without a request to follow. */
export type FailCause =
  /** A context challenge named no context and the role's policy names none either. */
  | 'context-unknown'
  | 'step-up-unsatisfied'
  | 'mfa-unsatisfied'
  /** The service refused the request (validation, policy, approval, eligibility, a second 401 or 429). */
  | 'refused'
  /** The service said "exists" or "pending", and reading back found neither. */
  | 'exists-unconfirmed'
  /** The role's requests could not be read after an "exists" or "pending" answer. */
  | 'state-unreadable'
  /** The write's effect is unknown and could not be read back. */
  | 'effect-unknown'
  /** Read back twice and found absent: nothing took effect. */
  | 'not-applied'
  | 'attempts-exhausted';

/** Whether the journalled intent still matters: `clear` once nothing about this write is in doubt any more. */
export type IntentFate = 'keep' | 'clear';

export type SubmitDecision =
  | { readonly kind: 'follow'; readonly request: ScheduleRequest; readonly intent: IntentFate }
  | { readonly kind: 'already-active'; readonly instance: ScheduleInstance; readonly intent: IntentFate }
  | { readonly kind: 'step-up'; readonly acquire: AcquireOptions; readonly intent: IntentFate }
  | {
      readonly kind: 'retry';
      readonly why: 'token-refused' | 'throttled' | 'not-applied';
      readonly acquire: AcquireOptions;
      readonly afterMs: number;
      readonly intent: IntentFate;
    }
  /** Read the role's requests and instances before anything else; `failure` is the answer they are read back about. */
  | {
      readonly kind: 'reconcile';
      readonly why: 'exists-or-pending' | 'effect-unknown';
      readonly failure: GraphFailure;
      readonly intent: IntentFate;
    }
  | { readonly kind: 'fail'; readonly cause: FailCause; readonly error: AppError; readonly intent: IntentFate };

export type Decided = { readonly decision: SubmitDecision; readonly attempt: AttemptState };
/** A decision once the role was read back: anything but reading again. */
export type Settled = { readonly decision: Exclude<SubmitDecision, { kind: 'reconcile' }>; readonly attempt: AttemptState };

/** What reading the person's requests and instances for the role found (after a `reconcile` decision). */
export type Findings =
  | { readonly kind: 'read'; readonly requests: readonly ScheduleRequest[]; readonly instances: readonly ScheduleInstance[] }
  | { readonly kind: 'unreadable'; readonly cause: unknown };

export function firstAttempt(acquire: AcquireOptions, sentAt: Date): AttemptState {
  return { acquire, posts: 0, sentAt, challenged: [], mfaRetried: false, resent: false, throttled: false, refreshed: false };
}

/** Whether the answered POST may have written: a 4xx applied nothing; no answer, a 5xx or an unreadable success may have. */
export function writeEffect(answer: PostAnswer): 'landed' | 'none' | 'unknown' {
  if (answer.kind === 'accepted') {
    return 'landed';
  }
  const { status } = answer.failure;
  return status >= 400 && status < 500 ? 'none' : 'unknown';
}

const what = (rules: SubmitRules): string => (rules.action === 'selfExtend' ? 'The extension request' : 'The activation');

const fail = (cause: FailCause, error: AppError, attempt: AttemptState, intent: IntentFate = 'clear'): Settled => ({
  decision: { kind: 'fail', cause, error, intent },
  attempt,
});

/** A decision that sends again, unless the role has had its share of POSTs. */
function sendAgain(decision: Extract<SubmitDecision, { kind: 'step-up' | 'retry' }>, attempt: AttemptState): Settled {
  if (attempt.posts >= MAX_POSTS) {
    const error = appError('unexpected', 'The activation did not settle after several attempts; check the role list before trying again.');
    return fail('attempts-exhausted', error, attempt, decision.intent);
  }
  return { decision, attempt };
}

/** The next step after PIM's answer to one POST. */
export function decide(answer: PostAnswer, attempt: AttemptState, rules: SubmitRules): Decided {
  if (answer.kind === 'accepted') {
    // An extension's intent proves nothing later (the instance exists before and after): it is done with now.
    return { decision: { kind: 'follow', request: answer.request, intent: rules.action === 'selfExtend' ? 'clear' : 'keep' }, attempt };
  }
  const f = answer.failure;
  if (writeEffect(answer) === 'unknown') {
    return { decision: { kind: 'reconcile', why: 'effect-unknown', failure: f, intent: 'keep' }, attempt };
  }
  const reaction = onChallenge(f, attempt, rules) ?? onMfaRule(f, attempt, rules);
  if (reaction !== null) {
    return reaction;
  }
  if (rules.action !== 'selfExtend' && (f.code === 'RoleAssignmentExists' || f.code === 'PendingRoleAssignmentRequest')) {
    return { decision: { kind: 'reconcile', why: 'exists-or-pending', failure: f, intent: 'clear' }, attempt };
  }
  if (f.status === 401 && !attempt.refreshed) {
    // Refused as expired or invalid (e.g. a local clock far off): a token from the refresh token, every cached one bypassed.
    const acquire = { ...attempt.acquire, forceRefresh: true };
    return sendAgain({ kind: 'retry', why: 'token-refused', acquire, afterMs: 0, intent: 'clear' }, { ...attempt, refreshed: true });
  }
  if (f.status === 429 && !attempt.throttled) {
    const afterMs = Math.min(MAX_THROTTLE_WAIT_S, f.retryAfterSeconds ?? DEFAULT_THROTTLE_WAIT_S) * 1000;
    return sendAgain(
      { kind: 'retry', why: 'throttled', acquire: attempt.acquire, afterMs, intent: 'clear' },
      { ...attempt, throttled: true },
    );
  }
  return fail('refused', appErrorFromGraph(f, what(rules)), attempt);
}

/** A claims challenge, in any of its forms: one step-up for the contexts it names, never twice for the same. */
function onChallenge(f: GraphFailure, attempt: AttemptState, rules: SubmitRules): Decided | null {
  const found = claimsChallengeFromError({
    status: f.status,
    code: f.code,
    message: f.message,
    wwwAuthenticate: f.wwwAuthenticate ?? null,
    fallbackContexts: rules.policyContexts,
  });
  if (found.kind === 'none') {
    return null;
  }
  const trace = { serviceCode: f.code, ...(f.requestId === undefined ? {} : { requestId: f.requestId }) };
  if (found.kind === 'unreadable') {
    const message =
      "This role needs an authentication context, but the service did not say which and the role's policy could not be read. Ask your administrator which context applies.";
    return fail('context-unknown', appError('auth/step-up-unsatisfied', message, trace), attempt);
  }
  const { contexts, claims } = found.challenge;
  const key = contexts.length > 0 ? [...contexts].sort().join(',') : claims;
  if (attempt.challenged.includes(key)) {
    const names = contexts.map((id) => rules.contextInfo(id).displayName).join(' and ');
    const message = `Your sign-in could not satisfy ${names || 'the sign-in requirement Microsoft Graph asked for'}. Your organisation's Conditional Access policy may need a method or device this sign-in did not use; ask your administrator.`;
    return fail(
      'step-up-unsatisfied',
      appError('auth/step-up-unsatisfied', message, { ...trace, ...(f.date === undefined ? {} : { date: f.date }) }),
      attempt,
    );
  }
  // Plain acrs challenges get canonical claims, so every role (and every challenge form) for one context shares one
  // step-up; anything richer (CAE, nbf, amr) is passed on unchanged.
  const onlyAcrs = contexts.length > 0 && contextsFromClaims(claims) !== null && !/"(nbf|xms_rp_ipaddr|amr)"/.test(claims);
  const fresh = attempt.acquire.prompt === 'login' || attempt.mfaRetried;
  const asked = onlyAcrs ? (fresh ? mfaClaimsRequest(contexts) : acrsClaimsRequest(contexts)) : claims;
  const acquire: AcquireOptions = { purpose: 'step-up', claims: asked, contexts: contexts.map((id) => rules.contextInfo(id)) };
  return sendAgain({ kind: 'step-up', acquire, intent: 'clear' }, { ...attempt, challenged: [...attempt.challenged, key] });
}

/** PIM's MFA rule: one fresh multifactor sign-in (keeping the contexts already asked for), then a clear refusal. */
function onMfaRule(f: GraphFailure, attempt: AttemptState, rules: SubmitRules): Decided | null {
  const failedRules = f.code === 'RoleAssignmentRequestPolicyValidationFailed' ? failedPolicyRules(f.message) : [];
  if (!failedRules.includes('MfaRule')) {
    return null;
  }
  if (attempt.mfaRetried) {
    const message =
      'This role requires multifactor authentication, and even a fresh sign-in did not prove it. Sign in with an MFA method (not only a password); ask your administrator if you have none.';
    return fail('mfa-unsatisfied', appError('auth/mfa-unsatisfied', message, { rules: failedRules }), attempt);
  }
  if (failedRules.length !== 1) {
    // Other rules failed too: a fresh sign-in would not be enough, so the refusal says what else to change.
    return null;
  }
  const current = attempt.acquire.claims === undefined ? [] : (contextsFromClaims(attempt.acquire.claims) ?? []);
  const acquire: AcquireOptions = {
    purpose: 'fresh-mfa',
    claims: mfaClaimsRequest(current),
    prompt: 'login',
    contexts: current.map((id) => rules.contextInfo(id)),
  };
  return sendAgain({ kind: 'step-up', acquire, intent: 'clear' }, { ...attempt, mfaRetried: true });
}

/** The next step once the role's requests and instances were read after a `reconcile` decision. */
export function decideAfterReading(
  reconcile: Extract<SubmitDecision, { kind: 'reconcile' }>,
  findings: Findings,
  attempt: AttemptState,
  rules: SubmitRules,
): Settled {
  const { why, failure } = reconcile;
  return why === 'exists-or-pending' ? afterExisting(findings, failure, attempt, rules) : afterUnknown(findings, failure, attempt, rules);
}

const sameAction = (request: ScheduleRequest, rules: SubmitRules): boolean => request.action.toLowerCase() === rules.action.toLowerCase();

/** "Exists" or "pending": which of the two, without sending anything. */
function afterExisting(findings: Findings, f: GraphFailure, attempt: AttemptState, rules: SubmitRules): Settled {
  if (findings.kind === 'unreadable') {
    const { cause } = findings;
    const error = cause instanceof GraphCallError ? appErrorFromGraph(cause.failure, what(rules)) : toAppError(cause);
    return fail('state-unreadable', error, attempt);
  }
  const [instance] = findings.instances;
  if (instance !== undefined) {
    return { decision: { kind: 'already-active', instance, intent: 'clear' }, attempt };
  }
  // Accepted but not yet an instance (provisioning), or waiting for approval: followed, never written again.
  const pending = findings.requests.find((r) => sameAction(r, rules) && (isPendingApproval(r.status) || isInFlight(r.status)));
  if (pending === undefined) {
    return fail('exists-unconfirmed', appErrorFromGraph(f, what(rules)), attempt);
  }
  return { decision: { kind: 'follow', request: pending, intent: 'clear' }, attempt };
}

/** No clear answer: follow what took effect, or send once more when nothing did. */
function afterUnknown(findings: Findings, f: GraphFailure, attempt: AttemptState, rules: SubmitRules): Settled {
  if (findings.kind === 'unreadable') {
    const { cause } = findings;
    const error = cause instanceof GraphCallError ? appErrorFromGraph(cause.failure) : appErrorFromGraph(f);
    const message = `${error.message} Whether the activation took effect is unknown; check the role list before trying again.`;
    return fail('effect-unknown', { ...error, message }, attempt, 'keep');
  }
  const extending = rules.action === 'selfExtend';
  const since = attempt.sentAt.getTime() - RECONCILE_WINDOW_MS;
  const ours = findings.requests
    .filter((r) => sameAction(r, rules) && Date.parse(r.createdDateTime ?? '') >= since)
    .sort((a, b) => Date.parse(b.createdDateTime ?? '') - Date.parse(a.createdDateTime ?? ''))[0];
  // An extended assignment was active before the POST: its instance proves nothing about the extension.
  const instance = extending ? undefined : findings.instances[0];
  if (ours !== undefined) {
    // The request is followed; its intent stays until the run settles the role, unless the role is active already.
    const intent = extending || instance !== undefined ? 'clear' : 'keep';
    return { decision: { kind: 'follow', request: ours, intent }, attempt };
  }
  if (instance !== undefined) {
    const found: ScheduleRequest = {
      id: null,
      status: 'Provisioned',
      action: 'selfActivate',
      createdDateTime: null,
      targetKey: instance.targetKey,
      startDateTime: instance.startDateTime,
    };
    return { decision: { kind: 'follow', request: found, intent: 'clear' }, attempt };
  }
  if (!attempt.resent) {
    return sendAgain(
      { kind: 'retry', why: 'not-applied', acquire: attempt.acquire, afterMs: 0, intent: 'keep' },
      { ...attempt, resent: true },
    );
  }
  // Read back and found absent twice: nothing took effect, so nothing is left in doubt.
  return fail('not-applied', appErrorFromGraph(f, what(rules)), attempt);
}
