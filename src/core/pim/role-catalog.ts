/**
 * Reads what the signed-in user may activate and what is active, with each eligibility's
 * requirements, in a handful of sequential round trips whatever the count:
 * 1. in parallel: eligible and active directory roles, eligible and active PIM groups, and the
 *    tenant's authentication-context names (pages follow `@odata.nextLink`);
 * 2. every policy through `$batch`, 20 per request, batches in parallel.
 * Azure resource roles, when an ARM source is given, are read from Azure Resource Manager at the same time
 * (`readArmCatalog`) and merged into the one list; ARM being unavailable never fails the Graph listing.
 * A 403 on policies (or on context names) is not a failure: requirements become "unknown"
 * and the activation learns them from the service's answer.
 */
import { z } from 'zod';
import type {
  ActiveAssignment,
  AuthContextInfo,
  AzureAvailability,
  EligibleRole,
  RoleCatalog,
  RoleTarget,
} from '../../shared/domain/roles';
import type { AppError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { ArmApi } from '../arm/arm-api';
import { readArmCatalog, type ArmCatalog } from '../arm/arm-catalog';
import { appErrorFromArm } from '../arm/arm-failure';
import { isPermissionMissing } from '../auth/auth-service';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import type { GraphFailure } from '../graph/graph-failure';
import type { Logger } from '../logging/logger';
import { buildRoleStates, type RoleFacts } from '../state/build-role-states';
import { readGraphSchedules } from '../state/schedule-reads';
import { PATHS, policyPath, targetKey } from './graph-paths';
import { readMyRequests, type PimRequest } from './pim-requests';
import type { GraphRoleTarget } from './target-key';
import { contextNamesFrom, requirementsFromRules, UNKNOWN_REQUIREMENTS } from './policy';

const text = z.string().nullish();
const named = z.object({ displayName: text, description: text }).nullish();

/** A directory role eligibility or assignment instance, as far as the catalog reads it. */
const roleInstanceSchema = z.object({
  roleDefinitionId: z.string().min(1),
  directoryScopeId: text,
  startDateTime: text,
  endDateTime: text,
  assignmentType: text,
  roleDefinition: named,
});

/** A PIM group eligibility or assignment instance. */
const groupInstanceSchema = z.object({
  groupId: z.string().min(1),
  accessId: z.enum(['member', 'owner']),
  startDateTime: text,
  endDateTime: text,
  assignmentType: text,
  group: named,
});

/** One page of `roleManagementPolicyAssignments` with the policy's rules expanded. */
const policyPageSchema = z.object({
  value: z.array(z.object({ policy: z.object({ rules: z.array(z.unknown()).nullish() }).nullish() })).default([]),
});

type RoleInstance = z.output<typeof roleInstanceSchema>;
type GroupInstance = z.output<typeof groupInstanceSchema>;

/** Items Graph returned that fit `schema`; the others are counted in the log (never their content) and left out. */
function valid<S extends z.ZodType>(items: readonly unknown[], schema: S, what: string, logger: Logger): z.output<S>[] {
  const out: z.output<S>[] = [];
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      out.push(parsed.data);
    }
  }
  if (out.length < items.length) {
    logger.warn(`left out ${what} Graph returned in an unexpected shape`, { skipped: items.length - out.length, of: items.length });
  }
  return out;
}

function roleTarget(item: RoleInstance): Extract<RoleTarget, { kind: 'directoryRole' }> {
  return { kind: 'directoryRole', roleDefinitionId: item.roleDefinitionId, directoryScopeId: item.directoryScopeId ?? '/' };
}

function groupTarget(item: GroupInstance): Extract<RoleTarget, { kind: 'group' }> {
  return { kind: 'group', groupId: item.groupId, accessId: item.accessId };
}

function scopeLabel(target: GraphRoleTarget): string {
  if (target.kind === 'group') {
    return target.accessId === 'owner' ? 'Group ownership' : 'Group membership';
  }
  return target.directoryScopeId === '/' ? 'Directory' : `Scope ${target.directoryScopeId}`;
}

function groupName(item: GroupInstance): string {
  const name = item.group?.displayName ?? item.groupId;
  return `${name} (${item.accessId === 'owner' ? 'owner' : 'member'})`;
}

/** Reads tolerating a refusal: 403/404 give `null` instead of failing the whole list. */
async function optional<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (cause) {
    if (cause instanceof GraphCallError && (cause.failure.status === 403 || cause.failure.status === 404)) {
      return null;
    }
    throw cause;
  }
}

export type CatalogSnapshot = RoleCatalog & {
  /** Eligible roles by id, for activation. */
  readonly byId: ReadonlyMap<string, EligibleRole>;
  readonly contextNames: ReadonlyMap<string, AuthContextInfo>;
  readonly readAt: number;
};

/** Where Azure roles come from: the ARM client and a way to get an ARM token silently. */
export type AzureSource = {
  readonly arm: ArmApi | null;
  readonly token: () => Promise<Result<string>>;
};

type AzureRead = { readonly catalog: ArmCatalog | null; readonly availability: AzureAvailability };

