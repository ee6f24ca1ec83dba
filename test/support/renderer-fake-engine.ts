/**
 * TEMPORARY, UI-ONLY: scripted IPC handlers for developing the wizard before the real engine
 * exists. They answer through the real IPC router and the real createApi (via the harness), but
 * nothing here talks to a tenant. The end-to-end spec uses the real engine when it is available
 * and labels any run on these handlers as UI-only.
 */
/* eslint-disable @typescript-eslint/require-await -- the scripted handlers answer at once but must match the async contract */
import { appError } from '../../src/shared/errors';
import type { ActivationOutcome, ActivationPhase, ActivationPlan, ActivationRequest } from '../../src/shared/domain/activation';
import type { EligibleRole, RoleCatalog } from '../../src/shared/domain/roles';
import type { AuthEvidence, SessionSummary } from '../../src/shared/domain/session';
import type { EventSink, IpcHandlers } from '../../src/main/ipc/ipc-router';
import { err, ok } from '../../src/shared/result';

const TENANT = '11111111-2222-3333-4444-555555555555';
const C1 = {
  id: 'c1',
  displayName: 'Phishing-resistant MFA',
  description: 'Satisfied by a passkey / FIDO2 security key or Windows Hello for Business.',
};

function role(id: string, displayName: string, req: Partial<EligibleRole['requirements']>): EligibleRole {
  return {
    id,
    target: { kind: 'directoryRole', roleDefinitionId: id, directoryScopeId: '/' },
    displayName,
    scopeLabel: 'Directory',
    eligibleUntil: null,
    active: null,
    requirements: {
      known: true,
      authenticationContext: null,
      mfa: false,
      justification: true,
      ticket: false,
      approval: false,
      maximumDuration: 'PT8H',
      ...req,
    },
  };
}

export type FakeEngine = { readonly handlers: IpcHandlers; completeSignIn(): void; advanceClock(ms: number): void };

