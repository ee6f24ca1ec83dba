/**
 * The submitter: sends one role's self-activation and reacts to the service's answer until the
 * request is accepted, settled or refused. Its rules:
 * - a claims challenge (any form) is answered with one step-up for the contexts it names, through
 *   the run's coordinator; a second challenge for the same context is `auth/step-up-unsatisfied`,
 *   never a loop; the MFA rule gets one fresh sign-in, then `auth/mfa-unsatisfied`;
 * - the POST is never resent blindly: after no answer, a 5xx or an unreadable success, the
 *   person's requests and instances are read first, and the POST is sent again (once) only if
 *   nothing took effect; a 4xx applied nothing, so a 401 (token refused) and a 429 get one
 *   more try each;
 * - `RoleAssignmentExists` and `PendingRoleAssignmentRequest` are reconciled into "already
 *   active" and "pending approval", which are not failures;
 * - the intent is journalled before each POST and cleared once the answer is definitive, so a
 *   run killed mid-request is reconciled at the next start instead of re-sent.
 */
import { appError } from '../../shared/errors';
import type { AppError } from '../../shared/errors';
import type { ActivationPhase, ActivationRequest } from '../../shared/domain/activation';
import { durationFor } from '../../shared/domain/activation';
import type { AuthContextInfo, EligibleRole } from '../../shared/domain/roles';
import type { AcquireOptions } from '../auth/auth-service';
import { acrsClaimsRequest, claimsChallengeFromError, contextsFromClaims, mfaClaimsRequest } from '../auth/claims-challenge';
import { GraphCallError } from '../graph/graph-api';
import type { GraphFailure } from '../graph/graph-failure';
import { appErrorFromGraph, failedPolicyRules } from '../graph/graph-failure';
import type { ActivationIntent, IntentJournal } from '../journal/intent-journal';
import type { Logger } from '../logging/logger';
import type { ActivationSurface, ScheduleInstance, ScheduleRequest } from '../pim/activation-surface';
import { targetKey } from '../pim/graph-paths';
import { isInFlight, isPendingApproval } from './outcome-builder';
import type { StepUpCoordinator } from './step-up-coordinator';
import { withoutRefresh } from './step-up-coordinator';
import { stepUpFailure } from './step-up-failure';
import { tokenResourceOf } from '../pim/routed-surface';

export type SubmitResult =
  /**
   * A request to follow (accepted now, or found by reconciling). `intentId` names its journal entry, kept until the
   * run settles the role (an activation killed while PIM provisions it is followed at the next run, not sent again).
   */
  | { readonly kind: 'request'; readonly request: ScheduleRequest; readonly intentId?: string }
  /** The role was active already (the service said so and the instance was found). */
  | { readonly kind: 'already-active'; readonly instance: ScheduleInstance }
  /** `unconfirmed`: the POST may have taken effect (its answer was lost and the read-back failed). */
  | { readonly kind: 'failed'; readonly error: AppError; readonly unconfirmed?: boolean };

export type SubmitterOptions = {
  readonly surface: ActivationSurface;
  readonly coordinator: StepUpCoordinator;
  readonly request: ActivationRequest;
  readonly principalId: string;
  readonly logger: Logger;
  readonly newId: () => string;
  readonly serverNow: () => Date;
  /** A token for reads (the plain one); throws an AppFailure when there is none. */
  /** A plain token for reading a collection's requests and instances (its API's resource). */
  readonly readToken: (collection: string) => Promise<string>;
  /** A context's display name (for prompts and messages). */
  readonly contextInfo: (id: string) => AuthContextInfo;
  readonly progress: (roleId: string, phase: ActivationPhase) => void;
  readonly journal?: IntentJournal;
  /**
   * Default `selfActivate`. `selfExtend` sends the same body to lengthen an administrator's time-bound assignment:
   * the same tokens, step-ups and resend rules apply, but the role's instance exists before and after, so only a
   * request of this action proves that an uncertain POST took effect.
   */
  readonly action?: 'selfActivate' | 'selfExtend';
  readonly sleep?: (ms: number) => Promise<void>;
};

/** At most this many POSTs for one role: plain, step-up, fresh MFA, one resend, and one spare. */
const MAX_ATTEMPTS = 5;
/** How far back a request found while reconciling may have been created and still be ours. */
const RECONCILE_WINDOW_MS = 120_000;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Attempt = {
  acquire: AcquireOptions;
  readonly challenged: Set<string>;
  mfaRetried: boolean;
  resent: boolean;
  throttled: boolean;
  refreshed: boolean;
};

/** What to do after an answer: try again with these token options, or stop with a result. */
type Next = { readonly retry: AcquireOptions } | { readonly done: SubmitResult };

