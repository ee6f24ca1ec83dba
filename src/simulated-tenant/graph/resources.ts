/**
 * Serialisation of tenant records into Graph v1.0 resource shapes (docs/protocol.md, "Graph PIM endpoints").
 */
import type { AssignmentRecord, EligibilityRecord, GroupRecord, RequestRecord, RoleRecord, TenantModel } from '../model/tenant-model';

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export function roleDefinition(role: RoleRecord): Record<string, unknown> {
  return {
    id: role.id,
    description: role.description,
    displayName: role.displayName,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ['/'],
    templateId: role.templateId,
    version: '1',
    rolePermissions: [{ allowedResourceActions: [], condition: null }],
    inheritsPermissionsFrom: [],
  };
}

export function groupResource(group: GroupRecord): Record<string, unknown> {
  return {
    id: group.id,
    displayName: group.displayName,
    description: group.description,
    mailEnabled: false,
    mailNickname: group.displayName.replace(/[^A-Za-z0-9]/g, '').slice(0, 60),
    securityEnabled: true,
    isAssignableToRole: true,
    groupTypes: [],
    visibility: 'Private',
  };
}

export function directoryEligibilityInstance(item: EligibilityRecord): Record<string, unknown> {
  const roleId = item.target.kind === 'directoryRole' ? item.target.roleId : '';
  return {
    '@odata.type': '#microsoft.graph.unifiedRoleEligibilityScheduleInstance',
    id: item.id,
    principalId: item.principalId,
    roleDefinitionId: roleId,
    directoryScopeId: '/',
    appScopeId: null,
    startDateTime: iso(item.start),
    endDateTime: iso(item.end),
    memberType: 'Direct',
    roleEligibilityScheduleId: item.scheduleId,
  };
}

function expiration(end: Date | null): Record<string, unknown> {
  return end === null
    ? { type: 'noExpiration', endDateTime: null, duration: null }
    : { type: 'afterDateTime', endDateTime: iso(end), duration: null };
}

export function directoryEligibilitySchedule(item: EligibilityRecord): Record<string, unknown> {
  const roleId = item.target.kind === 'directoryRole' ? item.target.roleId : '';
  return {
    '@odata.type': '#microsoft.graph.unifiedRoleEligibilitySchedule',
    id: item.scheduleId,
    principalId: item.principalId,
    roleDefinitionId: roleId,
    directoryScopeId: '/',
    appScopeId: null,
    createdUsing: item.scheduleId,
    createdDateTime: iso(item.start),
    modifiedDateTime: null,
    status: 'Provisioned',
    memberType: 'Direct',
    scheduleInfo: { startDateTime: iso(item.start), recurrence: null, expiration: expiration(item.end) },
  };
}

export function directoryAssignmentInstance(item: AssignmentRecord): Record<string, unknown> {
  const roleId = item.target.kind === 'directoryRole' ? item.target.roleId : '';
  const permanent = item.assignmentType === 'Assigned' && item.end === null;
  return {
    '@odata.type': '#microsoft.graph.unifiedRoleAssignmentScheduleInstance',
    id: item.id,
    principalId: item.principalId,
    roleDefinitionId: roleId,
    directoryScopeId: '/',
    appScopeId: null,
    startDateTime: permanent ? null : iso(item.start),
    endDateTime: iso(item.end),
    assignmentType: item.assignmentType,
    memberType: 'Direct',
    roleAssignmentOriginId: item.id,
    roleAssignmentScheduleId: item.scheduleId,
  };
}

/** The fields every PIM-for-Groups schedule instance carries, eligibility or assignment alike, in wire order. */
function groupInstanceFields(item: EligibilityRecord | AssignmentRecord, odataType: string): Record<string, unknown> {
  const target = item.target.kind === 'group' ? item.target : { groupId: '', accessId: 'member' };
  return {
    '@odata.type': odataType,
    id: item.id,
    startDateTime: iso(item.start),
    endDateTime: iso(item.end),
    memberType: 'Direct',
    principalId: item.principalId,
    accessId: target.accessId,
    groupId: target.groupId,
  };
}

