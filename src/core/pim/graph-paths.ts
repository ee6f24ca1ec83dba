/**
 * Graph v1.0 paths for PIM (wire reference §1, §2, §4), in one place.
 */
import type { RoleTarget } from '../../shared/domain/roles';
import { parseIsoDuration, toIsoDuration } from '../../shared/rules/duration';

const ME = "filterByCurrentUser(on='principal')";

export const PATHS = {
  roleEligibilityInstances: `/roleManagement/directory/roleEligibilityScheduleInstances/${ME}?$expand=roleDefinition`,
  roleAssignmentInstances: `/roleManagement/directory/roleAssignmentScheduleInstances/${ME}?$expand=roleDefinition`,
  roleAssignmentRequestsMine: `/roleManagement/directory/roleAssignmentScheduleRequests/${ME}`,
  roleAssignmentRequests: '/roleManagement/directory/roleAssignmentScheduleRequests',
  groupEligibilityInstances: `/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances/${ME}?$expand=group`,
  groupAssignmentInstances: `/identityGovernance/privilegedAccess/group/assignmentScheduleInstances/${ME}?$expand=group`,
  groupAssignmentRequestsMine: `/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/${ME}`,
  groupAssignmentRequests: '/identityGovernance/privilegedAccess/group/assignmentScheduleRequests',
  authenticationContexts: '/identity/conditionalAccess/authenticationContextClassReferences',
} as const;

/** The policy assignment (with its rules) that governs activating a target. */
export function policyPath(target: RoleTarget): string {
  const filter =
    target.kind === 'directoryRole'
      ? `scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${target.roleDefinitionId}'`
      : `scopeId eq '${target.groupId}' and scopeType eq 'Group' and roleDefinitionId eq '${target.accessId}'`;
  return `/policies/roleManagementPolicyAssignments?$filter=${encodeURIComponent(filter)}&$expand=policy($expand=rules)`;
}

export function requestsPath(target: RoleTarget): string {
  return target.kind === 'directoryRole' ? PATHS.roleAssignmentRequests : PATHS.groupAssignmentRequests;
}

export function cancelPath(kind: RoleTarget['kind'], requestId: string): string {
  return `${kind === 'directoryRole' ? PATHS.roleAssignmentRequests : PATHS.groupAssignmentRequests}/${encodeURIComponent(requestId)}/cancel`;
}

/** Stable key of a target: `role:<roleDefinitionId>:<scope>` or `group:<groupId>:<accessId>`. */
export function targetKey(target: RoleTarget): string {
  return target.kind === 'directoryRole'
    ? `role:${target.roleDefinitionId}:${target.directoryScopeId}`
    : `group:${target.groupId}:${target.accessId}`;
}

/** The request body for self-activation or self-deactivation of a target. */
export function requestBody(
  target: RoleTarget,
  principalId: string,
  action: 'selfActivate' | 'selfDeactivate',
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
  if (action === 'selfActivate') {
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

function canonicalDuration(duration: string | undefined): string | undefined {
  const seconds = duration === undefined ? null : parseIsoDuration(duration);
  return seconds === null ? duration : toIsoDuration(seconds);
}
