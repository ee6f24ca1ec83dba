/**
 * Serialisation of tenant records into ARM `Microsoft.Authorization` resource shapes (api-version 2020-10-01):
 * schedule instances with `expandedProperties`, schedule requests, and policy assignments with `effectiveRules`.
 */
import type { PolicySpec } from '../scenario/schema';
import {
  seededGuid,
  type AssignmentRecord,
  type EligibilityRecord,
  type RequestRecord,
  type Target,
  type TenantModel,
} from '../model/tenant-model';

const PROVIDER = '/providers/Microsoft.Authorization';
const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export type AzureTarget = Extract<Target, { kind: 'azureRole' }>;

export function azureTarget(target: Target): AzureTarget | null {
  return target.kind === 'azureRole' ? target : null;
}

/**
 * The full role definition id as ARM writes it: under the subscription for subscription, resource group and resource
 * scopes, at the tenant root otherwise (built-in roles are tenant-wide definitions).
 */
export function roleDefinitionFullId(scope: string, roleDefinitionId: string): string {
  const subscription = /^\/subscriptions\/[^/]+/i.exec(scope)?.[0] ?? '';
  return `${subscription}${PROVIDER}/roleDefinitions/${roleDefinitionId}`;
}

/** The role definition GUID at the end of a full id (or the GUID itself). */
export function roleDefinitionGuid(id: string): string {
  return (id.split('/').pop() ?? '').toLowerCase();
}

/** ARM names instances with GUIDs; the model's ids are Graph-style, so the ARM name is derived from them. */
export function armName(recordId: string): string {
  return seededGuid(`arm:${recordId}`);
}

function expanded(model: TenantModel, target: AzureTarget, principalId: string): Record<string, unknown> {
  const scope = model.azureScopes.get(target.scope.toLowerCase());
  const role = model.azureRoles.get(target.roleDefinitionId);
  const user = model.userById(principalId);
  return {
    scope: { id: target.scope, displayName: scope?.displayName ?? target.scope, type: scope?.type ?? 'subscription' },
    roleDefinition: {
      id: roleDefinitionFullId(target.scope, target.roleDefinitionId),
      displayName: role?.displayName ?? target.roleDefinitionId,
      type: role?.type ?? 'BuiltInRole',
    },
    principal: { id: principalId, displayName: user?.displayName ?? principalId, email: user?.userPrincipalName ?? null, type: 'User' },
  };
}

/** What every role resource ARM returns says first: its scope, its full role definition id and the user it is for. */
function principalAt(target: AzureTarget, principalId: string): Record<string, unknown> {
  return {
    scope: target.scope,
    roleDefinitionId: roleDefinitionFullId(target.scope, target.roleDefinitionId),
    principalId,
    principalType: 'User',
  };
}

export function eligibilityScheduleId(target: AzureTarget, scheduleId: string): string {
  return `${target.scope}${PROVIDER}/roleEligibilitySchedules/${scheduleId}`;
}

export function eligibilityInstance(model: TenantModel, item: EligibilityRecord, target: AzureTarget): Record<string, unknown> {
  const name = armName(item.id);
  return {
    properties: {
      ...principalAt(target, item.principalId),
      status: 'Provisioned',
      roleEligibilityScheduleId: eligibilityScheduleId(target, item.scheduleId),
      startDateTime: iso(item.start),
      endDateTime: iso(item.end),
      memberType: 'Direct',
      createdOn: iso(item.start),
      condition: null,
      conditionVersion: null,
      expandedProperties: expanded(model, target, item.principalId),
    },
    name,
    id: `${target.scope}${PROVIDER}/roleEligibilityScheduleInstances/${name}`,
    type: 'Microsoft.Authorization/roleEligibilityScheduleInstances',
  };
}

