/**
 * The one model of where each role stands, as every surface shows it (home, results, History, tray, the CLI's
 * `status`, `roles` and `activate`). Built in `src/core/state` from what PIM was read to hold; no surface derives a
 * state of its own. Read docs/architecture.md, "The role-state model".
 */

/** The kinds of PIM item: directory roles and groups live in Microsoft Graph, Azure roles in Azure Resource Manager. */
export type PimKind = 'directoryRole' | 'group' | 'azureResource';

/**
 * What became of one request, in the words every surface uses. `approved`: accepted and on its way to an active
 * assignment; `scheduled`: accepted with a start still ahead; `provisioned`: it made an assignment; `revoked`: a
 * deactivation (or an end PIM recorded); `unknown`: a status this app does not know, shown as PIM spelled it.
 */
export type RequestPhase =
  'pending' | 'approved' | 'denied' | 'cancelled' | 'expired' | 'failed' | 'scheduled' | 'provisioned' | 'revoked' | 'unknown';

/** Phases that end a request without an assignment: the decision the person is told about. */
export const DECIDED_AGAINST: readonly RequestPhase[] = ['denied', 'cancelled', 'expired', 'failed'];

export type RequestState = {
  /** Graph's request id, or for an Azure request its full ARM id (it is cancelled at its scope). */
  readonly id: string;
  readonly kind: PimKind;
  /** The role it is for (`role:…`, `group:…`, `azure:…`), as role ids are everywhere. */
  readonly roleId: string;
  /** `selfActivate`, `selfDeactivate`, `selfExtend`, … (camel case whatever the API spelled). */
  readonly action: string;
  /** PIM's own status word (`Granted`, `PendingApproval`, `Denied`…), for Details and diagnostics. */
  readonly status: string;
  readonly phase: RequestPhase;
  readonly createdDateTime: string | null;
  /** When the requested assignment starts (or started). */
  readonly startDateTime: string | null;
  /** When it ends, from the request's start and duration; null when PIM did not say. */
  readonly endDateTime: string | null;
};

/**
 * Where one role stands. `eligible`: nothing in effect or on its way (its `request`, if any, is the last decision,
 * e.g. a denial); `pending-approval`: a request waits for an approver; `scheduled`: accepted, starting later;
 * `activating`: accepted and due, the assignment not visible yet; `active`: an activation in effect; `assigned`: an
 * administrator's assignment in effect (not activated).
 */
export type RoleStateName = 'eligible' | 'pending-approval' | 'scheduled' | 'activating' | 'active' | 'assigned';

export type RoleState = {
  readonly roleId: string;
  readonly kind: PimKind;
  /** The name PIM gave (the role id itself when PIM named it nowhere). */
  readonly displayName: string;
  readonly state: RoleStateName;
  /** The state's own times: when the activation starts or started, and when it ends (null: no end / not known). */
  readonly startDateTime: string | null;
  readonly endDateTime: string | null;
  /** Whether the person holds an eligibility for it now, and until when (null: no end). */
  readonly eligible: boolean;
  readonly eligibleUntil: string | null;
  /** The request that explains the state (null when none does, e.g. a standing assignment). */
  readonly request: RequestState | null;
};

export type RoleStateModel = {
  /** One entry per role, sorted by name. */
  readonly roles: readonly RoleState[];
  /** Every request PIM listed for the person, newest first. */
  readonly requests: readonly RequestState[];
  /** The service's time the model was judged at, ISO 8601. */
  readonly at: string;
};

/**
 * The activation requests still open, which can be cancelled: waiting for an approver, or accepted with a start still
 * ahead. One rule for every surface that offers a cancel (the CLI's `cancel`, the home screen's pending and scheduled
 * rows); an accepted request already due (activating) is not one of them: PIM refuses to cancel it.
 */
export function openActivations(model: RoleStateModel): RequestState[] {
  return model.requests.filter(
    (request) => request.action.toLowerCase() === 'selfactivate' && (request.phase === 'pending' || request.phase === 'scheduled'),
  );
}

/** The role's state in a model, or undefined when the model knows nothing of it. */
export function roleStateOf(model: RoleStateModel | null | undefined, roleId: string): RoleState | undefined {
  return model?.roles.find((role) => role.roleId === roleId);
}
