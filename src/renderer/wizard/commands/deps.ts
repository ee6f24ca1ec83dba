/** What every slice's commands share: how to dispatch, read the newest state, and re-read the lists. */
import type { WizardEvent, WizardState } from '../wizard-state';

export type CommandDeps = {
  readonly dispatch: (event: WizardEvent) => void;
  /** The newest state (commands run after renders; they must not act on a stale copy). */
  readonly state: () => WizardState;
  /** Reads the role list and the pending requests again. */
  readonly loadCatalog: () => Promise<void>;
};

/**
 * The newest state and the plan-request counter, for commands that run after renders. A plain
 * object rather than refs: the commands are built once and read it only when invoked.
 */
export class LatestState {
  #state: WizardState;
  #planSeq = 0;

  constructor(state: WizardState) {
    this.#state = state;
  }

  read(): WizardState {
    return this.#state;
  }

  update(state: WizardState): void {
    this.#state = state;
  }

  /** The next plan request's number (only the newest request's answer counts). */
  nextPlanSeq(): number {
    this.#planSeq += 1;
    return this.#planSeq;
  }
}
