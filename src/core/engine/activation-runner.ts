/**
 * Activates several roles at once, pipelined: every role runs its own path at the same time
 * (token → submit → follow), and the shared parts keep them from colliding or waiting on each
 * other:
 * - the step-up coordinator asks for one interactive sign-in at a time, once per distinct
 *   context, whether the context was known from the policy (step-ups back to back) or learned
 *   from the service's challenge (all roles submitted with the plain token first);
 * - each role is submitted as soon as its token is ready (the submitter);
 * - one shared poll follows every accepted request (the follower);
 * - the outcome builder turns each path's end into the role's outcome.
 * Roles the catalog already shows active are reported `already-active`, and roles the role-state model shows
 * scheduled or waiting for approval as they stand, without a prompt or a POST.
 */
import type { ActivationOutcome, ActivationProgress, ActivationReport, ActivationRequest } from '../../shared/domain/activation';
import type { EligibleRole } from '../../shared/domain/roles';
import type { AuthService } from '../auth/auth-service';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import { appErrorFromGraph } from '../graph/graph-failure';
import type { ActivationIntent, IntentJournal } from '../journal/intent-journal';
import type { Logger } from '../logging/logger';
import type { ActivationSurface } from '../pim/activation-surface';
import type { CatalogSnapshot } from '../pim/role-catalog';
import { alreadyRequested } from '../state/already-requested';
import { toAppError } from './app-failure';
import type { Follower } from './follower';
import { createFollower } from './follower';
import type { OutcomeBuilder } from './outcome-builder';
import { createOutcomeBuilder } from './outcome-builder';
import { firstAcquire, isActiveAt, validRoles } from './plan-activation';
import type { InteractiveLane, PlannedPrompt, StepUpCoordinator } from './step-up-coordinator';
import { createStepUpCoordinator } from './step-up-coordinator';
import { createSubmitter } from './submitter';
import type { SubmitResult, Submitter } from './submitter';
import { contextNamer, graphNow, readTokenFrom } from './run-context';

