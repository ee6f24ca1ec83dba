/**
 * The person's assignment schedules, which (unlike instances) include assignments that start later: a scheduled
 * activation is a request and a schedule, with no instance until its start (docs/protocol.md, "Scheduled activations
 * and request states"). Graph lists them per kind with `filterByCurrentUser`, ARM at the provider root with
 * `asTarget()`. A list the person may not read is an empty list: the requests still tell a scheduled start.
 */
import { z } from 'zod';
import type { ArmApi } from '../arm/arm-api';
import { ARM_PATHS } from '../arm/arm-paths';
import { armItemKey } from '../arm/arm-schemas';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import { PATHS } from '../pim/graph-paths';
import { targetKey } from '../pim/target-key';
import { parseIsoDuration } from '../../shared/rules/duration';
import type { ScheduleFact } from './build-role-states';

const text = z.string().nullish();

const graphScheduleSchema = z.object({
  roleDefinitionId: z.string().optional(),
  directoryScopeId: text,
  groupId: z.string().optional(),
  accessId: z.string().optional(),
  createdUsing: text,
  assignmentType: text,
  scheduleInfo: z.object({ startDateTime: text, expiration: z.object({ endDateTime: text, duration: text }).nullish() }).nullish(),
});

const armScheduleSchema = z.object({
  properties: z.object({
    scope: z.string().min(1),
    roleDefinitionId: z.string().min(1),
    startDateTime: text,
    endDateTime: text,
    assignmentType: text,
    roleAssignmentScheduleRequestId: text,
  }),
});

const assignmentType = (value: string | null | undefined): 'Activated' | 'Assigned' =>
  (value ?? '').toLowerCase() === 'activated' ? 'Activated' : 'Assigned';

function graphEnd(start: string | null, expiration: { endDateTime?: string | null; duration?: string | null } | null | undefined) {
  if (expiration?.endDateTime != null) {
    return expiration.endDateTime;
  }
  const seconds = expiration?.duration == null ? null : parseIsoDuration(expiration.duration);
  return seconds === null || start === null ? null : new Date(Date.parse(start) + seconds * 1000).toISOString();
}

function graphScheduleFact(item: z.output<typeof graphScheduleSchema>): ScheduleFact | null {
  const roleId =
    item.roleDefinitionId !== undefined
      ? targetKey({ kind: 'directoryRole', roleDefinitionId: item.roleDefinitionId, directoryScopeId: item.directoryScopeId ?? '/' })
      : item.groupId !== undefined && (item.accessId === 'member' || item.accessId === 'owner')
        ? targetKey({ kind: 'group', groupId: item.groupId, accessId: item.accessId })
        : null;
  if (roleId === null) {
    return null;
  }
  const start = item.scheduleInfo?.startDateTime ?? null;
  return {
    roleId,
    kind: item.roleDefinitionId !== undefined ? 'directoryRole' : 'group',
    displayName: null,
    startDateTime: start,
    endDateTime: graphEnd(start, item.scheduleInfo?.expiration),
    assignmentType: assignmentType(item.assignmentType),
    requestId: item.createdUsing ?? null,
  };
}

/** A list the person may not read (a 4xx) as an empty list; other failures still fail. */
export async function emptyWhenRefused<T>(read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch (cause) {
    if (cause instanceof GraphCallError && cause.failure.status >= 400 && cause.failure.status < 500) {
      return [];
    }
    throw cause;
  }
}

/** Directory-role and group schedules from Graph (each list read in parallel). */
export async function readGraphSchedules(graph: Pick<GraphApi, 'getAll'>, token: string): Promise<ScheduleFact[]> {
  const lists = await Promise.all(
    [PATHS.roleAssignmentSchedulesMine, PATHS.groupAssignmentSchedulesMine].map((path) =>
      emptyWhenRefused(() => graph.getAll<unknown>(path, token)),
    ),
  );
  return lists.flat().flatMap((raw) => {
    const parsed = graphScheduleSchema.safeParse(raw);
    const fact = parsed.success ? graphScheduleFact(parsed.data) : null;
    return fact === null ? [] : [fact];
  });
}

/** Azure role schedules from ARM. */
export async function readArmSchedules(arm: Pick<ArmApi, 'getAll'>, token: string): Promise<ScheduleFact[]> {
  const items = await emptyWhenRefused(() => arm.getAll(ARM_PATHS.assignmentSchedules, token, armScheduleSchema));
  return items.map((item) => ({
    roleId: armItemKey(item),
    kind: 'azureResource' as const,
    displayName: null,
    startDateTime: item.properties.startDateTime ?? null,
    endDateTime: item.properties.endDateTime ?? null,
    assignmentType: assignmentType(item.properties.assignmentType),
    requestId: item.properties.roleAssignmentScheduleRequestId ?? null,
  }));
}
