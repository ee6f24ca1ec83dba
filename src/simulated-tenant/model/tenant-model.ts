/**
 * The tenant's state: directory (users, roles, groups), PIM (policies, eligibilities, assignments, requests) and
 * Conditional Access (contexts, strengths, policies), plus the tenant clock.
 *
 * Why one model: the authority stamps tokens (`wids`, `acrs`) from the same state the Graph API changes, and the
 * control API resets and steers it.
 */
import { createHash } from 'node:crypto';
import { policySchema, type PolicySpec, type Scenario } from '../scenario/schema';
import type { AcrsChallengeForm, UnattendedSignIn } from '../api-types';
import { parseIsoDuration } from './duration';
import type { SignInMethod } from './methods';
import { BUILT_IN_STRENGTHS, STRENGTH_ALIASES, combinationOf, type AuthenticationStrength } from './strengths';

export type UserRecord = Scenario['users'][number];

export type RoleRecord = {
  readonly id: string;
  readonly templateId: string;
  readonly displayName: string;
  readonly description: string;
  readonly policy: PolicySpec;
  readonly policyId: string;
};

export type GroupAccess = 'member' | 'owner';

export type GroupRecord = {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly policies: Readonly<Record<GroupAccess, { readonly spec: PolicySpec; readonly policyId: string }>>;
};

/** ARM's `expandedProperties.scope.type` values. */
export type AzureScopeType = 'managementgroup' | 'subscription' | 'resourcegroup' | 'resource';

export type AzureScopeRecord = {
  readonly id: string;
  readonly displayName: string;
  readonly type: AzureScopeType;
  /** False: role settings at this scope cannot be read (403). */
  readonly policiesReadable: boolean;
};

export type AzureRoleRecord = {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly type: 'BuiltInRole' | 'CustomRole';
};

export type Target =
  | { readonly kind: 'directoryRole'; readonly roleId: string }
  | { readonly kind: 'group'; readonly groupId: string; readonly accessId: GroupAccess }
  /** An Azure role (its definition GUID) at an Azure scope (as listed in the scenario, original case). */
  | { readonly kind: 'azureRole'; readonly scope: string; readonly roleDefinitionId: string };

export type EligibilityRecord = {
  readonly id: string;
  readonly scheduleId: string;
  readonly principalId: string;
  readonly target: Target;
  readonly start: Date;
  readonly end: Date | null;
};

export type AssignmentRecord = {
  readonly id: string;
  readonly scheduleId: string;
  readonly principalId: string;
  readonly target: Target;
  start: Date;
  end: Date | null;
  readonly assignmentType: 'Assigned' | 'Activated';
  readonly originRequestId: string | null;
  /** When the instance becomes visible (asynchronous provisioning). */
  visibleAt: Date;
  /** When the plane honours it (after provisioning, the propagation delay of its plane): see `effectiveAssignments`. */
  effectiveAt: Date;
  revoked: boolean;
};

export type RequestRecord = {
  readonly id: string;
  readonly target: Target;
  readonly action: string;
  status: string;
  readonly principalId: string;
  readonly createdAt: Date;
  completedAt: Date | null;
  readonly justification: string | null;
  readonly ticketInfo: { readonly ticketNumber: string | null; readonly ticketSystem: string | null } | null;
  readonly scheduleInfo: unknown;
  readonly customData: string | null;
  readonly isValidationOnly: boolean;
  readonly approvalId: string | null;
  readonly durationMs: number | null;
  /** For an activation: the assignment it created or will create on approval. */
  assignmentId: string | null;
  /** ARM only: the `linkedRoleEligibilityScheduleId` the client sent, echoed back. */
  readonly linkedEligibilityScheduleId?: string | null;
};

export type CaRequirement = {
  readonly contextId: string;
  /** Whether an enabled CA policy targets this context for this user (else PIM's backup protection applies). */
  readonly targeted: boolean;
  readonly policies: readonly {
    readonly displayName: string;
    readonly strength: AuthenticationStrength;
    readonly signInFrequency: 'everyTime' | { minutes: number } | null;
  }[];
};

export type MethodRecord = { readonly method: SignInMethod; readonly at: Date };

/** Deterministic GUID from a seed, so that reset scenarios keep their ids. */
export function seededGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Graph-style opaque instance id (as in the documented examples). */
export function seededInstanceId(seed: string, suffix: string): string {
  return `${createHash('sha256').update(seed).digest('base64url').slice(0, 43)}${suffix}`;
}

