/**
 * The signed-in user's requests that still wait for an approver, for every kind (directory roles, PIM groups, Azure
 * roles), named from the catalog, so the home screen can list them with a Cancel. Read only; cancelling is the
 * engine's `cancelRequest`. The reading itself is `readMyRequests` (Graph) and `readAzureRequests` (ARM), shared with
 * the CLI's `status`, `cancel` and `--wait`.
 *
 * `PendingApproval` (a new activation) and `PendingAdminDecision` (an extension or renewal) are
 * the two states in which a request waits on someone.
 */
import type { PendingRequest } from '../../shared/domain/activation';
import type { PimRequest } from './pim-requests';
import { requestPhase } from './pim-requests';

/** The waiting ones among `requests`, newest first; `nameOf` names them from the catalog the caller has. */
export function pendingRequests(requests: readonly PimRequest[], nameOf: (roleId: string) => string | undefined): PendingRequest[] {
  return requests
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
