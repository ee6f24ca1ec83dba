/**
 * The step-up coordinator with several challenges in flight together. The auth service is
 * replaced by a stand-in with the real one's contract (silent first; one interactive sign-in at
 * a time; the same claims join it; a different one is refused with `auth/busy`), whose
 * sign-ins the test finishes one by one, so every interleaving below is forced, not hoped for. Time is the fake
 * clock's: "nothing happened for 20 ms" means 20 ms of the coordinator's own timers passed with every pending promise
 * settled, never a real wait that a loaded machine could cut short.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appError } from '../../../../src/shared/errors';
import type { Result } from '../../../../src/shared/result';
import { err, ok } from '../../../../src/shared/result';
import type { AcquireOptions, AuthService, TokenGrant } from '../../../../src/core/auth/auth-service';
import { acrsClaimsRequest, contextsFromClaims } from '../../../../src/core/auth/claims-challenge';
import { createInteractiveLane, createStepUpCoordinator } from '../../../../src/core/engine/step-up-coordinator';

type Open = { readonly claims: string; finish(outcome?: 'ok' | 'cancelled'): void };

/** An auth service whose silent answers come from `session` and whose sign-ins wait for the test. */
function fakeAuth(options: { readonly alsoGrants?: Readonly<Record<string, readonly string[]>> } = {}) {
  const session = new Set<string>();
  const open: Open[] = [];
  let pending: { claims: string; promise: Promise<Result<TokenGrant>> } | null = null;
  let prompts = 0;
  let busy = 0;
  let maxOpen = 0;
  const grant = (claims: string, interactive: boolean): TokenGrant => ({
    accessToken: `token:${claims}:${String(prompts)}`,
    interactive,
    evidence: {
      methods: ['pwd', 'fido', 'mfa'],
      contexts: contextsFromClaims(claims) ?? [],
      authenticatedAt: '2026-12-03T00:00:00.000Z',
      expiresAt: null,
      tenantId: null,
      username: null,
    },
  });
  const auth: Pick<AuthService, 'acquire' | 'prompts'> = {
    prompts: () => prompts,
    acquire: async (request: AcquireOptions): Promise<Result<TokenGrant>> => {
      await Promise.resolve();
      const claims = request.claims ?? '';
      if (pending?.claims === claims) {
        return pending.promise;
      }
      if (request.prompt === undefined && session.has(claims)) {
        return ok(grant(claims, false));
      }
      if (request.allowInteractive === false) {
        return err(appError('auth/not-signed-in', 'interaction needed'));
      }
      if (pending !== null) {
        busy += 1;
        return err(appError('auth/busy', 'Another sign-in is already waiting in your browser.'));
      }
      prompts += 1;
      const promise = new Promise<Result<TokenGrant>>((resolve) => {
        const entry: Open = {
          claims,
          finish: (outcome = 'ok') => {
            open.splice(open.indexOf(entry), 1);
            pending = null;
            if (outcome === 'cancelled') {
              resolve(err(appError('auth/cancelled', 'Sign-in was cancelled.')));
              return;
            }
            session.add(claims);
            for (const extra of options.alsoGrants?.[claims] ?? []) {
              session.add(extra);
            }
            resolve(ok(grant(claims, true)));
          },
        };
        open.push(entry);
        maxOpen = Math.max(maxOpen, open.length);
      });
      pending = { claims, promise };
      return promise;
    },
  };
  return { auth, open, session, stats: () => ({ prompts, busy, maxOpen }) };
}

