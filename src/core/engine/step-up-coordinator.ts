/**
 * The step-up coordinator: one per activation run, and the only way the run asks for a token.
 *
 * Why it exists: several roles of one run are submitted together, so several challenges (for
 * different contexts, in any of the service's forms) arrive together. The auth service allows one
 * interactive sign-in at a time and refuses a second one with `auth/busy`, which is right for a
 * sign-in a person starts, and wrong for roles of one run. Here:
 * - one interactive sign-in at a time (the lane); a request for another context waits its turn;
 * - a request for the same claims joins the one queued or in flight, so any number of roles
 *   costs at most one prompt per distinct context;
 * - before each prompt a waiting request first tries silently, when a sign-in finished since it
 *   last tried: the tokens (and the session) this run already earned may satisfy it;
 * - each claims request is settled once per run (success or failure): a cancelled step-up fails
 *   only the roles that need that context, and is not asked again in the same run;
 * - what each step-up proved (contexts, methods, times) is kept for the report.
 */
import type { StepUpEvidence } from '../../shared/domain/activation';
import type { AuthEvidence } from '../../shared/domain/session';
import type { Result } from '../../shared/result';
import type { AcquireOptions, AuthService, TokenGrant } from '../auth/auth-service';

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

export type StepUpCoordinatorOptions = {
  readonly auth: Pick<AuthService, 'acquire'>;
  /** Default: a lane of this run alone. */
  readonly lane?: InteractiveLane;
  readonly now?: () => Date;
  /**
   * How long a prompt of this run waits for a sign-in someone else started (answered `auth/busy`)
   * before giving up with that answer; polled every `busyPollMs`.
   */
  readonly busyWaitMs?: number;
  readonly busyPollMs?: number;
};

export type StepUpCoordinator = {
  /**
   * A token for `options`, silently when possible, interactively in turn otherwise. `roleId`
   * names the role it is for (evidence only).
   */
  token(options: AcquireOptions, roleId?: string): Promise<Result<TokenGrant>>;
  /** Each step-up (claims or fresh sign-in) this run obtained, in order. */
  stepUps(): StepUpEvidence[];
  /** Every context a token of this run proved, sorted. */
  contextsProven(): string[];
  /** Evidence of the newest token obtained. */
  latestEvidence(): AuthEvidence | null;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims and prompt identify a sign-in: two requests with the same key need the same token. */
export const stepUpKey = (options: Pick<AcquireOptions, 'claims' | 'prompt' | 'resource'>): string =>
  `${options.resource ?? 'graph'}|${options.claims ?? ''}|${options.prompt ?? ''}`;

const isStepUp = (options: AcquireOptions): boolean => options.claims !== undefined || options.prompt !== undefined;

/** The same request without `forceRefresh` (a refresh is tried once, silently, never interactively). */
export function withoutRefresh(options: AcquireOptions): AcquireOptions {
  return Object.fromEntries(Object.entries(options).filter(([key]) => key !== 'forceRefresh')) as AcquireOptions;
}

export function createStepUpCoordinator(options: StepUpCoordinatorOptions): StepUpCoordinator {
  const { auth } = options;
  const lane = options.lane ?? createInteractiveLane();
  const now = options.now ?? (() => new Date());
  const busyWaitMs = options.busyWaitMs ?? 300_000;
  const busyPollMs = options.busyPollMs ?? 500;
  /** Each key's settlement for this run: joined while pending, reused once settled. */
  const settled = new Map<string, Promise<Result<TokenGrant>>>();
  const evidence = new Map<string, StepUpEvidence>();
  const rolesByKey = new Map<string, Set<string>>();
  let latest: AuthEvidence | null = null;

  const silently = (request: AcquireOptions): Promise<Result<TokenGrant>> => auth.acquire({ ...request, allowInteractive: false });
  const needsInteraction = (result: Result<TokenGrant>): boolean => !result.ok && result.error.code === 'auth/not-signed-in';

  /** The interactive call, waiting (bounded) while a sign-in that someone else started is open. */
  const interactively = async (request: AcquireOptions): Promise<Result<TokenGrant>> => {
    const deadline = Date.now() + busyWaitMs;
    for (;;) {
      const result = await auth.acquire(request);
      if (result.ok || result.error.code !== 'auth/busy' || Date.now() + busyPollMs > deadline) {
        return result;
      }
      await sleep(busyPollMs);
    }
  };

  const remember = (key: string, request: AcquireOptions, result: Result<TokenGrant>): Result<TokenGrant> => {
    if (!result.ok) {
      return result;
    }
    if (isStepUp(request) || latest === null) {
      latest = result.value.evidence ?? latest;
    }
    if (result.value.interactive) {
      lane.signedIn();
    }
    if (isStepUp(request) && !evidence.has(key)) {
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

  const obtain = async (key: string, request: AcquireOptions): Promise<Result<TokenGrant>> => {
    const wantsPrompt = request.allowInteractive !== false;
    const fresh = request.prompt === 'login';
    const seen = lane.signIns();
    if (!fresh) {
      const first = await silently(request);
      if (!needsInteraction(first) || !wantsPrompt) {
        return remember(key, request, first);
      }
    }
    return lane.run(async () => {
      if (!fresh && lane.signIns() !== seen) {
        // A sign-in finished while this one waited: what it earned may be enough.
        const again = await silently(withoutRefresh(request));
        if (!needsInteraction(again)) {
          return remember(key, request, again);
        }
      }
      // Silent was just tried (above, or before queueing): straight to the browser.
      return remember(key, request, await interactively({ ...withoutRefresh(request), skipSilent: true }));
    });
  };

  return {
    token(request, roleId) {
      const key = stepUpKey(request);
      if (roleId !== undefined) {
        const roles = rolesByKey.get(key) ?? new Set<string>();
        roles.add(roleId);
        rolesByKey.set(key, roles);
      }
      const existing = settled.get(key);
      if (existing !== undefined && request.forceRefresh !== true) {
        return existing;
      }
      // A forced refresh (Graph refused the token) replaces what this key had settled to.
      const attempt = obtain(key, request);
      settled.set(key, attempt);
      return attempt;
    },
    stepUps: () => [...evidence.entries()].map(([key, entry]) => ({ ...entry, roleIds: [...(rolesByKey.get(key) ?? [])] })),
    contextsProven: () => [...new Set([...evidence.values()].flatMap((entry) => entry.contexts))].sort(),
    latestEvidence: () => latest,
  };
}
