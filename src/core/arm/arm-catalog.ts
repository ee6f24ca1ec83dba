/**
 * Reads the signed-in person's Azure resource roles from Azure Resource Manager, in three sequential round trips
 * whatever the count (plus one per extra page):
 * 1. in parallel: eligible and active schedule instances, assignment schedules (scheduled starts) and requests for
 *    the caller (`asTarget()`, pages follow `nextLink`);
 * 2. the role settings of each scope holding an eligibility, one read per scope for every role there
 *    (`roleManagementPolicyAssignments` with `effectiveRules`), twenty scopes per ARM batch, every batch at once
 *    (`readScopePolicies`; one request per scope where the batch endpoint is refused).
 * The eligibilities are told (`onEligible`) as soon as they are listed, their requirements marked as still being read,
 * and the requirements as each batch answers (`onRequirements`).
 * A refused policy read (403: reading role settings needs more than eligibility) is not a failure: the roles of that
 * scope get "unknown" requirements and their activation learns them from ARM's answer.
 */
import type { ActiveAssignment, AuthContextInfo, AzureResourceTarget, EligibleRole, Requirements } from '../../shared/domain/roles';
import type { Logger } from '../logging/logger';
import { PENDING_REQUIREMENTS, requirementsFromRules, UNKNOWN_REQUIREMENTS } from '../pim/policy';
import type { ReadRetry } from '../net/read-retry';
import type { PimRequest } from '../pim/pim-requests';
import { roleDefinitionGuid, targetKey } from '../pim/target-key';
import type { ScheduleFact } from '../state/build-role-states';
import { emptyWhenRefused, readArmSchedules } from '../state/schedule-reads';
import type { ArmApi } from './arm-api';
import { ARM_PATHS } from './arm-paths';
import { readScopePolicies, type ScopePolicies } from './arm-scope-policies';
import { readAzureRequests } from './arm-requests';
import { armInstanceSchema, type ArmInstance } from './arm-schemas';
import { azureScopeKind, azureScopeLabel, azureScopeName } from './azure-scope';

export type ArmCatalog = {
  readonly eligible: readonly EligibleRole[];
  readonly active: readonly ActiveAssignment[];
  /** False when any policy read was refused. */
  readonly policiesReadable: boolean;
  readonly schedules: readonly ScheduleFact[];
  readonly requests: readonly PimRequest[];
};

function targetOf(item: ArmInstance): AzureResourceTarget {
  return { kind: 'azureResource', scope: item.properties.scope, roleDefinitionId: item.properties.roleDefinitionId };
}

function roleName(item: ArmInstance): string {
  const expanded = item.properties.expandedProperties?.roleDefinition?.displayName;
  return expanded ?? item.properties.roleDefinitionId.split('/').pop() ?? 'Azure role';
}

type Draft = Omit<EligibleRole, 'requirements'> & { readonly target: AzureResourceTarget };

function activeOf(items: readonly ArmInstance[]): ActiveAssignment[] {
  return items.map((item) => {
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
}

/** One entry per role and scope (ARM may list an eligibility twice, e.g. direct and through a group). */
function draftsOf(items: readonly ArmInstance[], active: readonly ActiveAssignment[]): Map<string, Draft> {
  const activeByKey = new Map(active.map((assignment) => [assignment.id, assignment]));
  const drafts = new Map<string, Draft>();
  for (const item of items) {
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
  return drafts;
}

/** The requirements of each draft whose scope was read, matched to the settings there by role GUID. */
function requirementsAt(
  drafts: Iterable<Draft>,
  read: ScopePolicies,
  contexts: ReadonlyMap<string, AuthContextInfo>,
): Map<string, Requirements> {
  const out = new Map<string, Requirements>();
  for (const draft of drafts) {
    if (!read.has(draft.target.scope)) {
      continue;
    }
    const assignments = read.get(draft.target.scope) ?? null;
    const wanted = roleDefinitionGuid(draft.target.roleDefinitionId);
    const mine = assignments?.filter((a) => roleDefinitionGuid(a.properties.roleDefinitionId ?? '') === wanted) ?? [];
    out.set(
      draft.id,
      mine.length === 0
        ? UNKNOWN_REQUIREMENTS
        : requirementsFromRules(
            mine.flatMap((a) => a.properties.effectiveRules ?? []),
            contexts,
          ),
    );
  }
  return out;
}

export type ArmCatalogOptions = {
  readonly policies?: boolean;
  readonly retry?: ReadRetry;
  /** Told the eligibilities as soon as they are listed (requirements still being read). */
  readonly onEligible?: (roles: readonly EligibleRole[]) => void;
  /** Told requirements as each batch of scopes is read. */
  readonly onRequirements?: (byId: ReadonlyMap<string, Requirements>) => void;
};

export async function readArmCatalog(
  arm: ArmApi,
  token: string,
  contextNames: ReadonlyMap<string, AuthContextInfo> | Promise<ReadonlyMap<string, AuthContextInfo>>,
  logger: Logger,
  options: ArmCatalogOptions = {},
): Promise<ArmCatalog> {
  const log = logger.child({ area: 'arm-catalog' });
  const [eligibleItems, activeItems, schedules, requests] = await Promise.all([
    arm.getAll(ARM_PATHS.eligibilityInstances, token, armInstanceSchema),
    arm.getAll(ARM_PATHS.assignmentInstances, token, armInstanceSchema),
    readArmSchedules(arm, token),
    emptyWhenRefused(() => readAzureRequests(arm, token)),
  ]);
  const active = activeOf(activeItems);
  const drafts = draftsOf(eligibleItems, active);
  if (options.policies === false) {
    const eligible = [...drafts.values()].map((draft) => ({ ...draft, requirements: UNKNOWN_REQUIREMENTS }));
    return { eligible, active, policiesReadable: false, schedules, requests };
  }
  options.onEligible?.([...drafts.values()].map((draft) => ({ ...draft, requirements: PENDING_REQUIREMENTS })));
  // One read per scope (every role's settings there), twenty scopes per batch.
  const scopes = [...new Set([...drafts.values()].map((draft) => draft.target.scope))];
  const contexts = contextNames instanceof Promise ? contextNames : Promise.resolve(contextNames);
  const streamed: Promise<void>[] = [];
  const byScope = await readScopePolicies(
    {
      arm,
      token,
      log,
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      onRead: (read) => {
        const onRequirements = options.onRequirements;
        if (onRequirements !== undefined) {
          streamed.push(
            contexts.then((names) => {
              onRequirements(requirementsAt(drafts.values(), read, names));
            }),
          );
        }
      },
    },
    scopes,
  );
  const requirements = requirementsAt(drafts.values(), byScope, await contexts);
  await Promise.all(streamed);
  const eligible = [...drafts.values()].map((draft) => ({ ...draft, requirements: requirements.get(draft.id) ?? UNKNOWN_REQUIREMENTS }));
  const policiesReadable = [...byScope.values()].every((assignments) => assignments !== null);
  return { eligible, active, policiesReadable, schedules, requests };
}
