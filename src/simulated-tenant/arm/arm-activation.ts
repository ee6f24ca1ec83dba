/**
 * `PUT {scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{guid}` for `SelfActivate` and
 * `SelfDeactivate`, with the same policy rules and check order as the Graph activation service (shape → eligibility →
 * pending / RoleAssignmentExists → authentication context → Expiration, Justification, Ticketing, Mfa together →
 * approval) and ARM's error bodies.
 *
 * Choices where Microsoft documents nothing: a second PUT with a name already used answers 400
 * `RoleAssignmentRequestExists` (clients mint a new GUID per attempt); a pending request for the same role answers the
 * same code; asking for someone else's principal answers `InsufficientPermissions`.
 */
import { acrsChallengeJson } from '../auth/claims-request';
import { activate, MINIMUM_ACTIVE_MS, requestedDuration, requestedStart } from '../graph/activation-service';
import type { Reply } from '../http/http-kit';
import { parseIsoDuration } from '../model/duration';
import { targetKey, type RequestRecord, type Target, type TenantModel } from '../model/tenant-model';
import type { ArmPrincipal } from './arm-auth';
import { armError, armJson, type ArmCall } from './arm-errors';
import { roleDefinitionGuid, scheduleRequest } from './arm-resources';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ADMIN_TYPES = ['AdminAssign', 'AdminRemove', 'AdminUpdate', 'AdminExtend', 'AdminRenew'];

export type ArmSubmit = {
  readonly model: TenantModel;
  readonly principal: ArmPrincipal;
  readonly call: ArmCall;
  /** The scope from the path (any case). */
  readonly scope: string;
  /** The request name from the path. */
  readonly name: string;
  readonly body: unknown;
};

type Body = Readonly<Record<string, unknown>>;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function policyFailure(call: ArmCall, rules: readonly string[]): Reply {
  return armError(call, 400, 'RoleAssignmentRequestPolicyValidationFailed', `The following policy rules failed: ${JSON.stringify(rules)}`);
}

/** ARM's authentication-context failure: 400 with the claims request URL-encoded in the message (no WWW-Authenticate). */
export function armAcrsFailure(call: ArmCall, claimValue: string): Reply {
  return armError(call, 400, 'RoleAssignmentRequestAcrsValidationFailed', `&claims=${encodeURIComponent(acrsChallengeJson([claimValue]))}`);
}

function invalidContent(call: ArmCall, detail: string): Reply {
  return armError(call, 400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${detail}'.`);
}

export function submitArmRequest(input: ArmSubmit): { reply: Reply; action: string | null } {
  const { model, principal, call } = input;
  if (!GUID.test(input.name)) {
    return {
      reply: armError(
        call,
        400,
        'InvalidRoleAssignmentScheduleRequestName',
        `The request name '${input.name}' is not valid. It must be a GUID.`,
      ),
      action: null,
    };
  }
  const body = input.body;
  const properties =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { properties?: unknown }).properties : undefined;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    return { reply: invalidContent(call, "Required property 'properties' not found in JSON"), action: null };
  }
  const props = properties as Body;
  for (const required of ['roleDefinitionId', 'principalId', 'requestType']) {
    if (text(props[required]) === null) {
      return { reply: invalidContent(call, `Required property '${required}' not found in JSON`), action: null };
    }
  }
  const requestType = String(props.requestType);
  if (ADMIN_TYPES.some((type) => type.toLowerCase() === requestType.toLowerCase())) {
    return {
      reply: armError(
        call,
        403,
        'AuthorizationFailed',
        `The client '${principal.user.userPrincipalName}' with object id '${principal.user.id}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignmentScheduleRequests/write' over scope '${input.scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${input.name}' or the scope is invalid.`,
      ),
      action: requestType,
    };
  }
  const action = ['SelfActivate', 'SelfDeactivate'].find((type) => type.toLowerCase() === requestType.toLowerCase());
  if (action === undefined) {
    return {
      reply: invalidContent(call, `The simulated tenant supports requestType SelfActivate and SelfDeactivate, not '${requestType}'`),
      action: requestType,
    };
  }
  if (model.requests.some((item) => item.id.toLowerCase() === input.name.toLowerCase())) {
    return {
      reply: armError(call, 400, 'RoleAssignmentRequestExists', 'A role assignment request with the same name already exists.'),
      action,
    };
  }
  if (String(props.principalId).toLowerCase() !== principal.user.id) {
    return {
      reply: armError(
        call,
        400,
        'InsufficientPermissions',
        `The requestor ${principal.user.id} does not have permissions for this request.`,
      ),
      action,
    };
  }
  const roleDefinitionId = roleDefinitionGuid(String(props.roleDefinitionId));
  if (!model.azureRoles.has(roleDefinitionId)) {
    return {
      reply: armError(
        call,
        400,
        'RoleDefinitionDoesNotExist',
        `The specified role definition with ID '${roleDefinitionId}' does not exist.`,
      ),
      action,
    };
  }
  const target: Target = { kind: 'azureRole', scope: model.canonicalScope(input.scope), roleDefinitionId };
  return action === 'SelfActivate' ? selfActivate(input, props, target) : selfDeactivate(input, props, target);
}

