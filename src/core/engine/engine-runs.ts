/**
 * The engine's operations that change what PIM holds, over its catalog access: plan, activate (then one look at
 * whether each active role is usable yet), wait until usable, deactivate, and ask for an extension. Each records what
 * it did in the diagnostics timeline and the history.
 */
import { randomUUID } from 'node:crypto';
import type { EligibleRole } from '../../shared/domain/roles';
import type { ArmApi } from '../arm/arm-api';
import type { AuthService } from '../auth/auth-service';
import type { ResolvedConfig } from '../config/resolve-config';
import type { DiagnosticsRecorder } from '../diagnostics/diagnostics-recorder';
import type { GraphApi } from '../graph/graph-api';
import type { ActivationHistory } from '../history/activation-history';
import { deactivationEntry, extensionEntry } from '../history/role-events';
import type { ActivationIntent, IntentJournal } from '../journal/intent-journal';
import type { Logger } from '../logging/logger';
import type { ActivationSurface } from '../pim/activation-surface';
import { runActivation } from './activation-runner';
import { AppFailure } from './app-failure';
import type { AllowedRoles } from './allowed-roles';
import type { Engine, EngineOptions } from './create-engine';
import { deactivateRole } from './deactivate-role';
import type { CatalogAccess } from './engine-catalog';
import { needsMfaFirst, planActivation } from './plan-activation';
import { createReadyCheck } from './ready-check';
import { recordActivation, recordRoleEvent } from './record-activation';
import { requestExtension } from './request-extension';
import { graphNow } from './run-context';
import type { InteractiveLane } from './step-up-coordinator';
import type { UsableWaitDeps } from './usable-wait';
import { waitUntilUsable } from './usable-wait';
import { sleepOf } from './engine-wiring';

export type EngineRunsDeps = {
  readonly options: EngineOptions;
  readonly config: ResolvedConfig;
  readonly access: CatalogAccess;
  readonly roles: AllowedRoles;
  readonly graph: GraphApi;
  readonly arm: ArmApi | null;
  readonly surface: ActivationSurface;
  readonly lane: InteractiveLane;
  readonly journal: IntentJournal;
  readonly recorder: DiagnosticsRecorder;
  readonly history: ActivationHistory;
  readonly log: Logger;
  readonly now: () => Date;
  /** Interrupted activations PIM still holds, by role id (filled by reconciling the journal, used once). */
  readonly resumable: Map<string, ActivationIntent>;
  /** Reconciles what a previous run left in the journal before anything is sent. */
  readonly beforeActivation: () => Promise<void>;
};

export type EngineRuns = Pick<Engine, 'plan' | 'activate' | 'waitUntilUsable' | 'deactivate' | 'requestExtension'>;

/** What the ready check needs: silent tokens, the roles this engine activated, and each API's clock. */
function usableDepsOf(deps: EngineRunsDeps, activated: ReadonlyMap<string, EligibleRole>, a: AuthService): UsableWaitDeps {
  const { graph, arm, options } = deps;
  return {
    check: createReadyCheck({
      graph,
      arm,
      logger: options.logger,
      token: async (resource, fresh) => {
        const grant = await a.acquire({ purpose: 'sign-in', resource, allowInteractive: false, ...(fresh ? { forceRefresh: true } : {}) });
        if (!grant.ok) {
          throw new AppFailure(grant.error);
        }
        return grant.value.accessToken;
      },
    }),
    roles: (roleId) => activated.get(roleId),
    serverNow: (role) => (role.target.kind === 'azureResource' && arm !== null ? graphNow(arm) : graphNow(graph))(),
    logger: options.logger,
  };
}

