/** The row-operations slice's commands: deactivate, cancel a waiting request, request an extension. */
import type { ExtensionRequest, PendingRequest } from '../../../shared/domain/activation';
import { api } from '../../api';
import type { CommandDeps } from './deps';

export type RowCommands = {
  readonly deactivate: (roleId: string) => void;
  /** Withdraws a request waiting for approval, then re-reads the lists. */
  readonly cancelRequest: (request: PendingRequest) => void;
  /** Asks an administrator to lengthen their time-bound assignment, then re-reads the lists (it shows as pending). */
  readonly requestExtension: (request: ExtensionRequest, displayName: string) => void;
};

export function rowCommands({ dispatch, loadCatalog }: CommandDeps): RowCommands {
  // Guards against double submission: a second click on a row must never send a second request.
  const running = { deactivating: new Set<string>(), cancelling: new Set<string>(), extending: new Set<string>() };

  /**
   * One operation on a row (deactivate, cancel, request an extension): at most one per row at a time,
   * then the lists are read again so the row shows what changed.
   */
  const rowOperation = (inFlight: Set<string>, key: string, work: () => Promise<void>): void => {
    if (inFlight.has(key)) {
      return;
    }
    inFlight.add(key);
    void (async () => {
      await work();
      inFlight.delete(key);
      await loadCatalog();
    })();
  };

  return {
    deactivate: (roleId) => {
      rowOperation(running.deactivating, roleId, async () => {
        dispatch({ type: 'deactivation-started', roleId });
        dispatch({ type: 'deactivation-finished', roleId, result: await api.activation.deactivate(roleId) });
      });
    },
    cancelRequest: (request) => {
      rowOperation(running.cancelling, request.requestId, async () => {
        dispatch({ type: 'cancel-started', requestId: request.requestId, displayName: request.displayName });
        const result = await api.activation.cancelRequest(request.requestId, request.kind);
        dispatch({ type: 'cancel-finished', requestId: request.requestId, displayName: request.displayName, result });
      });
    },
    requestExtension: (request, displayName) => {
      rowOperation(running.extending, request.roleId, async () => {
        dispatch({ type: 'extension-started', roleId: request.roleId, displayName });
        const result = await api.activation.requestExtension(request);
        dispatch({ type: 'extension-finished', roleId: request.roleId, displayName, result });
      });
    },
  };
}
