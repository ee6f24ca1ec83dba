/**
 * The user's own PIM schedule requests, read one at a time or as the open ones, without the
 * role catalog and its policies: following one request (`--wait`), listing what is pending or
 * scheduled (`status`) and finding the request to cancel cost one or two reads, not a catalog.
 */
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import { PATHS } from './graph-paths';

/** The kinds Graph holds requests for (Azure ones are read from ARM: arm/arm-requests.ts). */
export type RequestKind = 'directoryRole' | 'group';

/** One schedule request as the CLI shows it. */
export type PimRequest = {
  /** Graph's request id, or for an Azure request its full ARM id (it is cancelled at its scope). */
  readonly id: string;
  readonly kind: RequestKind | 'azureResource';
  /** PIM's status, e.g. `PendingApproval`, `Granted`, `Provisioned`, `Denied`, `Canceled`. */
  readonly status: string;
  readonly action: string;
  /** `role:<roleDefinitionId>:<scope>` or `group:<groupId>:<accessId>`, as role ids are everywhere. */
  readonly roleId: string;
  readonly createdDateTime: string | null;
  readonly startDateTime: string | null;
  /** The requested assignment's ISO 8601 duration, or its end, as the request's `scheduleInfo.expiration` says. */
  readonly duration: string | null;
  readonly endDateTime: string | null;
  readonly justification: string | null;
};

/** How a request stands for the person who asked. */
export type RequestPhase = 'pending-approval' | 'scheduled' | 'active' | 'denied' | 'canceled' | 'expired' | 'failed' | 'other';

type RawRequest = {
  id?: unknown;
  status?: unknown;
  action?: unknown;
  createdDateTime?: unknown;
  justification?: unknown;
  roleDefinitionId?: unknown;
  directoryScopeId?: unknown;
  groupId?: unknown;
  accessId?: unknown;
  scheduleInfo?: { startDateTime?: unknown; expiration?: { duration?: unknown; endDateTime?: unknown } | null } | null;
};

type RawInstance = {
  roleDefinitionId?: unknown;
  directoryScopeId?: unknown;
  groupId?: unknown;
  accessId?: unknown;
  startDateTime?: unknown;
  endDateTime?: unknown;
};

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function roleIdOf(raw: RawRequest | RawInstance, kind: RequestKind): string {
  return kind === 'directoryRole'
    ? `role:${str(raw.roleDefinitionId) ?? ''}:${str(raw.directoryScopeId) ?? '/'}`
    : `group:${str(raw.groupId) ?? ''}:${str(raw.accessId) ?? ''}`;
}

function toRequest(raw: RawRequest, kind: RequestKind): PimRequest {
  return {
    id: str(raw.id) ?? '',
    kind,
    status: str(raw.status) ?? 'Unknown',
    action: str(raw.action) ?? '',
    roleId: roleIdOf(raw, kind),
    createdDateTime: str(raw.createdDateTime),
    startDateTime: str(raw.scheduleInfo?.startDateTime),
    duration: str(raw.scheduleInfo?.expiration?.duration),
    endDateTime: str(raw.scheduleInfo?.expiration?.endDateTime),
    justification: str(raw.justification),
  };
}

export function requestPhase(status: string): RequestPhase {
  switch (status) {
    case 'PendingApproval':
    case 'PendingAdminDecision':
      return 'pending-approval';
    case 'Granted':
    case 'PendingScheduleCreation':
    case 'ScheduleCreated':
    case 'PendingProvisioning':
    case 'Accepted':
      return 'scheduled';
    case 'Provisioned':
      return 'active';
    case 'Denied':
      return 'denied';
    case 'Canceled':
    case 'Revoked':
      return 'canceled';
    // Nobody decided in time: ARM says TimedOut; Expired is kept for any surface that names it so.
    case 'TimedOut':
    case 'Expired':
      return 'expired';
    case 'Failed':
    case 'PendingRevocation':
      return status === 'Failed' ? 'failed' : 'other';
    default:
      return 'other';
  }
}

function requestsBase(kind: RequestKind): string {
  return kind === 'directoryRole' ? PATHS.roleAssignmentRequests : PATHS.groupAssignmentRequests;
}

/** One request by id: a single GET. */
export async function readRequest(
  graph: Pick<GraphApi, 'get' | 'getAll'>,
  token: string,
  kind: RequestKind,
  id: string,
): Promise<PimRequest> {
  return toRequest(await graph.get<RawRequest>(`${requestsBase(kind)}/${encodeURIComponent(id)}`, token), kind);
}

/** A group list the user may not read (no PIM for Groups permission) is an empty list, not a failure. */
async function groupRequests(graph: Pick<GraphApi, 'get' | 'getAll'>, token: string): Promise<RawRequest[]> {
  try {
    return await graph.getAll<RawRequest>(PATHS.groupAssignmentRequestsMine, token);
  } catch (cause) {
    if (cause instanceof GraphCallError && (cause.failure.status === 403 || cause.failure.status === 404)) {
      return [];
    }
    throw cause;
  }
}

/** Every request the user made, roles and groups (PIM keeps them all; callers pick by phase). */
export async function readMyRequests(graph: Pick<GraphApi, 'get' | 'getAll'>, token: string): Promise<PimRequest[]> {
  const [roles, groups] = await Promise.all([
    graph.getAll<RawRequest>(PATHS.roleAssignmentRequestsMine, token),
    groupRequests(graph, token),
  ]);
  return [...roles.map((r) => toRequest(r, 'directoryRole')), ...groups.map((r) => toRequest(r, 'group'))].filter((r) => r.id !== '');
}

/** The active assignment a provisioned request created (its schedule instance), or null when there is none yet. */
export async function readActiveInstance(
  graph: Pick<GraphApi, 'get' | 'getAll'>,
  token: string,
  kind: RequestKind,
  roleId: string,
): Promise<{ readonly startDateTime: string | null; readonly endDateTime: string | null } | null> {
  const path = kind === 'directoryRole' ? PATHS.roleAssignmentInstances : PATHS.groupAssignmentInstances;
  const instances = await graph.getAll<RawInstance>(path, token);
  const found = instances.find((i) => roleIdOf(i, kind) === roleId);
  return found === undefined ? null : { startDateTime: str(found.startDateTime), endDateTime: str(found.endDateTime) };
}
