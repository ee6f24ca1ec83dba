/**
 * The wizard's side effects: the thin layer between the pure reducer and `api`.
 *
 * Each command dispatches an event, awaits the engine, and dispatches the answer. Nothing here
 * decides anything the reducer could decide; nothing here catches exceptions from `api`, because
 * the contract returns errors as data (`Result`) and never throws across the bridge.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { ActivationPlan, ActivationRequest, ExtensionRequest } from '../../shared/domain/activation';
import { api } from '../api';
import type { PendingRequest } from '../../shared/domain/activation';
import { isKiosk } from '../app-policy';
import { loadFavourites, loadTicketSystem, saveFavourites, saveTicketSystem } from '../home/remembered';
import { usePublishFavourites } from '../home/use-publish-favourites';
import { buildRequest, selectedRoles } from './selectors';
import { IllegalTransitionError, initialState, planNeedsStepUp, reduce } from './wizard-state';
import type { ActivationForm, KindFilter, RoleFilter, WizardEvent, WizardState } from './wizard-state';

/**
 * The reducer as the app runs it: an illegal transition (a double click, or a late answer for a
 * screen already left) is dropped instead of tearing the window down. Unit tests call `reduce`
 * directly, where it throws.
 */
function reduceInApp(state: WizardState, event: WizardEvent): WizardState {
  try {
    return reduce(state, event);
  } catch (error) {
    if (error instanceof IllegalTransitionError) {
      return state;
    }
    throw error;
  }
}

const PLAN_DEBOUNCE_MS = 250;

export type WizardCommands = {
  readonly signIn: () => void;
  readonly cancelSignIn: () => void;
  readonly signOut: () => void;
  readonly continueToRoles: () => void;
  readonly refreshCatalog: () => void;
  readonly setQuery: (query: string) => void;
  readonly setFilter: (filter: RoleFilter) => void;
  readonly setKind: (kind: KindFilter) => void;
  readonly toggleRole: (roleId: string) => void;
  readonly toggleFavourite: (roleId: string) => void;
  readonly clearSelection: () => void;
  /** Withdraws a request waiting for approval, then re-reads the lists. */
  readonly cancelRequest: (request: PendingRequest) => void;
  readonly continueToActivate: () => void;
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
  readonly deactivate: (roleId: string) => void;
  /** Asks an administrator to lengthen their time-bound assignment, then re-reads the lists (it shows as pending). */
  readonly requestExtension: (request: ExtensionRequest, displayName: string) => void;
  readonly startOver: () => void;
  readonly toggleGuided: () => void;
  readonly dismissLink: () => void;
  /** Leaves the results (never a run in flight) to review a help-desk link that arrived meanwhile. */
  readonly openPendingLink: () => void;
};