export function createFakeEngine(emit: EventSink): FakeEngine {
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const evidence = (methods: string[], contexts: string[]): AuthEvidence => ({
    methods,
    contexts,
    authenticatedAt: now().toISOString(),
    expiresAt: new Date(now().getTime() + 3600_000).toISOString(),
    tenantId: TENANT,
    username: 'adele@contoso.example',
  });
  let session: SessionSummary | null = null;
  let pendingSignIn: (() => void) | null = null;
  let cancelSignIn: (() => void) | null = null;
  const roles: EligibleRole[] = [
    role('global-admin', 'Global Administrator', { authenticationContext: C1, maximumDuration: 'PT8H' }),
    role('exchange-admin', 'Exchange Administrator', { authenticationContext: C1, ticket: true, maximumDuration: 'PT2H' }),
    role('security-reader', 'Security Reader', { approval: true, mfa: true }),
    role('billing-admin', 'Billing Administrator', { known: false, maximumDuration: null, justification: false }),
  ];
  const active = new Map<string, { start: Date; end: Date }>();
  let throttledOnce = false;

  const waitForBrowser = (purpose: 'sign-in' | 'step-up', contexts: { id: string; displayName: string }[]) =>
    new Promise<boolean>((resolveWait) => {
      emit('sign-in:state', {
        phase: 'waiting',
        purpose,
        contexts,
        startedAt: now().toISOString(),
        timeoutAt: new Date(now().getTime() + 300_000).toISOString(),
      });
      pendingSignIn = () => {
        resolveWait(true);
      };
      cancelSignIn = () => {
        resolveWait(false);
      };
    }).finally(() => {
      pendingSignIn = null;
      cancelSignIn = null;
      emit('sign-in:state', { phase: 'idle' });
    });

  const plan = (request: ActivationRequest): ActivationPlan => {
    const chosen = roles.filter((r) => request.roleIds.includes(r.id));
    const ctx = chosen.filter((r) => r.requirements.authenticationContext !== null);
    const hasC1 = session?.evidence?.contexts.includes('c1') ?? false;
    return {
      stepUps: ctx.length > 0 ? [{ context: C1, roleIds: ctx.map((r) => r.id), satisfied: hasC1 }] : [],
      unknownRequirements: chosen.filter((r) => !r.requirements.known).map((r) => r.id),
      problems: chosen
        .map((r) => ({
          roleId: r.id,
          issues: [
            ...(r.requirements.ticket && (request.ticketNumber ?? '') === ''
              ? [{ path: 'ticketNumber', message: 'A ticket number is required.' }]
              : []),
            ...(r.requirements.justification && request.justification === ''
              ? [{ path: 'justification', message: 'A justification is required.' }]
              : []),
          ],
        }))
        .filter((p) => p.issues.length > 0),
    };
  };

  const catalog = (): RoleCatalog => ({
    eligible: roles.map((r) => {
      const a = active.get(r.id);
      return {
        ...r,
        active:
          a === undefined
            ? null
            : {
                id: r.id,
                target: r.target,
                displayName: r.displayName,
                startDateTime: a.start.toISOString(),
                endDateTime: a.end.toISOString(),
                assignmentType: 'Activated',
              },
      };
    }),
    active: [...active.entries()].map(([id, a]) => ({
      id,
      target: { kind: 'directoryRole', roleDefinitionId: id, directoryScopeId: '/' },
      displayName: roles.find((r) => r.id === id)?.displayName ?? id,
      startDateTime: a.start.toISOString(),
      endDateTime: a.end.toISOString(),
      assignmentType: 'Activated',
    })),
    policiesReadable: false,
    serverTime: now().toISOString(),
    clockSkewSeconds: Math.round(-offsetMs / 1000),
  });

  const handlers: IpcHandlers = {
    'app:get-info': async () =>
      ok({
        version: '0.0.0-fake',
        tenant: {
          kind: 'simulated',
          tenantId: TENANT,
          cloud: 'simulated',
          authorityHost: 'https://localhost',
          graphEndpoint: 'https://localhost',
        },
        mode: 'standard',
        signInSurface: 'in-app-window',
      }),
    'auth:get-session': async () => ok(session),
    'auth:sign-in': async () => {
      if (!(await waitForBrowser('sign-in', []))) {
        return err(appError('auth/cancelled', 'Sign-in was cancelled. Choose Sign in to try again.'));
      }
      session = {
        username: 'adele@contoso.example',
        displayName: 'Adele Vance',
        tenantId: TENANT,
        evidence: evidence(['pwd', 'rsa', 'mfa'], []),
      };
      emit('session:changed', session);
      return ok(session);
    },
    'auth:cancel-sign-in': async () => {
      cancelSignIn?.();
      return ok(null);
    },
    'auth:sign-out': async () => {
      session = null;
      emit('session:changed', null);
      return ok(null);
    },
    'roles:list': async () => ok(catalog()),
    'activation:plan': async (request) => ok(plan(request)),
    'activation:activate': async (request) => {
      const runId = `run-${String(Date.now())}`;
      const p = plan(request);
      const t0 = Date.now();
      const emitPhase = (roleId: string, phase: ActivationPhase, extra = {}) => {
        emit('activation:progress', { runId, roleId, phase, at: now().toISOString(), ...extra });
      };
      for (const group of p.stepUps.filter((g) => !g.satisfied)) {
        for (const id of group.roleIds) {
          emitPhase(id, 'stepping-up');
        }
        if (!(await waitForBrowser('step-up', [C1]))) {
          return err(appError('auth/cancelled', 'The step-up sign-in was cancelled; nothing was submitted. Try again when ready.'));
        }
        session = session === null ? null : { ...session, evidence: evidence(['fido', 'mfa'], ['c1']) };
        emit('session:changed', session);
      }
      const outcomes: ActivationOutcome[] = [];
      for (const id of request.roleIds) {
        const r = roles.find((x) => x.id === id);
        if (r === undefined) {
          continue;
        }
        const requestId = `req-${id}-${String(Date.now())}`;
        emitPhase(id, 'submitting', { requestId });
        await new Promise((done) => setTimeout(done, 150));
        if (id === 'billing-admin' && !throttledOnce) {
          throttledOnce = true;
          const error = appError('graph/throttled', 'PIM is busy and asked us to slow down. Wait a few seconds and retry.', {
            retryable: true,
            requestId,
            retryAfterSeconds: 2,
          });
          emitPhase(id, 'failed', { requestId, error });
          outcomes.push({ roleId: id, displayName: r.displayName, status: 'failed', requestId, error, elapsedMs: Date.now() - t0 });
          continue;
        }
        if (r.requirements.approval) {
          emitPhase(id, 'pending-approval', { requestId });
          outcomes.push({ roleId: id, displayName: r.displayName, status: 'pending-approval', requestId, elapsedMs: Date.now() - t0 });
          continue;
        }
        emitPhase(id, 'provisioning', { requestId });
        await new Promise((done) => setTimeout(done, 150));
        const minutes = Number(/(\d+)H/.exec(request.duration)?.[1] ?? 0) * 60 + Number(/(\d+)M/.exec(request.duration)?.[1] ?? 0);
        active.set(id, { start: now(), end: new Date(now().getTime() + minutes * 60_000) });
        emitPhase(id, 'active', { requestId });
        outcomes.push({
          roleId: id,
          displayName: r.displayName,
          status: 'active',
          requestId,
          startDateTime: now().toISOString(),
          endDateTime: active.get(id)?.end.toISOString() ?? null,
          elapsedMs: Date.now() - t0,
        });
      }
      return ok({ runId, outcomes, prompts: p.stepUps.filter((g) => !g.satisfied).length, evidence: session?.evidence ?? null });
    },
    'activation:deactivate': async ({ roleId }) => {
      const a = active.get(roleId);
      if (a === undefined) {
        return err(appError('pim/not-active', 'This role is not active.'));
      }
      if (now().getTime() - a.start.getTime() < 5 * 60_000) {
        return err(appError('pim/active-duration-too-short', 'PIM allows deactivation only five minutes after activation.'));
      }
      active.delete(roleId);
      return ok({ roleId, status: 'deactivated' });
    },
  };
  return {
    handlers,
    completeSignIn: () => {
      pendingSignIn?.();
    },
    advanceClock: (ms) => {
      offsetMs += ms;
    },
  };
}
