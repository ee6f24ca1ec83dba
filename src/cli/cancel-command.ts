/**
 * `pim-stepup cancel`: ends pending or scheduled requests, found by role name among the user's
 * open requests, or named by `--request-id`.
 */
import type { EligibleRole } from '../shared/domain/roles';
import type { AppError } from '../shared/errors';
import { appError } from '../shared/errors';
import type { Engine } from '../core/engine/create-engine';
import { readOpenRequests } from '../core/pim/pim-requests';
import { EXIT } from './help';
import { describeError } from './human-output';
import { matchRoles, UsageError } from './match-roles';
import type { OptionValues } from './options';
import type { Reporter } from './reporter';

/** `cancel <role>...` finds each role's open request; `cancel --request-id ID` names it. */
export async function cancel(
  targets: readonly string[],
  values: OptionValues,
  engine: Engine,
  out: Reporter,
  fail: (error: AppError) => number,
): Promise<number> {
  const open = await engine.readGraph('Reading your requests', readOpenRequests, { interactive: true });
  if (!open.ok) {
    return fail(open.error);
  }
  let chosen: { id: string; kind: 'directoryRole' | 'group'; roleId: string; displayName: string }[];
  if (typeof values['request-id'] === 'string') {
    const id = values['request-id'];
    const found = open.value.find((r) => r.id === id);
    if (found === undefined) {
      return fail(
        appError('pim/not-found', `No open request of yours has the id ${id}; "pim-stepup status" lists the pending and scheduled ones.`),
      );
    }
    chosen = [{ id, kind: found.kind, roleId: found.roleId, displayName: found.roleId }];
  } else {
    const catalog = await engine.listRoles({ interactive: true, refresh: false });
    if (!catalog.ok) {
      return fail(catalog.error);
    }
    let roles: EligibleRole[];
    try {
      roles = matchRoles(targets, catalog.value.eligible);
    } catch (cause) {
      if (cause instanceof UsageError) {
        return fail(cause.error);
      }
      throw cause;
    }
    chosen = [];
    for (const role of roles) {
      const mine = open.value.filter((r) => r.roleId === role.id);
      if (mine.length === 0) {
        return fail(appError('pim/not-found', `${role.displayName} has no pending or scheduled request to cancel.`));
      }
      chosen.push(...mine.map((r) => ({ id: r.id, kind: r.kind, roleId: r.roleId, displayName: role.displayName })));
    }
  }
  const results: { requestId: string; roleId: string; displayName: string; status: 'canceled' | 'failed'; error?: AppError }[] = [];
  for (const item of chosen) {
    const done = await engine.cancelRequest(item.id, item.kind);
    results.push({
      requestId: item.id,
      roleId: item.roleId,
      displayName: item.displayName,
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