export function targetKey(target: Target): string {
  switch (target.kind) {
    case 'directoryRole':
      return `role:${target.roleId}`;
    case 'group':
      return `group:${target.groupId}:${target.accessId}`;
    default:
      // ARM ids are case-insensitive.
      return `azure:${target.scope.toLowerCase()}:${target.roleDefinitionId.toLowerCase()}`;
  }
}

export function azureScopeType(scope: string): AzureScopeType {
  if (/^\/providers\/Microsoft\.Management\/managementGroups\//i.test(scope)) {
    return 'managementgroup';
  }
  if (/\/resourceGroups\/[^/]+\/providers\//i.test(scope)) {
    return 'resource';
  }
  return /\/resourceGroups\//i.test(scope) ? 'resourcegroup' : 'subscription';
}

const DEFAULT_POLICY: PolicySpec = policySchema.parse({});

export function sameTarget(a: Target, b: Target): boolean {
  return targetKey(a) === targetKey(b);
}

/** Where an activation must propagate before it is usable. */
export type PropagationPlane = 'directory' | 'groups' | 'arm';

/** The plane a target is honoured in. */
export function planeOf(target: Target): PropagationPlane {
  return target.kind === 'directoryRole' ? 'directory' : target.kind === 'group' ? 'groups' : 'arm';
}

/** Behaviour switches that the control API may change at run time. */
export type TenantSettings = {
  acrsChallengeForm: AcrsChallengeForm;
  groupAcrsChallengeForm: AcrsChallengeForm | null;
  /** Overrides both of the above for the contexts it names. */
  acrsChallengeFormByContext: Partial<Record<string, AcrsChallengeForm>>;
  requireCp1ForAcrs: boolean;
  activationDelayMs: number;
  /**
   * After an activation is provisioned (its instance visible), how long until each plane honours it: directory role
   * membership (Graph's `transitiveMemberOf`, the token's `wids`), group membership (`checkMemberGroups`) and Azure
   * RBAC (ARM's effective permissions). Microsoft documents such delays; see docs/protocol.md, "Active and usable".
   */
  propagationDelayMs: Record<PropagationPlane, number>;
  /** Whether Graph serves `identity/conditionalAccess/policies` and `policies/authenticationStrengthPolicies` (else 403). */
  conditionalAccessReadable: { policies: boolean; strengths: boolean };
  graphPageSize: number;
  armPageSize: number;
  /** Whether ARM offers `POST /batch` (docs/arm-batch.md). */
  armBatch: boolean;
  accessTokenLifetimeSeconds: number;
  /** Each interactive sign-in starts a new session carrying only what it proved (README, "Sign-in model"). */
  strictSessions: boolean;
  unattended: UnattendedSignIn | null;
};

/** How far the tenant clock may move from the machine clock: a century each way keeps every date printable. */
export const MAX_CLOCK_SHIFT_MS = 100 * 366 * 24 * 3_600_000;

export class TenantClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.setOffset(this.offsetMs + ms);
  }
  /**
   * Sets the offset from the machine clock (negative = the tenant is behind, e.g. to simulate a fast local clock).
   * Throws a RangeError beyond {@link MAX_CLOCK_SHIFT_MS}: a date past year 275760 cannot be printed, and every
   * response carries the tenant's date.
   */
  setOffset(ms: number): void {
    if (!Number.isFinite(ms) || Math.abs(ms) > MAX_CLOCK_SHIFT_MS) {
      throw new RangeError('The tenant clock must stay within 100 years of the machine clock.');
    }
    this.offsetMs = ms;
  }
  offset(): number {
    return this.offsetMs;
  }
}

/** The scenario's settings, with the caller's overrides on top. */
function settingsOf(scenario: Scenario, overrides: Partial<TenantSettings>): TenantSettings {
  return {
    acrsChallengeForm: scenario.settings.acrsChallengeForm,
    groupAcrsChallengeForm: scenario.settings.groupAcrsChallengeForm,
    acrsChallengeFormByContext: { ...scenario.settings.acrsChallengeFormByContext },
    requireCp1ForAcrs: scenario.settings.requireCp1ForAcrs,
    activationDelayMs: scenario.settings.activationDelayMs,
    propagationDelayMs: { directory: 0, groups: 0, arm: 0 },
    conditionalAccessReadable: { policies: true, strengths: true },
    graphPageSize: scenario.settings.graphPageSize,
    armPageSize: scenario.settings.armPageSize,
    armBatch: scenario.settings.armBatch,
    accessTokenLifetimeSeconds: scenario.settings.accessTokenLifetimeSeconds,
    strictSessions: scenario.settings.strictSessions,
    unattended: scenario.settings.unattended,
    ...overrides,
  };
}

