/**
 * The activation wizard as data: a union of steps, the events that move between them, and one
 * pure reducer.
 *
 * Why a reducer: every screen the admin can reach is a value of `WizardState`, so illegal
 * combinations (a progress screen without a run, a step-up with nothing to step up for) cannot
 * be represented, and every transition is testable without a DOM. Side effects (calls to `api`)
 * live in `use-wizard.ts`, which dispatches these events before and after each call.
 */
import { assertNever } from '../../shared/assert';
import type { AppError } from '../../shared/errors';
import type {
  ActivationOutcome,
  ActivationPhase,
  ActivationPlan,
  ActivationProgress,
  ActivationReport,
  ActivationRequest,
  DeactivationOutcome,
  ExtensionOutcome,
  PendingRequest,
  StepUpEvidence,
} from '../../shared/domain/activation';
import type { AppInfo } from '../../shared/domain/app-info';
import type { DeepLinkDelivery, DeepLinkIntent } from '../../shared/domain/deep-link';
import type { RoleCatalog } from '../../shared/domain/roles';
import type { AuthEvidence, SessionSummary, SignInState } from '../../shared/domain/session';
import type { Result } from '../../shared/result';
import { DEFAULT_POLICY, isKiosk, policyOf } from '../app-policy';
import { originName, prefillFromIntent } from '../help-desk/deep-link-prefill';
import type { LinkPrefill } from '../help-desk/deep-link-prefill';
import { phaseLabel } from './format';

/** A value fetched over IPC: not asked yet, in flight, arrived, or failed with an engine error. */
export type Loadable<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly value: T }
  | { readonly status: 'failed'; readonly error: AppError };

/** What a role demands before it can be activated (the home list's requirement filter). */
export type RoleFilter = 'all' | 'step-up' | 'mfa' | 'approval' | 'ticket' | 'none' | 'unknown';

/** Directory roles, PIM groups, or both. */
export type KindFilter = 'all' | 'directoryRole' | 'group' | 'azureResource';

export type ActivationForm = {
  /** The duration for every selected role ("apply to all"), each still capped by its own policy. */
  readonly durationMinutes: number;
  /** Per-role choices that differ from `durationMinutes` (role id → minutes). */
  readonly durations: Readonly<Record<string, number>>;
  /** Scheduled start as the `datetime-local` input holds it (local wall time); '' means now. */
  readonly startAt: string;
  readonly justification: string;
  readonly ticketNumber: string;
  readonly ticketSystem: string;
};

/** One phase a role reached during a run, with when (engine time). */
export type PhaseMark = { readonly phase: ActivationPhase; readonly at: string };

/** One role's line on the progress screen. */
export type RunRow = {
  readonly roleId: string;
  readonly displayName: string;
  readonly marks: readonly PhaseMark[];
  readonly requestId: string | null;
  readonly error: AppError | null;
  readonly outcome: ActivationOutcome | null;
  /** 1 for the first try; each retry (by the admin or automatic) adds one, and the screen names it a retry. */
  readonly attempt: number;
};

/** An activation run: what was asked, what the plan said, and what has happened so far. */
export type Run = {
  readonly request: ActivationRequest;
  readonly plan: ActivationPlan;
  readonly startedAt: string;
  readonly rows: readonly RunRow[];
  /** True while `activation.activate` has not answered. */
  readonly inFlight: boolean;
  /** The whole call failed (e.g. the step-up was cancelled before anything was submitted). */
  readonly error: AppError | null;
  /** Sign-in evidence before the run, and the newest evidence seen during it. */
  readonly evidenceBefore: AuthEvidence | null;
  readonly evidenceAfter: AuthEvidence | null;
  /** Every step-up the engine reported for the run: contexts proven, methods, times. */
  readonly stepUps: readonly StepUpEvidence[];
  /** Interactive prompts the engine reported for the finished run. */
  readonly prompts: number | null;
  /** The admin stopped the automatic retry of a short throttle: only a press of Retry sends again. */
  readonly autoRetryDeclined: boolean;
};

