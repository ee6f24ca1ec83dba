/**
 * PIM policies as Graph returns them: `unifiedRoleManagementPolicyAssignment` with its policy and the 17 rules
 * (wire reference §2.1, §2.2), built from a scenario policy spec.
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
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule',
      id: 'Expiration_Admin_Eligibility',
      isExpirationRequired: false,
      maximumDuration: 'P365D',
      target: target('Admin', 'Eligibility'),
    },
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule',
      id: 'Enablement_Admin_Eligibility',
      enabledRules: [],
      target: target('Admin', 'Eligibility'),
    },
    notification('Admin', 'Admin', 'Eligibility'),
    notification('Requestor', 'Admin', 'Eligibility'),
    notification('Approver', 'Admin', 'Eligibility'),
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule',
      id: 'Expiration_Admin_Assignment',
      isExpirationRequired: false,
      maximumDuration: 'P180D',
      target: target('Admin', 'Assignment'),
    },
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule',
      id: 'Enablement_Admin_Assignment',
      enabledRules: ['Justification'],
      target: target('Admin', 'Assignment'),
    },
    notification('Admin', 'Admin', 'Assignment'),
    notification('Requestor', 'Admin', 'Assignment'),
    notification('Approver', 'Admin', 'Assignment'),
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
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule',
      id: 'Enablement_EndUser_Assignment',
      enabledRules,
      target: target('EndUser', 'Assignment'),
    },
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule',
      id: 'Expiration_EndUser_Assignment',
      isExpirationRequired: true,
      maximumDuration: spec.maximumDuration,
      target: target('EndUser', 'Assignment'),
    },
    notification('Admin', 'EndUser', 'Assignment'),
    notification('Requestor', 'EndUser', 'Assignment'),
    notification('Approver', 'EndUser', 'Assignment'),
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
