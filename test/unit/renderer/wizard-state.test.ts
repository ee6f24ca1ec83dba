import { describe, expect, it } from 'vitest';
import { appError } from '../../../src/shared/errors';
import type { ActivationRequest } from '../../../src/shared/domain/activation';
import { err, ok } from '../../../src/shared/result';
import { IllegalTransitionError, initialState, reduce } from '../../../src/renderer/wizard/wizard-state';
import type { WizardEvent, WizardState } from '../../../src/renderer/wizard/wizard-state';
import { CATALOG, NO_STEP_UP_PLAN, SESSION, STEP_UP_PLAN } from './fixtures';

const AT = '2026-11-25T14:00:00.000Z';

function run(events: readonly WizardEvent[], from: WizardState = initialState()): WizardState {
  return events.reduce(reduce, from);
}

const signedIn: readonly WizardEvent[] = [
  { type: 'session-loaded', result: ok(SESSION) },
  { type: 'catalog-loaded', result: ok(CATALOG) },
];

const request = (roleIds: readonly string[]): ActivationRequest => ({ roleIds, duration: 'PT1H', justification: 'Incident 42' });

function atActivate(roleIds: readonly string[]): WizardState {
  return run([...signedIn, ...roleIds.map((roleId): WizardEvent => ({ type: 'role-toggled', roleId })), { type: 'continue-to-activate' }]);
}

describe('wizard reducer: sign-in and roles', () => {
  it('starts on sign-in and opens on home (My roles) as soon as a session is known, with no interstitial', () => {
    const start = initialState();
    expect(start.step.kind).toBe('sign-in');
    expect(reduce(start, { type: 'session-loaded', result: ok(null) }).step.kind).toBe('sign-in');
    expect(reduce(start, { type: 'session-loaded', result: ok(SESSION) }).step.kind).toBe('roles');
    const signedIn = run([
      { type: 'session-loaded', result: ok(null) },
      { type: 'sign-in-started' },
      { type: 'sign-in-finished', result: ok(SESSION) },
    ]);
    expect(signedIn.step.kind).toBe('roles');
    // Home has no Back: there is no earlier step to go back to.
    expect(() => reduce(signedIn, { type: 'back' })).toThrow(IllegalTransitionError);
  });

  it('"Activate favourites" selects the favourites that can be activated now and opens the form in one action', () => {
    const home = run(
      [
        { type: 'favourite-toggled', roleId: 'ga' },
        { type: 'favourite-toggled', roleId: 'hd' },
      ],
      run(signedIn),
    );
    const form = reduce(home, { type: 'favourites-chosen' });
    expect(form.step.kind).toBe('activate');
    expect(form.shared.selection).toEqual(['ga', 'hd']);
    expect(() => reduce(run(signedIn), { type: 'favourites-chosen' })).toThrow(IllegalTransitionError);
  });

  it('keeps a failed sign-in as an error on the sign-in step and announces it', () => {
    const error = appError('auth/cancelled', 'Sign-in was cancelled.');
    const state = run([
      { type: 'session-loaded', result: ok(null) },
      { type: 'sign-in-started' },
      { type: 'sign-in-finished', result: err(error) },
    ]);
    expect(state.step).toEqual({ kind: 'sign-in', busy: false, error });
    expect(state.shared.announcement).toBe('Sign-in was cancelled.');
  });

  it('toggles selection only on the roles step and refuses to continue with none', () => {
    const roles = run(signedIn);
    expect(() => reduce(roles, { type: 'continue-to-activate' })).toThrow(IllegalTransitionError);
    const picked = run(
      [
        { type: 'role-toggled', roleId: 'ga' },
        { type: 'role-toggled', roleId: 'hd' },
        { type: 'role-toggled', roleId: 'ga' },
      ],
      roles,
    );
    expect(picked.shared.selection).toEqual(['hd']);
    expect(() => reduce(initialState(), { type: 'role-toggled', roleId: 'ga' })).toThrow(IllegalTransitionError);
  });

  it('drops selections that vanish from a refreshed catalog', () => {
    const picked = run(
      [
        { type: 'role-toggled', roleId: 'ga' },
        { type: 'role-toggled', roleId: 'gone' },
      ],
      run(signedIn),
    );
    const refreshed = reduce(picked, { type: 'catalog-loaded', result: ok(CATALOG) });
    expect(refreshed.shared.selection).toEqual(['ga']);
  });

  it('returns to sign-in and forgets the catalog when the session ends', () => {
    const state = reduce(run(signedIn), { type: 'session-changed', session: null });
    expect(state.step.kind).toBe('sign-in');
    expect(state.shared.catalog.status).toBe('idle');
  });
});

