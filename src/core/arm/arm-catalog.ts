/**
 * Reads the signed-in person's Azure resource roles from Azure Resource Manager, in two sequential round trips
 * whatever the count:
 * 1. in parallel: eligible and active schedule instances for the caller (`asTarget()`, pages follow `nextLink`);
 * 2. in parallel (bounded): the policy of each eligible role at its scope, read from `effectiveRules`.
 * A refused policy read (403: reading role settings needs more than eligibility) is not a failure: that role's
 * requirements become "unknown" and its activation learns them from ARM's answer.
 */
import type { ActiveAssignment, AuthContextInfo, AzureResourceTarget, EligibleRole, Requirements } from '../../shared/domain/roles';
import { GraphCallError } from '../graph/graph-api';
import type { Logger } from '../logging/logger';
import { requirementsFromRules, UNKNOWN_REQUIREMENTS } from '../pim/policy';
import { targetKey } from '../pim/target-key';
import type { ArmApi } from './arm-api';
import { ARM_PATHS, armPolicyPath } from './arm-paths';
import { armInstanceSchema, armPolicyAssignmentSchema, type ArmInstance } from './arm-schemas';
import { azureScopeKind, azureScopeLabel, azureScopeName } from './azure-scope';

export type ArmCatalog = {
  readonly eligible: readonly EligibleRole[];
  readonly active: readonly ActiveAssignment[];
  /** False when any policy read was refused. */
  readonly policiesReadable: boolean;
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
): Promise<ArmCatalog> {
  const log = logger.child({ area: 'arm-catalog' });
  const [eligibleItems, activeItems] = await Promise.all([
    arm.getAll(ARM_PATHS.eligibilityInstances, token, armInstanceSchema),
    arm.getAll(ARM_PATHS.assignmentInstances, token, armInstanceSchema),
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

  let policiesReadable = true;
  const requirements = await pooled([...drafts.values()], POLICY_READS_IN_FLIGHT, async (draft): Promise<Requirements> => {
    try {
      const assignments = await arm.getAll(armPolicyPath(draft.target), token, armPolicyAssignmentSchema);
      const rules = assignments.flatMap((assignment) => assignment.properties.effectiveRules ?? []);
      return assignments.length === 0 ? UNKNOWN_REQUIREMENTS : requirementsFromRules(rules, await contextNames);
    } catch (cause) {
      if (!(cause instanceof GraphCallError)) {
        throw cause;
      }
      policiesReadable = false;
      if (cause.failure.status !== 403) {
        log.warn('Azure role policy read failed', { status: cause.failure.status, code: cause.failure.code });
      }
      return UNKNOWN_REQUIREMENTS;
    }
  });
  const eligible = [...drafts.values()].map((draft, index) => ({ ...draft, requirements: requirements[index] ?? UNKNOWN_REQUIREMENTS }));
  return { eligible, active, policiesReadable };
}
