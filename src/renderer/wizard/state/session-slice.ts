/**
 * The session slice: what the app is (info), who is signed in, the sign-in in progress, sign-out,
 * and guided mode.
 */
import type { AppError } from '../../../shared/errors';
import type { AppInfo } from '../../../shared/domain/app-info';
import type { SessionSummary, SignInState } from '../../../shared/domain/session';
import type { Result } from '../../../shared/result';
import { policyOf } from '../../app-policy';
import { forgetOnSignOut, illegal, infoOf, runOf, withRun, withShared } from './common';
import { fromResult } from './loadable';
import { reducerOf } from './types';
import type { Handlers } from './types';

export type SessionEvent =
  | { readonly type: 'info-loaded'; readonly result: Result<AppInfo> }
  | { readonly type: 'session-loaded'; readonly result: Result<SessionSummary | null> }
  | { readonly type: 'session-changed'; readonly session: SessionSummary | null }
  | { readonly type: 'sign-in-state'; readonly state: SignInState }
  | { readonly type: 'sign-in-started' }
  | { readonly type: 'sign-in-finished'; readonly result: Result<SessionSummary> }
  | { readonly type: 'signed-out' }
  | { readonly type: 'sign-out-failed'; readonly error: AppError }
  | { readonly type: 'guided-toggled' };

export const sessionHandlers: Handlers<SessionEvent> = {
  'info-loaded': (state, event) => {
    const { shared } = state;
    const policy = policyOf(event.result.ok ? event.result.value : null);
    return withShared(state, {
      info: fromResult(event.result),
      guided: shared.guided.chosen ? shared.guided : { on: policy.guidedByDefault, chosen: false },
      form:
        shared.form.ticketSystem === '' && policy.ticketSystem !== null
          ? { ...shared.form, ticketSystem: policy.ticketSystem }
          : shared.form,
    });
  },

  'session-loaded': (state, event) => {
    const { step, shared } = state;
    if (step.kind !== 'sign-in') {
      return state;
    }
    // Already signed in: the app opens on home (My roles), never on a "Signed in" page.
    if (event.result.ok && event.result.value !== null) {
      return { shared: { ...shared, session: fromResult(event.result) }, step: { kind: 'roles' } };
    }
    return {
      shared: { ...shared, session: fromResult(event.result) },
      step: { ...step, error: event.result.ok ? null : event.result.error },
    };
  },

  'session-changed': (state, event) => {
    const next = withShared(state, { session: { status: 'loaded', value: event.session } });
    if (event.session === null) {
      // Signed out elsewhere (or the session ended): only the sign-in step makes sense now,
      // unless a run is still going, which will report its own failure.
      if (runOf(state.step)?.inFlight === true) {
        return next;
      }
      return { step: { kind: 'sign-in', busy: false, error: null }, shared: forgetOnSignOut(next.shared) };
    }
    const evidence = event.session.evidence;
    return withRun(next, (run) => (run.inFlight ? { ...run, evidenceAfter: evidence } : run));
  },

  'sign-in-state': (state, event) => {
    const { step, shared } = state;
    let next = withShared(state, { signIn: event.state });
    const waitingForStepUp = event.state.phase === 'waiting' && event.state.purpose !== 'sign-in';
    if (waitingForStepUp && step.kind === 'progress' && step.run.inFlight) {
      // The engine learned of a step-up mid-run (a role whose policy was unreadable): bring
      // the explanation and the Cancel button to the front.
      next = { ...next, step: { kind: 'step-up', run: step.run } };
    }
    if (event.state.phase === 'waiting') {
      const what = event.state.purpose === 'sign-in' ? 'sign-in' : 'step-up sign-in';
      const where = infoOf(shared)?.signInSurface === 'in-app-window' ? 'sign-in window' : 'browser window';
      next = withShared(next, { announcement: `Waiting for you to complete the ${what} in the ${where}.` });
    }
    return next;
  },

  'sign-in-started': (state, event) => {
    const { step } = state;
    if (step.kind !== 'sign-in') {
      return illegal(state, event);
    }
    return { ...state, step: { ...step, busy: true, error: null } };
  },

  'sign-in-finished': (state, event) => {
    const { step, shared } = state;
    if (step.kind !== 'sign-in') {
      return illegal(state, event);
    }
    if (!event.result.ok) {
      return {
        shared: { ...shared, announcement: event.result.error.message },
        step: { ...step, busy: false, error: event.result.error },
      };
    }
    return {
      shared: {
        ...shared,
        session: { status: 'loaded', value: event.result.value },
        announcement: `Signed in as ${event.result.value.username}.`,
      },
      step: { kind: 'roles' },
    };
  },

  'signed-out': (state) => ({ shared: forgetOnSignOut(state.shared), step: { kind: 'sign-in', busy: false, error: null } }),

  // Said out loud: on a shared workstation, walking away from a session that did not end is the risk.
  'sign-out-failed': (state, event) =>
    withShared(state, { signOutError: event.error, announcement: `The session did not end. ${event.error.message}` }),

  'guided-toggled': (state) =>
    withShared(state, {
      guided: { on: !state.shared.guided.on, chosen: true },
      announcement: state.shared.guided.on ? 'Guided mode is off.' : 'Guided mode is on: each step is explained in plain words.',
    }),
};

export const reduceSession = reducerOf(sessionHandlers);
