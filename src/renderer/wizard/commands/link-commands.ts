/** The links slice's commands. */
import type { CommandDeps } from './deps';

export type LinkCommands = {
  readonly dismissLink: () => void;
  /** Leaves the results (never a run in flight) to review a help-desk link that arrived meanwhile. */
  readonly openPendingLink: () => void;
};

export function linkCommands({ dispatch, loadCatalog }: CommandDeps): LinkCommands {
  return {
    dismissLink: () => {
      dispatch({ type: 'deep-link-dismissed' });
    },
    openPendingLink: () => {
      dispatch({ type: 'open-pending-link' });
      void loadCatalog();
    },
  };
}
