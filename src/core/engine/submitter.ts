/**
 * The submitter: sends one role's self-activation and acts on the service's answers until the request is accepted,
 * settled or refused. What to do after each answer is `decide` (submit-decision.ts), a pure function of the answer
 * and the attempt so far; this module is the I/O around it: the token (through the run's coordinator, so step-ups
 * are planned by context), the POST, the reads a `reconcile` decision asks for, the wait a throttled retry asks for,
 * and the intent journal (recorded before each POST and cleared once nothing about the write is in doubt, so a run
 * killed mid-request is reconciled at the next start instead of re-sent).
 */
import type { AppError } from '../../shared/errors';
import type { ActivationPhase, ActivationRequest } from '../../shared/domain/activation';
import { durationFor } from '../../shared/domain/activation';
import type { AuthContextInfo, EligibleRole } from '../../shared/domain/roles';
import type { AcquireOptions } from '../auth/auth-service';
import { GraphCallError } from '../graph/graph-api';
import type { ActivationIntent, IntentJournal } from '../journal/intent-journal';
import type { Logger } from '../logging/logger';
import type { ActivationDetails, ActivationSurface, ScheduleInstance, ScheduleRequest } from '../pim/activation-surface';
import { targetKey } from '../pim/graph-paths';
import { tokenResourceOf } from '../pim/routed-surface';
import { isInFlight, isPendingApproval } from './outcome-builder';
import type { StepUpCoordinator } from './step-up-coordinator';
import { withoutRefresh } from './step-up-coordinator';
import { stepUpFailure } from './step-up-failure';
import type { AttemptState, Findings, PostAnswer, Settled, SubmitRules } from './submit-decision';
import { decide, decideAfterReading, firstAttempt, RECONCILE_WINDOW_MS } from './submit-decision';

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
  /** A plain token for reading a collection's requests and instances (its API's resource); throws an AppFailure when there is none. */
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

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export type Submitter = ((role: EligibleRole, first: AcquireOptions) => Promise<SubmitResult>) & {
  /**
   * After a fault (an earlier run's intent that PIM may hold): reads the role's requests and instances and returns
   * what to follow instead of writing, or null when nothing took effect and the role may be written.
   */
  resume(role: EligibleRole, intent: ActivationIntent): Promise<SubmitResult | null>;
};

/** What the loop and the resume share: the options, with the journal and the reads made safe to call. */
type Io = SubmitterOptions & {
  readonly log: Logger;
  readonly act: 'selfActivate' | 'selfExtend';
  readonly record: (role: EligibleRole, clientRequestId: string) => Promise<void>;
  readonly clear: (clientRequestId: string) => Promise<void>;
  readonly readMine: (role: EligibleRole) => Promise<{ requests: ScheduleRequest[]; instances: ScheduleInstance[] }>;
};

export function createSubmitter(options: SubmitterOptions): Submitter {
  const log = options.logger.child({ area: 'submit' });
  const act = options.action ?? 'selfActivate';
  const io: Io = {
    ...options,
    log,
    act,
    record: async (role, clientRequestId) => {
      try {
        await options.journal?.record({ id: clientRequestId, roleId: role.id, target: role.target, action: act });
      } catch (cause) {
        log.warn('the activation intent could not be recorded', { role: role.id, clientRequestId, error: cause });
      }
    },
    clear: async (clientRequestId) => {
      try {
        await options.journal?.clear(clientRequestId);
      } catch (cause) {
        log.warn('the activation intent could not be cleared', { clientRequestId, error: cause });
      }
    },
    readMine: async (role) => {
      const collection = options.surface.collectionOf(role.target);
      const token = await options.readToken(collection);
      const key = targetKey(role.target);
      const [requests, instances] = await Promise.all([
        options.surface.requests(collection, token),
        options.surface.instances(collection, token),
      ]);
      return { requests: requests.filter((r) => r.targetKey === key), instances: instances.filter((i) => i.targetKey === key) };
    },
  };
  return Object.assign((role: EligibleRole, first: AcquireOptions) => submit(io, role, first), {
    resume: (role: EligibleRole, intent: ActivationIntent) => resume(io, role, intent),
  });
}

/** The activation's body: a scheduled start when the person chose one, otherwise now by the service's clock. */
function details(io: Io, role: EligibleRole, submittedAt: Date): ActivationDetails {
  const { request } = io;
  return {
    action: io.act,
    startDateTime: request.startDateTime ?? submittedAt.toISOString(),
    duration: durationFor(request, role.id),
    justification: request.justification.trim(),
    ...(request.ticketNumber === undefined ? {} : { ticketNumber: request.ticketNumber.trim() }),
    ...(request.ticketSystem === undefined ? {} : { ticketSystem: request.ticketSystem.trim() }),
  };
}

/** One POST, its answer as data (only a service's answer or its absence; a bug in our code still throws). */
async function post(io: Io, role: EligibleRole, sentAt: Date, accessToken: string, clientRequestId: string): Promise<PostAnswer> {
  try {
    const request = await io.surface.submit(role.target, io.principalId, details(io, role, sentAt), accessToken, clientRequestId);
    return { kind: 'accepted', request };
  } catch (cause) {
    if (!(cause instanceof GraphCallError)) {
      throw cause;
    }
    return { kind: 'failed', failure: cause.failure };
  }
}

