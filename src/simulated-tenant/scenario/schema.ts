/**
 * The scenario file format: a whole simulated tenant (users, roles, groups, PIM policies, CA contexts and policies,
 * eligibilities, behaviour switches) as JSON, validated with zod.
 *
 * Why precise messages: scenarios are written by people (trainers, testers); a message names the exact path and the
 * reason, and cross-references (a user, role, group, context or strength that does not exist) are checked too.
 */
import { z } from 'zod';
import { SIGN_IN_METHODS } from '../model/methods';
import { parseIsoDuration } from '../model/duration';
import { BUILT_IN_STRENGTHS, STRENGTH_ALIASES } from '../model/strengths';

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lower-case GUID');
const contextId = z.string().regex(/^c([1-9]|1\d|2[0-5])$/, 'must be an authentication context id c1..c25');
const isoDuration = z.string().refine((text) => parseIsoDuration(text) !== null, 'must be an ISO-8601 duration such as PT8H or PT30M');
const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2026-01-01T00:00:00Z' });
const method = z.enum(SIGN_IN_METHODS, { message: `must be one of ${SIGN_IN_METHODS.join(', ')}` });
const acrsForm = z.enum(['plain', 'unknown-error', 'www-authenticate'], { message: 'must be plain, unknown-error or www-authenticate' });

/** PIM role settings for one role or one group access (member/owner). Defaults are Entra's defaults. */
export const policySchema = z.strictObject({
  maximumDuration: isoDuration.default('PT8H'),
  requireMfa: z.boolean().default(false),
  requireJustification: z.boolean().default(true),
  requireTicket: z.boolean().default(false),
  /** On activation require this Conditional Access authentication context. */
  authenticationContext: contextId.nullable().default(null),
  requireApproval: z.boolean().default(false),
  /** User principal names of approvers (informational; approval happens through the control API). */
  approvers: z.array(z.string()).default([]),
});

/** An Azure scope: a management group, a subscription, a resource group or a resource (ARM ids). */
export const AZURE_SCOPE_PATTERN =
  /^\/(providers\/Microsoft\.Management\/managementGroups\/[A-Za-z0-9._()-]+|subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\/resourceGroups\/[A-Za-z0-9._()-]+(\/providers\/[A-Za-z0-9.]+\/[A-Za-z0-9]+\/[A-Za-z0-9._-]+)?)?)$/;
const azureScopeId = z
  .string()
  .regex(
    AZURE_SCOPE_PATTERN,
    'must be an Azure scope: /providers/Microsoft.Management/managementGroups/{name}, /subscriptions/{guid}, …/resourceGroups/{name} or …/providers/{namespace}/{type}/{name}',
  );

const eligibilityCommon = {
  user: z.string().min(1, 'must name a user by userPrincipalName'),
  startDateTime: isoDateTime.nullable().default(null),
  endDateTime: isoDateTime.nullable().default(null),
};

