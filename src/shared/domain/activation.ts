import type { AppError, FieldIssue } from '../errors';
import type { AuthContextInfo } from './roles';
import type { AuthEvidence } from './session';

/** What the person asks for: one or several eligibilities, a duration (per role if wished), one reason. */
export type ActivationRequest = {
  readonly roleIds: readonly string[];
  /** ISO 8601 duration, e.g. `PT2H`: the default for every role not named in `durations`. */
  readonly duration: string;
  /**
   * Per-role durations (role id → ISO 8601 duration), each within its own role's policy, so a role
   * capped at 4 hours does not cap an 8-hour one. Roles absent here get `duration`.
   */
  readonly durations?: Readonly<Record<string, string>>;
  /** When the activations should start (ISO 8601 date-time with offset); absent means now. */
  readonly startDateTime?: string;
  readonly justification: string;
  readonly ticketNumber?: string;
  readonly ticketSystem?: string;
};

/** The duration that applies to one role of a request: its own when given, else the request's default. */
export function durationFor(request: Pick<ActivationRequest, 'duration' | 'durations'>, roleId: string): string {
  return request.durations?.[roleId] ?? request.duration;
}

/** A request that PIM has not decided yet (waiting for an approver), as the home screen lists it. */
export type PendingRequest = {
  /** The PIM request id, needed to cancel it: Graph's id, or for an Azure request its full ARM id (cancelled at its scope). */
  readonly requestId: string;
  readonly kind: 'directoryRole' | 'group' | 'azureResource';
  /** The eligible item's id (`role:…` / `group:…`), to show it beside its role. */
  readonly roleId: string;
  readonly displayName: string;
  readonly createdDateTime: string | null;
  readonly justification: string | null;
  readonly status: string;
};

/**
 * What a prompt will ask for, from the tenant's facts (its Conditional Access policies and authentication strengths)
 * and how the current session signed in. Display only: the sign-in page and PIM decide.
 */
export type PromptExpectation = {
  /** One phrase, e.g. "a phishing-resistant sign-in (passkey or Windows Hello)". */
  readonly text: string;
  /**
   * The method combinations the sign-in will accept, as Graph names authentication method modes
   * (`[["fido2"], ["windowsHelloForBusiness"]]`); null when the tenant's policy could not be read.
   */
  readonly accepts: readonly (readonly string[])[] | null;
};

/** What a prompt will ask for when the tenant's policy could not be read: the engine's words and the screens' fallback. */
export const ORGANISATION_DECIDES = "your organisation's policy decides which methods it accepts; the sign-in page will show them";

/** One step-up covers every role in the group: the admin proves themselves once per context. */
export type StepUpGroup = {
  /** null means "a fresh multifactor sign-in" (MFA rule, PIM's backup protection or the always-fresh option). */
  readonly context: AuthContextInfo | null;
  readonly roleIds: readonly string[];
  /** True when the current token already satisfies it, so no prompt is needed. */
  readonly satisfied: boolean;
  /** What the prompt will ask for (the engine's words; absent from plans made before it existed). */
  readonly expect?: PromptExpectation;
};

export type ActivationPlan = {
  readonly stepUps: readonly StepUpGroup[];
  /** Roles whose policy could not be read: any step-up will be learned from the service's answer. */
  readonly unknownRequirements: readonly string[];
  /** Input problems per role; a plan with problems must not be submitted. */
  readonly problems: readonly { readonly roleId: string; readonly issues: readonly FieldIssue[] }[];
};

export type ActivationPhase =
  | 'queued'
  | 'stepping-up'
  | 'submitting'
  | 'reconciling'
  | 'provisioning'
  | 'pending-approval'
  | 'active'
  | 'already-active'
  | 'scheduled'
  | 'denied'
  | 'failed';

/** Pushed to the UI as each role moves on. */
export type ActivationProgress = {
  readonly runId: string;
  readonly roleId: string;
  readonly phase: ActivationPhase;
  readonly at: string;
  readonly requestId?: string;
  readonly error?: AppError;
  /** On a final `failed`: what became of the request is not known (see `ActivationOutcome.unconfirmed`). */
  readonly unconfirmed?: boolean;
};

