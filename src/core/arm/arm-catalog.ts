/**
 * Reads the signed-in person's Azure resource roles from Azure Resource Manager, in two sequential round trips
 * whatever the count:
 * 1. in parallel: eligible and active schedule instances, assignment schedules (scheduled starts) and requests for
 *    the caller (`asTarget()`, pages follow `nextLink`);
 * 2. in parallel (bounded): the role settings of each scope holding an eligibility, one read per scope for every
 *    role there (`roleManagementPolicyAssignments` listed for the scope, each with its `effectiveRules`), not one
 *    read per role and scope.
 * A refused policy read (403: reading role settings needs more than eligibility) is not a failure: the roles of that
 * scope get "unknown" requirements and their activation learns them from ARM's answer.
 */
import type { ActiveAssignment, AuthContextInfo, AzureResourceTarget, EligibleRole, Requirements } from '../../shared/domain/roles';
import { GraphCallError } from '../graph/graph-api';
import type { Logger } from '../logging/logger';
import { requirementsFromRules, UNKNOWN_REQUIREMENTS } from '../pim/policy';
import type { PimRequest } from '../pim/pim-requests';
import { roleDefinitionGuid, targetKey } from '../pim/target-key';
import type { ScheduleFact } from '../state/build-role-states';
import { emptyWhenRefused, readArmSchedules } from '../state/schedule-reads';
import type { ArmApi } from './arm-api';
import { ARM_PATHS, armScopePoliciesPath } from './arm-paths';
import { readAzureRequests } from './arm-requests';
import { armInstanceSchema, armPolicyAssignmentSchema, type ArmInstance } from './arm-schemas';
import { azureScopeKind, azureScopeLabel, azureScopeName } from './azure-scope';

export type ArmCatalog = {
  readonly eligible: readonly EligibleRole[];
  readonly active: readonly ActiveAssignment[];
  /** False when any policy read was refused. */
  readonly policiesReadable: boolean;
  readonly schedules: readonly ScheduleFact[];
  readonly requests: readonly PimRequest[];
};

const POLICY_READS_IN_FLIGHT = 16;

function targetOf(item: ArmInstance): AzureResourceTarget {
  return { kind: 'azureResource', scope: item.properties.scope, roleDefinitionId: item.properties.roleDefinitionId };
}

function roleName(item: ArmInstance): string {
  const expanded = item.properties.expandedProperties?.roleDefinition?.displayName;
  return expanded ?? item.properties.roleDefinitionId.split('/').pop() ?? 'Azure role';
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

export async function readArmCatalog(
  arm: ArmApi,
  token: string,
  contextNames: ReadonlyMap<string, AuthContextInfo> | Promise<ReadonlyMap<string, AuthContextInfo>>,
  logger: Logger,
  options: { readonly policies?: boolean } = {},
): Promise<ArmCatalog> {
  const log = logger.child({ area: 'arm-catalog' });
  const [eligibleItems, activeItems, schedules, requests] = await Promise.all([
    arm.getAll(ARM_PATHS.eligibilityInstances, token, armInstanceSchema),
    arm.getAll(ARM_PATHS.assignmentInstances, token, armInstanceSchema),
    readArmSchedules(arm, token),
    emptyWhenRefused(() => readAzureRequests(arm, token)),
  ]);

  const active: ActiveAssignment[] = activeItems.map((item) => {
    const target = targetOf(item);
    const scope = item.properties.expandedProperties?.scope;
    return {
      id: targetKey(target),
      target,
      displayName: `${roleName(item)} (${azureScopeName(target.scope, scope?.displayName)})`,
      startDateTime: item.properties.startDateTime ?? null,
      endDateTime: item.properties.endDateTime ?? null,
      assignmentType: item.properties.assignmentType === 'Activated' ? 'Activated' : 'Assigned',
    };
  });
  const activeByKey = new Map(active.map((assignment) => [assignment.id, assignment]));

  // One entry per role and scope (ARM may list an eligibility twice, e.g. direct and through a group).
  const drafts = new Map<string, Omit<EligibleRole, 'requirements'> & { readonly target: AzureResourceTarget }>();
  for (const item of eligibleItems) {
    const target = targetOf(item);
    const id = targetKey(target);
    if (drafts.has(id)) {
      continue;
    }
    const scope = item.properties.expandedProperties?.scope;
    const scopeKind = azureScopeKind(target.scope, scope?.type);
    const scopeDisplayName = azureScopeName(target.scope, scope?.displayName);
    drafts.set(id, {
      id,
      target,
      displayName: roleName(item),
      scopeLabel: azureScopeLabel(scopeKind, scopeDisplayName),
      eligibleUntil: item.properties.endDateTime ?? null,
      active: activeByKey.get(id) ?? null,
      azure: { scopeKind, scopeDisplayName, roleEligibilityScheduleId: item.properties.roleEligibilityScheduleId ?? null },
    });
  }

  if (options.policies === false) {
    const eligible = [...drafts.values()].map((draft) => ({ ...draft, requirements: UNKNOWN_REQUIREMENTS }));
    return { eligible, active, policiesReadable: false, schedules, requests };
  }
  // One read per scope: every role's settings at that scope, matched to the eligibilities there by role GUID.
  const scopes = [...new Set([...drafts.values()].map((draft) => draft.target.scope))];
  let policiesReadable = true;
  const settings = await pooled(scopes, POLICY_READS_IN_FLIGHT, async (scope) => {
    try {
      return await arm.getAll(armScopePoliciesPath(scope), token, armPolicyAssignmentSchema);
    } catch (cause) {
      if (!(cause instanceof GraphCallError)) {
        throw cause;
      }
      policiesReadable = false;
      if (cause.failure.status !== 403) {
        log.warn('Azure role policy read failed', { status: cause.failure.status, code: cause.failure.code });
      }
      return null;
    }
  });
  const byScope = new Map(scopes.map((scope, index) => [scope, settings[index] ?? null]));
  const contexts = await contextNames;
  const eligible = [...drafts.values()].map((draft) => {
    const assignments = byScope.get(draft.target.scope) ?? null;
    const wanted = roleDefinitionGuid(draft.target.roleDefinitionId);
    const mine = assignments?.filter((a) => roleDefinitionGuid(a.properties.roleDefinitionId ?? '') === wanted) ?? [];
    const requirements: Requirements =
      mine.length === 0
        ? UNKNOWN_REQUIREMENTS
        : requirementsFromRules(
            mine.flatMap((a) => a.properties.effectiveRules ?? []),
            contexts,
          );
    return { ...draft, requirements };
  });
  return { eligible, active, policiesReadable, schedules, requests };
}
