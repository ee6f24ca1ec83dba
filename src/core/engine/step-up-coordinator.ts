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

/** Runs interactive sign-ins one after another. The engine may share one lane across runs. */
export type InteractiveLane = {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Interactive sign-ins that finished successfully in this lane. */
  signIns(): number;
  /** Records that a sign-in finished successfully (the coordinator calls it). */
  signedIn(): void;
};

export function createInteractiveLane(): InteractiveLane {
  let tail: Promise<unknown> = Promise.resolve();
  let completed = 0;
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task, task);
      tail = result.catch(() => undefined);
      return result;
    },
    signIns: () => completed,
    signedIn: () => {
      completed += 1;
    },
  };
}

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
  /** Position of the first role (in the request's order) that needs it; then arrival order. */
  rank: number;
  readonly seq: number;
  state: 'queued' | 'running' | 'settled';
  /** The settlement of its sign-in (silent or interactive); set once settled. */
  outcome: Result<TokenGrant> | null;
};

export function createStepUpCoordinator(options: StepUpCoordinatorOptions): StepUpCoordinator {
  const { auth } = options;
  const lane = options.lane ?? createInteractiveLane();
  const now = options.now ?? (() => new Date());
  const busyWaitMs = options.busyWaitMs ?? 300_000;
  const busyPollMs = options.busyPollMs ?? 500;
  /** Plain tokens (and forced refreshes) this run holds, per resource. */
  const held = new Map<string, Promise<Result<TokenGrant>>>();
  const steps = new Map<string, Step>();
  const evidence = new Map<string, StepUpEvidence>();
  const expected: string[] = [];
  const finished = new Set<string>();
  /** Roles whose step-up request is unanswered, with how many such requests each has open. */
  const waitingRoles = new Map<string, number>();
  let queued: Step[] = [];
  let batchRunning = false;
  let sequence = 0;
  let latest: AuthEvidence | null = null;

  const silently = (request: AcquireOptions): Promise<Result<TokenGrant>> => auth.acquire({ ...request, allowInteractive: false });
  const needsInteraction = (result: Result<TokenGrant>): boolean => !result.ok && result.error.code === 'auth/not-signed-in';

  /** The interactive call, in the lane, waiting (bounded) while a sign-in that someone else started is open. */
  const interactively = (request: AcquireOptions): Promise<Result<TokenGrant>> =>
    lane.run(async () => {
      const deadline = Date.now() + busyWaitMs;
      for (;;) {
        const result = await auth.acquire({ ...withoutRefresh(request), skipSilent: true });
        if (result.ok || result.error.code !== 'auth/busy' || Date.now() + busyPollMs > deadline) {
          return result;
        }
        await sleep(busyPollMs);
      }
    });

  const remember = (request: AcquireOptions, result: Result<TokenGrant>, primary: boolean): Result<TokenGrant> => {
    if (!result.ok) {
      return result;
    }
    if (isStepUp(request) || latest === null) {
      latest = result.value.evidence ?? latest;
    }
    if (result.value.interactive) {
      lane.signedIn();
    }
    const key = stepUpKey(request);
    if (primary && isStepUp(request) && !evidence.has(key)) {
      const proof = result.value.evidence;
      evidence.set(key, {
        purpose: request.purpose === 'fresh-mfa' ? 'fresh-mfa' : 'step-up',
        asked: (request.contexts ?? []).map((c) => ({ id: c.id, displayName: c.displayName })),
        contexts: proof?.contexts ?? [],
        methods: proof?.methods ?? [],
        authenticatedAt: proof?.authenticatedAt ?? null,
        obtainedAt: now().toISOString(),
        interactive: result.value.interactive,
        roleIds: [],
      });
    }
    return result;
  };

  const planned = (step: Step): PlannedPrompt => ({
    purpose: step.request.purpose,
    contexts: step.request.contexts ?? [],
    roleIds: [...step.roleIds],
  });

  /**
   * The step's settled sign-in, redeemed for one more resource: silently from the same session, or (when the
   * service refuses that) with a prompt of its own, announced first so the plan stays true.
   */
  const redeem = async (step: Step, resource: TokenResource, allowPrompt: boolean): Promise<Result<TokenGrant>> => {
    const request = { ...step.request, resource };
    const silent = await silently(request);
    if (!needsInteraction(silent) || !allowPrompt) {
      return remember(request, silent, false);
    }
    options.onPlan?.([planned(step)]);
    return remember(request, await interactively(request), false);
  };

  /** Settles a step: its primary outcome, then every resource waiting on it (new ones may join meanwhile). */
  const settle = async (step: Step, outcome: Result<TokenGrant>): Promise<void> => {
    step.outcome = outcome;
    const [first] = step.resources;
    for (let i = 0; i < step.resources.length; i += 1) {
      const resource = step.resources[i] as TokenResource;
      const result = !outcome.ok || resource === first ? outcome : await redeem(step, resource, true);
      step.waiting.get(resource)?.resolve(result);
    }
    step.state = 'settled';
  };

  /** The step's request for the resource that asked first (it gets the interactive sign-in). */
  const forPrimary = (step: Step): AcquireOptions => ({ ...step.request, resource: step.resources[0] ?? 'graph' });

  const barrierOpen = (): boolean => expected.every((roleId) => finished.has(roleId) || (waitingRoles.get(roleId) ?? 0) > 0);

  const runBatch = async (): Promise<void> => {
    batchRunning = true;
    const batch = queued.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
    queued = [];
    for (const step of batch) {
      step.state = 'running';
    }
    // One silent attempt per context (a prompt=login step has none): what the session proves needs no prompt.
    const silent = await Promise.all(
      batch.map((step) => (step.request.prompt === undefined ? silently(forPrimary(step)) : Promise.resolve(null))),
    );
    const toPrompt: Step[] = [];
    const settling: Promise<void>[] = [];
    batch.forEach((step, index) => {
      const attempt = silent[index] ?? null;
      if (attempt === null || needsInteraction(attempt)) {
        toPrompt.push(step);
      } else {
        settling.push(settle(step, remember(forPrimary(step), attempt, true)));
      }
    });
    await Promise.all(settling);
    if (toPrompt.length > 0) {
      options.onPlan?.(toPrompt.map(planned));
    }
    for (const step of toPrompt) {
      const request = forPrimary(step);
      await settle(step, remember(request, await interactively(request), true));
    }
    batchRunning = false;
    schedule();
  };

  /** Starts the next batch once nothing runs and every expected role has asked or finished. */
  function schedule(): void {
    void Promise.resolve().then(() => {
      if (!batchRunning && queued.length > 0 && barrierOpen()) {
        void runBatch();
      }
    });
  }

  /** What identifies a step-up, without the resource and per-call switches (it is asked for each resource alike). */
  const stepRequest = (request: AcquireOptions): AcquireOptions =>
    Object.fromEntries(
      Object.entries(request).filter(([key]) => !['resource', 'forceRefresh', 'allowInteractive', 'skipSilent'].includes(key)),
    ) as AcquireOptions;

  const stepUp = (request: AcquireOptions, resource: TokenResource, roleId: string | undefined): Promise<Result<TokenGrant>> => {
    const key = stepUpKey(request);
    let step = steps.get(key);
    if (step === undefined) {
      step = {
        key,
        request: stepRequest(request),
        resources: [],
        waiting: new Map(),
        roleIds: new Set(),
        rank: Number.POSITIVE_INFINITY,
        seq: (sequence += 1),
        state: 'queued',
        outcome: null,
      };
      steps.set(key, step);
      queued.push(step);
    }
    if (roleId !== undefined) {
      step.roleIds.add(roleId);
      const index = expected.indexOf(roleId);
      step.rank = Math.min(step.rank, index === -1 ? Number.POSITIVE_INFINITY : index);
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
      late.resolve(outcome.ok ? redeem(step, resource, true) : outcome);
      return late.promise;
    }
    const waiter = known ?? deferred<Result<TokenGrant>>();
    if (known === undefined) {
      step.waiting.set(resource, waiter);
      step.resources.push(resource);
    }
    if (roleId !== undefined) {
      waitingRoles.set(roleId, (waitingRoles.get(roleId) ?? 0) + 1);
      void waiter.promise.then(() => {
        waitingRoles.set(roleId, (waitingRoles.get(roleId) ?? 1) - 1);
      });
    }
    schedule();
    return waiter.promise;
  };

  /** A plain token (or a forced refresh): silently, or interactively in turn when there is no session. */
  const plain = async (request: AcquireOptions, roleId: string | undefined): Promise<Result<TokenGrant>> => {
    const first = await silently(request);
    if (!needsInteraction(first) || request.allowInteractive === false) {
      return remember(request, first, false);
    }
    if (isStepUp(request)) {
      // A step-up token the service refused and the session cannot renew: a prompt outside the plan, so announce it.
      options.onPlan?.([{ purpose: request.purpose, contexts: request.contexts ?? [], roleIds: roleId === undefined ? [] : [roleId] }]);
    }
    return remember(request, await interactively(request), false);
  };

  return {
    token(request, roleId) {
      const resource = request.resource ?? 'graph';
      if (isStepUp(request) && request.forceRefresh !== true && request.allowInteractive !== false) {
        return stepUp(request, resource, roleId);
      }
      const slot = `${resource}#${isStepUp(request) ? stepUpKey(request) : ''}`;
      const existing = held.get(slot);
      if (existing !== undefined && request.forceRefresh !== true) {
        return existing;
      }
      // A forced refresh (the service refused the token) replaces what this run held for it.
      const attempt = plain({ ...request, resource }, roleId);
      held.set(slot, attempt);
      return attempt;
    },
    expect(roleIds) {
      expected.push(...roleIds.filter((id) => !expected.includes(id)));
    },
    done(roleId) {
      finished.add(roleId);
      schedule();
    },
    stepUps: () => [...evidence.entries()].map(([key, entry]) => ({ ...entry, roleIds: [...(steps.get(key)?.roleIds ?? [])] })),
    contextsProven: () => [...new Set([...evidence.values()].flatMap((entry) => entry.contexts))].sort(),
    latestEvidence: () => latest,
  };
}