describe('wizard reducer: activate and plan', () => {
  it('ignores a plan answer that is not the newest request', () => {
    let state = atActivate(['ga']);
    state = reduce(state, { type: 'plan-requested', seq: 1 });
    state = reduce(state, { type: 'plan-requested', seq: 2 });
    state = reduce(state, { type: 'plan-loaded', seq: 1, result: ok(NO_STEP_UP_PLAN) });
    expect(state.step.kind === 'activate' && state.step.plan.status).toBe('loading');
    state = reduce(state, { type: 'plan-loaded', seq: 2, result: ok(STEP_UP_PLAN) });
    expect(state.step.kind === 'activate' && state.step.plan).toEqual({ status: 'loaded', value: STEP_UP_PLAN });
  });

  it('explains the step-up first when the plan needs one, and remembers the reason in memory', () => {
    const state = reduce(atActivate(['ga', 'ca']), {
      type: 'activation-requested',
      request: request(['ga', 'ca']),
      plan: STEP_UP_PLAN,
      at: AT,
    });
    expect(state.step.kind).toBe('step-up');
    expect(state.shared.recentReasons).toEqual(['Incident 42']);
    if (state.step.kind === 'step-up') {
      expect(state.step.run.rows.map((r) => r.displayName)).toEqual(['Global Administrator', 'Conditional Access Administrator']);
      expect(state.step.run.evidenceBefore).toEqual(SESSION.evidence);
      expect(state.step.run.inFlight).toBe(false);
    }
  });

  it('goes straight to progress when no step-up is needed', () => {
    const state = reduce(atActivate(['hd']), { type: 'activation-requested', request: request(['hd']), plan: NO_STEP_UP_PLAN, at: AT });
    expect(state.step.kind).toBe('progress');
  });

  it('keeps at most five distinct recent reasons, newest first', () => {
    let state = atActivate(['hd']);
    for (const reason of ['a1111', 'b2222', 'c3333', 'a1111', 'd4444', 'e5555', 'f6666']) {
      state = reduce(state, {
        type: 'activation-requested',
        request: { ...request(['hd']), justification: reason },
        plan: STEP_UP_PLAN,
        at: AT,
      });
      state = reduce(state, { type: 'back' });
    }
    expect(state.shared.recentReasons).toEqual(['f6666', 'e5555', 'd4444', 'a1111', 'c3333']);
  });
});