export type WizardStep =
  | { readonly kind: 'sign-in'; readonly busy: boolean; readonly error: AppError | null }
  | { readonly kind: 'roles' }
  | {
      readonly kind: 'activate';
      readonly plan: Loadable<ActivationPlan>;
      /** The newest plan that arrived, shown while a newer one is being computed. */
      readonly lastPlan: ActivationPlan | null;
      readonly planSeq: number;
      readonly showErrors: boolean;
    }
  | { readonly kind: 'step-up'; readonly run: Run }
  | { readonly kind: 'progress'; readonly run: Run }
  | { readonly kind: 'done'; readonly run: Run };

export type StepKind = WizardStep['kind'];

/**
 * The newest help-desk link: none, refused (with the engine's reasons), waiting until the admin
 * is signed in and the roles are known, or applied to the form.
 */
export type LinkState =
  | { readonly kind: 'none' }
  | { readonly kind: 'refused'; readonly error: AppError }
  | { readonly kind: 'pending'; readonly intent: DeepLinkIntent }
  | { readonly kind: 'prefilled'; readonly prefill: LinkPrefill };

/** Guided mode: on or off, and whether the admin chose (a choice outlives the policy default). */
export type Guided = { readonly on: boolean; readonly chosen: boolean };

/** State every step shares: who is signed in, what the tenant said, what the admin typed. */
export type Shared = {
  readonly info: Loadable<AppInfo>;
  readonly session: Loadable<SessionSummary | null>;
  readonly signIn: SignInState;
  readonly catalog: Loadable<RoleCatalog>;
  readonly query: string;
  readonly filter: RoleFilter;
  readonly kind: KindFilter;
  readonly selection: readonly string[];
  /** Roles pinned on top of the list; the window's own storage keeps them (never in kiosk mode). */
  readonly favourites: readonly string[];
  /** The admin's requests waiting for an approver. */
  readonly pending: Loadable<readonly PendingRequest[]>;
  /** Deactivations asked from My roles or the results, by role id. */
  readonly deactivations: Readonly<Record<string, Loadable<DeactivationOutcome>>>;
  /** Cancellations of pending requests, by request id. */
  readonly cancellations: Readonly<Record<string, Loadable<null>>>;
  /** Extension requests for administrators' time-bound assignments, by role id. */
  readonly extensions: Readonly<Record<string, Loadable<ExtensionOutcome>>>;
  readonly form: ActivationForm;
  /**
   * Reasons used in this window, newest first. Kept in memory only: kiosk machines must not
   * persist what one admin typed for the next one.
   */
  readonly recentReasons: readonly string[];
  /** Latest sentence for the polite live region (screen readers hear progress as it happens). */
  readonly announcement: string;
  readonly guided: Guided;
  readonly link: LinkState;
  /** Why the last sign-out (or kiosk End session) failed; shown until a sign-out succeeds. */
  readonly signOutError: AppError | null;
};

export type WizardState = { readonly shared: Shared; readonly step: WizardStep };

