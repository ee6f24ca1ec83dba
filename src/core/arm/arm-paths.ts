/**
 * Azure Resource Manager paths and bodies for PIM (`Microsoft.Authorization`), in one place. Listings are read for
 * the signed-in person at the provider root with `$filter=asTarget()`: an eligible user can list them before holding
 * any Azure role, and without the filter ARM refuses the call.
 */
import type { AzureResourceTarget } from '../../shared/domain/roles';
import { canonicalDuration } from '../../shared/rules/duration';
import { ARM_API_VERSION } from './arm-api';

const PROVIDER = '/providers/Microsoft.Authorization';
const MINE = `api-version=${ARM_API_VERSION}&$filter=${encodeURIComponent('asTarget()')}`;

export const ARM_PATHS = {
  eligibilityInstances: `${PROVIDER}/roleEligibilityScheduleInstances?${MINE}`,
  assignmentInstances: `${PROVIDER}/roleAssignmentScheduleInstances?${MINE}`,
  assignmentRequests: `${PROVIDER}/roleAssignmentScheduleRequests?${MINE}`,
  /** Assignments in effect and those that start later (a scheduled activation has a schedule, no instance yet). */
  assignmentSchedules: `${PROVIDER}/roleAssignmentSchedules?${MINE}`,
} as const;

/** The policy assignment (with `effectiveRules`) for one role at one scope. */
export function armPolicyPath(target: AzureResourceTarget): string {
  const filter = encodeURIComponent(`roleDefinitionId eq '${target.roleDefinitionId}'`);
  return `${target.scope}${PROVIDER}/roleManagementPolicyAssignments?api-version=${ARM_API_VERSION}&$filter=${filter}`;
}

/** Every role's settings at one scope (`roleManagementPolicyAssignments` listed for the scope): one read per scope. */
export function armScopePoliciesPath(scope: string): string {
  return `${scope}${PROVIDER}/roleManagementPolicyAssignments?api-version=${ARM_API_VERSION}`;
}

/** `PUT` here creates the request named `name` (a GUID the client mints per attempt); `GET` reads it back. */
export function armRequestPath(scope: string, name: string): string {
  return `${scope}${PROVIDER}/roleAssignmentScheduleRequests/${encodeURIComponent(name)}?api-version=${ARM_API_VERSION}`;
}

export function armCancelPath(scope: string, name: string): string {
  return `${scope}${PROVIDER}/roleAssignmentScheduleRequests/${encodeURIComponent(name)}/cancel?api-version=${ARM_API_VERSION}`;
}

export type ArmRequestDetails = {
  readonly startDateTime?: string;
  /** ISO 8601 duration. */
  readonly duration?: string;
  readonly justification?: string;
  readonly ticketNumber?: string;
  readonly ticketSystem?: string;
  /** The eligibility schedule the activation draws on (ARM links the activation to it). */
  readonly linkedRoleEligibilityScheduleId?: string | null;
};

/** The body of a `SelfActivate` or `SelfDeactivate` schedule request. */
export function armRequestBody(
  target: AzureResourceTarget,
  principalId: string,
  requestType: 'SelfActivate' | 'SelfDeactivate',
  details: ArmRequestDetails = {},
): { properties: Record<string, unknown> } {
  const properties: Record<string, unknown> = { principalId, roleDefinitionId: target.roleDefinitionId, requestType };
  if (details.justification !== undefined && details.justification !== '') {
    properties.justification = details.justification;
  }
  if (requestType === 'SelfActivate') {
    if (details.linkedRoleEligibilityScheduleId != null) {
      properties.linkedRoleEligibilityScheduleId = details.linkedRoleEligibilityScheduleId;
    }
    properties.scheduleInfo = {
      ...(details.startDateTime === undefined ? {} : { startDateTime: details.startDateTime }),
      expiration: { type: 'AfterDuration', endDateTime: null, duration: canonicalDuration(details.duration) },
    };
    if (details.ticketNumber !== undefined && details.ticketNumber !== '') {
      properties.ticketInfo = { ticketNumber: details.ticketNumber, ticketSystem: details.ticketSystem };
    }
  }
  return { properties };
}
