/**
 * The activation surface on Microsoft Graph (directory roles and PIM groups). Every answer is
 * checked with a zod schema here, at the edge, instead of being cast: a request without an id
 * or a status is not a request we can follow, and a collection item that names no target
 * cannot be matched to a role.
 */
import { z } from 'zod';
import type { RoleTarget } from '../../shared/domain/roles';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import type { Logger } from '../logging/logger';
import type { ActivationSurface, ScheduleInstance, ScheduleRequest } from './activation-surface';
import { PATHS, requestBody, requestsPath, targetKey } from './graph-paths';
import { isGraphTarget } from './target-key';

const text = z.string().nullish();

/** The fields that name a target: a directory role at a scope, or a group access. */
const targetFields = {
  roleDefinitionId: z.string().optional(),
  directoryScopeId: text,
  groupId: z.string().optional(),
  accessId: z.string().optional(),
};

const requestSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  action: text,
  createdDateTime: text,
  ...targetFields,
  scheduleInfo: z.object({ startDateTime: text }).nullish(),
});

const instanceSchema = z.object({ ...targetFields, startDateTime: text, endDateTime: text });

type TargetFields = { roleDefinitionId?: string; directoryScopeId?: string | null; groupId?: string; accessId?: string };

/** The target key of a Graph item, or null when it names none. */
function keyOf(item: TargetFields): string | null {
  if (item.roleDefinitionId !== undefined) {
    return targetKey({ kind: 'directoryRole', roleDefinitionId: item.roleDefinitionId, directoryScopeId: item.directoryScopeId ?? '/' });
  }
  if (item.groupId !== undefined && (item.accessId === 'member' || item.accessId === 'owner')) {
    return targetKey({ kind: 'group', groupId: item.groupId, accessId: item.accessId });
  }
  return null;
}

function toRequest(item: z.output<typeof requestSchema>, fallbackKey: string | null): ScheduleRequest | null {
  const key = keyOf(item) ?? fallbackKey;
  return key === null
    ? null
    : {
        id: item.id,
        status: item.status,
        action: item.action ?? '',
        createdDateTime: item.createdDateTime ?? null,
        targetKey: key,
        startDateTime: item.scheduleInfo?.startDateTime ?? null,
      };
}

const COLLECTIONS = {
  directoryRole: { requests: PATHS.roleAssignmentRequestsMine, instances: PATHS.roleAssignmentInstances },
  group: { requests: PATHS.groupAssignmentRequestsMine, instances: PATHS.groupAssignmentInstances },
} as const;

type Collection = keyof typeof COLLECTIONS;

const isCollection = (value: string): value is Collection => value in COLLECTIONS;

export function createGraphActivationSurface(graph: GraphApi, logger: Logger): ActivationSurface {
  const log = logger.child({ area: 'pim-surface' });

  /** Parses each item; an item that does not fit is logged (by position, never its content) and left out. */
  const parseAll = <S extends z.ZodType, T>(
    what: string,
    items: readonly unknown[],
    schema: S,
    map: (item: z.output<S>) => T | null,
  ): T[] => {
    const out: T[] = [];
    let skipped = 0;
    for (const item of items) {
      const parsed = schema.safeParse(item);
      const mapped = parsed.success ? map(parsed.data) : null;
      if (mapped === null) {
        skipped += 1;
      } else {
        out.push(mapped);
      }
    }
    if (skipped > 0) {
      log.warn(`left out ${what} Graph returned in an unexpected shape`, { skipped, of: items.length });
    }
    return out;
  };

  const paths = (collection: string): (typeof COLLECTIONS)[Collection] => {
    if (!isCollection(collection)) {
      throw new Error(`Unknown activation collection "${collection}".`);
    }
    return COLLECTIONS[collection];
  };

  return {
    collectionOf: (target: RoleTarget) => target.kind,
    async submit(target, principalId, details, token, clientRequestId) {
      if (!isGraphTarget(target)) {
        // The routed surface sends Azure roles to ARM; reaching here is a wiring mistake, not a service answer.
        throw new Error('The Graph surface cannot activate an Azure resource role.');
      }
      const body: unknown = await graph.post<unknown>(
        requestsPath(target),
        requestBody(target, principalId, details.action ?? 'selfActivate', {
          startDateTime: details.startDateTime,
          duration: details.duration,
          justification: details.justification,
          ...(details.ticketNumber === undefined ? {} : { ticketNumber: details.ticketNumber }),
          ...(details.ticketSystem === undefined ? {} : { ticketSystem: details.ticketSystem }),
        }),
        token,
        { clientRequestId },
      );
      const parsed = requestSchema.safeParse(body);
      const request = parsed.success ? toRequest(parsed.data, targetKey(target)) : null;
      if (request === null) {
        // A success whose body we cannot read: the request may have committed, so the caller
        // must reconcile before any resend, exactly as after a lost answer.
        throw new GraphCallError({
          status: 201,
          code: 'UnreadableResponse',
          message: 'Microsoft Graph accepted the request but its answer could not be read.',
        });
      }
      return request;
    },
    async requests(collection, token) {
      const items = await graph.getAll<unknown>(paths(collection).requests, token);
      return parseAll('requests', items, requestSchema, (item) => toRequest(item, null));
    },
    async request(target, requestId, token) {
      if (!isGraphTarget(target)) {
        throw new Error('The Graph surface cannot read an Azure resource role request.');
      }
      let body: unknown;
      try {
        body = await graph.get<unknown>(`${requestsPath(target)}/${encodeURIComponent(requestId)}`, token);
      } catch (cause) {
        if (cause instanceof GraphCallError && cause.failure.status === 404) {
          return null;
        }
        throw cause;
      }
      const parsed = requestSchema.safeParse(body);
      return parsed.success ? toRequest(parsed.data, targetKey(target)) : null;
    },
    async instances(collection, token): Promise<ScheduleInstance[]> {
      const items = await graph.getAll<unknown>(paths(collection).instances, token);
      return parseAll('instances', items, instanceSchema, (item) => {
        const key = keyOf(item);
        return key === null ? null : { targetKey: key, startDateTime: item.startDateTime ?? null, endDateTime: item.endDateTime ?? null };
      });
    },
  };
}