function rolesOf(scenario: Scenario): Map<string, RoleRecord> {
  const roles = new Map<string, RoleRecord>();
  for (const role of scenario.roles) {
    roles.set(role.id, {
      ...role,
      templateId: role.id,
      policyId: `DirectoryRole_${scenario.tenant.id}_${seededGuid(`policy:${role.id}`)}`,
    });
  }
  return roles;
}

function groupsOf(scenario: Scenario): Map<string, GroupRecord> {
  const groups = new Map<string, GroupRecord>();
  for (const group of scenario.groups) {
    groups.set(group.id, {
      id: group.id,
      displayName: group.displayName,
      description: group.description,
      policies: {
        member: { spec: group.memberPolicy, policyId: `Group_${group.id}_${seededGuid(`policy:${group.id}:member`)}` },
        owner: { spec: group.ownerPolicy, policyId: `Group_${group.id}_${seededGuid(`policy:${group.id}:owner`)}` },
      },
    });
  }
  return groups;
}

/** The built-in authentication strengths and the scenario's custom ones. */
function strengthsOf(scenario: Scenario): Map<string, AuthenticationStrength> {
  const strengths = new Map<string, AuthenticationStrength>();
  for (const strength of BUILT_IN_STRENGTHS) {
    strengths.set(strength.id, strength);
  }
  for (const strength of scenario.authenticationStrengths) {
    strengths.set(strength.id, {
      id: strength.id,
      displayName: strength.displayName,
      description: strength.description,
      allowedCombinations: strength.combinations.map(combinationOf),
      builtIn: false,
    });
  }
  return strengths;
}

export class TenantModel {
  readonly scenario: Scenario;
  readonly clock: TenantClock;
  readonly settings: TenantSettings;
  readonly users: readonly UserRecord[];
  readonly roles: ReadonlyMap<string, RoleRecord>;
  readonly groups: ReadonlyMap<string, GroupRecord>;
  readonly strengths: ReadonlyMap<string, AuthenticationStrength>;
  /** Azure scopes by lower-case id. */
  readonly azureScopes = new Map<string, AzureScopeRecord>();
  readonly azureRoles = new Map<string, AzureRoleRecord>();
  private readonly azurePolicies = new Map<string, PolicySpec>();
  readonly eligibilities: EligibilityRecord[] = [];
  readonly assignments: AssignmentRecord[] = [];
  readonly requests: RequestRecord[] = [];
  private readonly policyReadable = new Map<string, boolean>();
  private readonly usersByName = new Map<string, UserRecord>();
  private readonly usersById = new Map<string, UserRecord>();

  constructor(scenario: Scenario, clock: TenantClock, overrides: Partial<TenantSettings> = {}) {
    this.scenario = scenario;
    this.clock = clock;
    this.settings = settingsOf(scenario, overrides);
    this.users = scenario.users;
    for (const user of scenario.users) {
      this.usersByName.set(user.userPrincipalName.toLowerCase(), user);
      this.usersById.set(user.id, user);
    }
    const roles = rolesOf(scenario);
    const groups = groupsOf(scenario);
    this.strengths = strengthsOf(scenario);
    this.loadAzure(scenario);
    const now = clock.now();
    const created = new Date(now.getTime() - 30 * 86_400_000);
    this.seedEligibilities(scenario, created);
    this.generate(scenario, roles, groups, created);
    this.roles = roles;
    this.groups = groups;
    this.seedUserAssignments(scenario, now, created);
  }

  private loadAzure(scenario: Scenario): void {
    for (const scope of scenario.azure.scopes) {
      this.azureScopes.set(scope.id.toLowerCase(), { ...scope, type: azureScopeType(scope.id) });
    }
    for (const role of scenario.azure.roles) {
      this.azureRoles.set(role.id, role);
    }
    for (const policy of scenario.azure.policies) {
      this.azurePolicies.set(
        targetKey({ kind: 'azureRole', scope: policy.scope, roleDefinitionId: policy.roleDefinitionId }),
        policy.policy,
      );
    }
  }

