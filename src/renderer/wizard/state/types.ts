/**
 * The wizard's state as data: the steps the admin can be on and what every step shares. The
 * events and their handlers live in one slice per concern (session, list, row operations, run,
 * links); `wizard-state.ts` puts them together.
 */
import type { AppError } from '../../../shared/errors';
import type {
  ActivationOutcome,
  ActivationPhase,
  ActivationPlan,
  ActivationRequest,
  DeactivationOutcome,
  ExtensionOutcome,
  PendingRequest,
  StepUpEvidence,
} from '../../../shared/domain/activation';
import type { AppInfo } from '../../../shared/domain/app-info';
import type { DeepLinkIntent } from '../../../shared/domain/deep-link';
import type { EligibleRole, RoleCatalog } from '../../../shared/domain/roles';
import type { AuthEvidence, SessionSummary, SignInState } from '../../../shared/domain/session';
import type { LinkPrefill } from '../../help-desk/deep-link-prefill';
import type { Loadable, RowLoadables } from './loadable';

export type { Loadable } from './loadable';

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
  /**
   * The engine said its last word on this try is "not confirmed": PIM may have accepted the request. Taken from the
   * final progress event, so the screen says so from that moment, not only once the run's report arrives.
   */
  readonly unconfirmed: boolean;
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
  /** When the last try's answer arrived (local time); a role-state model read after it can settle what is unconfirmed. */
  readonly finishedAt: string | null;
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
  /** The eligibilities read so far while the first list is loading (`roles:progress`); null once it is loaded. */
  readonly listing: readonly EligibleRole[] | null;
  /**
   * Why the newest read of the roles failed while an earlier one is still shown (offline, signed out elsewhere): the
   * screens keep that read, say when it was made, and say this. Null once a read succeeds.
   */
  readonly refreshError: AppError | null;
  readonly query: string;
  readonly filter: RoleFilter;
  readonly kind: KindFilter;
  readonly selection: readonly string[];
  /** Roles pinned on top of the list; the window's own storage keeps them (never in kiosk mode). */
  readonly favourites: readonly string[];
  /** The admin's requests waiting for an approver. */
  readonly pending: Loadable<readonly PendingRequest[]>;
  /** Deactivations asked from My roles or the results, by role id. */
  readonly deactivations: RowLoadables<DeactivationOutcome>;
  /** Cancellations of pending requests, by request id. */
  readonly cancellations: RowLoadables<null>;
  /** Extension requests for administrators' time-bound assignments, by role id. */
  readonly extensions: RowLoadables<ExtensionOutcome>;
  readonly form: ActivationForm;
  /**
   * Reasons used in this window, newest first. Kept in memory only: kiosk machines must not
   * persist what one admin typed for the next one.
   */
  readonly recentReasons: readonly string[];
  /** Latest sentence for the polite live region (screen readers hear progress as it happens). */
  readonly announcement: string;
  /**
   * What the last deactivation, cancellation or extension request did, for the visible status line on My roles: the
   * row it acted on may be gone, so the sentence stays until the next one. The live region hears it too.
   */
  readonly rowStatus: RowStatus | null;
  readonly guided: Guided;
  readonly link: LinkState;
  /** Why the last sign-out (or kiosk End session) failed; shown until a sign-out succeeds. */
  readonly signOutError: AppError | null;
};

export type WizardState = { readonly shared: Shared; readonly step: WizardStep };

/** A transition the current step does not allow: a programming error, never user input. */
export class IllegalTransitionError extends Error {
  constructor(step: StepKind, event: string) {
    super(`Event "${event}" is not allowed on step "${step}".`);
    this.name = 'IllegalTransitionError';
  }
}

/** One slice's handlers: one function per event type it owns, each given exactly its event. */
export type Handlers<E extends { readonly type: string }> = {
  readonly [K in E['type']]: (state: WizardState, event: Extract<E, { readonly type: K }>) => WizardState;
};

/** A slice's reducer from its handlers (the whole wizard's reducer is the same over every slice). */
export function reducerOf<E extends { readonly type: string }>(handlers: Handlers<E>): (state: WizardState, event: E) => WizardState {
  return (state, event) => {
    const handle = handlers[event.type as E['type']] as (state: WizardState, event: E) => WizardState;
    return handle(state, event);
  };
}

/** The status line's sentence and whether the operation is running, done or refused. */
export type RowStatus = { readonly text: string; readonly phase: 'working' | 'done' | 'failed' };