export type WizardEvent =
  | { readonly type: 'info-loaded'; readonly result: Result<AppInfo> }
  | { readonly type: 'session-loaded'; readonly result: Result<SessionSummary | null> }
  | { readonly type: 'session-changed'; readonly session: SessionSummary | null }
  | { readonly type: 'sign-in-state'; readonly state: SignInState }
  | { readonly type: 'sign-in-started' }
  | { readonly type: 'sign-in-finished'; readonly result: Result<SessionSummary> }
  | { readonly type: 'signed-out' }
  | { readonly type: 'sign-out-failed'; readonly error: AppError }
  | { readonly type: 'continue-to-roles' }
  | { readonly type: 'catalog-loading' }
  | { readonly type: 'catalog-loaded'; readonly result: Result<RoleCatalog> }
  | { readonly type: 'query-changed'; readonly query: string }
  | { readonly type: 'filter-changed'; readonly filter: RoleFilter }
  | { readonly type: 'kind-changed'; readonly kind: KindFilter }
  | { readonly type: 'favourite-toggled'; readonly roleId: string }
  | { readonly type: 'remembered-loaded'; readonly favourites: readonly string[]; readonly ticketSystem: string }
  | { readonly type: 'pending-loaded'; readonly result: Result<readonly PendingRequest[]> }
  | { readonly type: 'cancel-started'; readonly requestId: string }
  | { readonly type: 'cancel-finished'; readonly requestId: string; readonly displayName: string; readonly result: Result<null> }
  | { readonly type: 'selection-cleared' }
  | { readonly type: 'role-toggled'; readonly roleId: string }
  | { readonly type: 'continue-to-activate' }
  | { readonly type: 'back' }
  | { readonly type: 'form-changed'; readonly patch: Partial<ActivationForm> }
  | { readonly type: 'plan-requested'; readonly seq: number }
  | { readonly type: 'plan-loaded'; readonly seq: number; readonly result: Result<ActivationPlan> }
  | { readonly type: 'activation-invalid' }
  | { readonly type: 'activation-requested'; readonly request: ActivationRequest; readonly plan: ActivationPlan; readonly at: string }
  | { readonly type: 'run-started'; readonly roleIds: readonly string[]; readonly at: string }
  | { readonly type: 'progress-received'; readonly progress: ActivationProgress }
  | { readonly type: 'run-finished'; readonly roleIds: readonly string[]; readonly result: Result<ActivationReport> }
  | { readonly type: 'continue-to-progress' }
  | { readonly type: 'auto-retry-declined' }
  | { readonly type: 'continue-to-done' }
  | { readonly type: 'deactivation-started'; readonly roleId: string }
  | { readonly type: 'deactivation-finished'; readonly roleId: string; readonly result: Result<DeactivationOutcome> }
  | { readonly type: 'extension-started'; readonly roleId: string }
  | {
      readonly type: 'extension-finished';
      readonly roleId: string;
      readonly displayName: string;
      readonly result: Result<ExtensionOutcome>;
    }
  | { readonly type: 'start-over' }
  | { readonly type: 'guided-toggled' }
  | { readonly type: 'deep-link-delivered'; readonly delivery: DeepLinkDelivery }
  | { readonly type: 'deep-link-dismissed' }
  | { readonly type: 'open-pending-link' };

/** A transition the current step does not allow: a programming error, never user input. */
export class IllegalTransitionError extends Error {
  constructor(step: StepKind, event: WizardEvent['type']) {
    super(`Event "${event}" is not allowed on step "${step}".`);
    this.name = 'IllegalTransitionError';
  }
}

export const DEFAULT_DURATION_MINUTES = 60;
const MAX_RECENT_REASONS = 5;

function emptyForm(info: AppInfo | null): ActivationForm {
  return {
    durationMinutes: DEFAULT_DURATION_MINUTES,
    durations: {},
    startAt: '',
    justification: '',
    ticketNumber: '',
    ticketSystem: policyOf(info).ticketSystem ?? '',
  };
}

function infoOf(shared: Shared): AppInfo | null {
  return shared.info.status === 'loaded' ? shared.info.value : null;
}

/**
 * What signing out forgets. In kiosk mode the next person at the workstation must find nothing
 * of the previous one: reasons, typed text, links. Elsewhere the window keeps its memory.
 */
