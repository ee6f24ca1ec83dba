/**
 * The caller's eligibility and assignment schedule instances, assignment schedules and schedule requests at a scope
 * and below, with `$filter=asTarget()` (required: only an RBAC administrator may list other principals' items).
 */
import type { Reply } from '../../http/http-kit';
import type { Target, TenantModel } from '../../model/tenant-model';
import { armError } from '../arm-errors';
import { withinScope } from '../arm-path';
import {
  assignmentInstance,
  assignmentSchedule,
  azureTarget,
  eligibilityInstance,
  scheduleRequest,
  type AzureTarget,
} from '../arm-resources';
import { armPage, type ArmExchange, type ArmRoute } from '../arm-route';

/** Only an RBAC administrator may list other principals' schedules; the simulated users are not. */
function requireAsTarget(exchange: ArmExchange): Reply | null {
  const { request, call } = exchange;
  const filter = (request.url.searchParams.get('$filter') ?? '').replace(/\s+/g, '').toLowerCase();
  if (filter === 'astarget()') {
    return null;
  }
  if (filter === '') {
    return armError(
      call,
      400,
      'InsufficientPermissions',
      `The requestor ${exchange.principal.user.id} does not have permissions for this request. Please use $filter=asTarget() to filter on the requestor's assignments.`,
    );
  }
  return armError(
    call,
    400,
    'InvalidFilter',
    `The filter '${request.url.searchParams.get('$filter') ?? ''}' is not supported here; use $filter=asTarget().`,
  );
}

/** A list route over the caller's records that lie at the requested scope or below it. */
function listRoute<T extends { readonly target: Target }>(
  collection: string,
  records: (model: TenantModel, userId: string, now: Date) => readonly T[],
  resource: (model: TenantModel, record: T, target: AzureTarget) => Record<string, unknown>,
): ArmRoute {
  return {
    method: 'GET',
    path: collection,
    handle: (exchange) => {
      const refused = requireAsTarget(exchange);
      if (refused !== null) {
        return { reply: refused };
      }
      const { model } = exchange;
      const items = records(model, exchange.principal.user.id, model.clock.now()).flatMap((record) => {
        const target = azureTarget(record.target);
        return target !== null && withinScope(target.scope, exchange.path.scope) ? [resource(model, record, target)] : [];
      });
      return { reply: armPage(exchange, items) };
    },
  };
}

export const scheduleListRoutes: readonly ArmRoute[] = [
  listRoute('roleEligibilityScheduleInstances', (model, userId, now) => model.currentEligibilities(userId, now), eligibilityInstance),
  listRoute('roleAssignmentScheduleInstances', (model, userId, now) => model.currentAssignments(userId, now), assignmentInstance),
  listRoute('roleAssignmentSchedules', (model, userId, now) => model.assignmentSchedules(userId, now), assignmentSchedule),
  listRoute(
    'roleAssignmentScheduleRequests',
    (model, userId) => model.requests.filter((item) => item.principalId === userId),
    scheduleRequest,
  ),
];