export function assignmentInstance(model: TenantModel, item: AssignmentRecord, target: AzureTarget): Record<string, unknown> {
  const name = armName(item.id);
  const eligibility = model.eligibilityFor(item.principalId, item.target);
  return {
    properties: {
      ...principalAt(target, item.principalId),
      roleAssignmentScheduleId: `${target.scope}${PROVIDER}/roleAssignmentSchedules/${item.scheduleId}`,
      originRoleAssignmentId: `${target.scope}${PROVIDER}/roleAssignments/${armName(`origin:${item.id}`)}`,
      status: 'Provisioned',
      startDateTime: iso(item.start),
      endDateTime: iso(item.end),
      linkedRoleEligibilityScheduleId:
        item.assignmentType === 'Activated' && eligibility !== undefined ? eligibilityScheduleId(target, eligibility.scheduleId) : null,
      linkedRoleEligibilityScheduleInstanceId:
        item.assignmentType === 'Activated' && eligibility !== undefined
          ? `${target.scope}${PROVIDER}/roleEligibilityScheduleInstances/${armName(eligibility.id)}`
          : null,
      assignmentType: item.assignmentType,
      memberType: 'Direct',
      createdOn: iso(item.start),
      condition: null,
      conditionVersion: null,
      expandedProperties: expanded(model, target, item.principalId),
    },
    name,
    id: `${target.scope}${PROVIDER}/roleAssignmentScheduleInstances/${name}`,
    type: 'Microsoft.Authorization/roleAssignmentScheduleInstances',
  };
}

/**
 * A `roleAssignmentSchedule`: in effect or starting later. `linkedRoleEligibilityScheduleId` is left empty, as ARM is
 * reported to leave it on the schedules of activations (it is set on their instances).
 */
export function assignmentSchedule(model: TenantModel, item: AssignmentRecord, target: AzureTarget): Record<string, unknown> {
  return {
    properties: {
      ...principalAt(target, item.principalId),
      roleAssignmentScheduleRequestId:
        item.originRequestId === null ? null : `${target.scope}${PROVIDER}/roleAssignmentScheduleRequests/${item.originRequestId}`,
      linkedRoleEligibilityScheduleId: null,
      assignmentType: item.assignmentType,
      memberType: 'Direct',
      status: model.scheduleStatus(item),
      startDateTime: iso(item.start),
      endDateTime: iso(item.end),
      condition: null,
      conditionVersion: null,
      createdOn: iso(item.start),
      updatedOn: iso(item.start),
      expandedProperties: expanded(model, target, item.principalId),
    },
    name: item.scheduleId,
    id: `${target.scope}${PROVIDER}/roleAssignmentSchedules/${item.scheduleId}`,
    type: 'Microsoft.Authorization/roleAssignmentSchedules',
  };
}

export function scheduleRequest(model: TenantModel, request: RequestRecord, target: AzureTarget): Record<string, unknown> {
  const assignment = request.assignmentId === null ? undefined : model.assignments.find((item) => item.id === request.assignmentId);
  return {
    properties: {
      targetRoleAssignmentScheduleId:
        assignment === undefined ? null : `${target.scope}${PROVIDER}/roleAssignmentSchedules/${assignment.scheduleId}`,
      targetRoleAssignmentScheduleInstanceId:
        assignment === undefined ? null : `${target.scope}${PROVIDER}/roleAssignmentScheduleInstances/${armName(assignment.id)}`,
      ...principalAt(target, request.principalId),
      requestType: request.action,
      status: request.status,
      approvalId: request.approvalId === null ? null : `${target.scope}${PROVIDER}/roleAssignmentApprovals/${request.approvalId}`,
      scheduleInfo: request.scheduleInfo,
      linkedRoleEligibilityScheduleId: request.linkedEligibilityScheduleId ?? null,
      justification: request.justification,
      ticketInfo: request.ticketInfo ?? { ticketNumber: null, ticketSystem: null },
      condition: null,
      conditionVersion: null,
      createdOn: iso(request.createdAt),
      requestorId: request.principalId,
      expandedProperties: expanded(model, target, request.principalId),
    },
    name: request.id,
    id: `${target.scope}${PROVIDER}/roleAssignmentScheduleRequests/${request.id}`,
    type: 'Microsoft.Authorization/roleAssignmentScheduleRequests',
  };
}

function ruleTarget(caller: 'Admin' | 'EndUser', level: 'Eligibility' | 'Assignment'): Record<string, unknown> {
  return { caller, operations: ['All'], level, targetObjects: null, inheritableSettings: null, enforcedSettings: null };
}

