/**
 * Results: a headline that tells the truth, retries named as retries, and the automatic retry of
 * a short throttle (once, and never after the admin stopped it).
 */
import { describe, expect, it } from 'vitest';
import { appError } from '../../../src/shared/errors';
import type { ActivationOutcome } from '../../../src/shared/domain/activation';
import { ok } from '../../../src/shared/result';
import { resultHeadline } from '../../../src/renderer/wizard/format';
import { autoRetryOf, failedRows, unconfirmedRows } from '../../../src/renderer/wizard/selectors';
import { initialState, reduce } from '../../../src/renderer/wizard/wizard-state';
import type { WizardEvent, WizardState } from '../../../src/renderer/wizard/wizard-state';
import { CATALOG, NO_STEP_UP_PLAN, SESSION } from './fixtures';

const AT = '2026-11-25T14:00:00.000Z';
const run = (events: readonly WizardEvent[], from: WizardState = initialState()): WizardState => events.reduce(reduce, from);

describe('result headline', () => {
  it('says what happened, never "done" when nothing was', () => {
    expect(resultHeadline(['failed', 'failed'])).toBe('Nothing was activated');
    expect(resultHeadline(['active'])).toBe('The role is active');
    expect(resultHeadline(['active', 'already-active', 'active'])).toBe('All 3 roles are active');
    expect(resultHeadline(['active', 'active', 'failed'])).toBe('2 of 3 roles active, 1 not activated');
    expect(resultHeadline(['active', 'pending-approval'])).toBe('1 of 2 roles active, 1 waiting for approval');
    expect(resultHeadline(['pending-approval'])).toBe('0 of 1 role active, 1 waiting for approval');
  });

  it('never says "nothing was activated" while PIM may have accepted a request', () => {
    expect(resultHeadline(['unconfirmed'])).toBe('Not confirmed: PIM may have accepted it. Check before retrying');
    expect(resultHeadline(['unconfirmed', 'unconfirmed'])).toBe('Not confirmed: PIM may have accepted them. Check before retrying');
    expect(resultHeadline(['unconfirmed', 'failed'])).toBe(
      'Not confirmed: PIM may have accepted it. Check before retrying; 1 not activated',
    );
    expect(resultHeadline(['active', 'unconfirmed'])).toBe('1 of 2 roles active, 1 not confirmed (check before retrying)');
  });
});

describe('an unconfirmed outcome', () => {
  const unconfirmed: ActivationOutcome = {
    ...failedOutcome(1),
    error: appError('graph/network', 'Microsoft Graph could not be reached. Whether the activation took effect is unknown.', {
      retryable: true,
    }),
    unconfirmed: true,
  };

  it('is neither retried automatically nor offered a Retry, however retryable its error', () => {
    const progress = runOf(finishedWith(unconfirmed));
    expect(failedRows(progress)).toEqual([]);
    expect(unconfirmedRows(progress).map((r) => r.roleId)).toEqual(['hd']);
    expect(autoRetryOf(progress)).toBeNull();
  });

  it('is said from the engine’s last progress event, before the run’s report arrives (never "failed" meanwhile)', () => {
    const lastWord = { runId: 'r', roleId: 'hd', phase: 'failed', at: AT, error: unconfirmed.error, unconfirmed: true } as const;
    const before = runOf(reduce(started(), { type: 'progress-received', progress: lastWord }));
    expect(before.inFlight).toBe(true);
    expect(failedRows(before)).toEqual([]);
    expect(unconfirmedRows(before).map((r) => r.roleId)).toEqual(['hd']);
    // A plain failure is still a failure.
    const plain = runOf(reduce(started(), { type: 'progress-received', progress: { ...lastWord, unconfirmed: undefined } }));
    expect(failedRows(plain).map((r) => r.roleId)).toEqual(['hd']);
    expect(unconfirmedRows(plain)).toEqual([]);
  });

  it('keeps the time the run ended, against which a later read of PIM counts as a check', () => {
    expect(runOf(finishedWith(unconfirmed)).finishedAt).toBe('2026-12-07T12:00:00.000Z');
  });
});

const throttled = (seconds: number) =>
  appError('graph/throttled', `Microsoft Graph is busy and asked us to wait ${String(seconds)} seconds.`, {
    retryable: true,
    retryAfterSeconds: seconds,
  });
const failedOutcome = (seconds: number): ActivationOutcome => ({
  roleId: 'hd',
  displayName: 'Helpdesk Administrator',
  status: 'failed',
  error: throttled(seconds),
  elapsedMs: 10,
});

/** A run of Helpdesk Administrator alone, started and not finished. */
function started(): WizardState {
  return run([
    { type: 'session-loaded', result: ok(SESSION) },
    { type: 'catalog-loaded', result: ok(CATALOG) },
    { type: 'role-toggled', roleId: 'hd' },
    { type: 'continue-to-activate' },
    {
      type: 'activation-requested',
      request: { roleIds: ['hd'], duration: 'PT1H', justification: 'Incident 42' },
      plan: NO_STEP_UP_PLAN,
      at: AT,
    },
    { type: 'run-started', roleIds: ['hd'], at: AT },
  ]);
}

function finishedWith(outcome: ActivationOutcome): WizardState {
  return reduce(started(), {
    type: 'run-finished',
    at: '2026-12-07T12:00:00.000Z',
    roleIds: ['hd'],
    result: ok({ runId: 'r', prompts: 0, evidence: null, contextsProven: [], stepUps: [], outcomes: [outcome] }),
  });
}

const runOf = (state: WizardState) => {
  if (state.step.kind !== 'progress') {
    throw new Error(`expected progress, got ${state.step.kind}`);
  }
  return state.step.run;
};

describe('automatic retry of a short throttle', () => {
  it('is due after a short Retry-After on the first try, waiting what the service asked', () => {
    expect(autoRetryOf(runOf(finishedWith(failedOutcome(3))))).toEqual({ roleIds: ['hd'], seconds: 3 });
  });

  it('is not due for a long wait, a second failure, or once the admin stopped it', () => {
    expect(autoRetryOf(runOf(finishedWith(failedOutcome(60))))).toBeNull();
    const first = finishedWith(failedOutcome(2));
    const retried = run(
      [
        { type: 'run-started', roleIds: ['hd'], at: AT },
        {
          type: 'run-finished',
          at: '2026-12-07T12:00:00.000Z',
          roleIds: ['hd'],
          result: ok({ runId: 'r2', prompts: 0, evidence: null, contextsProven: [], stepUps: [], outcomes: [failedOutcome(2)] }),
        },
      ],
      first,
    );
    expect(runOf(retried).rows[0]?.attempt).toBe(2);
    expect(autoRetryOf(runOf(retried))).toBeNull();
    expect(autoRetryOf(runOf(reduce(first, { type: 'auto-retry-declined' })))).toBeNull();
  });

  it('counts a retry as a retry, and a first try as none', () => {
    const first = finishedWith(failedOutcome(2));
    expect(runOf(first).rows[0]?.attempt).toBe(1);
    const again = reduce(first, { type: 'run-started', roleIds: ['hd'], at: AT });
    expect(runOf(again).rows[0]).toMatchObject({ attempt: 2, marks: [], error: null });
  });
});