/** What a `reconcile` decision asks to learn: the role's requests and instances, or why they could not be read. */
async function findings(io: Io, role: EligibleRole): Promise<Findings> {
  try {
    return { kind: 'read', ...(await io.readMine(role)) };
  } catch (cause) {
    return { kind: 'unreadable', cause };
  }
}

/** One POST with the token got for it, and what its answer decides (the role read back first when the decision asks). */
async function postAndDecide(
  io: Io,
  role: EligibleRole,
  attempt: AttemptState,
  accessToken: string,
  rules: SubmitRules,
  clientRequestId: string,
): Promise<Settled> {
  await io.record(role, clientRequestId);
  const answer = await post(io, role, attempt.sentAt, accessToken, clientRequestId);
  const { decision, attempt: next } = decide(answer, attempt, rules);
  if (answer.kind === 'failed') {
    const { status, code, requestId } = answer.failure;
    io.log.info('activation answered with an error', { role: role.id, clientRequestId, status, code, requestId, next: decision.kind });
  }
  if (decision.kind !== 'reconcile') {
    return { decision, attempt: next };
  }
  io.progress(role.id, 'reconciling');
  return decideAfterReading(decision, await findings(io, role), next, rules);
}

/** Sends the role's activation and acts on each decision until one ends the submission. */
async function submit(io: Io, role: EligibleRole, first: AcquireOptions): Promise<SubmitResult> {
  const clientRequestId = io.newId();
  const rules: SubmitRules = {
    action: io.act,
    policyContexts: role.requirements.authenticationContext === null ? [] : [role.requirements.authenticationContext.id],
    contextInfo: io.contextInfo,
  };
  let attempt = firstAttempt(first, io.serverNow());
  for (;;) {
    const { acquire } = attempt;
    if (acquire.claims !== undefined || acquire.prompt !== undefined) {
      io.progress(role.id, 'stepping-up');
    }
    // Each API needs its own token; a context proved for one is asked of the other silently.
    const grant = await io.coordinator.token({ ...acquire, resource: tokenResourceOf(role.target) }, role.id);
    if (!grant.ok) {
      const error = acquire.purpose === 'sign-in' ? grant.error : stepUpFailure(grant.error, acquire.contexts ?? [], acquire.purpose);
      return { kind: 'failed', error };
    }
    io.progress(role.id, 'submitting');
    // A refresh is asked for once: a plain resend uses the token it brought.
    attempt = { ...attempt, acquire: withoutRefresh(acquire), posts: attempt.posts + 1, sentAt: io.serverNow() };
    const { decision, attempt: after } = await postAndDecide(io, role, attempt, grant.value.accessToken, rules, clientRequestId);
    if (decision.intent === 'clear') {
      await io.clear(clientRequestId);
    }
    switch (decision.kind) {
      case 'follow':
        return { kind: 'request', request: decision.request, ...(decision.intent === 'keep' ? { intentId: clientRequestId } : {}) };
      case 'already-active':
        return { kind: 'already-active', instance: decision.instance };
      case 'fail':
        io.log.info('the activation stopped', { role: role.id, cause: decision.cause, code: decision.error.code });
        return { kind: 'failed', error: decision.error, ...(decision.cause === 'effect-unknown' ? { unconfirmed: true } : {}) };
      case 'retry':
        io.log.info('sending the activation once more', { role: role.id, why: decision.why, afterMs: decision.afterMs });
        if (decision.afterMs > 0) {
          await (io.sleep ?? defaultSleep)(decision.afterMs);
        }
        break;
      case 'step-up':
        break;
    }
    attempt = { ...after, acquire: decision.acquire };
  }
}

/** An earlier run's intent: follow what PIM holds of it, or null when nothing took effect and the role may be written. */
async function resume(io: Io, role: EligibleRole, intent: ActivationIntent): Promise<SubmitResult | null> {
  io.progress(role.id, 'reconciling');
  const mine = await io.readMine(role);
  const instance = mine.instances[0];
  if (instance !== undefined) {
    await io.clear(intent.id);
    return { kind: 'already-active', instance };
  }
  const since = Date.parse(intent.recordedAt) - RECONCILE_WINDOW_MS;
  const ours = mine.requests.find(
    (r) =>
      r.action.toLowerCase() === io.act.toLowerCase() &&
      (isInFlight(r.status) || isPendingApproval(r.status)) &&
      Date.parse(r.createdDateTime ?? '') >= since,
  );
  if (ours === undefined) {
    return null;
  }
  io.log.info('an earlier run’s request is still in flight; following it, not writing again', { role: role.id, requestId: ours.id });
  // Kept until this run settles the role, so another interruption is reconciled the same way.
  await io.record(role, intent.id);
  return { kind: 'request', request: ours, intentId: intent.id };
}