/** The rules of one Azure role's settings, in ARM's shape (`ruleType` discriminator). */
export function armPolicyRules(spec: PolicySpec, model: TenantModel): Record<string, unknown>[] {
  const enabledRules = [
    ...(spec.requireMfa ? ['MultiFactorAuthentication'] : []),
    ...(spec.requireJustification ? ['Justification'] : []),
    ...(spec.requireTicket ? ['Ticketing'] : []),
  ];
  const approvers = spec.requireApproval
    ? spec.approvers.flatMap((name) => {
        const user = model.userByName(name);
        return user === undefined ? [] : [{ id: user.id, description: user.displayName, isBackup: false, userType: 'User' }];
      })
    : [];
  return [
    {
      isExpirationRequired: false,
      maximumDuration: 'P365D',
      id: 'Expiration_Admin_Eligibility',
      ruleType: 'RoleManagementPolicyExpirationRule',
      target: ruleTarget('Admin', 'Eligibility'),
    },
    {
      enabledRules: [],
      id: 'Enablement_Admin_Eligibility',
      ruleType: 'RoleManagementPolicyEnablementRule',
      target: ruleTarget('Admin', 'Eligibility'),
    },
    {
      isExpirationRequired: false,
      maximumDuration: 'P180D',
      id: 'Expiration_Admin_Assignment',
      ruleType: 'RoleManagementPolicyExpirationRule',
      target: ruleTarget('Admin', 'Assignment'),
    },
    {
      enabledRules: ['Justification'],
      id: 'Enablement_Admin_Assignment',
      ruleType: 'RoleManagementPolicyEnablementRule',
      target: ruleTarget('Admin', 'Assignment'),
    },
    {
      isExpirationRequired: true,
      maximumDuration: spec.maximumDuration,
      id: 'Expiration_EndUser_Assignment',
      ruleType: 'RoleManagementPolicyExpirationRule',
      target: ruleTarget('EndUser', 'Assignment'),
    },
    {
      enabledRules,
      id: 'Enablement_EndUser_Assignment',
      ruleType: 'RoleManagementPolicyEnablementRule',
      target: ruleTarget('EndUser', 'Assignment'),
    },
    {
      isEnabled: spec.authenticationContext !== null,
      claimValue: spec.authenticationContext ?? '',
      id: 'AuthenticationContext_EndUser_Assignment',
      ruleType: 'RoleManagementPolicyAuthenticationContextRule',
      target: ruleTarget('EndUser', 'Assignment'),
    },
    {
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
            primaryApprovers: approvers,
            isEscalationEnabled: false,
            escalationApprovers: null,
          },
        ],
      },
      id: 'Approval_EndUser_Assignment',
      ruleType: 'RoleManagementPolicyApprovalRule',
      target: ruleTarget('EndUser', 'Assignment'),
    },
  ];
}

/** A `roleManagementPolicyAssignment` for one role at one scope, with its `effectiveRules`. */
export function policyAssignmentResource(model: TenantModel, scope: string, roleDefinitionId: string): Record<string, unknown> {
  const { spec, policyId } = model.azurePolicyFor(scope, roleDefinitionId);
  const canonical = model.canonicalScope(scope);
  const scopeRecord = model.azureScopes.get(canonical.toLowerCase());
  const role = model.azureRoles.get(roleDefinitionId);
  const name = `${policyId.split('/').pop() ?? ''}_${roleDefinitionId}`;
  const fullRoleId = roleDefinitionFullId(canonical, roleDefinitionId);
  return {
    properties: {
      scope: canonical,
      roleDefinitionId: fullRoleId,
      policyId,
      effectiveRules: armPolicyRules(spec, model),
      policyAssignmentProperties: {
        scope: { id: canonical, displayName: scopeRecord?.displayName ?? canonical, type: scopeRecord?.type ?? 'subscription' },
        roleDefinition: { id: fullRoleId, displayName: role?.displayName ?? roleDefinitionId, type: role?.type ?? 'BuiltInRole' },
        policy: { id: policyId, lastModifiedBy: null, lastModifiedDateTime: null },
      },
    },
    name,
    id: `${canonical}${PROVIDER}/roleManagementPolicyAssignments/${name}`,
    type: 'Microsoft.Authorization/RoleManagementPolicyAssignment',
  };
}