  /** An eligibility seeded by the scenario (or generated), a month old unless it says when it starts. */
  private addEligibility(principalId: string, target: Target, start: string | null, end: string | null, created: Date): void {
    const seed = `${principalId}:${targetKey(target)}`;
    this.eligibilities.push({
      id: seededInstanceId(`eligibility:${seed}`, '-1-e'),
      scheduleId: seededGuid(`eligibility-schedule:${seed}`),
      principalId,
      target,
      start: start === null ? created : new Date(start),
      end: end === null ? null : new Date(end),
    });
  }

  private seedEligibilities(scenario: Scenario, created: Date): void {
    for (const eligibility of scenario.eligibilities) {
      const user = this.userByName(eligibility.user);
      if (user === undefined) {
        continue;
      }
      const target: Target =
        eligibility.kind === 'directoryRole'
          ? { kind: 'directoryRole', roleId: eligibility.roleId }
          : eligibility.kind === 'group'
            ? { kind: 'group', groupId: eligibility.groupId, accessId: eligibility.accessId }
            : { kind: 'azureRole', scope: this.canonicalScope(eligibility.scope), roleDefinitionId: eligibility.roleDefinitionId };
      this.addEligibility(user.id, target, eligibility.startDateTime, eligibility.endDateTime, created);
    }
  }

  /** The large scenario's generated roles, groups and Azure roles, each with an eligibility for its user. */
  private generate(scenario: Scenario, roles: Map<string, RoleRecord>, groups: Map<string, GroupRecord>, created: Date): void {
    const generated = scenario.generated;
    const generatedUser = generated === null ? undefined : this.userByName(generated.user);
    if (generated === null || generatedUser === undefined) {
      return;
    }
    const policies: PolicySpec[] = [...scenario.roles.map((role) => role.policy)];
    for (let index = 0; index < generated.extraRoles; index += 1) {
      const id = seededGuid(`generated-role:${index}`);
      const policy = policies[index % Math.max(1, policies.length)] ?? scenario.roles[0]?.policy;
      if (policy === undefined) {
        break;
      }
      roles.set(id, {
        id,
        templateId: id,
        displayName: `Generated Role ${String(index + 1).padStart(4, '0')}`,
        description: 'Generated for the large benchmark scenario.',
        policy,
        policyId: `DirectoryRole_${scenario.tenant.id}_${seededGuid(`policy:${id}`)}`,
      });
      this.addEligibility(generatedUser.id, { kind: 'directoryRole', roleId: id }, null, null, created);
    }
    for (let index = 0; index < generated.extraGroups; index += 1) {
      const id = seededGuid(`generated-group:${index}`);
      const spec = policies[(index + 3) % Math.max(1, policies.length)] ?? scenario.roles[0]?.policy;
      if (spec === undefined) {
        break;
      }
      groups.set(id, {
        id,
        displayName: `Generated Group ${String(index + 1).padStart(4, '0')}`,
        description: 'Generated for the large benchmark scenario.',
        policies: {
          member: { spec, policyId: `Group_${id}_${seededGuid(`policy:${id}:member`)}` },
          owner: { spec, policyId: `Group_${id}_${seededGuid(`policy:${id}:owner`)}` },
        },
      });
      this.addEligibility(generatedUser.id, { kind: 'group', groupId: id, accessId: 'member' }, null, null, created);
    }
    this.generateAzureEligibilities(generated.extraAzureRoles, generatedUser.id, policies);
  }

  private seedUserAssignments(scenario: Scenario, now: Date, created: Date): void {
    for (const user of scenario.users) {
      for (const roleId of user.assignedRoles) {
        this.seedAssignment(`assigned:${user.id}:${roleId}`, user.id, roleId, created, null);
      }
      for (const { roleId, endsAfter } of user.timeBoundRoles) {
        // Assigned with the other seeded items a month ago; it ends `endsAfter` from now (the tenant's clock at load).
        const end = new Date(now.getTime() + (parseIsoDuration(endsAfter) ?? 0));
        this.seedAssignment(`time-bound:${user.id}:${roleId}`, user.id, roleId, created, end);
      }
    }
  }

