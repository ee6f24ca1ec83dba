/** The run slice's commands: the activate form, the plan, the run and its retries, the results. */
import type { ActivationPlan, ActivationRequest } from '../../../shared/domain/activation';
import { api } from '../../api';
import { isKiosk } from '../../app-policy';
import { saveTicketSystem } from '../../home/remembered';
import { planNeedsStepUp } from '../wizard-state';
import type { ActivationForm } from '../wizard-state';
import type { CommandDeps } from './deps';

export type RunCommands = {
  readonly continueToActivate: () => void;
  /** Selects every favourite that can be activated now and opens the form. */
  readonly activateFavourites: () => void;
  readonly back: () => void;
  readonly changeForm: (patch: Partial<ActivationForm>) => void;
  readonly markInvalid: () => void;
  /** Re-plans the exact request, then starts (or explains the step-up) only if the plan has no problems. */
  readonly activate: (request: ActivationRequest) => void;
  readonly startRun: (roleIds?: readonly string[]) => void;
  readonly continueToProgress: () => void;
  /** Stops the automatic retry of a short throttle; Retry stays available. */
  readonly declineAutoRetry: () => void;
  readonly continueToDone: () => void;
  /**
   * After an unconfirmed outcome: reads PIM again (the roles and the role-state model) and shows the results from
   * what it holds. Sends nothing.
   */
  readonly check: () => void;
  readonly startOver: () => void;
};

export type RunDeps = CommandDeps & {
  /** The next plan request's number (shared with the form's own planning, so only the newest answer counts). */
  readonly nextPlanSeq: () => number;
};

export function runCommands({ dispatch, state, loadCatalog, nextPlanSeq }: RunDeps): RunCommands {
  // Guards against double submission: a second click must never send a second activation.
  const busy = { activating: false, running: false };

  const run = async (request: ActivationRequest, ids: readonly string[]) => {
    if (busy.running) {
      return;
    }
    busy.running = true;
    dispatch({ type: 'run-started', roleIds: ids, at: new Date().toISOString() });
    const result = await api.activation.activate({ ...request, roleIds: ids });
    busy.running = false;
    dispatch({ type: 'run-finished', roleIds: ids, result, at: new Date().toISOString() });
    // Active assignments and their end times come from the tenant, not from our memory.
    await loadCatalog();
  };

  const requestActivation = (request: ActivationRequest, plan: ActivationPlan) => {
    const info = state().shared.info;
    if (request.ticketSystem !== undefined && info.status === 'loaded' && !isKiosk(info.value)) {
      saveTicketSystem(request.ticketSystem);
    }
    dispatch({ type: 'activation-requested', request, plan, at: new Date().toISOString() });
    // Without a step-up to explain first, the run starts at once (the reducer has moved
    // to the progress step by the time it sees 'run-started': events apply in order).
    if (!planNeedsStepUp(plan)) {
      void run(request, request.roleIds);
    }
  };

  return {
    continueToActivate: () => {
      dispatch({ type: 'continue-to-activate' });
    },
    activateFavourites: () => {
      dispatch({ type: 'favourites-chosen' });
    },
    back: () => {
      dispatch({ type: 'back' });
    },
    changeForm: (patch) => {
      dispatch({ type: 'form-changed', patch });
    },
    markInvalid: () => {
      dispatch({ type: 'activation-invalid' });
    },
    activate: (request) => {
      if (busy.activating) {
        return;
      }
      busy.activating = true;
      void (async () => {
        const seq = nextPlanSeq();
        dispatch({ type: 'plan-requested', seq });
        const result = await api.activation.plan(request);
        busy.activating = false;
        dispatch({ type: 'plan-loaded', seq, result });
        if (!result.ok || result.value.problems.length > 0) {
          dispatch({ type: 'activation-invalid' });
          return;
        }
        requestActivation(request, result.value);
      })();
    },
    startRun: (roleIds) => {
      const step = state().step;
      if ((step.kind !== 'step-up' && step.kind !== 'progress') || step.run.inFlight) {
        return;
      }
      void run(step.run.request, roleIds ?? step.run.request.roleIds);
    },
    continueToProgress: () => {
      dispatch({ type: 'continue-to-progress' });
    },
    declineAutoRetry: () => {
      dispatch({ type: 'auto-retry-declined' });
    },
    continueToDone: () => {
      dispatch({ type: 'continue-to-done' });
    },
    check: () => {
      const { step } = state();
      if ((step.kind === 'progress' || step.kind === 'step-up') && !step.run.inFlight) {
        dispatch({ type: 'continue-to-done' });
      }
      void loadCatalog();
    },
    startOver: () => {
      dispatch({ type: 'start-over' });
      void loadCatalog();
    },
  };
}
