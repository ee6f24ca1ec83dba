/**
 * Reads the directory roles and PIM groups the signed-in user may activate or holds, with each eligibility's
 * requirements, in one round trip per page of eligibilities plus one:
 * - at once: eligible and active directory roles, eligible and active PIM groups, and the tenant's
 *   authentication-context names (pages follow `@odata.nextLink`);
 * - as each page of eligibilities arrives (not after the last), its policies through `$batch`, 20 per request, the
 *   batches at once; several scopes of one role share a policy, read once.
 * Eligibilities and requirements are told as they are read (`onEligible`, `onRequirements`). A 403 on policies (or
 * on context names) is not a failure: requirements become "unknown" and the activation learns them from the
 * service's answer.
 */
import { z } from 'zod';
import type { ActiveAssignment, AuthContextInfo, EligibleRole, Requirements, RoleTarget } from '../../shared/domain/roles';
import type { BatchItemResult, GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import type { Logger } from '../logging/logger';
import { PATHS, policyPath, targetKey } from './graph-paths';
import { contextNamesFrom, PENDING_REQUIREMENTS, requirementsFromRules, UNKNOWN_REQUIREMENTS } from './policy';
import type { GraphRoleTarget } from './target-key';

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
type Draft = Omit<EligibleRole, 'requirements' | 'target'> & { readonly target: GraphRoleTarget };

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

/** True for a refusal the listing tolerates: 403/404 mean "not available to this person", not a failure. */
function refused(cause: unknown): boolean {
  return cause instanceof GraphCallError && (cause.failure.status === 403 || cause.failure.status === 404);
}

/** Reads tolerating a refusal: 403/404 give `null` instead of failing the whole list. */
async function optional<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (cause) {
    if (refused(cause)) {
      return null;
    }
    throw cause;
  }
}

/**
 * Every page of a collection, `onPage` told each page as it arrives while the next one is read. Resolves once every
 * page is read and every `onPage` has finished.
 */
async function eachPage(graph: GraphApi, path: string, token: string, onPage: (items: readonly unknown[]) => Promise<void>): Promise<void> {
  const handled: Promise<void>[] = [];
  let next: string | undefined = path;
  for (let page = 0; next !== undefined && page < 500; page += 1) {
    const body: { value?: unknown[]; '@odata.nextLink'?: string } = await graph.get(next, token);
    handled.push(onPage(body.value ?? []));
    next = body['@odata.nextLink'];
  }
  await Promise.all(handled);
}

function activeItem(target: RoleTarget, displayName: string, item: RoleInstance | GroupInstance): ActiveAssignment {
  return {
    id: targetKey(target),
    target,
    displayName,
    startDateTime: item.startDateTime ?? null,
    endDateTime: item.endDateTime ?? null,
    assignmentType: item.assignmentType === 'Activated' ? 'Activated' : 'Assigned',
  };
}

async function readActive(graph: GraphApi, token: string, logger: Logger): Promise<ActiveAssignment[]> {
  const [roles, groups] = await Promise.all([
    graph.getAll<unknown>(PATHS.roleAssignmentInstances, token),
    optional(() => graph.getAll<unknown>(PATHS.groupAssignmentInstances, token)),
  ]);
  return [
    ...valid(roles, roleInstanceSchema, 'role assignments', logger).map((item) =>
      activeItem(roleTarget(item), item.roleDefinition?.displayName ?? item.roleDefinitionId, item),
    ),
    ...valid(groups ?? [], groupInstanceSchema, 'group assignments', logger).map((item) =>
      activeItem(groupTarget(item), groupName(item), item),
    ),
  ];
}

function roleDraft(item: RoleInstance, active: ReadonlyMap<string, ActiveAssignment>): Draft {
  const target = roleTarget(item);
  const id = targetKey(target);
  return {
    id,
    target,
    displayName: item.roleDefinition?.displayName ?? target.roleDefinitionId,
    ...(item.roleDefinition?.description ? { description: item.roleDefinition.description } : {}),
    scopeLabel: scopeLabel(target),
    eligibleUntil: item.endDateTime ?? null,
    active: active.get(id) ?? null,
  };
}

function groupDraft(item: GroupInstance, active: ReadonlyMap<string, ActiveAssignment>): Draft {
  const target = groupTarget(item);
  const id = targetKey(target);
  return {
    id,
    target,
    displayName: groupName(item),
    ...(item.group?.description ? { description: item.group.description } : {}),
    scopeLabel: scopeLabel(target),
    eligibleUntil: item.endDateTime ?? null,
    active: active.get(id) ?? null,
  };
}

export type GraphCatalogOptions = {
  readonly policies: boolean;
  readonly onEligible?: (roles: readonly EligibleRole[]) => void;
  readonly onRequirements?: (byId: ReadonlyMap<string, Requirements>) => void;
};