export type RunnerDeps = {
  readonly graph: Pick<GraphApi, 'clock'>;
  /** The resource API the roles are activated on. */
  readonly surface: ActivationSurface;
  readonly auth: AuthService;
  readonly logger: Logger;
  readonly principalId: string;
  readonly alwaysFreshAuth: boolean;
  readonly provisioningTimeoutMs: number;
  readonly emitProgress: (progress: ActivationProgress) => void;
  readonly newId: () => string;
  /** The interactive lane shared by the engine's runs (default: one for this run). */
  readonly lane?: InteractiveLane;
  /**
   * Intents recorded before each activation POST and cleared on a definitive answer, so a run
   * killed mid-request is reconciled at the next start instead of re-sent.
   */
  readonly journal?: IntentJournal;
  /**
   * Intents an earlier run left that PIM still holds as requests (found by reconciling the journal), by role id: such
   * a role is followed from its request, never written again.
   */
  readonly resumable?: ReadonlyMap<string, ActivationIntent>;
  /** The prompts that follow, in order, before the first of them (once per batch of step-ups). */
  readonly onPlan?: (prompts: readonly PlannedPrompt[]) => void;
  /** Whether a role is first submitted with a multifactor token (the plan's MFA prompt); default never. */
  readonly mfaFirst?: (role: EligibleRole) => boolean;
  /** Polling interval bounds while following provisioning. */
  readonly pollMinMs?: number;
  readonly pollMaxMs?: number;
  /** Waits before a write is sent again (a throttled POST's one wait); default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
};

/** What one role's path needs from its run. */
type RunParts = {
  readonly deps: RunnerDeps;
  readonly catalog: CatalogSnapshot;
  readonly log: Logger;
  readonly serverNow: () => Date;
  readonly outcomes: OutcomeBuilder;
  readonly coordinator: StepUpCoordinator;
  readonly submit: Submitter;
  readonly follower: Follower;
};

/** Runs a whole activation and reports each role's outcome. */
export async function runActivation(request: ActivationRequest, catalog: CatalogSnapshot, deps: RunnerDeps): Promise<ActivationReport> {
  const runId = deps.newId();
  const roles = validRoles(request, catalog);
  const promptsBefore = deps.auth.prompts();
  const parts = runParts(runId, request, catalog, roles, deps);
  const { outcomes, coordinator } = parts;
  for (const role of roles) {
    outcomes.progress(role.id, 'queued');
  }
  const results = await Promise.all(
    roles.map((role) => {
      const started = Date.now();
      // A read failing while reconciling ends that role's attempt, not the whole run.
      return activateOne(parts, role).catch((cause: unknown) =>
        outcomes.failed(
          role,
          cause instanceof GraphCallError ? appErrorFromGraph(cause.failure, 'The activation') : toAppError(cause),
          started,
        ),
      );
    }),
  );
  return {
    runId,
    outcomes: results,
    prompts: deps.auth.prompts() - promptsBefore,
    evidence: coordinator.latestEvidence(),
    contextsProven: coordinator.contextsProven(),
    stepUps: coordinator.stepUps(),
  };
}

/** The run's shared parts: one coordinator (its roles expected in the request's order), one submitter, one follower. */
function runParts(
  runId: string,
  request: ActivationRequest,
  catalog: CatalogSnapshot,
  roles: readonly EligibleRole[],
  deps: RunnerDeps,
): RunParts {
  const serverNow = graphNow(deps.graph);
  const outcomes = createOutcomeBuilder({ runId, emitProgress: deps.emitProgress, serverNow });
  const coordinator = createStepUpCoordinator({
    auth: deps.auth,
    ...(deps.lane === undefined ? {} : { lane: deps.lane }),
    ...(deps.onPlan === undefined ? {} : { onPlan: deps.onPlan }),
  });
  // The step-ups are planned once every role has asked for its own or finished submitting.
  coordinator.expect(roles.map((role) => role.id));
  const readToken = readTokenFrom(coordinator);
  const submit = createSubmitter({
    surface: deps.surface,
    coordinator,
    request,
    principalId: deps.principalId,
    logger: deps.logger,
    newId: deps.newId,
    serverNow,
    readToken,
    contextInfo: contextNamer(catalog, roles),
    progress: (roleId, phase) => {
      outcomes.progress(roleId, phase);
    },
    ...(deps.journal === undefined ? {} : { journal: deps.journal }),
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
  });
  const follower = createFollower({
    surface: deps.surface,
    readToken,
    timeoutMs: deps.provisioningTimeoutMs,
    ...(deps.pollMinMs === undefined ? {} : { pollMinMs: deps.pollMinMs }),
    ...(deps.pollMaxMs === undefined ? {} : { pollMaxMs: deps.pollMaxMs }),
  });
  const log = deps.logger.child({ area: 'activation', runId });
  return { deps, catalog, log, serverNow, outcomes, coordinator, submit, follower };
}

/** The outcome of a role PIM holds already (on its way, or active), with no prompt and no POST; null otherwise. */
function withoutWriting(parts: RunParts, role: EligibleRole, started: number): ActivationOutcome | null {
  const { outcomes, log } = parts;
  const held = alreadyRequested(parts.catalog.states, role.id);
  if (held !== null) {
    log.info('PIM already holds an activation of the role on its way; nothing to send', { role: role.id, status: held.status });
    const { status, requestId, ...times } = held;
    return outcomes.settle(role, status, started, requestId, { ...times, alreadyRequested: true });
  }
  if (isActiveAt(role, parts.serverNow())) {
    log.info('the role is active already; nothing to send', { role: role.id });
    return outcomes.settle(role, 'already-active', started, null, {
      startDateTime: role.active?.startDateTime ?? null,
      endDateTime: role.active?.endDateTime ?? null,
    });
  }
  return null;
}

/** One role's path: token → submit (or resume an earlier run's request) → follow. */
async function activateOne(parts: RunParts, role: EligibleRole): Promise<ActivationOutcome> {
  const { deps, coordinator, submit, outcomes } = parts;
  const started = Date.now();
  const settled = withoutWriting(parts, role, started);
  if (settled !== null) {
    coordinator.done(role.id);
    return settled;
  }
  let submitted: SubmitResult;
  try {
    const earlier = deps.resumable?.get(role.id);
    submitted =
      (earlier === undefined ? null : await submit.resume(role, earlier)) ??
      (await submit(role, firstAcquire(role, deps.alwaysFreshAuth, deps.mfaFirst?.(role) ?? false)));
  } finally {
    // Submitted, refused or failed: this role asks for no more step-ups, so the others need not wait for it.
    coordinator.done(role.id);
  }
  switch (submitted.kind) {
    case 'failed':
      return outcomes.failed(role, submitted.error, started, null, submitted.unconfirmed);
    case 'already-active':
      return outcomes.settle(role, 'already-active', started, null, {
        startDateTime: submitted.instance.startDateTime,
        endDateTime: submitted.instance.endDateTime,
      });
    case 'request':
      return followAccepted(parts, role, submitted, started);
  }
}

/** Follows a request PIM accepted until it is active, ended or out of time; never writes it again. */
async function followAccepted(
  parts: RunParts,
  role: EligibleRole,
  submitted: Extract<SubmitResult, { kind: 'request' }>,
  started: number,
): Promise<ActivationOutcome> {
  const { deps, outcomes, follower, log } = parts;
  const { request: accepted } = submitted;
  try {
    const outcome = await outcomes.fromRequest(role, accepted, started, (requestId) => follower.follow(role.target, requestId));
    if (submitted.intentId !== undefined && (outcome.status === 'active' || outcome.status === 'already-active')) {
      // Active: nothing is in doubt any more. Pending approval, scheduled or failed keep the intent, so the next
      // run follows PIM's request (reconciling first) instead of writing another.
      await deps.journal?.clear(submitted.intentId).catch((cause: unknown) => {
        log.warn('the activation intent could not be cleared', { role: role.id, error: cause });
      });
    }
    return outcome;
  } catch (cause) {
    // The request was accepted: from here on, read failures must never lead to a resend.
    const base = cause instanceof GraphCallError ? appErrorFromGraph(cause.failure) : toAppError(cause);
    const which = accepted.id === null ? '' : ` (request ${accepted.id})`;
    return outcomes.failed(
      role,
      {
        ...base,
        message: `The request was accepted${which}, but following it failed: ${base.message} Check the role list before trying again.`,
      },
      started,
      accepted.id,
      // PIM accepted it: it may be active by now, or still on its way.
      true,
    );
  }
}
