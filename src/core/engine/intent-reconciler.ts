/**
 * Reconciles the intents a previous run left in the journal, reading only (never a resend). It
 * needs a silent token; when there is none yet (nobody signed in), it reports nothing and is tried
 * again before the next activation, so an interrupted activation is always known before anything
 * new is sent. Concurrent callers share the check in flight.
 */
import type { AuthService } from '../auth/auth-service';
import type { DiagnosticsRecorder } from '../diagnostics/diagnostics-recorder';
import type { ArmApi } from '../arm/arm-api';
import type { GraphApi } from '../graph/graph-api';
import { createArmIntentReader, routeIntentReader } from '../journal/arm-intent-reader';
import { createGraphIntentReader } from '../journal/graph-intent-reader';
import type { IntentJournal } from '../journal/intent-journal';
import type { ReconcileReport } from '../journal/reconcile-intents';
import { reconcilePendingIntents } from '../journal/reconcile-intents';
import type { Logger } from '../logging/logger';

export type IntentReconcilerOptions = {
  readonly auth: AuthService | null;
  readonly journal: IntentJournal;
  readonly graph: GraphApi;
  /** Null when no ARM endpoint is configured: Azure intents then stay unknown (kept for a later check). */
  readonly arm: ArmApi | null;
  readonly recorder: DiagnosticsRecorder;
  readonly log: Logger;
  /** Called when something was reconciled (the catalog the engine holds is stale), with what was found. */
  readonly onReconciled: (report: ReconcileReport) => void;
};

export type IntentReconciler = {
  /** Checks the journal now (joins a check in flight); null when there was nothing to do or no silent token. */
  reconcile(): Promise<ReconcileReport | null>;
  /** Checks only if no check has finished cleanly yet. */
  beforeActivation(): Promise<void>;
};

export function createIntentReconciler(options: IntentReconcilerOptions): IntentReconciler {
  const { auth, journal, recorder, log } = options;
  let reconciled = false;
  let reconciling: Promise<ReconcileReport | null> | null = null;

  const record = (report: ReconcileReport): void => {
    for (const problem of report.problems) {
      recorder.record({ step: 'intent journal', outcome: 'failed', detail: problem });
      log.warn('Intent journal problem', { problem });
    }
    for (const item of report.reconciled) {
      recorder.record({
        step: `reconcile interrupted ${item.intent.action} ${item.intent.roleId}`,
        outcome: item.state === 'unknown' ? 'failed' : 'info',
        detail: `${item.state}: ${item.message}`,
      });
      log.info('Reconciled an interrupted activation without resending it', {
        roleId: item.intent.roleId,
        clientRequestId: item.intent.id,
        state: item.state,
        message: item.message,
      });
    }
  };

  /** Azure intents are read on ARM with a silent ARM token, got once per check and only if an Azure intent asks. */
  const armReader = (a: AuthService) => {
    const arm = options.arm;
    if (arm === null) {
      return null;
    }
    let token: Promise<string> | null = null;
    const armToken = async (): Promise<string> => {
      const grant = await a.acquire({ purpose: 'sign-in', resource: 'arm', allowInteractive: false });
      if (!grant.ok) {
        // Thrown, so the reconciler reports the intent as unknown and keeps it.
        throw new Error(`No Azure Resource Manager token without a prompt: ${grant.error.message}`);
      }
      return grant.value.accessToken;
    };
    return createArmIntentReader({ arm, token: () => (token ??= armToken()) });
  };

  const check = async (): Promise<ReconcileReport | null> => {
    if (auth === null || reconciled) {
      return null;
    }
    const pending = await journal.read();
    if (pending.intents.length === 0 && pending.problems.length === 0) {
      reconciled = true;
      return null;
    }
    const grant = await auth.acquire({ purpose: 'sign-in', allowInteractive: false });
    if (!grant.ok) {
      log.info('Interrupted activations found; they will be checked after sign-in', { intents: pending.intents.length });
      return null;
    }
    const graphReader = createGraphIntentReader({ graph: options.graph, token: () => Promise.resolve(grant.value.accessToken) });
    const report = await reconcilePendingIntents(journal, routeIntentReader(graphReader, armReader(auth)));
    reconciled = report.reconciled.every((r) => r.state !== 'unknown');
    record(report);
    if (report.reconciled.length > 0) {
      options.onReconciled(report);
    }
    return report;
  };

  const reconcile = (): Promise<ReconcileReport | null> => {
    reconciling ??= check()
      .catch((cause: unknown) => {
        log.warn('Interrupted activations could not be checked', { error: cause });
        return null;
      })
      .finally(() => {
        reconciling = null;
      });
    return reconciling;
  };

  return {
    reconcile,
    beforeActivation: async () => {
      if (!reconciled) {
        await reconcile();
      }
    },
  };
}