const scenarioShape = z.strictObject({
  name: z.string().min(1, 'must not be empty'),
  description: z.string().default(''),
  tenant: z.strictObject({
    id: guid,
    domain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name'),
    displayName: z.string().min(1),
  }),
  clientApplications: z
    .array(
      z.strictObject({
        appId: guid,
        displayName: z.string().min(1),
        /** Whether the registration lists "Azure Service Management / user_impersonation" (else ARM tokens are refused). */
        azureServiceManagement: z.boolean().default(true),
      }),
    )
    .min(1, 'must register at least one public client application'),
  authenticationContexts: z.array(
    z.strictObject({
      id: contextId,
      displayName: z.string().min(1),
      description: z.string().default(''),
      isAvailable: z.boolean().default(true),
    }),
  ),
  authenticationStrengths: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        displayName: z.string().min(1),
        description: z.string().default(''),
        combinations: z.array(z.array(method).min(1, 'a combination needs at least one method')).min(1, 'needs at least one combination'),
      }),
    )
    .default([]),
  conditionalAccessPolicies: z
    .array(
      z.strictObject({
        id: guid,
        displayName: z.string().min(1),
        state: z.enum(['enabled', 'disabled', 'enabledForReportingButNotEnforced'], {
          message: 'must be enabled, disabled or enabledForReportingButNotEnforced',
        }),
        authenticationContext: contextId,
        /** A custom strength id or a built-in id / alias (mfa, passwordlessMfa, phishingResistantMfa). */
        authenticationStrength: z.string().min(1),
        /** `everyTime`, or a window in minutes (whole hours); `null` = no sign-in frequency control. */
        signInFrequency: z
          .union([
            z.literal('everyTime'),
            // Entra sets a sign-in frequency in whole hours or days (Graph's signInFrequencySessionControl).
            z.strictObject({ minutes: z.number().int().positive().multipleOf(60, 'must be whole hours (a multiple of 60)') }),
          ])
          .nullable()
          .default(null),
        excludedUsers: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  roles: z.array(
    z.strictObject({
      id: guid,
      displayName: z.string().min(1),
      description: z.string().default(''),
      policy: policySchema.prefault({}),
    }),
  ),
  groups: z
    .array(
      z.strictObject({
        id: guid,
        displayName: z.string().min(1),
        description: z.string().default(''),
        memberPolicy: policySchema.prefault({}),
        ownerPolicy: policySchema.prefault({}),
      }),
    )
    .default([]),
  users: z
    .array(
      z.strictObject({
        id: guid,
        userPrincipalName: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must look like name@domain'),
        displayName: z.string().min(1),
        password: z.string().min(1),
        description: z.string().default(''),
        jobTitle: z.string().nullable().default(null),
        methods: z.array(method).min(1, 'a user needs at least one sign-in method'),
        pin: z
          .string()
          .regex(/^\d{4,8}$/, 'must be 4 to 8 digits')
          .nullable()
          .default(null),
        /** Whether the tenant's baseline policy asks for a second method at every interactive sign-in. */
        requireMfaAtSignIn: z.boolean().default(true),
        canReadPolicies: z.boolean().default(true),
        /** Permanently active directory roles (role definition ids). */
        assignedRoles: z.array(guid).default([]),
        /**
         * Directory roles an administrator assigned as active until a date (`assignmentType: Assigned` with an end),
         * which the user may ask to extend (`selfExtend`). `endsAfter` counts from when the scenario is loaded (by the tenant clock), so
         * the demo always has one close to its end.
         */
        timeBoundRoles: z.array(z.strictObject({ roleId: guid, endsAfter: isoDuration })).default([]),
      }),
    )
    .min(1, 'must define at least one user'),
  eligibilities: z
    .array(
      z.discriminatedUnion(
        'kind',
        [
          z.strictObject({ kind: z.literal('directoryRole'), roleId: guid, ...eligibilityCommon }),
          z.strictObject({ kind: z.literal('group'), groupId: guid, accessId: z.enum(['member', 'owner']), ...eligibilityCommon }),
          z.strictObject({ kind: z.literal('azureRole'), scope: azureScopeId, roleDefinitionId: guid, ...eligibilityCommon }),
        ],
        { message: 'kind must be directoryRole, group or azureRole' },
      ),
    )
    .default([]),
  /** Azure resources and roles, served by the simulated Azure Resource Manager surface. */
  azure: z
    .strictObject({
      /** Every scope that appears in an eligibility or policy; the parent of each must be listed too. */
      scopes: z
        .array(
          z.strictObject({
            id: azureScopeId,
            displayName: z.string().min(1),
            /** False: reading role settings here is refused (403), as for a person without read access at the scope. */
            policiesReadable: z.boolean().default(true),
          }),
        )
        .default([]),
      roles: z
        .array(
          z.strictObject({
            id: guid,
            displayName: z.string().min(1),
            description: z.string().default(''),
            type: z.enum(['BuiltInRole', 'CustomRole']).default('BuiltInRole'),
          }),
        )
        .default([]),
      /** Role settings per scope and role; a pair without an entry has the default settings. */
      policies: z.array(z.strictObject({ scope: azureScopeId, roleDefinitionId: guid, policy: policySchema.prefault({}) })).default([]),
    })
    .prefault({}),
  /** Generated eligibilities (for benchmark scenarios): `count` extra roles, each eligible for `user`. */
  generated: z
    .strictObject({
      user: z.string(),
      extraRoles: z.number().int().min(0).max(5000),
      extraGroups: z.number().int().min(0).max(5000),
      /** Extra Azure role eligibilities, each on a generated resource group under the first listed subscription. */
      extraAzureRoles: z.number().int().min(0).max(5000).default(0),
    })
    .nullable()
    .default(null),
  settings: z
    .strictObject({
      acrsChallengeForm: acrsForm.default('plain'),
      /** Override for the PIM-for-Groups endpoints (third-party reports show the UnknownError wrapper there). */
      groupAcrsChallengeForm: acrsForm.nullable().default(null),
      /**
       * Per-context override of the form. Which form an admin meets varies between deployments and
       * endpoints; this lets one tenant answer in several forms at once, as a run of several roles can meet them.
       */
      acrsChallengeFormByContext: z.record(contextId, acrsForm).default({}),
      requireCp1ForAcrs: z.boolean().default(false),
      activationDelayMs: z.number().int().min(0).default(0),
      graphPageSize: z.number().int().min(1).max(999).default(100),
      /** Page size of ARM collections (`nextLink` paging). */
      armPageSize: z.number().int().min(1).max(1000).default(100),
      /** Whether ARM offers its batch endpoint (`POST /batch`, docs/arm-batch.md); false answers 404 as a cloud without it. */
      armBatch: z.boolean().default(true),
      accessTokenLifetimeSeconds: z.number().int().min(60).default(3600),
      /**
       * Strict sessions: each interactive sign-in starts a new session whose browser cookie and refresh token carry
       * only the methods that sign-in performed and the contexts it was asked for (earlier proofs are not merged).
       */
      strictSessions: z.boolean().default(false),
      unattended: z
        .strictObject({ username: z.string(), methods: z.array(z.string()) })
        .nullable()
        .default(null),
    })
    .prefault({}),
});

type ScenarioShape = z.output<typeof scenarioShape>;
type Issue = (path: (string | number)[], message: string) => void;

/** The ids the scenario defines, which its other parts may refer to. */
type Known = {
  readonly users: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
  readonly contexts: ReadonlySet<string>;
  readonly strengths: ReadonlySet<string>;
  readonly azureScopes: ReadonlySet<string>;
  readonly azureRoles: ReadonlySet<string>;
};

function knownIds(scenario: ScenarioShape): Known {
  return {
    users: new Set(scenario.users.map((user) => user.userPrincipalName.toLowerCase())),
    roles: new Set(scenario.roles.map((role) => role.id)),
    groups: new Set(scenario.groups.map((group) => group.id)),
    contexts: new Set(scenario.authenticationContexts.map((context) => context.id)),
    strengths: new Set([
      ...scenario.authenticationStrengths.map((strength) => strength.id),
      ...BUILT_IN_STRENGTHS.map((strength) => strength.id),
      ...Object.keys(STRENGTH_ALIASES),
    ]),
    azureScopes: new Set(scenario.azure.scopes.map((scope) => scope.id.toLowerCase())),
    azureRoles: new Set(scenario.azure.roles.map((role) => role.id)),
  };
}

function checkDuplicates(scenario: ScenarioShape, issue: Issue): void {
  const duplicates = <T>(items: readonly T[], key: (item: T) => string, where: string, what: string): void => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const value = key(item).toLowerCase();
      if (seen.has(value)) {
        issue([where, index], `duplicate ${what} "${key(item)}"`);
      }
      seen.add(value);
    });
  };
  duplicates(scenario.users, (user) => user.userPrincipalName, 'users', 'userPrincipalName');
  duplicates(scenario.users, (user) => user.id, 'users', 'user id');
  duplicates(scenario.roles, (role) => role.id, 'roles', 'role id');
  duplicates(scenario.groups, (group) => group.id, 'groups', 'group id');
  duplicates(scenario.authenticationContexts, (context) => context.id, 'authenticationContexts', 'context id');
}

