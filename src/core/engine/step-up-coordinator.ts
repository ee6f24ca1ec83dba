/**
 * The step-up coordinator: one per activation run, and the only way the run asks for a token.
 *
 * It steps up by context, not by request. Several roles of one run are submitted together, so several challenges
 * (for different contexts, on Graph and on ARM, in any of the service's forms) arrive together, and an identity
 * provider may start a new session at each interactive sign-in that carries only what that sign-in proved: after the
 * sign-in for `c3`, a silent token for `c7` may be refused even though `c7` was proven a minute earlier. So:
 * - the run's step-ups are planned once: when every role of the run has either asked for its step-up (known from its
 *   policy, or learned from a challenge) or finished submitting, the distinct contexts asked for form one batch,
 *   in the order of the first role (in the request's order) that needs each;
 * - each context of the batch gets at most one silent attempt (the session may satisfy it already); the plan of the
 *   prompts that remain is announced (`onPlan`), and exactly those prompts follow, one at a time, in that order;
 * - right after each interactive sign-in, that same sign-in is redeemed silently for every other resource (Graph,
 *   ARM) that needs the context, before the next context's prompt, and the tokens are held for the run (MSAL's
 *   cache keeps one access token per account and scopes, so a later refresh would replace one that carried `acrs`);
 * - a request for a context already settled in this run gets that settlement (a cancelled step-up fails only the
 *   roles that need it, and is not asked again); a context met later (a second challenge) forms the next batch;
 * - what each step-up proved (contexts, methods, times) is kept for the report.
 * Plain tokens (no claims) are got silently, or interactively in turn when there is no session.
 */
import type { StepUpEvidence } from '../../shared/domain/activation';
import type { AuthContextInfo } from '../../shared/domain/roles';
import type { AuthEvidence } from '../../shared/domain/session';
import type { Result } from '../../shared/result';
import type { AcquireOptions, AuthService, SignInPurpose, TokenGrant, TokenResource } from '../auth/auth-service';
import type { InteractiveLane } from './interactive-lane';
import { createInteractiveLane } from './interactive-lane';
import { batchMayStart, planOrder } from './step-up-plan';

export type { InteractiveLane } from './interactive-lane';
export { createInteractiveLane } from './interactive-lane';

/** One prompt the run is about to show: what it asks for and which roles wait on it. */
export type PlannedPrompt = {
  readonly purpose: SignInPurpose;
  readonly contexts: readonly AuthContextInfo[];
  readonly roleIds: readonly string[];
};

export type StepUpCoordinatorOptions = {
  readonly auth: Pick<AuthService, 'acquire'>;
  /** Default: a lane of this run alone. */
  readonly lane?: InteractiveLane;
  readonly now?: () => Date;
  /** The prompts that follow, in order, announced before the first of them (once per batch). */
  readonly onPlan?: (prompts: readonly PlannedPrompt[]) => void;
  /**
   * How long a prompt of this run waits for a sign-in someone else started (answered `auth/busy`)
   * before giving up with that answer; polled every `busyPollMs`.
   */
  readonly busyWaitMs?: number;
  readonly busyPollMs?: number;
};