  /** A directory role an administrator assigned (not activated): permanent when `end` is null. */
  private seedAssignment(seed: string, principalId: string, roleId: string, start: Date, end: Date | null): void {
    this.assignments.push({
      id: seededInstanceId(seed, '-1'),
      scheduleId: seededInstanceId(seed, '-1'),
      principalId,
      target: { kind: 'directoryRole', roleId },
      start,
      end,
      assignmentType: 'Assigned',
      originRequestId: null,
      visibleAt: start,
      effectiveAt: start,
      revoked: false,
    });
  }

  /**
   * Azure roles for the benchmark: one resource group per generated eligibility under the first subscription, roles
   * taken in turn from the scenario's Azure roles, settings in turn from its directory roles' policies.
   */
  private generateAzureEligibilities(count: number, principalId: string, policies: readonly PolicySpec[]): void {
    const subscription = [...this.azureScopes.values()].find((scope) => scope.type === 'subscription');
    const roles = [...this.azureRoles.values()];
    if (subscription === undefined || roles.length === 0) {
      return;
    }
    for (let index = 0; index < count; index += 1) {
      const name = `rg-generated-${String(index + 1).padStart(4, '0')}`;
      const scope = `${subscription.id}/resourceGroups/${name}`;
      this.azureScopes.set(scope.toLowerCase(), { id: scope, displayName: name, type: 'resourcegroup', policiesReadable: true });
      const role = roles[index % roles.length] as AzureRoleRecord;
      const target: Target = { kind: 'azureRole', scope, roleDefinitionId: role.id };
      const spec = policies[(index + 5) % Math.max(1, policies.length)];
      if (spec !== undefined) {
        this.azurePolicies.set(targetKey(target), spec);
      }
      const seed = `${principalId}:${targetKey(target)}`;
      this.eligibilities.push({
        id: seededGuid(`eligibility:${seed}`),
        scheduleId: seededGuid(`eligibility-schedule:${seed}`),
        principalId,
        target,
        start: new Date(this.clock.now().getTime() - 30 * 86_400_000),
        end: null,
      });
    }
  }

  /** The scope's id as the scenario spells it (ARM answers with its own casing whatever the client sent). */
  canonicalScope(scope: string): string {
    return this.azureScopes.get(scope.toLowerCase())?.id ?? scope;
  }

  /** An Azure role's settings at a scope (every role has settings at every scope; unset ones are the defaults). */
  azurePolicyFor(scope: string, roleDefinitionId: string): { readonly spec: PolicySpec; readonly policyId: string } {
    const key = targetKey({ kind: 'azureRole', scope, roleDefinitionId });
    return {
      spec: this.azurePolicies.get(key) ?? DEFAULT_POLICY,
      policyId: `${this.canonicalScope(scope)}/providers/Microsoft.Authorization/roleManagementPolicies/${seededGuid(`azure-policy:${key}`)}`,
    };
  }

  userByName(name: string): UserRecord | undefined {
    return this.usersByName.get(name.toLowerCase());
  }

  userById(id: string): UserRecord | undefined {
    return this.usersById.get(id);
  }

  canReadPolicies(user: UserRecord): boolean {
    return this.policyReadable.get(user.id) ?? user.canReadPolicies;
  }

  setPolicyReadable(user: UserRecord, readable: boolean): void {
    this.policyReadable.set(user.id, readable);
  }

  policyFor(target: Target): { readonly spec: PolicySpec; readonly policyId: string } | undefined {
    if (target.kind === 'azureRole') {
      return this.azureRoles.has(target.roleDefinitionId) ? this.azurePolicyFor(target.scope, target.roleDefinitionId) : undefined;
    }
    if (target.kind === 'directoryRole') {
      const role = this.roles.get(target.roleId);
      return role === undefined ? undefined : { spec: role.policy, policyId: role.policyId };
    }
    return this.groups.get(target.groupId)?.policies[target.accessId];
  }

  targetDisplayName(target: Target): string {
    switch (target.kind) {
      case 'directoryRole':
        return this.roles.get(target.roleId)?.displayName ?? target.roleId;
      case 'group':
        return `${this.groups.get(target.groupId)?.displayName ?? target.groupId} (${target.accessId})`;
      default:
        return `${this.azureRoles.get(target.roleDefinitionId)?.displayName ?? target.roleDefinitionId} on ${
          this.azureScopes.get(target.scope.toLowerCase())?.displayName ?? target.scope
        }`;
    }
  }