function checkUsers(scenario: ScenarioShape, known: Known, issue: Issue): void {
  scenario.users.forEach((user, index) => {
    if (user.methods.some((m) => m === 'windowsHello' || m === 'passkey') && user.pin === null) {
      issue(['users', index, 'pin'], `user "${user.userPrincipalName}" has windowsHello or passkey and needs a pin`);
    }
    user.assignedRoles.forEach((roleId, roleIndex) => {
      if (!known.roles.has(roleId)) {
        issue(['users', index, 'assignedRoles', roleIndex], `unknown role id "${roleId}" (not in roles)`);
      }
    });
    user.timeBoundRoles.forEach(({ roleId }, roleIndex) => {
      if (!known.roles.has(roleId)) {
        issue(['users', index, 'timeBoundRoles', roleIndex, 'roleId'], `unknown role id "${roleId}" (not in roles)`);
      }
    });
  });
}

function checkPolicyContext(known: Known, issue: Issue, context: string | null, path: (string | number)[]): void {
  if (context !== null && !known.contexts.has(context)) {
    issue(path, `authentication context "${context}" is not defined in authenticationContexts`);
  }
}

function checkAzureTarget(known: Known, issue: Issue, scope: string, roleDefinitionId: string, path: (string | number)[]): void {
  if (!known.azureScopes.has(scope.toLowerCase())) {
    issue([...path, 'scope'], `unknown Azure scope "${scope}" (not in azure.scopes)`);
  }
  if (!known.azureRoles.has(roleDefinitionId)) {
    issue([...path, 'roleDefinitionId'], `unknown Azure role "${roleDefinitionId}" (not in azure.roles)`);
  }
}