export function useWizard(): { readonly state: WizardState; readonly commands: WizardCommands } {
  const [state, dispatch] = useReducer(reduceInApp, undefined, initialState);
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  });
  const planSeq = useRef(0);
  // Guards against double submission: a second click must never send a second activation.
  const busy = useRef({
    activating: false,
    running: false,
    deactivating: new Set<string>(),
    cancelling: new Set<string>(),
    extending: new Set<string>(),
  });

  // The role list and the pending requests are read together: the home screen shows both.
  const loadCatalog = useCallback(async () => {
    dispatch({ type: 'catalog-loading' });
    const [roles, pending] = await Promise.all([api.roles.list(), api.activation.listPending()]);
    dispatch({ type: 'pending-loaded', result: pending });
    dispatch({ type: 'catalog-loaded', result: roles });
  }, []);

  /**
   * One operation on a row of the home screen (deactivate, cancel, request an extension): at most one per row at a
   * time (a double click sends nothing twice), then the lists are read again so the row shows what changed.
   */
  const rowOperation = useCallback(
    (running: Set<string>, key: string, work: () => Promise<void>): void => {
      if (running.has(key)) {
        return;
      }
      running.add(key);
      void (async () => {
        await work();
        running.delete(key);
        await loadCatalog();
      })();
    },
    [loadCatalog],
  );

  // Favourites and the last ticket system come back once the mode is known (never in kiosk mode).
  const info = state.shared.info.status === 'loaded' ? state.shared.info.value : null;
  const remember = info !== null && !isKiosk(info);
  useEffect(() => {
    if (remember) {
      dispatch({ type: 'remembered-loaded', favourites: loadFavourites(), ticketSystem: loadTicketSystem() });
    }
  }, [remember]);
  // The tray's "Activate favourites" is built from what the window publishes (never in kiosk mode).
  usePublishFavourites(remember, state.shared.favourites, state.shared.catalog.status === 'loaded' ? state.shared.catalog.value : null);

  // Start-up: what the app is, who is signed in, and the three event streams.
  useEffect(() => {
    const unsubscribe = [
      api.auth.onSessionChanged((session) => {
        dispatch({ type: 'session-changed', session });
      }),
      api.auth.onSignInState((signInState) => {
        dispatch({ type: 'sign-in-state', state: signInState });
      }),
      api.activation.onProgress((progress) => {
        dispatch({ type: 'progress-received', progress });
      }),
      // A link that arrives while the window is open: the event carries it, and taking it marks
      // it shown so a reload does not fill the form in a second time.
      api.deepLink.onReceived((delivery) => {
        dispatch({ type: 'deep-link-delivered', delivery });
        void api.deepLink.take();
        // A tray pre-fill is applied on a fresh role list (the reducer waits for it).
        if (delivery.ok && delivery.intent.origin === 'tray') {
          void loadCatalog();
        }
      }),
    ];
    void (async () => {
      dispatch({ type: 'info-loaded', result: await api.app.getInfo() });
    })();
    void (async () => {
      dispatch({ type: 'session-loaded', result: await api.auth.getSession() });
    })();
    // The link the app was started with (or that arrived before this window was ready).
    void (async () => {
      const taken = await api.deepLink.take();
      if (taken.ok && taken.value !== null) {
        dispatch({ type: 'deep-link-delivered', delivery: taken.value });
      }
    })();
    return () => {
      for (const off of unsubscribe) {
        off();
      }
    };
    // `loadCatalog` never changes (a callback without dependencies): this runs once, as before.
  }, [loadCatalog]);

  // The role list loads when the roles step first needs it.
  const needsCatalog = state.step.kind === 'roles' && state.shared.catalog.status === 'idle';
  useEffect(() => {
    if (needsCatalog) {
      void loadCatalog();
    }
  }, [needsCatalog, loadCatalog]);

  // On the activate step, ask the engine for a plan whenever the request changes (debounced).
  const catalog = state.shared.catalog.status === 'loaded' ? state.shared.catalog.value : null;
  const planRequest = useMemo(() => {
    if (state.step.kind !== 'activate' || catalog === null) {
      return null;
    }
    return buildRequest(selectedRoles(catalog, state.shared.selection), state.shared.form);
  }, [state.step.kind, catalog, state.shared.selection, state.shared.form]);
  const planKey = planRequest === null ? null : JSON.stringify(planRequest);
  useEffect(() => {
    if (planKey === null) {
      return undefined;
    }
    const request = JSON.parse(planKey) as ActivationRequest;
    const timer = window.setTimeout(() => {
      planSeq.current += 1;
      const seq = planSeq.current;
      dispatch({ type: 'plan-requested', seq });
      void (async () => {
        dispatch({ type: 'plan-loaded', seq, result: await api.activation.plan(request) });
      })();
    }, PLAN_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, [planKey]);

  const commands = useMemo<WizardCommands>(() => {
    const run = async (request: ActivationRequest, ids: readonly string[]) => {
      if (busy.current.running) {
        return;
      }
      busy.current.running = true;
      dispatch({ type: 'run-started', roleIds: ids, at: new Date().toISOString() });
      const result = await api.activation.activate({ ...request, roleIds: ids });
      busy.current.running = false;
      dispatch({ type: 'run-finished', roleIds: ids, result });
      // Active assignments and their end times come from the tenant, not from our memory.
      await loadCatalog();
    };
    const requestActivation = (request: ActivationRequest, plan: ActivationPlan) => {
      const infoNow = stateRef.current.shared.info;
      if (request.ticketSystem !== undefined && infoNow.status === 'loaded' && !isKiosk(infoNow.value)) {
        saveTicketSystem(request.ticketSystem);
      }
      dispatch({ type: 'activation-requested', request, plan, at: new Date().toISOString() });
      // Without a step-up to explain first, the run starts at once (the reducer has moved
      // to the progress step by the time it sees 'run-started': events apply in order).
      if (!planNeedsStepUp(plan)) {
        void run(request, request.roleIds);
      }
    };
    const startRun = async (roleIds?: readonly string[]) => {
      const step = stateRef.current.step;
      if ((step.kind !== 'step-up' && step.kind !== 'progress') || step.run.inFlight) {
        return;
      }
      await run(step.run.request, roleIds ?? step.run.request.roleIds);
    };
    return {
      signIn: () => {
        void (async () => {
          dispatch({ type: 'sign-in-started' });
          dispatch({ type: 'sign-in-finished', result: await api.auth.signIn() });
        })();
      },
      cancelSignIn: () => {
        void api.auth.cancelSignIn();
      },
      signOut: () => {
        void (async () => {
          const result = await api.auth.signOut();
          dispatch(result.ok ? { type: 'signed-out' } : { type: 'sign-out-failed', error: result.error });
        })();
      },
      continueToRoles: () => {
        dispatch({ type: 'continue-to-roles' });
      },
      refreshCatalog: () => {
        void loadCatalog();
      },
      setQuery: (query) => {
        dispatch({ type: 'query-changed', query });
      },
      setFilter: (filter) => {
        dispatch({ type: 'filter-changed', filter });
      },
      setKind: (kind) => {
        dispatch({ type: 'kind-changed', kind });
      },
      toggleRole: (roleId) => {
        dispatch({ type: 'role-toggled', roleId });
      },
      toggleFavourite: (roleId) => {
        dispatch({ type: 'favourite-toggled', roleId });
        // Written only when the admin changes them, and never in kiosk mode: the reducer is the truth, this is its copy.
        const { shared } = stateRef.current;
        if (shared.info.status === 'loaded' && !isKiosk(shared.info.value)) {
          const on = shared.favourites.includes(roleId);
          saveFavourites(on ? shared.favourites.filter((id) => id !== roleId) : [...shared.favourites, roleId]);
        }
      },
      clearSelection: () => {
        dispatch({ type: 'selection-cleared' });
      },
      cancelRequest: (request) => {
        rowOperation(busy.current.cancelling, request.requestId, async () => {
          dispatch({ type: 'cancel-started', requestId: request.requestId });
          const result = await api.activation.cancelRequest(request.requestId, request.kind);
          dispatch({ type: 'cancel-finished', requestId: request.requestId, displayName: request.displayName, result });
        });
      },
      continueToActivate: () => {
        dispatch({ type: 'continue-to-activate' });
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
        if (busy.current.activating) {
          return;
        }
        busy.current.activating = true;
        void (async () => {
          planSeq.current += 1;
          const seq = planSeq.current;
          dispatch({ type: 'plan-requested', seq });
          const result = await api.activation.plan(request);
          busy.current.activating = false;
          dispatch({ type: 'plan-loaded', seq, result });
          if (!result.ok || result.value.problems.length > 0) {
            dispatch({ type: 'activation-invalid' });
            return;
          }
          requestActivation(request, result.value);
        })();
      },
      startRun: (roleIds) => {
        void startRun(roleIds);
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
      deactivate: (roleId) => {
        rowOperation(busy.current.deactivating, roleId, async () => {
          dispatch({ type: 'deactivation-started', roleId });
          const result = await api.activation.deactivate(roleId);
          dispatch({ type: 'deactivation-finished', roleId, result });
        });
      },
      requestExtension: (request, displayName) => {
        rowOperation(busy.current.extending, request.roleId, async () => {
          dispatch({ type: 'extension-started', roleId: request.roleId });
          const result = await api.activation.requestExtension(request);
          dispatch({ type: 'extension-finished', roleId: request.roleId, displayName, result });
        });
      },
      startOver: () => {
        dispatch({ type: 'start-over' });
        void loadCatalog();
      },
      toggleGuided: () => {
        dispatch({ type: 'guided-toggled' });
      },
      dismissLink: () => {
        dispatch({ type: 'deep-link-dismissed' });
      },
      openPendingLink: () => {
        dispatch({ type: 'open-pending-link' });
        void loadCatalog();
      },
    };
  }, [loadCatalog, rowOperation]);

  return { state, commands };
}