/** `denied`: an approver refused the request (nothing was activated; the error says what to do). */
export type ActivationStatus = 'active' | 'already-active' | 'pending-approval' | 'scheduled' | 'denied' | 'failed';

export type ActivationOutcome = {
  readonly roleId: string;
  readonly displayName: string;
  readonly status: ActivationStatus;
  /** The PIM request id (needed to follow or cancel a pending approval). */
  readonly requestId?: string;
  readonly startDateTime?: string | null;
  readonly endDateTime?: string | null;
  /**
   * When PIM reported the role active (ISO 8601, by the service's clock): the instance seen for an activation, its
   * start for a role already active; null for any other status.
   */
  readonly activeAt?: string | null;
  /**
   * When the access was confirmed usable where Microsoft offers a way to ask (the ready check); null while not
   * confirmed. Active is not usable: Azure RBAC, the directory and workloads may take minutes to honour a role.
   */
  readonly usableAt?: string | null;
  /** Why `usableAt` is null for an active role, in words (not confirmed yet, or no check exists for it). */
  readonly usableNote?: string;
  readonly error?: AppError;
  /**
   * True when PIM already held this activation (scheduled, or waiting for an approver) before the run: it is reported
   * as it stands and nothing was sent.
   */
  readonly alreadyRequested?: boolean;
  /**
   * On a `failed` outcome: PIM may have accepted the request, and nobody knows yet. The request was sent and its answer
   * lost (a reset connection, a time-out) and reading PIM back failed too, or PIM accepted it and following it failed.
   * Read the role's state again before sending anything (the journal makes the next run reconcile first).
   */
  readonly unconfirmed?: boolean;
  readonly elapsedMs: number;
};

/**
 * One token a run earned beyond the plain sign-in (a step-up or a fresh multifactor sign-in):
 * what was asked, what the token says it proved, and when. Display only, like `AuthEvidence`.
 */
export type StepUpEvidence = {
  readonly purpose: 'step-up' | 'fresh-mfa';
  /** The contexts asked for (empty for a fresh multifactor sign-in without a context). */
  readonly asked: readonly AuthContextInfo[];
  /** `acrs` of the token earned. */
  readonly contexts: readonly string[];
  /** `amr` of the token earned, e.g. `["pwd","fido","mfa"]`. */
  readonly methods: readonly string[];
  /** When the person authenticated for it (the token's `auth_time` or `iat`), ISO 8601. */
  readonly authenticatedAt: string | null;
  /** When the run obtained it, ISO 8601. */
  readonly obtainedAt: string;
  /** False when tokens this run already earned (or the session) satisfied it without a prompt. */
  readonly interactive: boolean;
  /** The roles that used it. */
  readonly roleIds: readonly string[];
};

export type ActivationReport = {
  readonly runId: string;
  readonly outcomes: readonly ActivationOutcome[];
  /** Interactive prompts this run needed. */
  readonly prompts: number;
  /** Evidence of the newest token the run used (the session's view of "how you are signed in now"). */
  readonly evidence: AuthEvidence | null;
  /** Every context proven during the run, sorted. */
  readonly contextsProven: readonly string[];
  /** Each step-up of the run, in the order they were obtained. */
  readonly stepUps: readonly StepUpEvidence[];
};

export type DeactivationOutcome = {
  readonly roleId: string;
  readonly status: 'deactivated' | 'failed';
  readonly requestId?: string;
  readonly error?: AppError;
};

/**
 * Asks PIM to lengthen a time-bound assignment an administrator made (`selfExtend`). PIM cannot lengthen an
 * activation; an extension goes to an administrator, who decides (`PendingAdminDecision`).
 */
export type ExtensionRequest = {
  /** The active assignment's id (`ActiveAssignment.id`). */
  readonly roleId: string;
  /** ISO 8601 duration from now, in the one duration grammar (src/shared/rules/duration.ts). */
  readonly duration: string;
  readonly justification: string;
};

export type ExtensionOutcome = {
  readonly roleId: string;
  readonly requestId: string;
  /** The service's status: `PendingAdminDecision` while an administrator decides. */
  readonly status: string;
};