function forgetOnSignOut(shared: Shared): Shared {
  const base: Shared = {
    ...shared,
    session: { status: 'loaded', value: null },
    catalog: { status: 'idle' },
    pending: { status: 'idle' },
    selection: [],
    deactivations: {},
    cancellations: {},
    extensions: {},
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

/** What the live region says when a pre-fill is applied. */
function prefillAnnouncement(prefill: LinkPrefill): string {
  const from = `Opened from ${originName(prefill.origin)}`;
  if (prefill.matched.length > 0) {
    return `${from}. Review the details and press Activate.`;
  }
  return prefill.stillActive.length > 0
    ? `${from}: ${prefill.stillActive.map((s) => s.displayName).join(', ')} still active, so nothing was selected.`
    : `${from}, but none of its roles are among your eligible roles.`;
}

/**
 * Applies a waiting link once the admin's eligible roles are known and the wizard is choosing
 * roles: selection and form are replaced by the link's, and the activate step opens for review.
 * It never requests an activation: only the Activate button does.
 */
function applyPendingLink(state: WizardState): WizardState {
  const { shared, step } = state;
  if (shared.link.kind !== 'pending' || shared.catalog.status !== 'loaded' || (step.kind !== 'roles' && step.kind !== 'activate')) {
    return state;
  }
  const prefill = prefillFromIntent(shared.catalog.value, shared.link.intent);
  const form: ActivationForm = {
    durationMinutes: prefill.durationMinutes ?? shared.form.durationMinutes,
    durations: {},
    startAt: '',
    justification: prefill.justification ?? '',
    ticketNumber: prefill.ticketNumber ?? '',
    ticketSystem: prefill.ticketSystem ?? policyOf(infoOf(shared)).ticketSystem ?? '',
  };
  const selection = prefill.matched.map((m) => m.id);
  const nextShared: Shared = {
    ...shared,
    selection,
    form,
    query: '',
    filter: 'all',
    kind: 'all',
    link: { kind: 'prefilled', prefill },
    announcement: prefillAnnouncement(prefill),
  };
  return selection.length > 0
    ? { shared: nextShared, step: { kind: 'activate', plan: { status: 'idle' }, lastPlan: null, planSeq: 0, showErrors: false } }
    : { shared: nextShared, step: { kind: 'roles' } };
}

export function initialState(): WizardState {
  return {
    shared: {
      info: { status: 'loading' },
      session: { status: 'loading' },
      signIn: { phase: 'idle' },
      catalog: { status: 'idle' },
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
      guided: { on: DEFAULT_POLICY.guidedByDefault, chosen: false },
      link: { kind: 'none' },
      signOutError: null,
    },
    step: { kind: 'sign-in', busy: false, error: null },
  };
}

function illegal(state: WizardState, event: WizardEvent): never {
  throw new IllegalTransitionError(state.step.kind, event.type);
}

function fromResult<T>(result: Result<T>): Loadable<T> {
  return result.ok ? { status: 'loaded', value: result.value } : { status: 'failed', error: result.error };
}

function sessionOf(shared: Shared): SessionSummary | null {
  return shared.session.status === 'loaded' ? shared.session.value : null;
}

function withShared(state: WizardState, patch: Partial<Shared>): WizardState {
  return { ...state, shared: { ...state.shared, ...patch } };
}

function withRun(state: WizardState, update: (run: Run) => Run): WizardState {
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

function runOf(step: WizardStep): Run | null {
  return step.kind === 'step-up' || step.kind === 'progress' || step.kind === 'done' ? step.run : null;
}

/** Whether a role may be ticked for activation: eligible, not active, and not already waiting for approval. */
export function isSelectable(shared: Shared, roleId: string): boolean {
  if (shared.catalog.status !== 'loaded') {
    return false;
  }
  const role = shared.catalog.value.eligible.find((r) => r.id === roleId);
  const waiting = shared.pending.status === 'loaded' && shared.pending.value.some((p) => p.roleId === roleId);
  return role !== undefined && role.active === null && !waiting;
}

function displayNameOf(shared: Shared, roleId: string): string {
  if (shared.catalog.status !== 'loaded') {
    return roleId;
  }
  return shared.catalog.value.eligible.find((role) => role.id === roleId)?.displayName ?? roleId;
}

/** True when the plan needs at least one interactive sign-in before anything is submitted. */
export function planNeedsStepUp(plan: ActivationPlan): boolean {
  return plan.stepUps.some((group) => !group.satisfied);
}

function freshRow(roleId: string, displayName: string, attempt = 1): RunRow {
  return { roleId, displayName, marks: [], requestId: null, error: null, outcome: null, attempt };
}

/** Folds one progress event into a row; duplicate phases (same phase twice in a row) are kept once. */
export function applyProgress(row: RunRow, progress: ActivationProgress): RunRow {
  const last = row.marks[row.marks.length - 1];
  const marks = last?.phase === progress.phase ? row.marks : [...row.marks, { phase: progress.phase, at: progress.at }];
  return {
    ...row,
    marks,
    requestId: progress.requestId ?? row.requestId,
    error: progress.phase === 'failed' ? (progress.error ?? row.error) : null,
  };
}

function applyOutcome(row: RunRow, outcome: ActivationOutcome): RunRow {
  const phase: ActivationPhase = outcome.status;
  const last = row.marks[row.marks.length - 1];
  // The report is authoritative: show its final phase even if that event was missed. Its time
  // is unknown then (''), and the screen shows no duration for it.
  const marks = last?.phase === phase ? row.marks : [...row.marks, { phase, at: '' }];
  return {
    ...row,
    displayName: outcome.displayName || row.displayName,
    marks,
    requestId: outcome.requestId ?? row.requestId,
    error: outcome.status === 'failed' ? (outcome.error ?? row.error) : null,
    outcome,
  };
}

function rememberReason(reasons: readonly string[], reason: string): readonly string[] {
  const trimmed = reason.trim();
  if (trimmed === '') {
    return reasons;
  }
  return [trimmed, ...reasons.filter((r) => r !== trimmed)].slice(0, MAX_RECENT_REASONS);
}

function summarize(outcomes: readonly ActivationOutcome[]): string {
  const count = (status: ActivationOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  const parts = [
    [count('active') + count('already-active'), 'active'],
    [count('pending-approval'), 'pending approval'],
    [count('scheduled'), 'scheduled'],
    [count('failed'), 'failed'],
  ] as const;
  return `Activation finished: ${parts
    .filter(([n]) => n > 0)
    .map(([n, label]) => `${String(n)} ${label}`)
    .join(', ')}.`;
}

/** The wizard's only state transition function. Pure: same state and event, same result. */
export function reduce(state: WizardState, event: WizardEvent): WizardState {
  const { step, shared } = state;
  switch (event.type) {
    case 'info-loaded': {
      const info = event.result.ok ? event.result.value : null;
      const policy = policyOf(info);
      return withShared(state, {
        info: fromResult(event.result),
        guided: shared.guided.chosen ? shared.guided : { on: policy.guidedByDefault, chosen: false },
        form:
          shared.form.ticketSystem === '' && policy.ticketSystem !== null
            ? { ...shared.form, ticketSystem: policy.ticketSystem }
            : shared.form,
      });
    }

    case 'session-loaded': {
      if (step.kind !== 'sign-in') {
        return state;
      }
      return {
        shared: { ...shared, session: fromResult(event.result) },
        step: { ...step, error: event.result.ok ? null : event.result.error },
      };
    }

    case 'session-changed': {
      const next = withShared(state, { session: { status: 'loaded', value: event.session } });
      if (event.session === null) {
        // Signed out elsewhere (or the session ended): only the sign-in step makes sense now,
        // unless a run is still going, which will report its own failure.
        const run = runOf(step);
        if (run?.inFlight === true) {
          return next;
        }
        return { step: { kind: 'sign-in', busy: false, error: null }, shared: forgetOnSignOut(next.shared) };
      }
      const evidence = event.session.evidence;
      return withRun(next, (run) => (run.inFlight ? { ...run, evidenceAfter: evidence } : run));
    }

    case 'sign-in-state': {
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
    }

    case 'sign-in-started':
      if (step.kind !== 'sign-in') {
        return illegal(state, event);
      }
      return { ...state, step: { ...step, busy: true, error: null } };

    case 'sign-in-finished':
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
        step: { ...step, busy: false, error: null },
      };

    case 'signed-out':
      return { shared: forgetOnSignOut(shared), step: { kind: 'sign-in', busy: false, error: null } };

    case 'sign-out-failed':
      // Said out loud: on a shared workstation, walking away from a session that did not end is the risk.
      return withShared(state, { signOutError: event.error, announcement: `The session did not end. ${event.error.message}` });

    case 'continue-to-roles':
      if (step.kind !== 'sign-in' || sessionOf(shared) === null) {
        return illegal(state, event);
      }
      return { ...state, step: { kind: 'roles' } };

    case 'catalog-loading':
      return withShared(state, { catalog: shared.catalog.status === 'loaded' ? shared.catalog : { status: 'loading' } });

    case 'catalog-loaded': {
      if (!event.result.ok) {
        return withShared(state, { catalog: { status: 'failed', error: event.result.error }, announcement: event.result.error.message });
      }
      const catalog = event.result.value;
      // Drop selections that no longer exist or became active (the catalog is the truth after a refresh).
      const selection = shared.selection.filter((id) => catalog.eligible.some((role) => role.id === id && role.active === null));
      return applyPendingLink(withShared(state, { catalog: { status: 'loaded', value: catalog }, selection }));
    }

    case 'query-changed':
      return withShared(state, { query: event.query });

    case 'filter-changed':
      return withShared(state, { filter: event.filter });

    case 'kind-changed':
      return withShared(state, { kind: event.kind });

    case 'favourite-toggled': {
      const on = shared.favourites.includes(event.roleId);
      const name = displayNameOf(shared, event.roleId);
      return withShared(state, {
        favourites: on ? shared.favourites.filter((id) => id !== event.roleId) : [...shared.favourites, event.roleId],
        announcement: on ? `${name} removed from favourites.` : `${name} pinned to the top as a favourite.`,
      });
    }

    case 'remembered-loaded':
      // Kiosk machines keep nothing of one admin for the next one. The machine policy's ticket system wins.
      return isKiosk(infoOf(shared))
        ? state
        : withShared(state, {
            favourites: [...new Set(event.favourites)],
            form: shared.form.ticketSystem === '' ? { ...shared.form, ticketSystem: event.ticketSystem } : shared.form,
          });

    case 'pending-loaded':
      return withShared(state, { pending: fromResult(event.result) });

    case 'cancel-started':
      return withShared(state, { cancellations: { ...shared.cancellations, [event.requestId]: { status: 'loading' } } });

    case 'cancel-finished': {
      const announcement = event.result.ok
        ? `The request for ${event.displayName} is cancelled.`
        : `The request for ${event.displayName} was not cancelled. ${event.result.error.message}`;
      return withShared(state, {
        cancellations: { ...shared.cancellations, [event.requestId]: fromResult(event.result) },
        announcement,
      });
    }

    case 'extension-started':
      return withShared(state, { extensions: { ...shared.extensions, [event.roleId]: { status: 'loading' } } });

    case 'extension-finished':
      return withShared(state, {
        extensions: { ...shared.extensions, [event.roleId]: fromResult(event.result) },
        announcement: event.result.ok
          ? `Extension requested for ${event.displayName}: waiting for an administrator.`
          : `The extension for ${event.displayName} was not requested. ${event.result.error.message}`,
      });

    case 'selection-cleared':
      return withShared(state, { selection: [] });

    case 'role-toggled': {
      if (step.kind !== 'roles') {
        return illegal(state, event);
      }
      const selected = shared.selection.includes(event.roleId);
      if (!selected && !isSelectable(shared, event.roleId)) {
        // An active role or one waiting for approval is handled in its own section, never requested again.
        return state;
      }
      return withShared(state, {
        selection: selected ? shared.selection.filter((id) => id !== event.roleId) : [...shared.selection, event.roleId],
      });
    }

    case 'continue-to-activate':
      if (step.kind !== 'roles' || shared.selection.length === 0) {
        return illegal(state, event);
      }
      return { ...state, step: { kind: 'activate', plan: { status: 'idle' }, lastPlan: null, planSeq: 0, showErrors: false } };

    case 'back':
      switch (step.kind) {
        case 'roles':
          return { ...state, step: { kind: 'sign-in', busy: false, error: null } };
        case 'activate':
          return { ...state, step: { kind: 'roles' } };
        case 'step-up':
          // Only before anything was started, or after the run ended without submitting.
          if (step.run.inFlight) {
            return illegal(state, event);
          }
          return {
            ...state,
            step: {
              kind: 'activate',
              plan: { status: 'loaded', value: step.run.plan },
              lastPlan: step.run.plan,
              planSeq: 0,
              showErrors: false,
            },
          };
        case 'sign-in':
        case 'progress':
        case 'done':
          return illegal(state, event);
        default:
          return assertNever(step, 'step');
      }

    case 'form-changed':
      if (step.kind !== 'activate') {
        return illegal(state, event);
      }
      return withShared(state, { form: { ...shared.form, ...event.patch } });

    case 'plan-requested':
      if (step.kind !== 'activate') {
        return state;
      }
      return { ...state, step: { ...step, plan: { status: 'loading' }, planSeq: event.seq } };

    case 'plan-loaded':
      // A stale answer (the admin kept typing) is dropped; only the newest request counts.
      if (step.kind !== 'activate' || event.seq !== step.planSeq) {
        return state;
      }
      return {
        ...state,
        step: { ...step, plan: fromResult(event.result), lastPlan: event.result.ok ? event.result.value : step.lastPlan },
      };

    case 'activation-invalid':
      if (step.kind !== 'activate') {
        return illegal(state, event);
      }
      return { shared: { ...shared, announcement: 'Some fields need attention before activating.' }, step: { ...step, showErrors: true } };

    case 'activation-requested': {
      if (step.kind !== 'activate') {
        return illegal(state, event);
      }
      const session = sessionOf(shared);
      const run: Run = {
        request: event.request,
        plan: event.plan,
        startedAt: event.at,
        rows: event.request.roleIds.map((id) => freshRow(id, displayNameOf(shared, id))),
        inFlight: false,
        error: null,
        evidenceBefore: session?.evidence ?? null,
        evidenceAfter: null,
        stepUps: [],
        prompts: null,
        autoRetryDeclined: false,
      };
      const nextShared: Shared = {
        ...shared,
        recentReasons: rememberReason(shared.recentReasons, event.request.justification),
        // The link has done its job once the admin pressed Activate on what it filled in.
        link: shared.link.kind === 'prefilled' ? { kind: 'none' } : shared.link,
      };
      // With a step-up ahead, explain it first; otherwise go straight to progress.
      return planNeedsStepUp(event.plan)
        ? { shared: nextShared, step: { kind: 'step-up', run } }
        : { shared: nextShared, step: { kind: 'progress', run } };
    }

    case 'run-started': {
      if (step.kind !== 'step-up' && step.kind !== 'progress') {
        return illegal(state, event);
      }
      if (step.run.inFlight) {
        return illegal(state, event);
      }
      const ids = new Set(event.roleIds);
      const run: Run = {
        ...step.run,
        inFlight: true,
        error: null,
        // A row that already ran (failed, or was cut short) starts again as a retry, and is named one.
        rows: step.run.rows.map((row) =>
          ids.has(row.roleId)
            ? freshRow(row.roleId, row.displayName, row.marks.length > 0 || row.error !== null ? row.attempt + 1 : row.attempt)
            : row,
        ),
      };
      return {
        shared: { ...shared, announcement: `Activating ${String(ids.size)} role${ids.size === 1 ? '' : 's'}.` },
        step: { ...step, run },
      };
    }

    case 'progress-received': {
      const run = runOf(step);
      const row = run?.rows.find((r) => r.roleId === event.progress.roleId);
      if (run === null || !run.inFlight || row === undefined) {
        return state;
      }
      const updated = applyProgress(row, event.progress);
      const label = `${updated.displayName}: ${phaseLabel(event.progress.phase)}.`;
      const announcement = event.progress.phase === 'failed' && event.progress.error ? `${label} ${event.progress.error.message}` : label;
      return withRun(withShared(state, { announcement }), (r) => ({
        ...r,
        rows: r.rows.map((x) => (x.roleId === row.roleId ? updated : x)),
      }));
    }

    case 'run-finished': {
      const run = runOf(step);
      if (run === null || !run.inFlight) {
        return illegal(state, event);
      }
      if (!event.result.ok) {
        const error = event.result.error;
        const ids = new Set(event.roleIds);
        return withRun(withShared(state, { announcement: error.message }), (r) => ({
          ...r,
          inFlight: false,
          error,
          rows: r.rows.map((row) => (ids.has(row.roleId) && row.outcome === null ? { ...row, error } : row)),
        }));
      }
      const report = event.result.value;
      return withRun(withShared(state, { announcement: summarize(report.outcomes) }), (r) => ({
        ...r,
        inFlight: false,
        error: null,
        prompts: (r.prompts ?? 0) + report.prompts,
        evidenceAfter: report.evidence ?? r.evidenceAfter,
        stepUps: [...r.stepUps, ...report.stepUps],
        rows: r.rows.map((row) => {
          const outcome = report.outcomes.find((o) => o.roleId === row.roleId);
          return outcome ? applyOutcome(row, outcome) : row;
        }),
      }));
    }

    case 'auto-retry-declined':
      return withRun(withShared(state, { announcement: 'Automatic retry stopped. Use Retry when you are ready.' }), (r) => ({
        ...r,
        autoRetryDeclined: true,
      }));

    case 'continue-to-progress':
      if (step.kind !== 'step-up') {
        return illegal(state, event);
      }
      return { ...state, step: { kind: 'progress', run: step.run } };

    case 'continue-to-done':
      if ((step.kind !== 'progress' && step.kind !== 'step-up') || step.run.inFlight) {
        return illegal(state, event);
      }
      return { ...state, step: { kind: 'done', run: step.run } };

    case 'deactivation-started':
      if (step.kind !== 'done' && step.kind !== 'roles') {
        return illegal(state, event);
      }
      return withShared(state, { deactivations: { ...shared.deactivations, [event.roleId]: { status: 'loading' } } });

    case 'deactivation-finished': {
      if (step.kind !== 'done' && step.kind !== 'roles') {
        return illegal(state, event);
      }
      const loadable = fromResult(event.result);
      const name = displayNameOf(shared, event.roleId);
      const announcement = !event.result.ok
        ? `${name}: ${event.result.error.message}`
        : event.result.value.status === 'deactivated'
          ? `${name} is deactivated.`
          : `${name}: ${event.result.value.error?.message ?? 'deactivation failed.'}`;
      return withShared(state, { announcement, deactivations: { ...shared.deactivations, [event.roleId]: loadable } });
    }

    case 'start-over':
      if (step.kind !== 'done' && !(step.kind === 'step-up' && !step.run.inFlight) && !(step.kind === 'progress' && !step.run.inFlight)) {
        return illegal(state, event);
      }
      return {
        shared: {
          ...shared,
          selection: [],
          query: '',
          filter: 'all',
          kind: 'all',
          form: { ...shared.form, ticketNumber: '', durations: {}, startAt: '' },
        },
        step: { kind: 'roles' },
      };

    case 'guided-toggled':
      return withShared(state, {
        guided: { on: !shared.guided.on, chosen: true },
        announcement: shared.guided.on ? 'Guided mode is off.' : 'Guided mode is on: each step is explained in plain words.',
      });

    case 'deep-link-delivered': {
      if (!event.delivery.ok) {
        return withShared(state, {
          link: { kind: 'refused', error: event.delivery.error },
          announcement: `A help-desk link was refused. ${event.delivery.error.message}`,
        });
      }
      const tray = event.delivery.intent.origin === 'tray';
      const pending = withShared(state, {
        link: { kind: 'pending', intent: event.delivery.intent },
        announcement: tray ? 'Opened from the tray: reading your roles again.' : 'A help-desk link was received.',
      });
      // The tray acts on a role list the window may have read long ago (a role may since have been activated
      // elsewhere), so it waits for the re-read the window starts: "still running" is judged on what PIM says now.
      return tray ? pending : applyPendingLink(pending);
    }

    case 'deep-link-dismissed':
      return withShared(state, { link: { kind: 'none' } });

    case 'open-pending-link': {
      // From wherever the admin is (but never mid-run), back to choosing roles, where the link applies.
      const run = runOf(step);
      if (shared.link.kind !== 'pending' || run?.inFlight === true || (step.kind === 'sign-in' && sessionOf(shared) === null)) {
        return illegal(state, event);
      }
      return applyPendingLink({ shared: { ...shared, selection: [] }, step: { kind: 'roles' } });
    }

    default:
      return assertNever(event, 'event');
  }
}
