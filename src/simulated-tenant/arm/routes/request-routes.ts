/**
 * One schedule request by name: `PUT` (a new `SelfActivate` / `SelfDeactivate`, checked by `arm-activation.ts`),
 * `GET` (the caller's own, for reconciliation) and `POST …/cancel`.
 */
import type { Reply } from '../../http/http-kit';
import type { TenantModel } from '../../model/tenant-model';
import { submitArmRequest } from '../arm-activation';
import { armError, armJson, type ArmCall } from '../arm-errors';
import { azureTarget, scheduleRequest } from '../arm-resources';
import type { ArmExchange, ArmRoute } from '../arm-route';

function parseBody(exchange: ArmExchange): unknown {
  const { body } = exchange.request;
  try {
    return body.length === 0 ? null : (JSON.parse(body.toString('utf8')) as unknown);
  } catch {
    return null;
  }
}

function ownRequest(model: TenantModel, userId: string, name: string) {
  return model.requests.find((item) => item.id === name.toLowerCase() && item.principalId === userId && item.target.kind === 'azureRole');
}

function notFound(call: ArmCall, name: string): Reply {
  return armError(call, 404, 'RoleAssignmentScheduleRequestNotFound', `The role assignment schedule request '${name}' could not be found.`);
}

function getRequest(exchange: ArmExchange, name: string): Reply {
  const { model, call } = exchange;
  const request = ownRequest(model, exchange.principal.user.id, name);
  const target = request === undefined ? null : azureTarget(request.target);
  if (request === undefined || target === null) {
    return notFound(call, name);
  }
  return armJson(call, 200, scheduleRequest(model, request, target));
}

function cancelRequest(exchange: ArmExchange, name: string): Reply {
  const { model, call } = exchange;
  const request = ownRequest(model, exchange.principal.user.id, name);
  if (request === undefined) {
    return notFound(call, name);
  }
  const now = model.clock.now();
  const assignment = request.assignmentId === null ? undefined : model.assignments.find((item) => item.id === request.assignmentId);
  // A pending request, or (as on Graph) one accepted with a start still ahead: a scheduled activation.
  const scheduled = request.status === 'Granted' && assignment !== undefined && assignment.start > now;
  if (request.status !== 'PendingApproval' && !scheduled) {
    return armError(call, 400, 'RequestCannotBeCancelled', `The request is ${request.status}; only a pending request can be cancelled.`);
  }
  request.status = 'Canceled';
  request.completedAt = now;
  if (scheduled) {
    assignment.revoked = true;
  }
  return armJson(call, 200, null);
}

const REQUEST = 'roleAssignmentScheduleRequests/{name}';

export const requestRoutes: readonly ArmRoute[] = [
  {
    method: 'PUT',
    path: REQUEST,
    handle: (exchange, params) =>
      submitArmRequest({
        model: exchange.model,
        principal: exchange.principal,
        call: exchange.call,
        scope: exchange.path.scope,
        name: params.name ?? '',
        body: parseBody(exchange),
      }),
  },
  { method: 'GET', path: REQUEST, handle: (exchange, params) => ({ reply: getRequest(exchange, params.name ?? '') }) },
  {
    method: 'POST',
    path: `${REQUEST}/cancel`,
    handle: (exchange, params) => ({ reply: cancelRequest(exchange, params.name ?? ''), action: 'Cancel' }),
  },
];