const stepUp = (context: string): AcquireOptions => ({
  purpose: 'step-up',
  claims: acrsClaimsRequest([context]),
  contexts: [{ id: context, displayName: `Context ${context}` }],
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets `ms` of fake time pass, settling every promise on the way. */
const elapse = (ms: number): Promise<void> => vi.advanceTimersByTimeAsync(ms).then(() => undefined);

/** Waits until a sign-in is open (the coordinator's silent attempts take a few turns). */
async function nextOpen(open: readonly Open[]): Promise<Open> {
  for (let i = 0; i < 200; i += 1) {
    if (open.length > 0) {
      await elapse(5);
      // Still exactly one: nobody opened a second one meanwhile.
      expect(open).toHaveLength(1);
      const first = open[0];
      if (first !== undefined) {
        return first;
      }
    }
    await elapse(2);
  }
  throw new Error('no sign-in opened');
}

const contextOf = (entry: Open): string => (contextsFromClaims(entry.claims) ?? []).join();

describe('step-up coordinator', () => {
  it('queues challenges for three contexts instead of refusing them: one sign-in at a time, one prompt each', async () => {
    const fake = fakeAuth();
    const coordinator = createStepUpCoordinator({ auth: fake.auth });
    const results = Promise.all([
      coordinator.token(stepUp('c1'), 'ga'),
      coordinator.token(stepUp('c2'), 'pra'),
      coordinator.token(stepUp('c3'), 'sec'),
      coordinator.token(stepUp('c2'), 'groups-owner'),
    ]);
    const order: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      const entry = await nextOpen(fake.open);
      order.push(contextOf(entry));
      entry.finish();
    }
    const [ga, pra, sec, owner] = await results;
    expect(order.sort()).toEqual(['c1', 'c2', 'c3']);
    expect([ga, pra, sec, owner].every((r) => r.ok)).toBe(true);
    expect(fake.stats()).toEqual({ prompts: 3, busy: 0, maxOpen: 1 });
    // The two roles behind c2 share one token.
    expect(pra.ok && owner.ok && pra.value.accessToken === owner.value.accessToken).toBe(true);
    expect(coordinator.contextsProven()).toEqual(['c1', 'c2', 'c3']);
    const c2 = coordinator.stepUps().find((s) => s.asked[0]?.id === 'c2');
    expect([...(c2?.roleIds ?? [])].sort()).toEqual(['groups-owner', 'pra']);
    expect(c2?.methods).toEqual(['pwd', 'fido', 'mfa']);
    expect(c2?.interactive).toBe(true);
  });

  it('lets a challenge for the same context join the sign-in in flight', async () => {
    const fake = fakeAuth();
    const coordinator = createStepUpCoordinator({ auth: fake.auth });
    const first = coordinator.token(stepUp('c1'), 'a');
    const entry = await nextOpen(fake.open);
    const joined = coordinator.token(stepUp('c1'), 'b');
    entry.finish();
    const [a, b] = await Promise.all([first, joined]);
    expect(a.ok && b.ok && a.value.accessToken === b.value.accessToken).toBe(true);
    expect(fake.stats().prompts).toBe(1);
  });

  it('after each sign-in, a waiting role first tries silently with what the run earned', async () => {
    // Signing in for c1 also satisfies c3 (e.g. a passwordless sign-in within c3's window).
    const fake = fakeAuth({ alsoGrants: { [acrsClaimsRequest(['c1'])]: [acrsClaimsRequest(['c3'])] } });
    const coordinator = createStepUpCoordinator({ auth: fake.auth });
    const c1 = coordinator.token(stepUp('c1'), 'ga');
    const entry = await nextOpen(fake.open);
    expect(contextOf(entry)).toBe('c1');
    const c3 = coordinator.token(stepUp('c3'), 'sec');
    // c3's own silent attempt fails (nothing earned yet), so it waits its turn behind c1.
    await elapse(20);
    expect(fake.open).toHaveLength(1);
    entry.finish();
    const [r1, r3] = await Promise.all([c1, c3]);
    expect(r1.ok && r3.ok).toBe(true);
    expect(r3.ok && r3.value.interactive).toBe(false);
    expect(fake.stats().prompts).toBe(1);
    expect(coordinator.stepUps().map((s) => [s.asked[0]?.id, s.interactive])).toEqual([
      ['c1', true],
      ['c3', false],
    ]);
  });

  it('a cancelled step-up fails only its context, the next context still gets its turn, and it is not asked again', async () => {
    const fake = fakeAuth();
    const coordinator = createStepUpCoordinator({ auth: fake.auth });
    const c1 = coordinator.token(stepUp('c1'), 'ga');
    const c2 = coordinator.token(stepUp('c2'), 'pra');
    const first = await nextOpen(fake.open);
    const firstContext = contextOf(first);
    first.finish('cancelled');
    const second = await nextOpen(fake.open);
    second.finish();
    const byContext = new Map([
      ['c1', await c1],
      ['c2', await c2],
    ]);
    const cancelled = byContext.get(firstContext);
    expect(!cancelled?.ok && cancelled?.error.code).toBe('auth/cancelled');
    expect(byContext.get(contextOf(second))?.ok).toBe(true);
    // Another role behind the cancelled context, later in the same run: the same answer, no new prompt.
    const again = await coordinator.token(stepUp(firstContext), 'late');
    expect(!again.ok && again.error.code).toBe('auth/cancelled');
    expect(fake.stats()).toEqual({ prompts: 2, busy: 0, maxOpen: 1 });
    expect(coordinator.contextsProven()).toEqual([contextOf(second)]);
  });

  it('waits for a sign-in the person started elsewhere instead of failing with auth/busy', async () => {
    const fake = fakeAuth();
    const coordinator = createStepUpCoordinator({ auth: fake.auth, busyPollMs: 10 });
    // The person's own sign-in (outside the run) is open first.
    const theirs = fake.auth.acquire({ purpose: 'sign-in' });
    const open = await nextOpen(fake.open);
    const ours = coordinator.token(stepUp('c1'), 'ga');
    await elapse(60);
    expect(fake.stats().busy).toBeGreaterThan(0);
    open.finish();
    expect((await theirs).ok).toBe(true);
    const next = await nextOpen(fake.open);
    expect(contextOf(next)).toBe('c1');
    next.finish();
    expect((await ours).ok).toBe(true);
  });

  it('shares one lane between runs: two runs never open two sign-ins at once', async () => {
    const fake = fakeAuth();
    const lane = createInteractiveLane();
    const runA = createStepUpCoordinator({ auth: fake.auth, lane });
    const runB = createStepUpCoordinator({ auth: fake.auth, lane });
    const a = runA.token(stepUp('c1'));
    const b = runB.token(stepUp('c2'));
    for (let n = 0; n < 2; n += 1) {
      (await nextOpen(fake.open)).finish();
    }
    expect((await a).ok && (await b).ok).toBe(true);
    expect(fake.stats()).toEqual({ prompts: 2, busy: 0, maxOpen: 1 });
  });
});

describe('step-up coordinator: by context', () => {
  it('waits for every expected role, plans once in request order, and redeems each sign-in for the other resource before the next prompt', async () => {
    const fake = fakeAuth();
    const asked: string[] = [];
    const acquire = fake.auth.acquire;
    const auth: typeof fake.auth = {
      ...fake.auth,
      acquire: (request) => {
        asked.push(
          `${request.resource ?? 'graph'}:${(contextsFromClaims(request.claims ?? '') ?? []).join()}:${request.allowInteractive === false ? 'silent' : 'prompt'}`,
        );
        return acquire(request);
      },
    };
    const plans: string[][] = [];
    const coordinator = createStepUpCoordinator({
      auth,
      onPlan: (prompts) => plans.push(prompts.map((p) => p.contexts.map((c) => c.id).join())),
    });
    coordinator.expect(['owner', 'exchange', 'ga', 'reader']);
    const owner = coordinator.token({ ...stepUp('c7'), resource: 'arm' }, 'owner');
    const exchange = coordinator.token(stepUp('c3'), 'exchange');
    const ga = coordinator.token(stepUp('c7'), 'ga');
    // The reader is still submitting with its plain token: nothing is asked until it is done.
    await elapse(20);
    expect(asked).toEqual([]);
    coordinator.done('reader');
    const first = await nextOpen(fake.open);
    expect(plans).toEqual([['c7', 'c3']]);
    expect(contextOf(first)).toBe('c7');
    first.finish();
    const second = await nextOpen(fake.open);
    expect(contextOf(second)).toBe('c3');
    // Before c3's prompt, c7's sign-in was already redeemed for Graph.
    expect(asked).toEqual(['arm:c7:silent', 'graph:c3:silent', 'arm:c7:prompt', 'graph:c7:silent', 'graph:c3:prompt']);
    second.finish();
    const results = await Promise.all([owner, exchange, ga]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.stats()).toEqual({ prompts: 2, busy: 0, maxOpen: 1 });
    // A later role asking for c7 on Graph gets the token held for the run: nothing more is asked.
    const late = await coordinator.token(stepUp('c7'), 'late');
    expect(late.ok).toBe(true);
    expect(asked).toHaveLength(5);
  });
});