function newRecord(
  input: ArmSubmit,
  props: Body,
  target: Target,
  action: string,
  status: string,
  extra: Partial<RequestRecord> = {},
): RequestRecord {
  const now = input.model.clock.now();
  const ticket = typeof props.ticketInfo === 'object' && props.ticketInfo !== null ? (props.ticketInfo as Body) : null;
  const schedule = typeof props.scheduleInfo === 'object' && props.scheduleInfo !== null ? (props.scheduleInfo as Body) : null;
  const start = requestedStart(props.scheduleInfo, now);
  const expiration = typeof schedule?.expiration === 'object' && schedule.expiration !== null ? (schedule.expiration as Body) : {};
  return {
    id: input.name.toLowerCase(),
    target,
    action,
    status,
    principalId: input.principal.user.id,
    createdAt: now,
    completedAt: status === 'Provisioned' || status === 'Revoked' ? now : null,
    justification: text(props.justification),
    ticketInfo: ticket === null ? null : { ticketNumber: text(ticket.ticketNumber), ticketSystem: text(ticket.ticketSystem) },
    scheduleInfo:
      schedule === null
        ? null
        : {
            startDateTime: start.toISOString(),
            expiration: {
              type: text(expiration.type) ?? 'AfterDuration',
              endDateTime: text(expiration.endDateTime),
              duration: text(expiration.duration),
            },
          },
    customData: null,
    isValidationOnly: false,
    approvalId: null,
    durationMs: null,
    assignmentId: null,
    linkedEligibilityScheduleId: text(props.linkedRoleEligibilityScheduleId),
    ...extra,
  };
}

function created(input: ArmSubmit, request: RequestRecord): Reply {
  return armJson(input.call, 201, scheduleRequest(input.model, request, request.target as Extract<Target, { kind: 'azureRole' }>));
}

function selfDeactivate(input: ArmSubmit, props: Body, target: Target): { reply: Reply; action: string } {
  const { model, principal, call } = input;
  const action = 'SelfDeactivate';
  const now = model.clock.now();
  const assignment = model.existingOrProvisioning(principal.user.id, target, now);
  if (assignment?.assignmentType !== 'Activated') {
    return { reply: armError(call, 400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.'), action };
  }
  if (now.getTime() - assignment.start.getTime() < MINIMUM_ACTIVE_MS) {
    return {
      reply: armError(call, 400, 'ActiveDurationTooShort', 'The Active duration is too short. Miniumum Required is 5 minutes.'),
      action,
    };
  }
  const request = newRecord(input, props, target, action, 'Revoked');
  assignment.revoked = true;
  assignment.end = now;
  model.requests.push(request);
  return { reply: created(input, request), action };
}

function selfActivate(input: ArmSubmit, props: Body, target: Target): { reply: Reply; action: string } {
  const { model, principal, call } = input;
  const action = 'SelfActivate';
  const now = model.clock.now();
  const eligibility = model.eligibilityFor(principal.user.id, target, now);
  const linked = text(props.linkedRoleEligibilityScheduleId);
  const linkedMatches = linked === null || eligibility === undefined || linked.split('/').pop()?.toLowerCase() === eligibility.scheduleId;
  const policy = model.policyFor(target);
  if (eligibility === undefined || policy === undefined || !linkedMatches) {
    return { reply: policyFailure(call, ['EligibilityRule']), action };
  }
  const pending = model.requests.find(
    (item) => item.principalId === principal.user.id && targetKey(item.target) === targetKey(target) && item.status === 'PendingApproval',
  );
  if (pending !== undefined) {
    return {
      reply: armError(
        call,
        400,
        'RoleAssignmentRequestExists',
        'A pending role assignment request already exists for this role and scope.',
      ),
      action,
    };
  }
  if (model.existingOrProvisioning(principal.user.id, target, now) !== undefined) {
    return { reply: armError(call, 400, 'RoleAssignmentExists', 'The Role assignment already exists.'), action };
  }
  const spec = policy.spec;
  let backupMfa = false;
  const claimValue = spec.authenticationContext;
  if (claimValue !== null) {
    if (!model.contextTargetedByAnyPolicy(claimValue)) {
      backupMfa = true;
    } else if (!principal.acrs.includes(claimValue)) {
      return { reply: armAcrsFailure(call, claimValue), action };
    }
  }
  const start = requestedStart(props.scheduleInfo, now);
  const duration = requestedDuration(props.scheduleInfo, start);
  const maximum = parseIsoDuration(spec.maximumDuration) ?? 8 * 3_600_000;
  const failed: string[] = [];
  if (duration.invalid || duration.infinite || (duration.ms !== null && (duration.ms > maximum || duration.ms <= 0))) {
    failed.push('ExpirationRule');
  }
  if (spec.requireJustification && text(props.justification) === null) {
    failed.push('JustificationRule');
  }
  const ticket = typeof props.ticketInfo === 'object' && props.ticketInfo !== null ? (props.ticketInfo as Body) : null;
  if (spec.requireTicket && text(ticket?.ticketNumber) === null) {
    failed.push('TicketingRule');
  }
  if ((spec.requireMfa || backupMfa) && !principal.amr.includes('mfa')) {
    failed.push('MfaRule');
  }
  if (failed.length > 0) {
    return { reply: policyFailure(call, failed), action };
  }
  const durationMs = duration.ms ?? maximum;
  if (spec.requireApproval) {
    const request = newRecord(input, props, target, action, 'PendingApproval', { durationMs, approvalId: input.name.toLowerCase() });
    model.requests.push(request);
    return { reply: created(input, request), action };
  }
  const delay = model.settings.activationDelayMs;
  const status = delay > 0 || start.getTime() > now.getTime() ? 'Granted' : 'Provisioned';
  const request = newRecord(input, props, target, action, status, { durationMs });
  request.assignmentId = activate(model, request, start, durationMs, delay);
  model.requests.push(request);
  return { reply: created(input, request), action };
}
