/** What several slices of the wizard's state need: the initial state, reading and patching it. */
import { assertNever } from '../../../shared/assert';
import type { ActivationPlan } from '../../../shared/domain/activation';
import type { AppInfo } from '../../../shared/domain/app-info';
import type { SessionSummary } from '../../../shared/domain/session';
import { DEFAULT_POLICY, isKiosk, policyOf } from '../../app-policy';
import { loadedOr } from './loadable';
import { IllegalTransitionError } from './types';
import type { ActivationForm, Run, Shared, WizardState, WizardStep } from './types';

export const DEFAULT_DURATION_MINUTES = 60;

export function emptyForm(info: AppInfo | null): ActivationForm {
  return {
    durationMinutes: DEFAULT_DURATION_MINUTES,
    durations: {},
    startAt: '',
    justification: '',
    ticketNumber: '',
    ticketSystem: policyOf(info).ticketSystem ?? '',
  };
}

export function initialState(): WizardState {
  return {
    shared: {
      info: { status: 'loading' },
      session: { status: 'loading' },
      signIn: { phase: 'idle' },
      catalog: { status: 'idle' },
      listing: null,
      refreshError: null,
      query: '',
      filter: 'all',
      kind: 'all',
      selection: [],
      favourites: [],
      pending: { status: 'idle' },
      deactivations: {},
      cancellations: {},
      extensions: {},
      form: emptyForm(null),
      recentReasons: [],
      announcement: '',
      rowStatus: null,
      guided: { on: DEFAULT_POLICY.guidedByDefault, chosen: false },
      link: { kind: 'none' },
      signOutError: null,
    },
    step: { kind: 'sign-in', busy: false, error: null },
  };
}

export function infoOf(shared: Shared): AppInfo | null {
  return loadedOr(shared.info);
}

export function sessionOf(shared: Shared): SessionSummary | null {
  return loadedOr(shared.session);
}

export function illegal(state: WizardState, event: { readonly type: string }): never {
  throw new IllegalTransitionError(state.step.kind, event.type);
}

export function withShared(state: WizardState, patch: Partial<Shared>): WizardState {
  return { ...state, shared: { ...state.shared, ...patch } };
}

export function runOf(step: WizardStep): Run | null {
  return step.kind === 'step-up' || step.kind === 'progress' || step.kind === 'done' ? step.run : null;
}

export function withRun(state: WizardState, update: (run: Run) => Run): WizardState {
  const step = state.step;
  switch (step.kind) {
    case 'step-up':
    case 'progress':
    case 'done':
      return { ...state, step: { ...step, run: update(step.run) } };
    case 'sign-in':
    case 'roles':
    case 'activate':
      return state;
    default:
      return assertNever(step, 'step');
  }
}

/**
 * What signing out forgets. In kiosk mode the next person at the workstation must find nothing
 * of the previous one: reasons, typed text, links. Elsewhere the window keeps its memory.
 */
export function forgetOnSignOut(shared: Shared): Shared {
  const base: Shared = {
    ...shared,
    session: { status: 'loaded', value: null },
    catalog: { status: 'idle' },
    listing: null,
    refreshError: null,
    pending: { status: 'idle' },
    selection: [],
    deactivations: {},
    cancellations: {},
    extensions: {},
    rowStatus: null,
    signOutError: null,
  };
  if (!isKiosk(infoOf(shared))) {
    return base;
  }
  return {
    ...base,
    query: '',
    filter: 'all',
    kind: 'all',
    favourites: [],
    form: emptyForm(infoOf(shared)),
    recentReasons: [],
    link: { kind: 'none' },
    announcement: '',
  };
}

/** Whether a role may be ticked for activation: eligible, not active, and not already waiting for approval. */
export function isSelectable(shared: Shared, roleId: string): boolean {
  if (shared.catalog.status !== 'loaded') {
    return false;
  }
  const role = shared.catalog.value.eligible.find((r) => r.id === roleId);
  const waiting = shared.pending.status === 'loaded' && shared.pending.value.some((p) => p.roleId === roleId);
  // A role the role-state model shows scheduled is on its way: not offered again.
  const scheduled = shared.catalog.value.states.roles.some((r) => r.roleId === roleId && r.state === 'scheduled');
  return role !== undefined && role.active === null && !waiting && !scheduled;
}

export function displayNameOf(shared: Shared, roleId: string): string {
  if (shared.catalog.status !== 'loaded') {
    return roleId;
  }
  return shared.catalog.value.eligible.find((role) => role.id === roleId)?.displayName ?? roleId;
}

/** True when the plan needs at least one interactive sign-in before anything is submitted. */
export function planNeedsStepUp(plan: ActivationPlan): boolean {
  return plan.stepUps.some((group) => !group.satisfied);
}
