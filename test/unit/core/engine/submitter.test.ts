/**
 * The submitter alone, over a stand-in activation surface (what a second resource API would
 * implement) that counts every POST: the never-resend-blindly rule, and a challenge answered by
 * one step-up through the coordinator.
 */
import { describe, expect, it } from 'vitest';
import { ok } from '../../../../src/shared/result';
import type { ActivationRequest } from '../../../../src/shared/domain/activation';
import type { EligibleRole } from '../../../../src/shared/domain/roles';
import type { AcquireOptions, AuthService } from '../../../../src/core/auth/auth-service';
import { acrsClaimsRequest } from '../../../../src/core/auth/claims-challenge';
import { GraphCallError } from '../../../../src/core/graph/graph-api';
import type { GraphFailure } from '../../../../src/core/graph/graph-failure';
import { silentLogger } from '../../../../src/core/logging/logger';
import type { ActivationSurface, ScheduleInstance, ScheduleRequest } from '../../../../src/core/pim/activation-surface';
import { createStepUpCoordinator } from '../../../../src/core/engine/step-up-coordinator';
import { createSubmitter } from '../../../../src/core/engine/submitter';

const ROLE: EligibleRole = {
  id: 'role:r1:/',
  target: { kind: 'directoryRole', roleDefinitionId: 'r1', directoryScopeId: '/' },
  displayName: 'Role One',
  scopeLabel: 'Directory',
  eligibleUntil: null,
  active: null,
  requirements: {
    known: false,
    authenticationContext: null,
    mfa: false,
    justification: true,
    ticket: false,
    approval: false,
    maximumDuration: null,
  },
};
const REQUEST: ActivationRequest = { roleIds: [ROLE.id], duration: 'PT1H', justification: 'unit test' };

const accepted = (id: string): ScheduleRequest => ({
  id,
  status: 'Provisioned',
  action: 'selfActivate',
  createdDateTime: new Date().toISOString(),
  targetKey: ROLE.id,
  startDateTime: null,
});

/** A surface whose POST answers come from `answers` in turn; reads return what the test put there. */
function surfaceWith(answers: (ScheduleRequest | GraphFailure)[]) {
  const posts: string[] = [];
  const state = { requests: [] as ScheduleRequest[], instances: [] as ScheduleInstance[], reads: 0 };
  const surface: ActivationSurface = {
    collectionOf: (target) => target.kind,
    submit: (_target, _principal, _details, token) => {
      posts.push(token);
      const answer = answers.shift();
      if (answer === undefined) {
        return Promise.reject(new Error('no more answers'));
      }
      return 'status' in answer && 'code' in answer ? Promise.reject(new GraphCallError(answer)) : Promise.resolve(answer);
    },
    request: () => Promise.reject(new Error('the submitter never follows')),
    requests: () => {
      state.reads += 1;
      return Promise.resolve(state.requests);
    },
    instances: () => Promise.resolve(state.instances),
  };
  return { surface, posts, state };
}

function submitter(surface: ActivationSurface, action?: 'selfExtend') {
  const asked: AcquireOptions[] = [];
  const waits: number[] = [];
  const auth: Pick<AuthService, 'acquire'> = {
    acquire: (options) => {
      asked.push(options);
      return Promise.resolve(
        ok({ accessToken: `token:${options.claims ?? 'plain'}`, evidence: null, interactive: options.claims !== undefined }),
      );
    },
  };
  const coordinator = createStepUpCoordinator({ auth });
  const submit = createSubmitter({
    surface,
    coordinator,
    request: REQUEST,
    principalId: 'me',
    logger: silentLogger,
    newId: () => 'client-request-1',
    serverNow: () => new Date(),
    readToken: () => Promise.resolve('token:plain'),
    contextInfo: (id) => ({ id, displayName: `Context ${id}` }),
    progress: () => undefined,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...(action === undefined ? {} : { action }),
  });
  return { submit, asked, waits };
}

const noAnswer: GraphFailure = { status: -1, code: 'NetworkError', message: 'socket hang up' };

