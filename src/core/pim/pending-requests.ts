/**
 * The signed-in user's requests that still wait for an approver, for directory roles and PIM
 * groups, named from the catalog, so the home screen can list them with a Cancel. Read only;
 * cancelling is the engine's `cancelRequest`. The reading itself is `readMyRequests` in
 * pim-requests.ts, shared with the CLI's `status`, `cancel` and `--wait`.
 *
 * `PendingApproval` (a new activation) and `PendingAdminDecision` (an extension or renewal) are
 * the two states in which a request waits on someone.
 */
import type { PendingRequest } from '../../shared/domain/activation';
import type { GraphApi } from '../graph/graph-api';
import { readMyRequests, requestPhase } from './pim-requests';

/** The user's waiting requests, newest first; `nameOf` names them from the catalog the caller has. */
export async function readPendingRequests(
  graph: Pick<GraphApi, 'get' | 'getAll'>,
  token: string,
  nameOf: (roleId: string) => string | undefined,
): Promise<PendingRequest[]> {
  return (await readMyRequests(graph, token))
    .filter((r) => requestPhase(r.status) === 'pending-approval' && !r.roleId.endsWith(':'))
    .map((r) => ({
      requestId: r.id,
      kind: r.kind,
      roleId: r.roleId,
      displayName: nameOf(r.roleId) ?? r.roleId,
      createdDateTime: r.createdDateTime,
      justification: r.justification,
      status: r.status,
    }))
    .sort((a, b) => Date.parse(b.createdDateTime ?? '') - Date.parse(a.createdDateTime ?? ''));
}