export function groupEligibilityInstance(item: EligibilityRecord): Record<string, unknown> {
  return {
    ...groupInstanceFields(item, '#microsoft.graph.privilegedAccessGroupEligibilityScheduleInstance'),
    eligibilityScheduleId: item.scheduleId,
  };
}

export function groupAssignmentInstance(item: AssignmentRecord): Record<string, unknown> {
  return {
    ...groupInstanceFields(item, '#microsoft.graph.privilegedAccessGroupAssignmentScheduleInstance'),
    assignmentType: item.assignmentType,
    assignmentScheduleId: item.scheduleId,
  };
}

/** A `unifiedRoleAssignmentScheduleRequest` or `privilegedAccessGroupAssignmentScheduleRequest`. */
export function requestResource(request: RequestRecord, model: TenantModel): Record<string, unknown> {
  const common = {
    id: request.id,
    status: request.status,
    createdDateTime: iso(request.createdAt),
    completedDateTime: iso(request.completedAt),
    approvalId: request.approvalId,
    customData: request.customData,
    action: request.action,
    principalId: request.principalId,
    isValidationOnly: request.isValidationOnly,
    justification: request.justification,
    createdBy: { application: null, device: null, user: { displayName: null, id: request.principalId } },
    scheduleInfo: request.scheduleInfo,
    ticketInfo: request.ticketInfo ?? { ticketNumber: null, ticketSystem: null },
  };
  if (request.target.kind === 'directoryRole') {
    return {
      '@odata.type': '#microsoft.graph.unifiedRoleAssignmentScheduleRequest',
      ...common,
      roleDefinitionId: request.target.roleId,
      directoryScopeId: '/',
      appScopeId: null,
      targetScheduleId:
        request.assignmentId === null
          ? request.id
          : (model.assignments.find((item) => item.id === request.assignmentId)?.scheduleId ?? request.id),
    };
  }
  // Graph never lists Azure role requests (they live in ARM), so anything else here is a group request.
  const group = request.target.kind === 'group' ? request.target : { groupId: '', accessId: 'member' };
  return {
    '@odata.type': '#microsoft.graph.privilegedAccessGroupAssignmentScheduleRequest',
    ...common,
    accessId: group.accessId,
    groupId: group.groupId,
    targetScheduleId: `${group.groupId}_${group.accessId}_${request.id}`,
  };
}

/** The schedule fields Graph's role and group assignment schedules share, in wire order. */
function scheduleInfoOf(item: AssignmentRecord): Record<string, unknown> {
  return { startDateTime: iso(item.start), recurrence: null, expiration: expiration(item.end) };
}

/** A `unifiedRoleAssignmentSchedule`: in effect, or starting later (a scheduled activation has no instance yet). */
export function directoryAssignmentSchedule(item: AssignmentRecord, model: TenantModel): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.unifiedRoleAssignmentSchedule',
    id: item.scheduleId,
    principalId: item.principalId,
    roleDefinitionId: item.target.kind === 'directoryRole' ? item.target.roleId : '',
    directoryScopeId: '/',
    appScopeId: null,
    createdUsing: item.originRequestId,
    createdDateTime: iso(item.start),
    modifiedDateTime: null,
    status: model.scheduleStatus(item),
    assignmentType: item.assignmentType,
    memberType: 'Direct',
    scheduleInfo: scheduleInfoOf(item),
  };
}

/** A `privilegedAccessGroupAssignmentSchedule`. */
export function groupAssignmentSchedule(item: AssignmentRecord, model: TenantModel): Record<string, unknown> {
  const target = item.target.kind === 'group' ? item.target : { groupId: '', accessId: 'member' };
  return {
    '@odata.type': '#microsoft.graph.privilegedAccessGroupAssignmentSchedule',
    id: item.scheduleId,
    createdDateTime: iso(item.start),
    modifiedDateTime: null,
    createdUsing: item.originRequestId,
    status: model.scheduleStatus(item),
    scheduleInfo: scheduleInfoOf(item),
    accessId: target.accessId,
    assignmentType: item.assignmentType,
    groupId: target.groupId,
    memberType: 'Direct',
    principalId: item.principalId,
  };
}