export type GraphCatalog = {
  readonly eligible: readonly EligibleRole[];
  readonly active: readonly ActiveAssignment[];
  readonly contextNames: ReadonlyMap<string, AuthContextInfo>;
  readonly policiesReadable: boolean;
};

/** Requirements from one policy read; null when it was refused or not understood. */
function requirementsOf(
  result: { status: number; body: unknown } | undefined,
  names: ReadonlyMap<string, AuthContextInfo>,
  logger: Logger,
): Requirements | null {
  if (result?.status !== 200) {
    if (result !== undefined && result.status !== 403) {
      logger.warn('policy read failed', { status: result.status });
    }
    return null;
  }
  const page = policyPageSchema.safeParse(result.body);
  if (!page.success) {
    logger.warn('policy read returned an unexpected shape');
    return null;
  }
  const value = page.data.value;
  return value.length === 0
    ? UNKNOWN_REQUIREMENTS
    : requirementsFromRules(
        value.flatMap((a) => a.policy?.rules ?? []),
        names,
      );
}

/** Directory roles and groups; `contextNames` resolves as soon as the names are read (the Azure read waits on it). */
export function readGraphCatalog(
  graph: GraphApi,
  token: string,
  logger: Logger,
  options: GraphCatalogOptions,
): { readonly contextNames: Promise<ReadonlyMap<string, AuthContextInfo>>; readonly catalog: Promise<GraphCatalog> } {
  const contextNames = optional(() => graph.getAll<unknown>(PATHS.authenticationContexts, token)).then((contexts) =>
    contextNamesFrom(contexts ?? []),
  );
  const active = readActive(graph, token, logger);
  active.catch(() => undefined);
  const drafts = new Map<string, Draft>();
  /** Requirements by policy URL, each policy read once whichever page named it first. */
  const policies = new Map<string, Promise<Requirements | null>>();

  const readPolicies = async (added: readonly Draft[]): Promise<void> => {
    const fresh = [...new Set(added.map((draft) => policyPath(draft.target)))].filter((url) => !policies.has(url));
    const batch: Promise<ReadonlyMap<string, BatchItemResult>> =
      fresh.length === 0
        ? Promise.resolve(new Map())
        : graph.batchGet(
            fresh.map((url, index) => ({ id: String(index + 1), url })),
            token,
          );
    fresh.forEach((url, index) => {
      const read = Promise.all([batch, contextNames]).then(([results, names]) =>
        requirementsOf(results.get(String(index + 1)), names, logger),
      );
      // Awaited below and by the finished catalog; a listing that failed elsewhere first must not leave it unhandled.
      read.catch(() => undefined);
      policies.set(url, read);
    });
    const settled = await Promise.all(added.map(async (draft) => [draft.id, await policies.get(policyPath(draft.target))] as const));
    options.onRequirements?.(new Map(settled.map(([id, requirements]) => [id, requirements ?? UNKNOWN_REQUIREMENTS])));
  };

  const onPage = async (page: readonly Draft[]): Promise<void> => {
    const added = page.filter((draft) => !drafts.has(draft.id));
    added.forEach((draft) => drafts.set(draft.id, draft));
    if (!options.policies || added.length === 0) {
      return;
    }
    options.onEligible?.(added.map((draft) => ({ ...draft, requirements: PENDING_REQUIREMENTS })));
    await readPolicies(added);
  };

  const catalog = (async (): Promise<GraphCatalog> => {
    await Promise.all([
      eachPage(graph, PATHS.roleEligibilityInstances, token, async (items) => {
        const byKey = new Map((await active).map((a) => [a.id, a]));
        await onPage(valid(items, roleInstanceSchema, 'role eligibilities', logger).map((item) => roleDraft(item, byKey)));
      }),
      optional(() =>
        eachPage(graph, PATHS.groupEligibilityInstances, token, async (items) => {
          const byKey = new Map((await active).map((a) => [a.id, a]));
          await onPage(valid(items, groupInstanceSchema, 'group eligibilities', logger).map((item) => groupDraft(item, byKey)));
        }),
      ),
    ]);
    const names = await contextNames;
    const requirements = new Map<string, Requirements | null>();
    for (const draft of drafts.values()) {
      requirements.set(draft.id, options.policies ? ((await policies.get(policyPath(draft.target))) ?? null) : null);
    }
    return {
      eligible: [...drafts.values()].map((draft) => ({ ...draft, requirements: requirements.get(draft.id) ?? UNKNOWN_REQUIREMENTS })),
      active: await active,
      contextNames: names,
      policiesReadable: options.policies && [...requirements.values()].every((r) => r !== null),
    };
  })();
  return { contextNames, catalog };
}