/** Plan, activate and wait until usable. */
function activationRuns(deps: EngineRunsDeps): Pick<Engine, 'plan' | 'activate' | 'waitUntilUsable'> {
  const { access, options, config, roles } = deps;
  /** Roles of the activations this engine ran, for the ready check. */
  const activated = new Map<string, EligibleRole>();
  return {
    plan: (request) =>
      access.guard('Planning the activation', async (a) => {
        const snapshot = roles.permitted(request, await access.freshCatalog(a, false, false));
        return planActivation(request, snapshot, await access.planFacts(a));
      }),
    activate: (request, hooks = {}) =>
      access.guard('The activation', async (a) => {
        await deps.beforeActivation();
        const snapshot = roles.permitted(request, await access.freshCatalog(a, true, false));
        deps.recorder.record({
          step: `activation of ${String(request.roleIds.length)} role(s) for ${request.duration}`,
          outcome: 'started',
        });
        const known = await access.planFacts(a);
        const resuming = new Map([...deps.resumable].filter(([roleId]) => request.roleIds.includes(roleId)));
        for (const roleId of resuming.keys()) {
          deps.resumable.delete(roleId);
        }
        const report = await runActivation(request, snapshot, {
          mfaFirst: (role) => needsMfaFirst(role, known),
          journal: deps.journal,
          resumable: resuming,
          graph: deps.graph,
          surface: deps.surface,
          lane: deps.lane,
          auth: a,
          logger: options.logger,
          principalId: await access.principal(a),
          alwaysFreshAuth: config.alwaysFreshAuth,
          provisioningTimeoutMs: config.provisioningTimeoutSeconds * 1000,
          emitProgress: (progress) => {
            options.emit('activation:progress', progress);
          },
          newId: randomUUID,
          ...(hooks.onPlan === undefined ? {} : { onPlan: hooks.onPlan }),
          ...(options.pollMinMs === undefined ? {} : { pollMinMs: options.pollMinMs }),
          ...(options.pollMaxMs === undefined ? {} : { pollMaxMs: options.pollMaxMs }),
          ...sleepOf(options),
        });
        access.forgetCatalog();
        for (const role of snapshot.eligible) {
          activated.set(role.id, role);
        }
        // One look, no waiting: a role honoured at once says so; the rest say "not yet confirmed".
        const checked = await waitUntilUsable(report, usableDepsOf(deps, activated, a), { timeoutMs: 0 });
        await recordActivation(checked, request, { recorder: deps.recorder, history: deps.history, log: deps.log, now: deps.now() });
        return checked;
      }),
    waitUntilUsable: (report, waitOptions) =>
      access.guard('Checking that the roles are usable', (a) =>
        waitUntilUsable(report, usableDepsOf(deps, activated, a), {
          ...waitOptions,
          ...(options.readyPollMinMs === undefined ? {} : { pollMinMs: options.readyPollMinMs }),
          ...(options.readyPollMaxMs === undefined ? {} : { pollMaxMs: options.readyPollMaxMs }),
        }),
      ),
  };
}

/** Deactivate and ask for an extension. */
function roleChangeRuns(deps: EngineRunsDeps): Pick<Engine, 'deactivate' | 'requestExtension'> {
  const { access, history, log } = deps;
  return {
    deactivate: (roleId, deactivateOptions = {}) =>
      access.guard('The deactivation', async (a) => {
        const interactive = deactivateOptions.interactive ?? false;
        const snapshot = await access.freshCatalog(a, interactive, deactivateOptions.refresh ?? true);
        const outcome = await deactivateRole(roleId, snapshot, {
          graph: deps.graph,
          arm: deps.arm,
          journal: deps.journal,
          recorder: deps.recorder,
          log,
          token: async (resource) => (await access.plainToken(a, interactive, resource)).accessToken,
          principalId: () => access.principal(a),
        });
        if (outcome.status === 'deactivated') {
          access.forgetCatalog();
        }
        const assignment = snapshot.active.find((x) => x.id === roleId);
        await recordRoleEvent(deactivationEntry(outcome, assignment, deps.now()), { history, log });
        return outcome;
      }),
    requestExtension: (request) =>
      access.guard('The extension request', async (a) => {
        const snapshot = await access.freshCatalog(a, true, true);
        const outcome = await requestExtension(request, snapshot, {
          surface: deps.surface,
          auth: a,
          lane: deps.lane,
          journal: deps.journal,
          logger: deps.options.logger,
          principalId: () => access.principal(a),
          newId: randomUUID,
          serverNow: graphNow(deps.graph),
          ...sleepOf(deps.options),
        });
        deps.recorder.record({ step: `extension request for ${request.roleId}`, outcome: 'succeeded', requestId: outcome.requestId });
        const name = snapshot.active.find((x) => x.id === request.roleId)?.displayName ?? request.roleId;
        await recordRoleEvent(extensionEntry(outcome, request, name, deps.now()), { history, log });
        return outcome;
      }),
  };
}

export function createEngineRuns(deps: EngineRunsDeps): EngineRuns {
  return { ...activationRuns(deps), ...roleChangeRuns(deps) };
}
