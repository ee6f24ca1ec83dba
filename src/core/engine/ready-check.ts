/**
 * The ready check: PIM saying a role is active is not the same as the access working. Microsoft documents that
 * Azure RBAC, the directory and the workloads may take minutes (for some workloads longer) to honour a new
 * assignment. After activation, this asks where Microsoft offers a way to ask (docs/protocol.md, "Active and
 * usable"):
 * - Azure roles: ARM's effective permissions at the role's scope, with a freshly issued ARM token, against the
 *   role definition's actions;
 * - directory roles (tenant-wide): the directory roles Graph lists for the user (`me/transitiveMemberOf`);
 * - groups: `me/checkMemberGroups` (member) and `me/ownedObjects` (owner).
 * A role no probe can judge (a role scoped to an administrative unit, a refused read) is `unconfirmable`: it is never
 * reported usable on a guess.
 */
import { z } from 'zod';
import type { EligibleRole } from '../../shared/domain/roles';
import type { ArmApi } from '../arm/arm-api';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import type { Logger } from '../logging/logger';

export type Readiness = 'usable' | 'not-yet' | 'unconfirmable';

export const READY_CHECK_PATHS = {
  directoryRoles: '/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,roleTemplateId',
  checkMemberGroups: '/me/checkMemberGroups',
  ownedGroups: '/me/ownedObjects/microsoft.graph.group?$select=id',
  /** ARM: the effective permissions API's documented version. */
  armVersion: '2022-04-01',
} as const;

/** Why a role cannot be confirmed, for the person. */
export const UNCONFIRMABLE_NOTE =
  'Microsoft offers no check the app can make for this role; it may take a few minutes before every service honours it.';

const permissionSchema = z.object({
  actions: z.array(z.string()).nullish(),
  notActions: z.array(z.string()).nullish(),
  dataActions: z.array(z.string()).nullish(),
  notDataActions: z.array(z.string()).nullish(),
});
type Permission = z.output<typeof permissionSchema>;
const permissionsSchema = z.object({ value: z.array(permissionSchema) });
const definitionSchema = z.object({ properties: z.object({ permissions: z.array(permissionSchema) }) });
const idList = z.array(z.object({ id: z.string().nullish(), roleTemplateId: z.string().nullish() }));

export type ReadyCheckDeps = {
  readonly graph: Pick<GraphApi, 'getAll' | 'post'>;
  readonly arm: Pick<ArmApi, 'get'> | null;
  /** A plain token for the resource; `fresh` asks for a newly issued one (ARM caches what an old token allowed). */
  readonly token: (resource: 'graph' | 'arm', fresh: boolean) => Promise<string>;
  readonly logger: Logger;
};

/** ARM's wildcard rule: `*` matches any run of characters, case-insensitively. */
function matches(pattern: string, action: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}

/**
 * Whether `action` is allowed: "present in the allowed actions of any permission and not present in the disallowed
 * actions of that permission". A definition's own wildcard (`*`, `Microsoft.Compute/*`) is matched literally, so it is
 * covered only by a pattern at least as broad.
 */
function allowed(permissions: readonly Permission[], action: string, data: boolean): boolean {
  return permissions.some((p) => {
    const allow = (data ? p.dataActions : p.actions) ?? [];
    const deny = (data ? p.notDataActions : p.notActions) ?? [];
    return allow.some((pattern) => matches(pattern, action)) && !deny.some((pattern) => matches(pattern, action));
  });
}

/** Whether the effective permissions grant everything the role definition grants. */
export function grantsRole(effective: readonly Permission[], definition: readonly Permission[]): boolean {
  return definition.every(
    (d) =>
      (d.actions ?? []).every((action) => allowed(effective, action, false)) &&
      (d.dataActions ?? []).every((action) => allowed(effective, action, true)),
  );
}

const refused = (cause: unknown): boolean => cause instanceof GraphCallError && [400, 401, 403, 404].includes(cause.failure.status);

export type ReadyCheck = {
  /** One round of probes for these roles (each kind asked once for all its roles). */
  probe(roles: readonly EligibleRole[]): Promise<Map<string, Readiness>>;
};

/** The check's state across rounds: role definitions read once, and whether ARM was asked for a new token yet. */
type Probes = {
  readonly deps: ReadyCheckDeps;
  readonly log: Logger;
  readonly definitions: Map<string, Promise<Permission[] | null>>;
  armTokenRefreshed: boolean;
};

export function createReadyCheck(deps: ReadyCheckDeps): ReadyCheck {
  const probes: Probes = { deps, log: deps.logger.child({ area: 'ready-check' }), definitions: new Map(), armTokenRefreshed: false };
  return {
    probe: async (roles) => {
      const byKind = (kind: EligibleRole['target']['kind']) => roles.filter((r) => r.target.kind === kind);
      const parts = await Promise.all([
        byKind('directoryRole').length > 0 ? directoryRoles(probes, byKind('directoryRole')) : new Map<string, Readiness>(),
        byKind('group').length > 0 ? groups(probes, byKind('group')) : new Map<string, Readiness>(),
        byKind('azureResource').length > 0 ? azure(probes, byKind('azureResource')) : new Map<string, Readiness>(),
      ]);
      return new Map(parts.flatMap((m) => [...m]));
    },
  };
}

const everyOne = (roles: readonly EligibleRole[], readiness: Readiness): Map<string, Readiness> =>
  new Map(roles.map((r) => [r.id, readiness]));