/** Reads the Azure roles; every way it can fail becomes an availability, never an error of the whole list. */
async function readAzure(
  source: AzureSource,
  contextNames: Promise<ReadonlyMap<string, AuthContextInfo>>,
  logger: Logger,
  options: CatalogOptions,
): Promise<AzureRead> {
  if (source.arm === null) {
    return {
      catalog: null,
      availability: { status: 'not-configured', message: 'No Azure Resource Manager endpoint is configured for this cloud.' },
    };
  }
  const token = await source.token();
  if (!token.ok) {
    return { catalog: null, availability: tokenRefusal(token.error) };
  }
  try {
    return {
      catalog: await readArmCatalog(source.arm, token.value, contextNames, logger, { policies: options.policies !== false }),
      availability: { status: 'available' },
    };
  } catch (cause) {
    if (!(cause instanceof GraphCallError)) {
      throw cause;
    }
    logger.warn('Azure roles could not be listed', { status: cause.failure.status, code: cause.failure.code });
    return { catalog: null, availability: { status: 'failed', message: armUnavailable(cause.failure) } };
  }
}

/** The one sentence every surface shows when ARM could not list Azure roles: the cause, and what the list still holds. */
export function armUnavailable(failure: GraphFailure): string {
  const unreachable = failure.status === -1 || failure.status >= 500;
  const detail = appErrorFromArm(failure, 'Listing Azure roles').message.replace(/\.$/, '');
  return `Azure Resource Manager ${unreachable ? 'could not be reached' : 'refused the listing'} (${detail}): your directory roles and groups are listed; Azure roles are not.`;
}

function tokenRefusal(error: AppError): AzureAvailability {
  return isPermissionMissing(error)
    ? {
        status: 'permission-missing',
        message:
          'Not available: permission missing. The app registration needs "Azure Service Management / user_impersonation" to list Azure roles.',
      }
    : { status: 'failed', message: error.message };
}

export type CatalogOptions = {
  /** False: eligibilities, assignments, schedules and requests only (the role-state model), no policy reads. */
  readonly policies?: boolean;
};

/** The facts the role-state model is built from, out of what the catalog read. */
function roleFacts(
  at: Date,
  eligible: readonly EligibleRole[],
  active: readonly ActiveAssignment[],
  schedules: RoleFacts['schedules'],
  requests: readonly PimRequest[],
): RoleFacts {
  return {
    at: at.toISOString(),
    eligibilities: eligible.map((role) => ({
      roleId: role.id,
      kind: role.target.kind,
      displayName: role.azure === undefined ? role.displayName : `${role.displayName} (${role.azure.scopeDisplayName})`,
      startDateTime: null,
      endDateTime: role.eligibleUntil,
    })),
    instances: active.map((item) => ({
      roleId: item.id,
      kind: item.target.kind,
      displayName: item.displayName,
      startDateTime: item.startDateTime,
      endDateTime: item.endDateTime,
      assignmentType: item.assignmentType,
    })),
    schedules,
    requests: requests.map((request) => ({
      id: request.id,
      kind: request.kind,
      roleId: request.roleId,
      action: request.action,
      status: request.status,
      createdDateTime: request.createdDateTime,
      startDateTime: request.startDateTime,
      duration: request.duration,
      endDateTime: request.endDateTime,
    })),
  };
}