/** Role and group policies, Azure scopes and policies: every context and Azure reference defined. */
function checkPolicies(scenario: ScenarioShape, known: Known, issue: Issue): void {
  scenario.roles.forEach((role, index) => {
    checkPolicyContext(known, issue, role.policy.authenticationContext, ['roles', index, 'policy', 'authenticationContext']);
  });
  scenario.groups.forEach((group, index) => {
    checkPolicyContext(known, issue, group.memberPolicy.authenticationContext, ['groups', index, 'memberPolicy', 'authenticationContext']);
    checkPolicyContext(known, issue, group.ownerPolicy.authenticationContext, ['groups', index, 'ownerPolicy', 'authenticationContext']);
  });
  scenario.azure.scopes.forEach((scope, index) => {
    const parent = azureParentScope(scope.id);
    if (parent !== null && !parent.startsWith('/providers/') && !known.azureScopes.has(parent.toLowerCase())) {
      issue(['azure', 'scopes', index, 'id'], `parent scope "${parent}" is not listed in azure.scopes`);
    }
  });
  scenario.azure.policies.forEach((policy, index) => {
    checkAzureTarget(known, issue, policy.scope, policy.roleDefinitionId, ['azure', 'policies', index]);
    checkPolicyContext(known, issue, policy.policy.authenticationContext, ['azure', 'policies', index, 'policy', 'authenticationContext']);
  });
}

function checkConditionalAccess(scenario: ScenarioShape, known: Known, issue: Issue): void {
  scenario.conditionalAccessPolicies.forEach((policy, index) => {
    checkPolicyContext(known, issue, policy.authenticationContext, ['conditionalAccessPolicies', index, 'authenticationContext']);
    if (!known.strengths.has(policy.authenticationStrength)) {
      issue(
        ['conditionalAccessPolicies', index, 'authenticationStrength'],
        `unknown authentication strength "${policy.authenticationStrength}" (use a custom strength id, or mfa, passwordlessMfa, phishingResistantMfa)`,
      );
    }
    policy.excludedUsers.forEach((user, userIndex) => {
      if (!known.users.has(user.toLowerCase())) {
        issue(['conditionalAccessPolicies', index, 'excludedUsers', userIndex], `unknown user "${user}"`);
      }
    });
  });
}