/** A probe that a refused read turns into "unconfirmable" for its roles. */
async function guarded(
  probes: Probes,
  roles: readonly EligibleRole[],
  run: () => Promise<Map<string, Readiness>>,
): Promise<Map<string, Readiness>> {
  try {
    return await run();
  } catch (cause) {
    if (!refused(cause)) {
      throw cause;
    }
    probes.log.info('a ready-check read was refused; these roles cannot be confirmed', { roles: roles.length });
    return everyOne(roles, 'unconfirmable');
  }
}

/** Directory roles: the roles Graph lists for the user, by template id. */
function directoryRoles(probes: Probes, roles: readonly EligibleRole[]): Promise<Map<string, Readiness>> {
  return guarded(probes, roles, async () => {
    const token = await probes.deps.token('graph', false);
    const listed = idList.parse(await probes.deps.graph.getAll<unknown>(READY_CHECK_PATHS.directoryRoles, token));
    const templates = new Set(listed.map((item) => (item.roleTemplateId ?? '').toLowerCase()));
    return new Map(
      roles.map((role) => {
        const target = role.target;
        if (target.kind !== 'directoryRole' || target.directoryScopeId !== '/') {
          // Roles scoped to an administrative unit: whether the list shows them is not documented.
          return [role.id, 'unconfirmable'];
        }
        return [role.id, templates.has(target.roleDefinitionId.toLowerCase()) ? 'usable' : 'not-yet'];
      }),
    );
  });
}

/** The groups among `groupIds` the user is a member of, asked 20 at a time (checkMemberGroups' limit). */
async function memberGroups(probes: Probes, groupIds: readonly string[], token: string): Promise<Set<string>> {
  const memberOf = new Set<string>();
  for (let i = 0; i < groupIds.length; i += 20) {
    const answer = await probes.deps.graph.post<{ value?: unknown }>(
      READY_CHECK_PATHS.checkMemberGroups,
      { groupIds: groupIds.slice(i, i + 20) },
      token,
    );
    z.array(z.string())
      .parse(answer.value ?? [])
      .forEach((id) => memberOf.add(id.toLowerCase()));
  }
  return memberOf;
}

/** Groups: membership from checkMemberGroups, ownership from the user's owned groups. */
function groups(probes: Probes, roles: readonly EligibleRole[]): Promise<Map<string, Readiness>> {
  return guarded(probes, roles, async () => {
    const token = await probes.deps.token('graph', false);
    const members = roles.flatMap((r) => (r.target.kind === 'group' && r.target.accessId === 'member' ? [r.target.groupId] : []));
    const owners = roles.some((r) => r.target.kind === 'group' && r.target.accessId === 'owner');
    const memberOf = await memberGroups(probes, members, token);
    const owned = owners
      ? new Set(
          idList
            .parse(await probes.deps.graph.getAll<unknown>(READY_CHECK_PATHS.ownedGroups, token))
            .map((g) => (g.id ?? '').toLowerCase()),
        )
      : new Set<string>();
    return new Map(
      roles.map((role) => {
        const target = role.target;
        if (target.kind !== 'group') {
          return [role.id, 'unconfirmable'];
        }
        const set = target.accessId === 'member' ? memberOf : owned;
        return [role.id, set.has(target.groupId.toLowerCase()) ? 'usable' : 'not-yet'];
      }),
    );
  });
}

/** A role definition's permissions, read once per check; null when ARM refuses the read. */
function definitionOf(probes: Probes, arm: Pick<ArmApi, 'get'>, roleDefinitionId: string, token: string): Promise<Permission[] | null> {
  const key = roleDefinitionId.toLowerCase();
  const known = probes.definitions.get(key);
  if (known !== undefined) {
    return known;
  }
  const read = (async () => {
    try {
      const path = `${roleDefinitionId}?api-version=${READY_CHECK_PATHS.armVersion}`;
      return (await arm.get(path, token, definitionSchema)).properties.permissions;
    } catch (cause) {
      if (refused(cause)) {
        return null;
      }
      throw cause;
    }
  })();
  probes.definitions.set(key, read);
  return read;
}

/** One Azure role: ARM's effective permissions at its scope against its definition's actions. */
function azureRole(probes: Probes, arm: Pick<ArmApi, 'get'>, role: EligibleRole, token: string): Promise<Readiness> {
  const target = role.target;
  if (target.kind !== 'azureResource') {
    return Promise.resolve('unconfirmable');
  }
  const judged = guarded(probes, [role], async () => {
    const definition = await definitionOf(probes, arm, target.roleDefinitionId, token);
    if (definition === null) {
      return everyOne([role], 'unconfirmable');
    }
    const path = `${target.scope}/providers/Microsoft.Authorization/permissions?api-version=${READY_CHECK_PATHS.armVersion}`;
    const effective = await arm.get(path, token, permissionsSchema);
    return everyOne([role], grantsRole(effective.value, definition) ? 'usable' : 'not-yet');
  });
  return judged.then((result) => result.get(role.id) ?? 'unconfirmable');
}

async function azure(probes: Probes, roles: readonly EligibleRole[]): Promise<Map<string, Readiness>> {
  const { arm } = probes.deps;
  if (arm === null) {
    return everyOne(roles, 'unconfirmable');
  }
  // ARM answers from what the token's issue allowed: ask once for a newly issued token (Microsoft's advice).
  const token = await probes.deps.token('arm', !probes.armTokenRefreshed);
  probes.armTokenRefreshed = true;
  const judged = await Promise.all(roles.map((role) => azureRole(probes, arm, role, token)));
  return new Map(roles.map((role, index) => [role.id, judged[index] ?? 'unconfirmable']));
}
