/**
 * An IntentReader over Microsoft Graph: the user's own schedule requests and instances
 * (`filterByCurrentUser(on='principal')`), matched by target and by time, because Graph keeps
 * no client correlation id on a request resource.
 */
import { z } from 'zod';
import type { RoleTarget } from '../../shared/domain/roles';
import type { GraphApi } from '../graph/graph-api';
import { PATHS } from '../pim/graph-paths';
import type { ActivationIntent } from './intent-journal';
import type { IntentReader, IntentState } from './reconcile-intents';

/** The fields of a request or instance the reader matches on; anything else in Graph's answer is ignored. */
const itemSchema = z.object({
  action: z.string().nullish(),
  status: z.string().nullish(),
  createdDateTime: z.string().nullish(),
  roleDefinitionId: z.string().nullish(),
  directoryScopeId: z.string().nullish(),
  groupId: z.string().nullish(),
  accessId: z.string().nullish(),
});

type Item = z.output<typeof itemSchema>;

/** Items that fit the schema (checked at the edge instead of cast); an item that does not cannot match. */
const items = (values: readonly unknown[]): Item[] =>
  values.flatMap((value) => {
    const parsed = itemSchema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });

/** Requests created this long before the recorded time still count (clocks differ). */
const SKEW_TOLERANCE_MS = 10 * 60_000;
const PENDING = new Set([
  'PendingApproval',
  'PendingAdminDecision',
  'Granted',
  'PendingProvisioning',
  'ScheduleCreated',
  'PendingScheduleCreation',
  'Accepted',
]);

function matches(item: Item, target: RoleTarget): boolean {
  return target.kind === 'directoryRole'
    ? item.roleDefinitionId === target.roleDefinitionId && (item.directoryScopeId ?? '/') === target.directoryScopeId
    : target.kind === 'group' && item.groupId === target.groupId && item.accessId === target.accessId;
}

export function createGraphIntentReader(options: { readonly graph: GraphApi; readonly token: () => Promise<string> }): IntentReader {
  return {
    findRequest: async (intent: ActivationIntent): Promise<IntentState> => {
      const token = await options.token();
      const directory = intent.target.kind === 'directoryRole';
      const [rawRequests, rawInstances] = await Promise.all([
        options.graph.getAll<unknown>(directory ? PATHS.roleAssignmentRequestsMine : PATHS.groupAssignmentRequestsMine, token),
        options.graph.getAll<unknown>(directory ? PATHS.roleAssignmentInstances : PATHS.groupAssignmentInstances, token),
      ]);
      const requests = items(rawRequests);
      const instances = items(rawInstances);
      const active = instances.some((i) => matches(i, intent.target));
      if (intent.action === 'selfDeactivate') {
        return active ? 'active' : 'absent';
      }
      // An extended assignment was active before the request: only a request of its own says it reached PIM.
      if (active && intent.action === 'selfActivate') {
        return 'active';
      }
      const since = Date.parse(intent.recordedAt) - SKEW_TOLERANCE_MS;
      const action = intent.action.toLowerCase();
      const ours = requests.filter(
        (r) => matches(r, intent.target) && r.action?.toLowerCase() === action && Date.parse(r.createdDateTime ?? '') >= since,
      );
      if (ours.some((r) => PENDING.has(r.status ?? ''))) {
        return 'pending';
      }
      // An extension request that reached PIM and was decided since: "active" means it took effect as a request.
      return intent.action === 'selfExtend' && ours.length > 0 ? 'active' : 'absent';
    },
  };
}