function checkEligibilities(scenario: ScenarioShape, known: Known, issue: Issue): void {
  scenario.eligibilities.forEach((eligibility, index) => {
    if (!known.users.has(eligibility.user.toLowerCase())) {
      issue(['eligibilities', index, 'user'], `unknown user "${eligibility.user}" (not in users)`);
    }
    if (eligibility.kind === 'directoryRole' && !known.roles.has(eligibility.roleId)) {
      issue(['eligibilities', index, 'roleId'], `unknown role id "${eligibility.roleId}" (not in roles)`);
    }
    if (eligibility.kind === 'group' && !known.groups.has(eligibility.groupId)) {
      issue(['eligibilities', index, 'groupId'], `unknown group id "${eligibility.groupId}" (not in groups)`);
    }
    if (eligibility.kind === 'azureRole') {
      checkAzureTarget(known, issue, eligibility.scope, eligibility.roleDefinitionId, ['eligibilities', index]);
    }
    if (eligibility.startDateTime !== null && eligibility.endDateTime !== null && eligibility.startDateTime >= eligibility.endDateTime) {
      issue(['eligibilities', index, 'endDateTime'], 'must be after startDateTime');
    }
  });
}

function checkSettings(scenario: ScenarioShape, known: Known, issue: Issue): void {
  if (scenario.generated !== null && !known.users.has(scenario.generated.user.toLowerCase())) {
    issue(['generated', 'user'], `unknown user "${scenario.generated.user}" (not in users)`);
  }
  const unattended = scenario.settings.unattended;
  if (unattended !== null) {
    if (!known.users.has(unattended.username.toLowerCase())) {
      issue(['settings', 'unattended', 'username'], `unknown user "${unattended.username}" (not in users)`);
    }
    unattended.methods.forEach((name, methodIndex) => {
      if (!(SIGN_IN_METHODS as readonly string[]).includes(name)) {
        issue(['settings', 'unattended', 'methods', methodIndex], `must be one of ${SIGN_IN_METHODS.join(', ')}`);
      }
    });
  }
}

/** The scenario with every cross-reference checked (an issue per broken one, in the order a reader meets them). */
export const scenarioSchema = scenarioShape.superRefine((scenario, ctx) => {
  const issue: Issue = (path, message) => {
    ctx.addIssue({ code: 'custom', path, message });
  };
  checkDuplicates(scenario, issue);
  const known = knownIds(scenario);
  checkUsers(scenario, known, issue);
  checkPolicies(scenario, known, issue);
  checkConditionalAccess(scenario, known, issue);
  checkEligibilities(scenario, known, issue);
  checkSettings(scenario, known, issue);
});

/** The scope one level up (`/subscriptions/{id}` for a resource group), or null for a subscription or management group. */
export function azureParentScope(scope: string): string | null {
  const resource = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+)\/providers\//i.exec(scope);
  if (resource?.[1] !== undefined) {
    return resource[1];
  }
  const group = /^(\/subscriptions\/[^/]+)\/resourceGroups\/[^/]+$/i.exec(scope);
  return group?.[1] ?? null;
}

export type Scenario = z.output<typeof scenarioSchema>;
export type PolicySpec = z.output<typeof policySchema>;

export type ScenarioParseResult =
  { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly errors: readonly string[] };

/** Formats a zod path as `users[2].methods[0]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = 'scenario';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  }
  return text;
}

/** Validates a scenario object; on failure every problem is reported as `scenario.<path>: <reason>`. */
export function parseScenario(input: unknown): ScenarioParseResult {
  const result = scenarioSchema.safeParse(input);
  if (result.success) {
    return { ok: true, scenario: result.data };
  }
  return { ok: false, errors: result.error.issues.map((problem) => `${formatPath(problem.path)}: ${problem.message}`) };
}
