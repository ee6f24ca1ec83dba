/**
 * The wizard's side effects: the thin layer between the pure reducer and `api`.
 *
 * Each command dispatches an event, awaits the engine, and dispatches the answer. Nothing here
 * decides anything the reducer could decide; nothing here catches exceptions from `api`, because
 * the contract returns errors as data (`Result`) and never throws across the bridge. The commands
 * live with their slice in `commands/`; this hook owns the reducer, the start-up subscriptions and
 * the form's planning.
 */
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import type { ActivationRequest } from '../../shared/domain/activation';
import { api } from '../api';
import { isKiosk } from '../app-policy';
import { loadFavourites, loadTicketSystem } from '../home/remembered';
import { usePublishFavourites } from '../home/use-publish-favourites';
import { LatestState } from './commands/deps';
import { linkCommands } from './commands/link-commands';
import type { LinkCommands } from './commands/link-commands';
import { listCommands } from './commands/list-commands';
import type { ListCommands } from './commands/list-commands';
import { rowCommands } from './commands/row-commands';
import type { RowCommands } from './commands/row-commands';
import { runCommands } from './commands/run-commands';
import type { RunCommands } from './commands/run-commands';
import { sessionCommands } from './commands/session-commands';
import type { SessionCommands } from './commands/session-commands';
import { buildRequest, selectedRoles } from './selectors';
import { IllegalTransitionError, initialState, reduce } from './wizard-state';
import type { WizardEvent, WizardState } from './wizard-state';

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

export type WizardCommands = SessionCommands & ListCommands & RowCommands & RunCommands & LinkCommands;

/** Start-up: what the app is, who is signed in, the link it was started with, and the event streams. */
function useStartUp(dispatch: (event: WizardEvent) => void, loadCatalog: () => Promise<void>): void {
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
      // Every fresh read of the role-state model (a refresh, the Results screen following a decision, the tray).
      api.roles.onStates((model) => {
        dispatch({ type: 'states-received', model });
      }),
      // The first list while it is read: names first, requirements as each policy answers.
      api.roles.onProgress(({ eligible }) => {
        dispatch({ type: 'catalog-progress', eligible });
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
  }, [dispatch, loadCatalog]);
}

/** On the activate step, asks the engine for a plan whenever the request changes (debounced). */
function usePlanning(state: WizardState, dispatch: (event: WizardEvent) => void, nextPlanSeq: () => number): void {
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
      const seq = nextPlanSeq();
      dispatch({ type: 'plan-requested', seq });
      void (async () => {
        dispatch({ type: 'plan-loaded', seq, result: await api.activation.plan(request) });
      })();
    }, PLAN_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, [planKey, dispatch, nextPlanSeq]);
}

export function useWizard(): { readonly state: WizardState; readonly commands: WizardCommands } {
  const [state, dispatch] = useReducer(reduceInApp, undefined, initialState);
  const [latest] = useState(() => new LatestState(state));
  useEffect(() => {
    latest.update(state);
  });
  const nextPlanSeq = useCallback(() => latest.nextPlanSeq(), [latest]);

  // The role list and the pending requests are read together: the home screen shows both.
  const loadCatalog = useCallback(async () => {
    dispatch({ type: 'catalog-loading' });
    const [roles, pending] = await Promise.all([api.roles.list(), api.activation.listPending()]);
    dispatch({ type: 'pending-loaded', result: pending });
    dispatch({ type: 'catalog-loaded', result: roles });
  }, []);

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

  useStartUp(dispatch, loadCatalog);

  // The role list loads when the roles step first needs it.
  const needsCatalog = state.step.kind === 'roles' && state.shared.catalog.status === 'idle';
  useEffect(() => {
    if (needsCatalog) {
      void loadCatalog();
    }
  }, [needsCatalog, loadCatalog]);

  usePlanning(state, dispatch, nextPlanSeq);

  const commands = useMemo<WizardCommands>(() => {
    const deps = { dispatch, state: () => latest.read(), loadCatalog, nextPlanSeq };
    return {
      ...sessionCommands(deps),
      ...listCommands(deps),
      ...rowCommands(deps),
      ...runCommands(deps),
      ...linkCommands(deps),
    };
  }, [latest, loadCatalog, nextPlanSeq]);

  return { state, commands };
}