export async function readRoleCatalog(
  graph: GraphApi,
  token: string,
  logger: Logger,
  azureSource?: AzureSource,
  options: CatalogOptions = {},
): Promise<CatalogSnapshot> {
  let namesKnown: (names: ReadonlyMap<string, AuthContextInfo>) => void = () => undefined;
  const names = new Promise<ReadonlyMap<string, AuthContextInfo>>((resolve) => {
    namesKnown = resolve;
  });
  const azure = azureSource === undefined ? Promise.resolve(null) : readAzure(azureSource, names, logger, options);
  const graphReads = Promise.all([
    graph.getAll<unknown>(PATHS.roleEligibilityInstances, token),
    graph.getAll<unknown>(PATHS.roleAssignmentInstances, token),
    optional(() => graph.getAll<unknown>(PATHS.groupEligibilityInstances, token)),
    optional(() => graph.getAll<unknown>(PATHS.groupAssignmentInstances, token)),
    optional(() => graph.getAll<unknown>(PATHS.authenticationContexts, token)),
  ]);
  // Schedules and requests, for the role-state model, in the same first trip.
  const stateReads = Promise.all([readGraphSchedules(graph, token), readMyRequests(graph, token)]);
  stateReads.catch(() => undefined);
  // A Graph failure must not leave the Azure read waiting for names forever.
  graphReads.catch(() => {
    namesKnown(new Map());
  });
  const [roleEligibleRaw, roleActiveRaw, groupEligibleRaw, groupActiveRaw, contexts] = await graphReads;
  const contextNames = contextNamesFrom(contexts ?? []);
  namesKnown(contextNames);
  const roleEligible = valid(roleEligibleRaw, roleInstanceSchema, 'role eligibilities', logger);
  const roleActive = valid(roleActiveRaw, roleInstanceSchema, 'role assignments', logger);
  const groupEligible = groupEligibleRaw === null ? null : valid(groupEligibleRaw, groupInstanceSchema, 'group eligibilities', logger);
  const groupActive = groupActiveRaw === null ? null : valid(groupActiveRaw, groupInstanceSchema, 'group assignments', logger);

  const activeItem = (target: RoleTarget, displayName: string, item: RoleInstance | GroupInstance): ActiveAssignment => ({
    id: targetKey(target),
    target,
    displayName,
    startDateTime: item.startDateTime ?? null,
    endDateTime: item.endDateTime ?? null,
    assignmentType: item.assignmentType === 'Activated' ? 'Activated' : 'Assigned',
  });
  const active: ActiveAssignment[] = [
    ...roleActive.map((item) => activeItem(roleTarget(item), item.roleDefinition?.displayName ?? item.roleDefinitionId, item)),
    ...(groupActive ?? []).map((item) => activeItem(groupTarget(item), groupName(item), item)),
  ];
  const activeByKey = new Map(active.map((a) => [a.id, a]));

  type Draft = Omit<EligibleRole, 'requirements' | 'target'> & { readonly target: GraphRoleTarget };
  const drafts = new Map<string, Draft>();
  for (const item of roleEligible) {
    const target = roleTarget(item);
    if (!drafts.has(targetKey(target))) {
      const id = targetKey(target);
      drafts.set(id, {
        id,
        target,
        displayName: item.roleDefinition?.displayName ?? target.roleDefinitionId,
        ...(item.roleDefinition?.description ? { description: item.roleDefinition.description } : {}),
        scopeLabel: scopeLabel(target),
        eligibleUntil: item.endDateTime ?? null,
        active: activeByKey.get(id) ?? null,
      });
    }
  }
  for (const item of groupEligible ?? []) {
    const target = groupTarget(item);
    if (!drafts.has(targetKey(target))) {
      const id = targetKey(target);
      drafts.set(id, {
        id,
        target,
        displayName: groupName(item),
        ...(item.group?.description ? { description: item.group.description } : {}),
        scopeLabel: scopeLabel(target),
        eligibleUntil: item.endDateTime ?? null,
        active: activeByKey.get(id) ?? null,
      });
    }
  }

  // One policy read per distinct policy scope (several scopes of one role share a policy).
  const policyKeys = new Map<string, { url: string; ids: string[] }>();
  for (const draft of drafts.values()) {
    const url = policyPath(draft.target);
    const entry = policyKeys.get(url) ?? { url, ids: [] };
    entry.ids.push(draft.id);
    policyKeys.set(url, entry);
  }
  const batchIds = [...policyKeys.values()].map((entry, index) => ({ id: String(index + 1), url: entry.url, entry }));
  let policiesReadable = true;
  const policies = options.policies !== false;
  const requirementsById = new Map<string, EligibleRole['requirements']>();
  if (batchIds.length > 0 && options.policies !== false) {
    const results = await graph.batchGet(
      batchIds.map((b) => ({ id: b.id, url: b.url })),
      token,
    );
    for (const b of batchIds) {
      const result = results.get(b.id);
      if (result === undefined || result.status !== 200) {
        policiesReadable = false;
        if (result !== undefined && result.status !== 403) {
          logger.warn('policy read failed', { status: result.status });
        }
        continue;
      }
      const page = policyPageSchema.safeParse(result.body);
      if (!page.success) {
        policiesReadable = false;
        logger.warn('policy read returned an unexpected shape');
        continue;
      }
      const value = page.data.value;
      const rules = value.flatMap((assignment) => assignment.policy?.rules ?? []);
      const requirements = value.length === 0 ? UNKNOWN_REQUIREMENTS : requirementsFromRules(rules, contextNames);
      for (const id of b.entry.ids) {
        requirementsById.set(id, requirements);
      }
    }
  }

  const azureRead = await azure;
  const eligible: EligibleRole[] = [
    ...[...drafts.values()].map((draft) => ({ ...draft, requirements: requirementsById.get(draft.id) ?? UNKNOWN_REQUIREMENTS })),
    ...(azureRead?.catalog?.eligible ?? []),
  ].sort((a, b) => a.displayName.localeCompare(b.displayName) || a.scopeLabel.localeCompare(b.scopeLabel));
  active.push(...(azureRead?.catalog?.active ?? []));
  const clock = graph.clock();
  const [graphSchedules, graphRequests] = await stateReads;
  const states = buildRoleStates(
    roleFacts(
      new Date(Date.now() - clock.skewSeconds * 1000),
      eligible,
      active,
      [...graphSchedules, ...(azureRead?.catalog?.schedules ?? [])],
      [...graphRequests, ...(azureRead?.catalog?.requests ?? [])],
    ),
  );
  return {
    eligible,
    active,
    states,
    policiesReadable: policies && policiesReadable && (azureRead?.catalog?.policiesReadable ?? true),
    ...(azureRead === null ? {} : { azure: azureRead.availability }),
    serverTime: clock.serverTime.toISOString(),
    clockSkewSeconds: clock.skewSeconds,
    byId: new Map(eligible.map((e) => [e.id, e])),
    contextNames,
    readAt: Date.now(),
  };
}