describe('wizard reducer: runs', () => {
  const stepUp = (): WizardState =>
    reduce(atActivate(['ga', 'ca']), { type: 'activation-requested', request: request(['ga', 'ca']), plan: STEP_UP_PLAN, at: AT });

  it('refuses a second start while a run is in flight (no double submission)', () => {
    const started = reduce(stepUp(), { type: 'run-started', roleIds: ['ga', 'ca'], at: AT });
    expect(() => reduce(started, { type: 'run-started', roleIds: ['ga', 'ca'], at: AT })).toThrow(IllegalTransitionError);
    expect(() => reduce(started, { type: 'back' })).toThrow(IllegalTransitionError);
    expect(() => reduce(started, { type: 'continue-to-done' })).toThrow(IllegalTransitionError);
  });

  it('records each phase with its time, ignores repeats and other roles, and announces it', () => {
    let state = reduce(stepUp(), { type: 'run-started', roleIds: ['ga', 'ca'], at: AT });
    const progress = (roleId: string, phase: 'submitting' | 'provisioning' | 'active', at: string) =>
      ({ type: 'progress-received', progress: { runId: 'r1', roleId, phase, at, requestId: `req-${roleId}` } }) as const;
    state = run(
      [
        progress('ga', 'submitting', '2026-11-25T14:00:01Z'),
        progress('ga', 'submitting', '2026-11-25T14:00:02Z'),
        progress('ga', 'provisioning', '2026-11-25T14:00:03Z'),
        progress('ga', 'active', '2026-11-25T14:00:04Z'),
        progress('someone-else', 'active', '2026-11-25T14:00:04Z'),
      ],
      state,
    );
    expect(state.shared.announcement).toBe('Global Administrator: active.');
    if (state.step.kind !== 'step-up') {
      throw new Error('expected step-up');
    }
    const ga = state.step.run.rows.find((r) => r.roleId === 'ga');
    expect(ga?.marks).toEqual([
      { phase: 'submitting', at: '2026-11-25T14:00:01Z' },
      { phase: 'provisioning', at: '2026-11-25T14:00:03Z' },
      { phase: 'active', at: '2026-11-25T14:00:04Z' },
    ]);
    expect(ga?.requestId).toBe('req-ga');
    expect(state.step.run.rows).toHaveLength(2);
  });

  it('brings the step-up to the front when the engine asks for one mid-run', () => {
    let state = reduce(atActivate(['hd']), { type: 'activation-requested', request: request(['hd']), plan: NO_STEP_UP_PLAN, at: AT });
    state = reduce(state, { type: 'run-started', roleIds: ['hd'], at: AT });
    state = reduce(state, {
      type: 'sign-in-state',
      state: { phase: 'waiting', purpose: 'step-up', contexts: [{ id: 'c1', displayName: 'Tier 0' }], startedAt: AT, timeoutAt: AT },
    });
    expect(state.step.kind).toBe('step-up');
  });

  it('keeps a failed run on screen with its error and allows going back to change the request', () => {
    const error = appError('auth/cancelled', 'The step-up was cancelled; nothing was submitted.');
    let state = reduce(stepUp(), { type: 'run-started', roleIds: ['ga', 'ca'], at: AT });
    state = reduce(state, { type: 'run-finished', at: '2026-12-07T12:00:00.000Z', roleIds: ['ga', 'ca'], result: err(error) });
    expect(state.step.kind === 'step-up' && state.step.run.error).toEqual(error);
    expect(state.step.kind === 'step-up' && state.step.run.rows.every((r) => r.error === error)).toBe(true);
    expect(reduce(state, { type: 'back' }).step.kind).toBe('activate');
  });

  it('takes outcomes from the report, counts prompts, and summarises for the live region', () => {
    let state = reduce(stepUp(), { type: 'run-started', roleIds: ['ga', 'ca'], at: AT });
    state = reduce(state, {
      type: 'run-finished',
      at: '2026-12-07T12:00:00.000Z',
      roleIds: ['ga', 'ca'],
      result: ok({
        runId: 'r1',
        prompts: 1,
        evidence: { ...SESSION.evidence!, contexts: ['c1'] },
        contextsProven: ['c1'],
        stepUps: [
          {
            purpose: 'step-up',
            asked: [{ id: 'c1', displayName: 'Tier 0 admin' }],
            contexts: ['c1'],
            methods: ['rsa', 'ngcmfa', 'mfa'],
            authenticatedAt: '2026-11-25T14:02:00Z',
            obtainedAt: '2026-11-25T14:02:01Z',
            interactive: true,
            roleIds: ['ga'],
          },
        ],
        outcomes: [
          {
            roleId: 'ga',
            displayName: 'Global Administrator',
            status: 'active',
            requestId: 'q1',
            endDateTime: '2026-11-25T16:00:00Z',
            elapsedMs: 900,
          },
          { roleId: 'ca', displayName: 'Conditional Access Administrator', status: 'pending-approval', requestId: 'q2', elapsedMs: 800 },
        ],
      }),
    });
    expect(state.shared.announcement).toBe('Activation finished: 1 active, 1 pending approval.');
    const done = reduce(reduce(state, { type: 'continue-to-progress' }), { type: 'continue-to-done' });
    expect(done.step.kind).toBe('done');
    if (done.step.kind === 'done') {
      expect(done.step.run.prompts).toBe(1);
      expect(done.step.run.evidenceAfter?.contexts).toEqual(['c1']);
      // The Done screen lists every step-up of the run, not only the last token's evidence.
      expect(done.step.run.stepUps.map((s) => [s.asked[0]?.id, s.methods.join()])).toEqual([['c1', 'rsa,ngcmfa,mfa']]);
      expect(done.step.run.rows.map((r) => r.marks.at(-1)?.phase)).toEqual(['active', 'pending-approval']);
    }
  });

  it('retries only the named roles, leaving the others as they were', () => {
    let state = reduce(stepUp(), { type: 'run-started', roleIds: ['ga', 'ca'], at: AT });
    state = reduce(state, {
      type: 'run-finished',
      at: '2026-12-07T12:00:00.000Z',
      roleIds: ['ga', 'ca'],
      result: ok({
        runId: 'r1',
        prompts: 1,
        evidence: null,
        contextsProven: [],
        stepUps: [],
        outcomes: [
          { roleId: 'ga', displayName: 'Global Administrator', status: 'active', elapsedMs: 1 },
          {
            roleId: 'ca',
            displayName: 'Conditional Access Administrator',
            status: 'failed',
            error: appError('graph/throttled', 'Busy.', { retryable: true }),
            elapsedMs: 1,
          },
        ],
      }),
    });
    state = reduce(state, { type: 'run-started', roleIds: ['ca'], at: AT });
    if (state.step.kind !== 'step-up') {
      throw new Error('expected step-up');
    }
    expect(state.step.run.rows.find((r) => r.roleId === 'ga')?.outcome?.status).toBe('active');
    expect(state.step.run.rows.find((r) => r.roleId === 'ca')).toMatchObject({ outcome: null, error: null, marks: [] });
  });

  it('records deactivations per role on the done step and on My roles, never mid-run', () => {
    let state = reduce(stepUp(), { type: 'run-started', roleIds: ['ga', 'ca'], at: AT });
    expect(() => reduce(state, { type: 'deactivation-started', roleId: 'ga' })).toThrow(IllegalTransitionError);
    state = reduce(state, {
      type: 'run-finished',
      at: '2026-12-07T12:00:00.000Z',
      roleIds: ['ga', 'ca'],
      result: ok({ runId: 'r', prompts: 0, evidence: null, contextsProven: [], stepUps: [], outcomes: [] }),
    });
    state = reduce(state, { type: 'continue-to-done' });
    state = reduce(state, { type: 'deactivation-started', roleId: 'ga' });
    state = reduce(state, { type: 'deactivation-finished', roleId: 'ga', result: ok({ roleId: 'ga', status: 'deactivated' }) });
    expect(state.shared.deactivations['ga']).toEqual({
      status: 'loaded',
      value: { roleId: 'ga', status: 'deactivated' },
    });
    expect(state.shared.announcement).toBe('Global Administrator is deactivated.');
    const tooSoon = reduce(state, {
      type: 'deactivation-finished',
      roleId: 'ca',
      result: err(appError('pim/active-duration-too-short', 'Wait five minutes.')),
    });
    expect(tooSoon.shared.announcement).toBe('Conditional Access Administrator was not deactivated. Wait five minutes.');
    expect(reduce(tooSoon, { type: 'start-over' })).toMatchObject({
      step: { kind: 'roles' },
      shared: { selection: [], query: '', filter: 'all' },
    });
  });
});
