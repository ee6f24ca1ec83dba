/**
 * Reads the signed-in user's activation requests that still wait for an approver, for directory
 * roles and PIM groups, so the home screen can list them with a Cancel. Read only; cancelling
 * is the engine's `cancelRequest`.
 *
 * PIM keeps every request a user ever made; only `PendingApproval` (a new activation) and
 * `PendingAdminDecision` (an extension or renewal) are waiting on someone, so those are kept.
 */
import type { PendingRequest } from '../../shared/domain/activation';
import type { RoleTarget } from '../../shared/domain/roles';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import { PATHS, targetKey } from './graph-paths';

const WAITING = new Set(['PendingApproval', 'PendingAdminDecision']);

type RequestItem = {
  id?: string;
  status?: string;
  action?: string;
  createdDateTime?: string | null;
  justification?: string | null;
  roleDefinitionId?: string;
  directoryScopeId?: string | null;
  groupId?: string;
  accessId?: string;
};

function targetOf(item: RequestItem): RoleTarget | null {
  if (typeof item.roleDefinitionId === 'string') {
    return { kind: 'directoryRole', roleDefinitionId: item.roleDefinitionId, directoryScopeId: item.directoryScopeId ?? '/' };
  }
  if (typeof item.groupId === 'string' && (item.accessId === 'member' || item.accessId === 'owner')) {
    return { kind: 'group', groupId: item.groupId, accessId: item.accessId };
  }
  return null;
}

function toPending(item: RequestItem, nameOf: (roleId: string) => string | undefined): PendingRequest | null {
  const target = targetOf(item);
  if (target === null || typeof item.id !== 'string' || !WAITING.has(item.status ?? '')) {
    return null;
  }
  const roleId = targetKey(target);
  return {
    requestId: item.id,
    kind: target.kind,
    roleId,
    displayName: nameOf(roleId) ?? roleId,
    createdDateTime: item.createdDateTime ?? null,
    justification: item.justification ?? null,
    status: item.status ?? '',
  };
}

/** A group list the user may not read (no PIM for Groups permission) is an empty list, not a failure. */
async function groupRequests(graph: GraphApi, token: string): Promise<RequestItem[]> {
  try {
    return await graph.getAll<RequestItem>(PATHS.groupAssignmentRequestsMine, token);
  } catch (cause) {
    if (cause instanceof GraphCallError && (cause.failure.status === 403 || cause.failure.status === 404)) {
      return [];
    }
    throw cause;
  }
}

/** The user's waiting requests, newest first; `nameOf` names them from the catalog the caller has. */
export async function readPendingRequests(
  graph: GraphApi,
  token: string,
  nameOf: (roleId: string) => string | undefined,
): Promise<PendingRequest[]> {
  const [roles, groups] = await Promise.all([
    graph.getAll<RequestItem>(PATHS.roleAssignmentRequestsMine, token),
    groupRequests(graph, token),
  ]);
  return [...roles, ...groups]
    .map((item) => toPending(item, nameOf))
    .filter((p): p is PendingRequest => p !== null)
    .sort((a, b) => Date.parse(b.createdDateTime ?? '') - Date.parse(a.createdDateTime ?? ''));
}