describe('submitter', () => {
  it('sends an extension with action selfExtend, and after no answer an instance of the role (extended or not) proves nothing', async () => {
    const actions: (string | undefined)[] = [];
    const { surface, posts, state } = surfaceWith([
      noAnswer,
      { ...accepted('ext-1'), action: 'selfExtend', status: 'PendingAdminDecision' },
    ]);
    const inner = { ...surface };
    surface.submit = (target, principal, details, token, id) => {
      actions.push(details.action);
      return inner.submit(target, principal, details, token, id);
    };
    // The assignment is active before and after; an old activation request of the same role is not ours either.
    state.instances.push({ targetKey: ROLE.id, startDateTime: null, endDateTime: null });
    state.requests.push(accepted('old-activation'));
    const { submit } = submitter(surface, 'selfExtend');
    const result = await submit(ROLE, { purpose: 'sign-in' });
    expect(result.kind === 'request' && [result.request.id, result.request.status]).toEqual(['ext-1', 'PendingAdminDecision']);
    expect(posts).toHaveLength(2);
    expect(actions).toEqual(['selfExtend', 'selfExtend']);
  });

  it('after no answer, finds the request that took effect and does not resend', async () => {
    const { surface, posts, state } = surfaceWith([noAnswer]);
    const { submit } = submitter(surface);
    const found = accepted('req-1');
    // The POST committed although its answer was lost: the read shows it.
    const result = submit(ROLE, { purpose: 'sign-in' });
    state.requests.push(found);
    // Its journal entry stays until the run settles the role.
    expect(await result).toEqual({ kind: 'request', request: found, intentId: 'client-request-1' });
    expect(posts).toHaveLength(1);
    expect(state.reads).toBe(1);
  });

  it('resends once only after reading that nothing took effect, and never a third time', async () => {
    const { surface, posts, state } = surfaceWith([noAnswer, { ...noAnswer, status: 504, code: 'GatewayTimeout' }]);
    const { submit } = submitter(surface);
    const result = await submit(ROLE, { purpose: 'sign-in' });
    expect(result.kind).toBe('failed');
    expect(posts).toHaveLength(2);
    // A read before each decision: before the resend and before giving up.
    expect(state.reads).toBe(2);
  });

  it('answers a challenge with one step-up for the context it names and sends again with that token', async () => {
    const challenge: GraphFailure = {
      status: 400,
      code: 'RoleAssignmentRequestAcrsValidationFailed',
      message: `&claims=${encodeURIComponent(acrsClaimsRequest(['c7']))}`,
    };
    const { surface, posts } = surfaceWith([challenge, accepted('req-2')]);
    const { submit, asked } = submitter(surface);
    const result = await submit(ROLE, { purpose: 'sign-in' });
    expect(result.kind === 'request' && result.request.id).toBe('req-2');
    expect(posts).toEqual(['token:plain', `token:${acrsClaimsRequest(['c7'])}`]);
    expect(asked.filter((o) => o.claims !== undefined).map((o) => o.contexts?.map((c) => c.id))).toContainEqual(['c7']);
  });

  it('a second challenge for the same context is step-up-unsatisfied, not a loop', async () => {
    const challenge: GraphFailure = {
      status: 400,
      code: 'RoleAssignmentRequestAcrsValidationFailed',
      message: `&claims=${encodeURIComponent(acrsClaimsRequest(['c7']))}`,
    };
    const { surface, posts } = surfaceWith([challenge, challenge, accepted('never')]);
    const { submit } = submitter(surface);
    const result = await submit(ROLE, { purpose: 'sign-in' });
    expect(result.kind === 'failed' && result.error.code).toBe('auth/step-up-unsatisfied');
    expect(posts).toHaveLength(2);
  });

  it('waits as a 429 asks before its one more try, and a second 429 ends the submission', async () => {
    const throttled: GraphFailure = { status: 429, code: 'TooManyRequests', message: 'slow down', retryAfterSeconds: 7 };
    const { surface, posts, state } = surfaceWith([throttled, throttled, accepted('never')]);
    const { submit, waits } = submitter(surface);
    const result = await submit(ROLE, { purpose: 'sign-in' });
    expect(result.kind === 'failed' && result.error.code).toBe('graph/throttled');
    expect(waits).toEqual([7000]);
    expect(posts).toHaveLength(2);
    // A 429 applied nothing: nothing is read back.
    expect(state.reads).toBe(0);
  });

  it('after no answer and a read-back that fails, stops unconfirmed and never resends', async () => {
    const { surface, posts } = surfaceWith([noAnswer, accepted('never')]);
    surface.requests = () => Promise.reject(new GraphCallError({ status: 503, code: 'ServiceUnavailable', message: 'busy' }));
    const { submit } = submitter(surface);
    const result = await submit(ROLE, { purpose: 'sign-in' });
    expect(result).toMatchObject({ kind: 'failed', unconfirmed: true, error: { code: 'graph/server' } });
    expect(posts).toHaveLength(1);
  });
});
