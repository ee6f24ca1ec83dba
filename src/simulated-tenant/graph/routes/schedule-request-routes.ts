/**
 * PIM schedule requests for directory roles and groups: the caller's requests (`filterByCurrentUser`), a new request
 * (`POST`, checked by `activation-service.ts`), one request by id and its cancellation.
 */
import { targetKey, type RequestRecord, type TenantModel } from '../../model/tenant-model';
import { submitScheduleRequest } from '../schedule-request-submit';
import { graphError, graphJson } from '../graph-errors';
import { parseJsonBody, refusal, type GraphExchange, type GraphRoute, type GraphRouted } from '../graph-route';
import { GRAPH_SCOPES } from '../graph-scopes';
import { requestResource } from '../resources';
import { callerListRoute } from './caller-lists';

type Kind = 'directoryRole' | 'group';

/** Each kind's collection path and the scopes that read and write it. */
const COLLECTIONS: Readonly<Record<Kind, { path: string; read: readonly string[]; write: readonly string[] }>> = {
  directoryRole: {
    path: 'roleManagement/directory/roleAssignmentScheduleRequests',
    read: GRAPH_SCOPES.readAssignmentDirectory,
    write: GRAPH_SCOPES.writeAssignmentDirectory,
  },
  group: {
    path: 'identityGovernance/privilegedAccess/group/assignmentScheduleRequests',
    read: GRAPH_SCOPES.readAssignmentGroup,
    write: GRAPH_SCOPES.writeAssignmentGroup,
  },
};

/** The statuses a cancel accepts: still pending, or accepted with a start ahead. */
const CANCELABLE = ['PendingApproval', 'PendingAdminDecision', 'Granted', 'PendingProvisioning', 'PendingScheduleCreation'];

function submit(exchange: GraphExchange, kind: Kind): GraphRouted {
  const { call } = exchange;
  const refused = refusal(exchange, COLLECTIONS[kind].write);
  if (refused !== null) {
    return { reply: refused };
  }
  const body = parseJsonBody(exchange.request);
  if (!body.ok) {
    return {
      reply: graphError(
        call,
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      ),
    };
  }
  return submitScheduleRequest({
    model: exchange.model,
    principal: exchange.principal,
    call,
    kind,
    body: body.value,
    authorizationUri: exchange.authorizationUri,
    contextBase: `${exchange.origin}/v1.0/`,
  });
}

/** `GET …/{id}` and `POST …/{id}/cancel`; any other method on either path is a 405 once the request is found. */
function requestById(exchange: GraphExchange, kind: Kind, id: string, cancel: boolean): GraphRouted {
  const { call, model, request } = exchange;
  const found = model.requests.find((item) => item.id === id && item.target.kind === kind);
  const refused = refusal(exchange, cancel ? COLLECTIONS[kind].write : COLLECTIONS[kind].read);
  if (refused !== null) {
    return { reply: refused };
  }
  if (found === undefined || found.principalId !== exchange.principal.user.id) {
    return { reply: graphError(call, 404, 'NotFound', `The request ${id} was not found.`) };
  }
  if (!cancel && request.method === 'GET') {
    return {
      reply: graphJson(call, 200, {
        '@odata.context': `${exchange.origin}/v1.0/$metadata#${COLLECTIONS[kind].path}/$entity`,
        ...requestResource(found, model),
      }),
    };
  }
  if (cancel && request.method === 'POST') {
    return cancelRequest(exchange, found);
  }
  return { reply: graphError(call, 405, 'MethodNotAllowed', `${request.method} is not allowed on this resource.`) };
}

function cancelRequest(exchange: GraphExchange, found: RequestRecord): GraphRouted {
  const { call, model } = exchange;
  if (!CANCELABLE.includes(found.status)) {
    return {
      reply: graphError(call, 400, 'RequestCannotBeCanceled', `The request cannot be canceled because its status is ${found.status}.`),
      action: 'cancel',
    };
  }
  found.status = 'Canceled';
  found.completedAt = model.clock.now();
  revokeActivation(model, found);
  return {
    reply: { status: 204, headers: { 'request-id': call.requestId, 'client-request-id': call.clientRequestId }, body: '' },
    action: 'cancel',
  };
}

/** A cancelled request's activation (a scheduled one) ends with it. */
function revokeActivation(model: TenantModel, found: RequestRecord): void {
  if (found.assignmentId === null) {
    return;
  }
  const assignment = model.assignments.find((item) => item.id === found.assignmentId);
  if (assignment !== undefined && assignment.assignmentType === 'Activated' && targetKey(assignment.target) === targetKey(found.target)) {
    assignment.revoked = true;
  }
}

function routesFor(kind: Kind): GraphRoute[] {
  const path = COLLECTIONS[kind].path;
  return [
    callerListRoute({
      path,
      scopes: COLLECTIONS[kind].read,
      kind,
      records: (model, userId) => model.requests.filter((item) => item.principalId === userId),
      resource: requestResource,
      entity: kind === 'directoryRole' ? 'unifiedRoleAssignmentScheduleRequest' : 'privilegedAccessGroupAssignmentScheduleRequest',
    }),
    { method: 'POST', path, handle: (exchange) => submit(exchange, kind) },
    { method: '*', path: `${path}/{id}`, handle: (exchange, params) => requestById(exchange, kind, params.id ?? '', false) },
    { method: '*', path: `${path}/{id}/cancel`, handle: (exchange, params) => requestById(exchange, kind, params.id ?? '', true) },
  ];
}

export const scheduleRequestRoutes: readonly GraphRoute[] = [...routesFor('directoryRole'), ...routesFor('group')];
