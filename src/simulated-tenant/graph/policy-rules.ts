/**
 * PIM policies as Graph returns them: `unifiedRoleManagementPolicyAssignment` with its policy and the 17 rules
 * (docs/protocol.md, "Policy rules"), built from a scenario policy spec.
 */
import type { PolicySpec } from '../scenario/schema';
import type { TenantModel } from '../model/tenant-model';

type Caller = 'Admin' | 'EndUser';
type Level = 'Eligibility' | 'Assignment';

function target(caller: Caller, level: Level): Record<string, unknown> {
  return { caller, operations: ['all'], level, inheritableSettings: [], enforcedSettings: [] };
}

function notification(recipient: 'Admin' | 'Requestor' | 'Approver', caller: Caller, level: Level): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyNotificationRule',
    id: `Notification_${recipient}_${caller}_${level}`,
    notificationType: 'Email',
    recipientType: recipient,
    notificationLevel: 'All',
    isDefaultRecipientsEnabled: true,
    notificationRecipients: [],
    target: target(caller, level),
  };
}

/** Graph sends the three notification rules (admin, requestor, approver) of each caller and level together. */
function notifications(caller: Caller, level: Level): Record<string, unknown>[] {
  return [notification('Admin', caller, level), notification('Requestor', caller, level), notification('Approver', caller, level)];
}

function expiration(caller: Caller, level: Level, isExpirationRequired: boolean, maximumDuration: string): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule',
    id: `Expiration_${caller}_${level}`,
    isExpirationRequired,
    maximumDuration,
    target: target(caller, level),
  };
}

function enablement(caller: Caller, level: Level, enabledRules: readonly string[]): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule',
    id: `Enablement_${caller}_${level}`,
    enabledRules,
    target: target(caller, level),
  };
}

/** The 17 rules of a role or group policy, in Graph's order. */
export function policyRules(spec: PolicySpec, model: TenantModel): Record<string, unknown>[] {
  const enabledRules: string[] = [];
  if (spec.requireMfa) {
    enabledRules.push('MultiFactorAuthentication');
  }
  if (spec.requireJustification) {
    enabledRules.push('Justification');
  }
  if (spec.requireTicket) {
    enabledRules.push('Ticketing');
  }
  const approvers = spec.approvers.flatMap((name) => {
    const user = model.userByName(name);
    return user === undefined
      ? []
      : [{ '@odata.type': '#microsoft.graph.singleUser', isBackup: false, userId: user.id, description: user.displayName }];
  });
  return [
    expiration('Admin', 'Eligibility', false, 'P365D'),
    enablement('Admin', 'Eligibility', []),
    ...notifications('Admin', 'Eligibility'),
    expiration('Admin', 'Assignment', false, 'P180D'),
    enablement('Admin', 'Assignment', ['Justification']),
    ...notifications('Admin', 'Assignment'),
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule',
      id: 'Approval_EndUser_Assignment',
      target: target('EndUser', 'Assignment'),
      setting: {
        isApprovalRequired: spec.requireApproval,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: true,
        approvalMode: 'SingleStage',
        approvalStages: [
          {
            approvalStageTimeOutInDays: 1,
            isApproverJustificationRequired: true,
            escalationTimeInMinutes: 0,
            isEscalationEnabled: false,
            primaryApprovers: spec.requireApproval ? approvers : [],
            escalationApprovers: [],
          },
        ],
      },
    },
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule',
      id: 'AuthenticationContext_EndUser_Assignment',
      isEnabled: spec.authenticationContext !== null,
      claimValue: spec.authenticationContext,
      target: target('EndUser', 'Assignment'),
    },
    enablement('EndUser', 'Assignment', enabledRules),
    expiration('EndUser', 'Assignment', true, spec.maximumDuration),
    ...notifications('EndUser', 'Assignment'),
  ];
}

export type PolicyAssignmentInput = {
  readonly policyId: string;
  readonly scopeId: string;
  readonly scopeType: 'DirectoryRole' | 'Group';
  readonly roleDefinitionId: string;
  readonly spec: PolicySpec;
};

/** A `unifiedRoleManagementPolicyAssignment`, with `policy` (and its `rules`) only when expanded. */
export function policyAssignment(
  input: PolicyAssignmentInput,
  model: TenantModel,
  expandPolicy: boolean,
  expandRules: boolean,
): Record<string, unknown> {
  const assignment: Record<string, unknown> = {
    id: `${input.policyId}_${input.roleDefinitionId}`,
    policyId: input.policyId,
    scopeId: input.scopeId,
    scopeType: input.scopeType,
    roleDefinitionId: input.roleDefinitionId,
  };
  if (expandPolicy) {
    assignment.policy = {
      id: input.policyId,
      displayName: input.scopeType,
      description: input.scopeType,
      isOrganizationDefault: false,
      scopeId: input.scopeId,
      scopeType: input.scopeType,
      lastModifiedDateTime: null,
      lastModifiedBy: { displayName: null, id: null },
      ...(expandRules ? { rules: policyRules(input.spec, model) } : {}),
    };
  }
  return assignment;
}