const failed = (error: AppError): Next => ({ done: { kind: 'failed', error } });

export type Submitter = ((role: EligibleRole, first: AcquireOptions) => Promise<SubmitResult>) & {
  /**
   * After a fault (an earlier run's intent that PIM may hold): reads the role's requests and instances and returns
   * what to follow instead of writing, or null when nothing took effect and the role may be written.
   */
  resume(role: EligibleRole, intent: ActivationIntent): Promise<SubmitResult | null>;
};

export function createSubmitter(options: SubmitterOptions): Submitter {
  const log = options.logger.child({ area: 'submit' });
  const sleep = options.sleep ?? defaultSleep;
  const action = options.action ?? 'selfActivate';
  const extending = action === 'selfExtend';
  const what = extending ? 'The extension request' : 'The activation';

  const journalRecord = async (role: EligibleRole, clientRequestId: string): Promise<void> => {
    try {
      await options.journal?.record({ id: clientRequestId, roleId: role.id, target: role.target, action });
    } catch (cause) {
      log.warn('the activation intent could not be recorded', { role: role.id, clientRequestId, error: cause });
    }
  };
  const journalClear = async (clientRequestId: string): Promise<void> => {
    try {
      await options.journal?.clear(clientRequestId);
    } catch (cause) {
      log.warn('the activation intent could not be cleared', { clientRequestId, error: cause });
    }
  };

  /** The person's requests and instances for one role's target. */
  const readMine = async (role: EligibleRole): Promise<{ requests: ScheduleRequest[]; instances: ScheduleInstance[] }> => {
    const collection = options.surface.collectionOf(role.target);
    const token = await options.readToken(collection);
    const key = targetKey(role.target);
    const [requests, instances] = await Promise.all([
      options.surface.requests(collection, token),
      options.surface.instances(collection, token),
    ]);
    return { requests: requests.filter((r) => r.targetKey === key), instances: instances.filter((i) => i.targetKey === key) };
  };

  /** A claims challenge: one step-up for the contexts it names, never twice for the same. */
  const onChallenge = (role: EligibleRole, f: GraphFailure, attempt: Attempt): Next | null => {
    const challenge = claimsChallengeFromError({
      status: f.status,
      code: f.code,
      message: f.message,
      wwwAuthenticate: f.wwwAuthenticate ?? null,
      fallbackContexts: role.requirements.authenticationContext === null ? [] : [role.requirements.authenticationContext.id],
    });
    if (challenge.kind === 'none') {
      return null;
    }
    if (challenge.kind === 'unreadable') {
      return failed(
        appError(
          'auth/step-up-unsatisfied',
          "This role needs an authentication context, but the service did not say which and the role's policy could not be read. Ask your administrator which context applies.",
          { serviceCode: f.code, ...(f.requestId === undefined ? {} : { requestId: f.requestId }) },
        ),
      );
    }
    const contexts = challenge.challenge.contexts;
    const key = contexts.length > 0 ? [...contexts].sort().join(',') : challenge.challenge.claims;
    if (attempt.challenged.has(key)) {
      const names = contexts.map((id) => options.contextInfo(id).displayName).join(' and ');
      return failed(
        appError(
          'auth/step-up-unsatisfied',
          `Your sign-in could not satisfy ${names || 'the sign-in requirement Microsoft Graph asked for'}. Your organisation's Conditional Access policy may need a method or device this sign-in did not use; ask your administrator.`,
          {
            serviceCode: f.code,
            ...(f.requestId === undefined ? {} : { requestId: f.requestId }),
            ...(f.date === undefined ? {} : { date: f.date }),
          },
        ),
      );
    }
    attempt.challenged.add(key);
    // Plain acrs challenges get canonical claims, so every role (and every challenge form) for one
    // context shares one step-up; anything richer (CAE, nbf, amr) is passed on unchanged.
    const onlyAcrs =
      contexts.length > 0 &&
      contextsFromClaims(challenge.challenge.claims) !== null &&
      !/"(nbf|xms_rp_ipaddr|amr)"/.test(challenge.challenge.claims);
    const fresh = attempt.acquire.prompt === 'login' || attempt.mfaRetried;
    const claims = onlyAcrs ? (fresh ? mfaClaimsRequest(contexts) : acrsClaimsRequest(contexts)) : challenge.challenge.claims;
    return { retry: { purpose: 'step-up', claims, contexts: contexts.map((id) => options.contextInfo(id)) } };
  };

  /** PIM's MFA rule: one fresh multifactor sign-in (keeping the contexts already asked for), then a clear refusal. */
  const onMfaRule = (f: GraphFailure, attempt: Attempt): Next | null => {
    const rules = f.code === 'RoleAssignmentRequestPolicyValidationFailed' ? failedPolicyRules(f.message) : [];
    if (!rules.includes('MfaRule')) {
      return null;
    }
    if (attempt.mfaRetried) {
      return failed(
        appError(
          'auth/mfa-unsatisfied',
          'This role requires multifactor authentication, and even a fresh sign-in did not prove it. Sign in with an MFA method (not only a password); ask your administrator if you have none.',
          { rules },
        ),
      );
    }
    if (rules.length !== 1) {
      return null;
    }
    attempt.mfaRetried = true;
    const current = attempt.acquire.claims === undefined ? [] : (contextsFromClaims(attempt.acquire.claims) ?? []);
    return {
      retry: {
        purpose: 'fresh-mfa',
        claims: mfaClaimsRequest(current),
        prompt: 'login',
        contexts: current.map((id) => options.contextInfo(id)),
      },
    };
  };

  /** "Exists" or "pending": find out which, without sending anything. */
  const onExisting = async (role: EligibleRole, f: GraphFailure): Promise<Next> => {
    options.progress(role.id, 'reconciling');
    const mine = await readMine(role);
    const instance = mine.instances[0];
    if (instance !== undefined) {
      return { done: { kind: 'already-active', instance } };
    }
    // Accepted but not yet an instance (provisioning), or waiting for approval: follow it, never write it again.
    const pending = mine.requests.find(
      (r) => r.action.toLowerCase() === action.toLowerCase() && (isPendingApproval(r.status) || isInFlight(r.status)),
    );
    return pending === undefined ? failed(appErrorFromGraph(f, what)) : { done: { kind: 'request', request: pending } };
  };

  /** No clear answer: the POST may have committed, so learn before any resend. */
  const onUncertain = async (
    role: EligibleRole,
    f: GraphFailure,
    attempt: Attempt,
    submittedAt: Date,
    clientRequestId: string,
  ): Promise<Next> => {
    options.progress(role.id, 'reconciling');
    log.warn('activation POST had no clear answer; reconciling before any resend', {
      role: role.id,
      clientRequestId,
      status: f.status,
      code: f.code,
    });
    let mine: { requests: ScheduleRequest[]; instances: ScheduleInstance[] };
    try {
      mine = await readMine(role);
    } catch (readCause) {
      const error = readCause instanceof GraphCallError ? appErrorFromGraph(readCause.failure) : appErrorFromGraph(f);
      const message = `${error.message} Whether the activation took effect is unknown; check the role list before trying again.`;
      return { done: { kind: 'failed', error: { ...error, message }, unconfirmed: true } };
    }
    const since = submittedAt.getTime() - RECONCILE_WINDOW_MS;
    const ours = mine.requests
      .filter((r) => r.action.toLowerCase() === action.toLowerCase() && Date.parse(r.createdDateTime ?? '') >= since)
      .sort((a, b) => Date.parse(b.createdDateTime ?? '') - Date.parse(a.createdDateTime ?? ''))[0];
    // An extended assignment was active before the POST: its instance proves nothing about the extension.
    const instance = extending ? undefined : mine.instances[0];
    if (instance !== undefined || (ours !== undefined && extending)) {
      await journalClear(clientRequestId);
    }
    if (ours !== undefined) {
      log.info('the activation had taken effect; not resending', { role: role.id, requestId: ours.id });
      return { done: { kind: 'request', request: ours, ...(extending ? {} : { intentId: clientRequestId }) } };
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
      return { done: { kind: 'request', request: found } };
    }
    if (!attempt.resent) {
      attempt.resent = true;
      log.info('the activation had not taken effect; sending it once more', { role: role.id });
      return { retry: attempt.acquire };
    }
    // Read back and found absent twice: nothing took effect, so nothing is left in doubt.
    await journalClear(clientRequestId);
    return failed(appErrorFromGraph(f, what));
  };

  /** Everything the service may answer to a POST, in the order the rules apply. */
  const react = async (
    role: EligibleRole,
    f: GraphFailure,
    attempt: Attempt,
    submittedAt: Date,
    clientRequestId: string,
  ): Promise<Next> => {
    if (f.status >= 400 && f.status < 500) {
      // A 4xx (429 included) means the request was not applied: nothing is in doubt.
      await journalClear(clientRequestId);
    }
    log.info('activation answered with an error', {
      role: role.id,
      clientRequestId,
      status: f.status,
      code: f.code,
      requestId: f.requestId,
    });
    const reaction = onChallenge(role, f, attempt) ?? onMfaRule(f, attempt);
    if (reaction !== null) {
      return reaction;
    }
    if (!extending && (f.code === 'RoleAssignmentExists' || f.code === 'PendingRoleAssignmentRequest')) {
      return onExisting(role, f);
    }
    if (f.status === 401 && !attempt.refreshed) {
      // Refused as expired or invalid (e.g. a local clock far off): a 401 applied nothing, so get a
      // token from the refresh token, bypassing every cached access token, and send once more.
      attempt.refreshed = true;
      log.info('activation refused our token; refreshing it once', { role: role.id, code: f.code });
      return { retry: { ...attempt.acquire, forceRefresh: true } };
    }
    if (f.status === 429 && !attempt.throttled) {
      // A 429 means nothing was applied, so one wait-and-resend is safe; Retry-After is honoured (bounded).
      attempt.throttled = true;
      const waitMs = Math.min(30, f.retryAfterSeconds ?? 2) * 1000;
      log.info('activation throttled; waiting as asked before one more try', { role: role.id, waitMs });
      await sleep(waitMs);
      return { retry: attempt.acquire };
    }
    if (f.status === -1 || f.status >= 500 || (f.status >= 200 && f.status < 300)) {
      return onUncertain(role, f, attempt, submittedAt, clientRequestId);
    }
    return failed(appErrorFromGraph(f, what));
  };

  const details = (role: EligibleRole, submittedAt: Date) => {
    const { request } = options;
    return {
      action,
      // A scheduled start when the person chose one; otherwise now, by the service's clock.
      startDateTime: request.startDateTime ?? submittedAt.toISOString(),
      duration: durationFor(request, role.id),
      justification: request.justification.trim(),
      ...(request.ticketNumber === undefined ? {} : { ticketNumber: request.ticketNumber.trim() }),
      ...(request.ticketSystem === undefined ? {} : { ticketSystem: request.ticketSystem.trim() }),
    };
  };

  const resume = async (role: EligibleRole, intent: ActivationIntent): Promise<SubmitResult | null> => {
    options.progress(role.id, 'reconciling');
    const mine = await readMine(role);
    const instance = mine.instances[0];
    if (instance !== undefined) {
      await journalClear(intent.id);
      return { kind: 'already-active', instance };
    }
    const since = Date.parse(intent.recordedAt) - RECONCILE_WINDOW_MS;
    const ours = mine.requests.find(
      (r) =>
        r.action.toLowerCase() === action.toLowerCase() &&
        (isInFlight(r.status) || isPendingApproval(r.status)) &&
        Date.parse(r.createdDateTime ?? '') >= since,
    );
    if (ours === undefined) {
      return null;
    }
    log.info('an earlier run’s request is still in flight; following it, not writing again', { role: role.id, requestId: ours.id });
    // Kept until this run settles the role, so another interruption is reconciled the same way.
    await journalRecord(role, intent.id);
    return { kind: 'request', request: ours, intentId: intent.id };
  };

  const submit = async (role: EligibleRole, first: AcquireOptions): Promise<SubmitResult> => {
    const clientRequestId = options.newId();
    const attempt: Attempt = {
      acquire: first,
      challenged: new Set(),
      mfaRetried: false,
      resent: false,
      throttled: false,
      refreshed: false,
    };
    for (let n = 0; n < MAX_ATTEMPTS; n += 1) {
      const { acquire } = attempt;
      if (acquire.claims !== undefined || acquire.prompt !== undefined) {
        options.progress(role.id, 'stepping-up');
      }
      // Each API needs its own token; a context proved for one is asked of the other silently.
      const grant = await options.coordinator.token({ ...acquire, resource: tokenResourceOf(role.target) }, role.id);
      if (!grant.ok) {
        const error = acquire.purpose === 'sign-in' ? grant.error : stepUpFailure(grant.error, acquire.contexts ?? [], acquire.purpose);
        return { kind: 'failed', error };
      }
      if (acquire.forceRefresh === true) {
        attempt.acquire = withoutRefresh(acquire);
      }
      options.progress(role.id, 'submitting');
      const submittedAt = options.serverNow();
      await journalRecord(role, clientRequestId);
      let request: ScheduleRequest;
      try {
        request = await options.surface.submit(
          role.target,
          options.principalId,
          details(role, submittedAt),
          grant.value.accessToken,
          clientRequestId,
        );
      } catch (cause) {
        if (!(cause instanceof GraphCallError)) {
          throw cause;
        }
        const next = await react(role, cause.failure, attempt, submittedAt, clientRequestId);
        if ('done' in next) {
          return next.done;
        }
        attempt.acquire = next.retry;
        continue;
      }
      if (extending) {
        await journalClear(clientRequestId);
        return { kind: 'request', request };
      }
      return { kind: 'request', request, intentId: clientRequestId };
    }
    return {
      kind: 'failed',
      error: appError('unexpected', 'The activation did not settle after several attempts; check the role list before trying again.'),
    };
  };
  return Object.assign(submit, { resume });
}
