/**
 * Graph v1.0 paths for PIM directory roles and PIM groups (docs/protocol.md, "Graph PIM endpoints"), in one place.
 */
import { canonicalDuration } from '../../shared/rules/duration';
import type { GraphRoleTarget } from './target-key';

export { targetKey } from './target-key';

const ME = "filterByCurrentUser(on='principal')";

export const PATHS = {
  roleEligibilityInstances: `/roleManagement/directory/roleEligibilityScheduleInstances/${ME}?$expand=roleDefinition`,
  roleAssignmentInstances: `/roleManagement/directory/roleAssignmentScheduleInstances/${ME}?$expand=roleDefinition`,
  roleAssignmentRequestsMine: `/roleManagement/directory/roleAssignmentScheduleRequests/${ME}`,
  /** Schedules hold assignments in effect and those that start later (instances only the former). */
  roleAssignmentSchedulesMine: `/roleManagement/directory/roleAssignmentSchedules/${ME}`,
  roleAssignmentRequests: '/roleManagement/directory/roleAssignmentScheduleRequests',
  groupEligibilityInstances: `/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances/${ME}?$expand=group`,
  groupAssignmentInstances: `/identityGovernance/privilegedAccess/group/assignmentScheduleInstances/${ME}?$expand=group`,
  groupAssignmentRequestsMine: `/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/${ME}`,
  groupAssignmentSchedulesMine: `/identityGovernance/privilegedAccess/group/assignmentSchedules/${ME}`,
  groupAssignmentRequests: '/identityGovernance/privilegedAccess/group/assignmentScheduleRequests',
  authenticationContexts: '/identity/conditionalAccess/authenticationContextClassReferences',
} as const;

/** The policy assignment (with its rules) that governs activating a target. */
export function policyPath(target: GraphRoleTarget): string {
  const filter =
    target.kind === 'directoryRole'
      ? `scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${target.roleDefinitionId}'`
      : `scopeId eq '${target.groupId}' and scopeType eq 'Group' and roleDefinitionId eq '${target.accessId}'`;
  return `/policies/roleManagementPolicyAssignments?$filter=${encodeURIComponent(filter)}&$expand=policy($expand=rules)`;
}

export function requestsPath(target: GraphRoleTarget): string {
  return target.kind === 'directoryRole' ? PATHS.roleAssignmentRequests : PATHS.groupAssignmentRequests;
}

export function cancelPath(kind: GraphRoleTarget['kind'], requestId: string): string {
  return `${kind === 'directoryRole' ? PATHS.roleAssignmentRequests : PATHS.groupAssignmentRequests}/${encodeURIComponent(requestId)}/cancel`;
}

/** The request body for self-activation, self-extension or self-deactivation of a target (extension has activation's body). */
export function requestBody(
  target: GraphRoleTarget,
  principalId: string,
  action: 'selfActivate' | 'selfExtend' | 'selfDeactivate',
  details: {
    readonly startDateTime?: string;
    readonly duration?: string;
    readonly justification?: string;
    readonly ticketNumber?: string;
    readonly ticketSystem?: string;
  } = {},
): Record<string, unknown> {
  const base: Record<string, unknown> =
    target.kind === 'directoryRole'
      ? { action, principalId, roleDefinitionId: target.roleDefinitionId, directoryScopeId: target.directoryScopeId }
      : { action, principalId, groupId: target.groupId, accessId: target.accessId };
  if (action !== 'selfDeactivate') {
    base.scheduleInfo = {
      ...(details.startDateTime === undefined ? {} : { startDateTime: details.startDateTime }),
      // Graph gets the canonical form (`PT2H`), whatever case or spelling the person typed.
      expiration: { type: 'afterDuration', duration: canonicalDuration(details.duration) },
    };
    base.justification = details.justification;
    if (details.ticketNumber !== undefined && details.ticketNumber !== '') {
      base.ticketInfo = { ticketNumber: details.ticketNumber, ticketSystem: details.ticketSystem };
    }
  } else if (details.justification !== undefined && details.justification !== '') {
    base.justification = details.justification;
  }
  return base;
}