  /** Eligibilities in effect now for a user. */
  currentEligibilities(principalId: string, now = this.clock.now()): EligibilityRecord[] {
    return this.eligibilities.filter(
      (item) => item.principalId === principalId && item.start <= now && (item.end === null || item.end > now),
    );
  }

  eligibilityFor(principalId: string, target: Target, now = this.clock.now()): EligibilityRecord | undefined {
    return this.currentEligibilities(principalId, now).find((item) => sameTarget(item.target, target));
  }

  /** Assignments in effect and visible now. */
  currentAssignments(principalId: string, now = this.clock.now()): AssignmentRecord[] {
    return this.assignments.filter(
      (item) =>
        item.principalId === principalId &&
        !item.revoked &&
        item.start <= now &&
        item.visibleAt <= now &&
        (item.end === null || item.end > now),
    );
  }

  /**
   * Assignments in effect that their plane already honours: what the directory reports as membership, what a new
   * token's `wids` carries and what ARM's effective permissions grant. An instance is visible (PIM says "active")
   * before this when a propagation delay is set.
   */
  effectiveAssignments(principalId: string, now = this.clock.now()): AssignmentRecord[] {
    return this.currentAssignments(principalId, now).filter((item) => item.effectiveAt <= now);
  }

  /** Assignments that exist or are still provisioning (what `RoleAssignmentExists` checks). */
  existingOrProvisioning(principalId: string, target: Target, now = this.clock.now()): AssignmentRecord | undefined {
    return this.assignments.find(
      (item) =>
        item.principalId === principalId && sameTarget(item.target, target) && !item.revoked && (item.end === null || item.end > now),
    );
  }

  /**
   * The user's assignment schedules: assignments in effect and those that start later or are still provisioning (what
   * the `…Schedules` lists return; instances show only the first).
   */
  assignmentSchedules(principalId: string, now = this.clock.now()): AssignmentRecord[] {
    return this.assignments.filter((item) => item.principalId === principalId && !item.revoked && (item.end === null || item.end > now));
  }

  /**
   * A schedule's status. Before its start (or while provisioning) it is its request's `Granted`, after it
   * `Provisioned`: Microsoft documents neither, and clients are told to judge by the start time and the instance.
   */
  scheduleStatus(item: AssignmentRecord, now = this.clock.now()): 'Granted' | 'Provisioned' {
    return item.start > now || item.visibleAt > now ? 'Granted' : 'Provisioned';
  }

  /** Template ids of the user's active directory roles, for the token's `wids`. */
  wids(principalId: string): string[] {
    const ids = new Set<string>();
    for (const assignment of this.effectiveAssignments(principalId)) {
      if (assignment.target.kind === 'directoryRole') {
        ids.add(this.roles.get(assignment.target.roleId)?.templateId ?? assignment.target.roleId);
      }
    }
    // Every member user has the "User" role template in real tokens.
    ids.add('b79fbf4d-3ef9-4689-8143-76b194e85509');
    return [...ids];
  }

  resolveStrength(idOrAlias: string): AuthenticationStrength | undefined {
    return this.strengths.get(STRENGTH_ALIASES[idOrAlias] ?? idOrAlias);
  }

  contextDisplayName(contextId: string): string {
    return this.scenario.authenticationContexts.find((context) => context.id === contextId)?.displayName ?? contextId;
  }

  /** What CA demands for a context and user: enabled policies that target it and do not exclude the user. */
  caRequirement(contextId: string, user: UserRecord): CaRequirement {
    const policies = this.scenario.conditionalAccessPolicies
      .filter(
        (policy) =>
          policy.state === 'enabled' &&
          policy.authenticationContext === contextId &&
          !policy.excludedUsers.some((name) => name.toLowerCase() === user.userPrincipalName.toLowerCase()),
      )
      .flatMap((policy) => {
        const strength = this.resolveStrength(policy.authenticationStrength);
        return strength === undefined ? [] : [{ displayName: policy.displayName, strength, signInFrequency: policy.signInFrequency }];
      });
    return { contextId, targeted: policies.length > 0, policies };
  }

  /**
   * Whether any CA policy (in any state) targets the context. When none does, PIM's backup protection requires MFA
   * instead; a policy that is off, report-only or excludes the user does not trigger the backup.
   */
  contextTargetedByAnyPolicy(contextId: string): boolean {
    return this.scenario.conditionalAccessPolicies.some((policy) => policy.authenticationContext === contextId);
  }
}
