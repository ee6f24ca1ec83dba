/**
 * Eligible and active PIM assignments as the UI shows them, with each one's requirements.
 */
import type { RoleStateModel } from './role-state';

/**
 * What an activation targets: a directory role at a scope, a PIM group membership/ownership, or an Azure role
 * (Owner, Contributor…) at an Azure scope, activated through Azure Resource Manager.
 */
export type RoleTarget =
  | { readonly kind: 'directoryRole'; readonly roleDefinitionId: string; readonly directoryScopeId: string }
  | { readonly kind: 'group'; readonly groupId: string; readonly accessId: 'member' | 'owner' }
  | AzureResourceTarget;

/** A role id's bound (ids derive from GUIDs and scope paths): the IPC schema, help-desk links and tray pre-fills hold to it. */
export const ROLE_ID_MAX = 400;

/** An Azure role at a scope: ARM ids as ARM writes them (compare them case-insensitively). */
export type AzureResourceTarget = {
  readonly kind: 'azureResource';
  /** `/providers/Microsoft.Management/managementGroups/{name}`, `/subscriptions/{id}`, `…/resourceGroups/{name}` or a resource id. */
  readonly scope: string;
  /** The full role definition id, `…/providers/Microsoft.Authorization/roleDefinitions/{guid}`. */
  readonly roleDefinitionId: string;
};

/** Where an Azure role applies, as the portal names it. */
export type AzureScopeKind = 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';

/** A Conditional Access authentication context (`c1`..`c25`) and what satisfies it. */
export type AuthContextInfo = {
  readonly id: string;
  readonly displayName: string;
  readonly description?: string;
};

/**
 * What activating an eligibility demands, read from its PIM policy.
 *
 * `known: false` means the policy could not be read (Graph answered 403 to an eligible
 * user); the activation is then attempted and requirements are learned from its errors.
 */
export type Requirements = {
  readonly known: boolean;
  readonly authenticationContext: AuthContextInfo | null;
  readonly mfa: boolean;
  readonly justification: boolean;
  readonly ticket: boolean;
  readonly approval: boolean;
  /** ISO 8601 duration, e.g. `PT8H`; null when unknown. */
  readonly maximumDuration: string | null;
  /**
   * True while the catalog is still reading the policy (a streamed, partial listing): `known` is false and nothing
   * here is a fact yet. Never set in a finished catalog.
   */
  readonly pending?: true;
};

export type ActiveAssignment = {
  /** The eligible item's id when this activation belongs to one, otherwise a key of its own. */
  readonly id: string;
  readonly target: RoleTarget;
  readonly displayName: string;
  readonly startDateTime: string | null;
  readonly endDateTime: string | null;
  /** `Activated` is a PIM activation; `Assigned` is a permanent or admin-made assignment. */
  readonly assignmentType: 'Activated' | 'Assigned';
};

export type EligibleRole = {
  /** Stable key derived from the target, e.g. `role:<roleDefinitionId>:/` or `group:<groupId>:member`. */
  readonly id: string;
  readonly target: RoleTarget;
  readonly displayName: string;
  readonly description?: string;
  /** Human label of where the role applies, e.g. `Directory` or `Group membership`. */
  readonly scopeLabel: string;
  readonly eligibleUntil: string | null;
  readonly requirements: Requirements;
  readonly active: ActiveAssignment | null;
  /** Azure roles only: the scope as the portal shows it and the eligibility schedule an activation links to. */
  readonly azure?: {
    readonly scopeKind: AzureScopeKind;
    readonly scopeDisplayName: string;
    readonly roleEligibilityScheduleId: string | null;
  };
};

export type RoleCatalog = {
  readonly eligible: readonly EligibleRole[];
  /** Active assignments, including those without a matching eligibility. */
  readonly active: readonly ActiveAssignment[];
  /** False when any policy read was refused: requirements are then partly unknown. */
  readonly policiesReadable: boolean;
  /** Server time of the read (from Graph's `Date` header), ISO 8601. */
  readonly serverTime: string;
  /** Local clock minus server clock, in seconds; a warning is due beyond 120. */
  readonly clockSkewSeconds: number;
  /**
   * Whether Azure resource roles could be listed (absent: not asked). `permission-missing`: the app registration lacks
   * "Azure Service Management / user_impersonation"; `not-configured`: no ARM endpoint for this cloud.
   */
  readonly azure?: AzureAvailability;
  /** Where each role stands (scheduled, pending, active…), from the same read: what every surface shows. */
  readonly states: RoleStateModel;
};

export type AzureAvailability =
  { readonly status: 'available' } | { readonly status: 'permission-missing' | 'not-configured' | 'failed'; readonly message: string };
