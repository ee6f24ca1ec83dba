/**
 * `pim-stepup cancel`: ends pending or scheduled requests of every kind (directory roles, groups, Azure roles), found
 * by role name among the user's open requests, or named by `--request-id`: Graph's id, an Azure request's full ARM id,
 * or its bare name (the GUID `status` prints, since a full ARM id does not fit a table). Which requests are open, and
 * the role each is for, come from the role-state model (`openActivations`), as `status` shows them.
 */
import type { EligibleRole } from '../shared/domain/roles';
import type { AppError } from '../shared/errors';
import { appError } from '../shared/errors';
import type { Engine } from '../core/engine/create-engine';
import type { RequestState } from '../shared/domain/role-state';
import { roleStateOf } from '../shared/domain/role-state';
import { EXIT } from './help';
import { describeError, requestLabel } from './human-output';
import type { OptionValues } from './options';
import type { Reporter } from './reporter';

type Chosen = { readonly request: RequestState; readonly displayName: string };

/** The open request `id` names: by its id, or for an Azure request by its last segment. */
function byRequestId(open: readonly RequestState[], id: string): RequestState | undefined {
  const lower = id.toLowerCase();
  return (
    open.find((r) => r.id === id) ??
    open.find((r) => r.kind === 'azureResource' && (r.id.toLowerCase() === lower || requestLabel(r).toLowerCase() === lower))
  );
}

/** `cancel <role>...` finds each role's open request; `cancel --request-id ID` names it. */
export async function cancel(
  values: OptionValues,
  engine: Engine,
  targetRoles: () => Promise<EligibleRole[] | number>,
  out: Reporter,
  fail: (error: AppError) => number,
): Promise<number> {
  let chosen: Chosen[];
  if (typeof values['request-id'] === 'string') {
    const id = values['request-id'];
    const open = await engine.listOpenRequests({ interactive: true });
    if (!open.ok) {
      return fail(open.error);
    }
    const found = byRequestId(open.value.open, id);
    if (found === undefined) {
      return fail(
        appError('pim/not-found', `No open request of yours has the id ${id}; "pim-stepup status" lists the pending and scheduled ones.`),
      );
    }
    // People read names: the role's as the model names it (an Azure role with its scope), never the internal role id.
    const role = roleStateOf(open.value.model, found.roleId);
    const named = role !== undefined && role.displayName !== role.roleId;
    chosen = [{ request: found, displayName: named ? role.displayName : 'a role you are no longer eligible for' }];
  } else {
    const roles = await targetRoles();
    if (typeof roles === 'number') {
      return roles;
    }
    const open = await engine.listOpenRequests();
    if (!open.ok) {
      return fail(open.error);
    }
    chosen = [];
    for (const role of roles) {
      const mine = open.value.open.filter((r) => r.roleId === role.id);
      if (mine.length === 0) {
        return fail(appError('pim/not-found', `${role.displayName} has no pending or scheduled request to cancel.`));
      }
      chosen.push(...mine.map((request) => ({ request, displayName: role.displayName })));
    }
  }
  const results: { requestId: string; roleId: string; displayName: string; status: 'canceled' | 'failed'; error?: AppError }[] = [];
  for (const { request, displayName } of chosen) {
    const done = await engine.cancelRequest(request.id, request.kind);
    results.push({
      requestId: request.id,
      roleId: request.roleId,
      displayName,
      status: done.ok ? 'canceled' : 'failed',
      ...(done.ok ? {} : { error: done.error }),
    });
  }
  const code = results.some((r) => r.status === 'failed') ? EXIT.failed : EXIT.ok;
  return out.done('cancel', code, { cancelled: results }, () =>
    results
      .map((r) =>
        r.status === 'canceled'
          ? `Cancelled request ${r.requestId} (${r.displayName}).`
          : `Could not cancel request ${r.requestId} (${r.displayName}): ${r.error === undefined ? '' : describeError(r.error, out.verbose)}`,
      )
      .join('\n'),
  );
}
