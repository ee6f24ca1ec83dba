/**
 * The activation wizard as data: a union of steps, the events that move between them, and one
 * pure reducer.
 *
 * Why a reducer: every screen the admin can reach is a value of `WizardState`, so illegal
 * combinations (a progress screen without a run, a step-up with nothing to step up for) cannot
 * be represented, and every transition is testable without a DOM. Side effects (calls to `api`)
 * live in `use-wizard.ts`, which dispatches these events before and after each call.
 *
 * The events are owned by one slice per concern in `state/`: the session, the list and its
 * filters, row operations, the run, and links. Each slice is a table of handlers, one per event
 * it owns; the table below is all of them, and the compiler checks that every event has exactly
 * one handler.
 */
import { linkHandlers } from './state/links-slice';
import type { LinkEvent } from './state/links-slice';
import { listHandlers } from './state/list-slice';
import type { ListEvent } from './state/list-slice';
import { rowOperationHandlers } from './state/row-operations-slice';
import type { RowOperationEvent } from './state/row-operations-slice';
import { runHandlers } from './state/run-slice';
import type { RunEvent } from './state/run-slice';
import { sessionHandlers } from './state/session-slice';
import type { SessionEvent } from './state/session-slice';
import { reducerOf } from './state/types';
import type { Handlers, WizardState } from './state/types';

export type {
  ActivationForm,
  Guided,
  KindFilter,
  LinkState,
  Loadable,
  PhaseMark,
  RoleFilter,
  Run,
  RunRow,
  Shared,
  StepKind,
  WizardState,
  WizardStep,
} from './state/types';
export { IllegalTransitionError } from './state/types';
export { DEFAULT_DURATION_MINUTES, initialState, isSelectable, planNeedsStepUp } from './state/common';
export { applyProgress } from './state/run-slice';

export type WizardEvent = SessionEvent | ListEvent | RowOperationEvent | RunEvent | LinkEvent;

const handlers: Handlers<WizardEvent> = {
  ...sessionHandlers,
  ...listHandlers,
  ...rowOperationHandlers,
  ...runHandlers,
  ...linkHandlers,
};

/** The slices' tables, for the test that no event is owned twice. */
export const SLICE_HANDLERS: readonly object[] = [sessionHandlers, listHandlers, rowOperationHandlers, runHandlers, linkHandlers];

/** The wizard's only state transition function. Pure: same state and event, same result. */
export const reduce: (state: WizardState, event: WizardEvent) => WizardState = reducerOf(handlers);