export type StepUpCoordinator = {
  /**
   * A token for `options`. `roleId` names the role it is for: a step-up waits until every role the run expects has
   * asked or finished, so the run's contexts are planned together.
   */
  token(options: AcquireOptions, roleId?: string): Promise<Result<TokenGrant>>;
  /** The run's roles, in the request's order (their order orders the prompts). */
  expect(roleIds: readonly string[]): void;
  /** This role will ask for no more step-ups (its submission settled, either way). */
  done(roleId: string): void;
  /** Each step-up (claims or fresh sign-in) this run obtained, in order. */
  stepUps(): StepUpEvidence[];
  /** Every context a token of this run proved, sorted. */
  contextsProven(): string[];
  /** Evidence of the newest token obtained. */
  latestEvidence(): AuthEvidence | null;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims and prompt identify a step-up, whichever resource asks: one sign-in proves it for every resource. */
export const stepUpKey = (options: Pick<AcquireOptions, 'claims' | 'prompt'>): string => `${options.claims ?? ''}|${options.prompt ?? ''}`;

const isStepUp = (options: AcquireOptions): boolean => options.claims !== undefined || options.prompt !== undefined;

/** The same request without `forceRefresh` (a refresh is tried once, silently, never interactively). */
export function withoutRefresh(options: AcquireOptions): AcquireOptions {
  return Object.fromEntries(Object.entries(options).filter(([key]) => key !== 'forceRefresh')) as AcquireOptions;
}

type Deferred<T> = { readonly promise: Promise<T>; resolve(value: T | PromiseLike<T>): void };

function deferred<T>(): Deferred<T> {
  let resolve: (value: T | PromiseLike<T>) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** One distinct step-up of the run and every resource waiting on it. */
type Step = {
  readonly key: string;
  readonly request: AcquireOptions;
  /** Resources that need the step-up, the first asker's first (its resource gets the interactive sign-in). */
  readonly resources: TokenResource[];
  readonly waiting: Map<TokenResource, Deferred<Result<TokenGrant>>>;
  readonly roleIds: Set<string>;
  /** Arrival order (the plan's tie-breaker). */
  readonly seq: number;
  state: 'queued' | 'running' | 'settled';
  /** The settlement of its sign-in (silent or interactive); set once settled. */
  outcome: Result<TokenGrant> | null;
};

/** One run's coordinator state, shared by the functions below. */
type Run = {
  readonly options: StepUpCoordinatorOptions;
  readonly lane: InteractiveLane;
  readonly now: () => Date;
  readonly busyWaitMs: number;
  readonly busyPollMs: number;
  /** Plain tokens (and forced refreshes) this run holds, per resource. */
  readonly held: Map<string, Promise<Result<TokenGrant>>>;
  readonly steps: Map<string, Step>;
  readonly evidence: Map<string, StepUpEvidence>;
  readonly expected: string[];
  readonly finished: Set<string>;
  /** Roles whose step-up request is unanswered, with how many such requests each has open. */
  readonly waitingRoles: Map<string, number>;
  queued: Step[];
  batchRunning: boolean;
  sequence: number;
  latest: AuthEvidence | null;
};

export function createStepUpCoordinator(options: StepUpCoordinatorOptions): StepUpCoordinator {
  const run: Run = {
    options,
    lane: options.lane ?? createInteractiveLane(),
    now: options.now ?? (() => new Date()),
    busyWaitMs: options.busyWaitMs ?? 300_000,
    busyPollMs: options.busyPollMs ?? 500,
    held: new Map(),
    steps: new Map(),
    evidence: new Map(),
    expected: [],
    finished: new Set(),
    waitingRoles: new Map(),
    queued: [],
    batchRunning: false,
    sequence: 0,
    latest: null,
  };
  return {
    token(request, roleId) {
      const resource = request.resource ?? 'graph';
      if (isStepUp(request) && request.forceRefresh !== true && request.allowInteractive !== false) {
        return stepUp(run, request, resource, roleId);
      }
      const slot = `${resource}#${isStepUp(request) ? stepUpKey(request) : ''}`;
      const existing = run.held.get(slot);
      if (existing !== undefined && request.forceRefresh !== true) {
        return existing;
      }
      // A forced refresh (the service refused the token) replaces what this run held for it.
      const attempt = plain(run, { ...request, resource }, roleId);
      run.held.set(slot, attempt);
      return attempt;
    },
    expect(roleIds) {
      run.expected.push(...roleIds.filter((id) => !run.expected.includes(id)));
    },
    done(roleId) {
      run.finished.add(roleId);
      schedule(run);
    },
    stepUps: () => [...run.evidence.entries()].map(([key, entry]) => ({ ...entry, roleIds: [...(run.steps.get(key)?.roleIds ?? [])] })),
    contextsProven: () => [...new Set([...run.evidence.values()].flatMap((entry) => entry.contexts))].sort(),
    latestEvidence: () => run.latest,
  };
}

const silently = (run: Run, request: AcquireOptions): Promise<Result<TokenGrant>> =>
  run.options.auth.acquire({ ...request, allowInteractive: false });

const needsInteraction = (result: Result<TokenGrant>): boolean => !result.ok && result.error.code === 'auth/not-signed-in';

/** The interactive call, in the lane, waiting (bounded) while a sign-in that someone else started is open. */
const interactively = (run: Run, request: AcquireOptions): Promise<Result<TokenGrant>> =>
  run.lane.run(async () => {
    const deadline = Date.now() + run.busyWaitMs;
    for (;;) {
      const result = await run.options.auth.acquire({ ...withoutRefresh(request), skipSilent: true });
      if (result.ok || result.error.code !== 'auth/busy' || Date.now() + run.busyPollMs > deadline) {
        return result;
      }
      await sleep(run.busyPollMs);
    }
  });

/** Keeps what a token proved: the newest evidence, and each step-up's first proof (for the report). */
function remember(run: Run, request: AcquireOptions, result: Result<TokenGrant>, primary: boolean): Result<TokenGrant> {
  if (!result.ok) {
    return result;
  }
  if (isStepUp(request) || run.latest === null) {
    run.latest = result.value.evidence ?? run.latest;
  }
  if (result.value.interactive) {
    run.lane.signedIn();
  }
  const key = stepUpKey(request);
  if (primary && isStepUp(request) && !run.evidence.has(key)) {
    const proof = result.value.evidence;
    run.evidence.set(key, {
      purpose: request.purpose === 'fresh-mfa' ? 'fresh-mfa' : 'step-up',
      asked: (request.contexts ?? []).map((c) => ({ id: c.id, displayName: c.displayName })),
      contexts: proof?.contexts ?? [],
      methods: proof?.methods ?? [],
      authenticatedAt: proof?.authenticatedAt ?? null,
      obtainedAt: run.now().toISOString(),
      interactive: result.value.interactive,
      roleIds: [],
    });
  }
  return result;
}

const planned = (step: Step): PlannedPrompt => ({
  purpose: step.request.purpose,
  contexts: step.request.contexts ?? [],
  roleIds: [...step.roleIds],
});

/**
 * The step's settled sign-in, redeemed for one more resource: silently from the same session, or (when the
 * service refuses that) with a prompt of its own, announced first so the plan stays true.
 */
async function redeem(run: Run, step: Step, resource: TokenResource): Promise<Result<TokenGrant>> {
  const request = { ...step.request, resource };
  const silent = await silently(run, request);
  if (!needsInteraction(silent)) {
    return remember(run, request, silent, false);
  }
  run.options.onPlan?.([planned(step)]);
  return remember(run, request, await interactively(run, request), false);
}

/** Settles a step: its primary outcome, then every resource waiting on it (new ones may join meanwhile). */
async function settle(run: Run, step: Step, outcome: Result<TokenGrant>): Promise<void> {
  step.outcome = outcome;
  const [first] = step.resources;
  for (let i = 0; i < step.resources.length; i += 1) {
    const resource = step.resources[i] as TokenResource;
    const result = !outcome.ok || resource === first ? outcome : await redeem(run, step, resource);
    step.waiting.get(resource)?.resolve(result);
  }
  step.state = 'settled';
}

/** The step's request for the resource that asked first (it gets the interactive sign-in). */
const forPrimary = (step: Step): AcquireOptions => ({ ...step.request, resource: step.resources[0] ?? 'graph' });

/** One batch: a silent try per context, then the plan of the prompts that remain, then those prompts in turn. */
async function runBatch(run: Run): Promise<void> {
  run.batchRunning = true;
  const batch = planOrder(run.queued, run.expected);
  run.queued = [];
  for (const step of batch) {
    step.state = 'running';
  }
  // One silent attempt per context (a prompt=login step has none): what the session proves needs no prompt.
  const silent = await Promise.all(
    batch.map((step) => (step.request.prompt === undefined ? silently(run, forPrimary(step)) : Promise.resolve(null))),
  );
  const toPrompt: Step[] = [];
  const settling: Promise<void>[] = [];
  batch.forEach((step, index) => {
    const attempt = silent[index] ?? null;
    if (attempt === null || needsInteraction(attempt)) {
      toPrompt.push(step);
    } else {
      settling.push(settle(run, step, remember(run, forPrimary(step), attempt, true)));
    }
  });
  await Promise.all(settling);
  if (toPrompt.length > 0) {
    run.options.onPlan?.(toPrompt.map(planned));
  }
  for (const step of toPrompt) {
    const request = forPrimary(step);
    await settle(run, step, remember(run, request, await interactively(run, request), true));
  }
  run.batchRunning = false;
  schedule(run);
}

/** Starts the next batch once nothing runs and every expected role has asked or finished. */
function schedule(run: Run): void {
  void Promise.resolve().then(() => {
    if (!run.batchRunning && run.queued.length > 0 && batchMayStart(run.expected, run.finished, run.waitingRoles)) {
      void runBatch(run);
    }
  });
}

/** What identifies a step-up, without the resource and per-call switches (it is asked for each resource alike). */
const stepRequest = (request: AcquireOptions): AcquireOptions =>
  Object.fromEntries(
    Object.entries(request).filter(([key]) => !['resource', 'forceRefresh', 'allowInteractive', 'skipSilent'].includes(key)),
  ) as AcquireOptions;

/** The run's step for this request, created (and queued) on first use. */
function stepFor(run: Run, request: AcquireOptions): Step {
  const key = stepUpKey(request);
  const known = run.steps.get(key);
  if (known !== undefined) {
    return known;
  }
  const step: Step = {
    key,
    request: stepRequest(request),
    resources: [],
    waiting: new Map(),
    roleIds: new Set(),
    seq: (run.sequence += 1),
    state: 'queued',
    outcome: null,
  };
  run.steps.set(key, step);
  run.queued.push(step);
  return step;
}

/** A step-up: joins the run's step for its claims, settled in the run's next batch (or already settled). */
function stepUp(run: Run, request: AcquireOptions, resource: TokenResource, roleId: string | undefined): Promise<Result<TokenGrant>> {
  const step = stepFor(run, request);
  if (roleId !== undefined) {
    step.roleIds.add(roleId);
  }
  const known = step.waiting.get(resource);
  if (step.state === 'settled') {
    if (known !== undefined) {
      return known.promise;
    }
    // Settled in this run: the same answer (a failure stays one), redeemed for a resource not asked before.
    const late = deferred<Result<TokenGrant>>();
    step.waiting.set(resource, late);
    step.resources.push(resource);
    const outcome = step.outcome as Result<TokenGrant>;
    late.resolve(outcome.ok ? redeem(run, step, resource) : outcome);
    return late.promise;
  }
  const waiter = known ?? deferred<Result<TokenGrant>>();
  if (known === undefined) {
    step.waiting.set(resource, waiter);
    step.resources.push(resource);
  }
  if (roleId !== undefined) {
    run.waitingRoles.set(roleId, (run.waitingRoles.get(roleId) ?? 0) + 1);
    void waiter.promise.then(() => {
      run.waitingRoles.set(roleId, (run.waitingRoles.get(roleId) ?? 1) - 1);
    });
  }
  schedule(run);
  return waiter.promise;
}

/** A plain token (or a forced refresh): silently, or interactively in turn when there is no session. */
async function plain(run: Run, request: AcquireOptions, roleId: string | undefined): Promise<Result<TokenGrant>> {
  const first = await silently(run, request);
  if (!needsInteraction(first) || request.allowInteractive === false) {
    return remember(run, request, first, false);
  }
  if (isStepUp(request)) {
    // A step-up token the service refused and the session cannot renew: a prompt outside the plan, so announce it.
    run.options.onPlan?.([{ purpose: request.purpose, contexts: request.contexts ?? [], roleIds: roleId === undefined ? [] : [roleId] }]);
  }
  return remember(run, request, await interactively(run, request), false);
}
