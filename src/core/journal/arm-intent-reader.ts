/**
 * An IntentReader over Azure Resource Manager, for Azure role intents. ARM names a schedule request by the GUID the
 * client chooses, and the engine chooses the journal's correlation id for it (arm-activation-surface.ts), so an
 * interrupted request is looked up by name at its scope: exact, where Graph's reader must match by target and time.
 * A name ARM does not know was never applied.
 */
import { azureRequestId } from '../../shared/domain/azure-request-id';
import type { AzureResourceTarget } from '../../shared/domain/roles';
import type { ArmApi } from '../arm/arm-api';
import { readAzureActiveInstance, readAzureRequest } from '../arm/arm-requests';
import { GraphCallError } from '../graph/graph-api';
import { requestPhase } from '../pim/pim-requests';
import { targetKey } from '../pim/target-key';
import type { ActivationIntent } from './intent-journal';
import type { IntentReader, IntentState } from './reconcile-intents';

/** The request's status, or null when ARM has no request of that name at that scope. */
async function requestStatus(arm: Pick<ArmApi, 'get'>, target: AzureResourceTarget, name: string, token: string): Promise<string | null> {
  try {
    return (await readAzureRequest(arm, token, azureRequestId(target.scope, name))).status;
  } catch (cause) {
    if (cause instanceof GraphCallError && cause.failure.status === 404) {
      return null;
    }
    throw cause;
  }
}

export function createArmIntentReader(options: {
  readonly arm: Pick<ArmApi, 'get' | 'getAll'>;
  readonly token: () => Promise<string>;
}): IntentReader {
  return {
    findRequest: async (intent: ActivationIntent): Promise<IntentState> => {
      const target = intent.target;
      if (target.kind !== 'azureResource') {
        // Routed here by kind; another kind is a wiring mistake, and "unknown" keeps its intent for a later check.
        return 'unknown';
      }
      const token = await options.token();
      const active = (await readAzureActiveInstance(options.arm, token, targetKey(target))) !== null;
      if (intent.action === 'selfDeactivate' || active) {
        return active ? 'active' : 'absent';
      }
      const status = await requestStatus(options.arm, target, intent.id, token);
      const phase = status === null ? null : requestPhase(status);
      return phase === 'pending-approval' || phase === 'scheduled' ? 'pending' : 'absent';
    },
  };
}

/** Sends each intent to the reader of its API: ARM for Azure roles (when there is one), Graph for the rest. */
export function routeIntentReader(graph: IntentReader, arm: IntentReader | null): IntentReader {
  return {
    findRequest: (intent) =>
      intent.target.kind !== 'azureResource'
        ? graph.findRequest(intent)
        : arm === null
          ? Promise.resolve('unknown')
          : arm.findRequest(intent),
  };
}
