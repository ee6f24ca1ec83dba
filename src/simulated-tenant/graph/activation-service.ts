/**
 * PIM schedule requests (`selfActivate`, `selfDeactivate`, `selfExtend`, `selfRenew`) for directory roles and groups,
 * with every policy rule enforced and Graph's exact error bodies.
 *
 * Check order (a documented choice; Microsoft does not publish one): request shape → EligibilityRule → pending request /
 * RoleAssignmentExists → authentication context (acrs) → the remaining rules together (Expiration, Justification,
 * Ticketing, Mfa) → approval.
 */
import { randomUUID } from 'node:crypto';
import { acrsChallengeJson } from '../auth/claims-request';
import type { Reply } from '../http/http-kit';
import { parseIsoDuration } from '../model/duration';
import { planeOf, seededInstanceId, targetKey, type RequestRecord, type Target, type TenantModel } from '../model/tenant-model';
import type { AcrsChallengeForm } from '../api-types';
import type { Principal } from './graph-auth';
import { graphError, graphJson, type GraphCall } from './graph-errors';
import { requestResource } from './resources';

const SELF_ACTIONS = ['selfActivate', 'selfDeactivate', 'selfExtend', 'selfRenew'] as const;
type SelfAction = (typeof SELF_ACTIONS)[number];
const ADMIN_ACTIONS = ['adminAssign', 'adminUpdate', 'adminRemove', 'adminExtend', 'adminRenew'];
export const MINIMUM_ACTIVE_MS = 5 * 60_000;

export type SubmitContext = {
  readonly model: TenantModel;
  readonly principal: Principal;
  readonly call: GraphCall;
  readonly kind: 'directoryRole' | 'group';
  readonly body: unknown;
  /** Authorize URL for a `WWW-Authenticate` challenge. */
  readonly authorizationUri: string;
  /** For `@odata.context`. */
  readonly contextBase: string;
};

type Body = Readonly<Record<string, unknown>>;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function policyFailure(call: GraphCall, rules: readonly string[]): Reply {
  return graphError(
    call,
    400,
    'RoleAssignmentRequestPolicyValidationFailed',
    `The following policy rules failed: ${JSON.stringify(rules)}`,
  );
}

/** The authentication-context failure in the selected form: plain 400, `UnknownError`-wrapped 400, or 401 `WWW-Authenticate`. */
export function acrsFailure(
  form: AcrsChallengeForm,
  call: GraphCall,
  claimValue: string,
  principal: Principal,
  authorizationUri: string,
): Reply {
  const claims = acrsChallengeJson([claimValue]);
  const message = `&claims=${encodeURIComponent(claims)}`;
  // Graph sends WWW-Authenticate claims challenges only to clients that declared cp1 (claims-challenge.md).
  if (form === 'www-authenticate' && principal.xmsCc.includes('cp1')) {
    const encoded = Buffer.from(claims.replace(', ', ',')).toString('base64');
    return graphError(
      call,
      401,
      'InvalidAuthenticationToken',
      `The access token does not satisfy the authentication context '${claimValue}' required by this request.`,
      {
        'www-authenticate': `Bearer realm="", authorization_uri="${authorizationUri}", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${encoded}", cc_type="authcontext"`,
      },
    );
  }
  if (form === 'unknown-error') {
    return graphError(call, 400, 'UnknownError', JSON.stringify({ errorCode: 'RoleAssignmentRequestAcrsValidationFailed', message }));
  }
  return graphError(call, 400, 'RoleAssignmentRequestAcrsValidationFailed', message);
}

function normalizeAction(value: unknown): string | null {
  if (typeof value !== 'string') {
    return null;
  }
  const all = [...SELF_ACTIONS, ...ADMIN_ACTIONS, 'unknownFutureValue'];
  return all.find((action) => action.toLowerCase() === value.toLowerCase()) ?? null;
}

/** Requested duration in ms: from `expiration` (afterDuration / afterDateTime), null when not specified, 'infinite' for noExpiration. */
export function requestedDuration(scheduleInfo: unknown, start: Date): { ms: number | null; infinite: boolean; invalid: boolean } {
  if (typeof scheduleInfo !== 'object' || scheduleInfo === null) {
    return { ms: null, infinite: false, invalid: false };
  }
  const expiration = (scheduleInfo as { expiration?: unknown }).expiration;
  if (typeof expiration !== 'object' || expiration === null) {
    return { ms: null, infinite: false, invalid: false };
  }
  const { type, duration, endDateTime } = expiration as { type?: unknown; duration?: unknown; endDateTime?: unknown };
  const kind = typeof type === 'string' ? type.toLowerCase() : 'notspecified';
  if (kind === 'noexpiration') {
    return { ms: null, infinite: true, invalid: false };
  }
  if (typeof duration === 'string' && duration !== '') {
    const ms = parseIsoDuration(duration);
    return { ms, infinite: false, invalid: ms === null };
  }
  if (typeof endDateTime === 'string') {
    const end = Date.parse(endDateTime);
    return Number.isNaN(end)
      ? { ms: null, infinite: false, invalid: true }
      : { ms: end - start.getTime(), infinite: false, invalid: false };
  }
  return { ms: null, infinite: false, invalid: kind !== 'notspecified' };
}

export function requestedStart(scheduleInfo: unknown, now: Date): Date {
  const start =
    typeof scheduleInfo === 'object' && scheduleInfo !== null ? (scheduleInfo as { startDateTime?: unknown }).startDateTime : undefined;
  if (typeof start === 'string') {
    const parsed = Date.parse(start);
    if (!Number.isNaN(parsed) && parsed > now.getTime()) {
      return new Date(parsed);
    }
  }
  return now;
}

function echoedSchedule(scheduleInfo: unknown, start: Date): Record<string, unknown> | null {
  if (typeof scheduleInfo !== 'object' || scheduleInfo === null) {
    return null;
  }
  const expiration = (scheduleInfo as { expiration?: unknown }).expiration;
  const exp = typeof expiration === 'object' && expiration !== null ? (expiration as Record<string, unknown>) : {};
  const type = typeof exp.type === 'string' ? exp.type.charAt(0).toLowerCase() + exp.type.slice(1) : 'notSpecified';
  return {
    startDateTime: start.toISOString(),
    recurrence: null,
    expiration: {
      type,
      endDateTime: typeof exp.endDateTime === 'string' ? exp.endDateTime : null,
      duration: typeof exp.duration === 'string' ? exp.duration : null,
    },
  };
}

export function submitScheduleRequest(context: SubmitContext): { reply: Reply; action: string | null } {
  const { model, principal, call } = context;
  const body = context.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { reply: graphError(call, 400, 'BadRequest', 'Empty Payload. JSON content expected.'), action: null };
  }
  const input = body as Body;
  const action = normalizeAction(input.action);
  if (action === null) {
    return { reply: graphError(call, 400, 'BadRequest', `Invalid value '${String(input.action)}' for property 'action'.`), action: null };
  }
  if (!(SELF_ACTIONS as readonly string[]).includes(action)) {
    return {
      reply: graphError(
        call,
        403,
        'Authorization_RequestDenied',
        `The simulated tenant supports only self-service actions; '${action}' needs an administrator role it does not model.`,
      ),
      action,
    };
  }
  const selfAction = action as SelfAction;
  const principalId = text(input.principalId);
  if (principalId === null) {
    return { reply: graphError(call, 400, 'BadRequest', "The request is missing the required property 'principalId'."), action };
  }
  if (principalId !== principal.user.id) {
    return {
      reply: graphError(
        call,
        403,
        'Authorization_RequestDenied',
        'Self-service requests must be made for the signed-in user (principalId).',
      ),
      action,
    };
  }
  let target: Target;
  if (context.kind === 'directoryRole') {
    const roleDefinitionId = text(input.roleDefinitionId);
    if (roleDefinitionId === null) {
      return { reply: graphError(call, 400, 'BadRequest', "The request is missing the required property 'roleDefinitionId'."), action };
    }
    if (text(input.directoryScopeId) === null && text(input.appScopeId) === null) {
      return { reply: graphError(call, 400, 'BadRequest', 'Either directoryScopeId or appScopeId must be specified.'), action };
    }
    if (text(input.directoryScopeId) !== '/') {
      return { reply: policyFailure(call, ['EligibilityRule']), action };
    }
    target = { kind: 'directoryRole', roleId: roleDefinitionId };
  } else {
    const groupId = text(input.groupId);
    const accessId = typeof input.accessId === 'string' ? input.accessId.toLowerCase() : null;
    if (groupId === null || (accessId !== 'member' && accessId !== 'owner')) {
      return { reply: graphError(call, 400, 'BadRequest', "The request must specify 'groupId' and 'accessId' (member or owner)."), action };
    }
    if (selfAction === 'selfExtend' || selfAction === 'selfRenew') {
      return {
        reply: graphError(
          call,
          400,
          'BadRequest',
          `Action '${action}' is not supported for privilegedAccessGroupAssignmentScheduleRequest.`,
        ),
        action,
      };
    }
    target = { kind: 'group', groupId, accessId };
  }
  const now = model.clock.now();
  const policy = model.policyFor(target);
  const eligibility = model.eligibilityFor(principal.user.id, target, now);
  const record = (status: string, extra: Partial<RequestRecord> & { start?: Date } = {}): RequestRecord => {
    const { start: requestedStartAt, ...fields } = extra;
    const start = requestedStartAt ?? now;
    const ticket = typeof input.ticketInfo === 'object' && input.ticketInfo !== null ? (input.ticketInfo as Record<string, unknown>) : null;
    return {
      id: randomUUID(),
      target,
      action,
      status,
      principalId: principal.user.id,
      createdAt: now,
      completedAt: status === 'Provisioned' || status === 'Revoked' ? now : null,
      justification: text(input.justification),
      ticketInfo: ticket === null ? null : { ticketNumber: text(ticket.ticketNumber), ticketSystem: text(ticket.ticketSystem) },
      scheduleInfo: echoedSchedule(input.scheduleInfo, start),
      customData: text(input.customData),
      isValidationOnly: input.isValidationOnly === true,
      approvalId: null,
      durationMs: null,
      assignmentId: null,
      ...fields,
    };
  };
  const created = (request: RequestRecord): Reply => {
    const entity =
      context.kind === 'directoryRole'
        ? 'roleManagement/directory/roleAssignmentScheduleRequests'
        : 'identityGovernance/privilegedAccess/group/assignmentScheduleRequests';
    return graphJson(call, 201, {
      '@odata.context': `${context.contextBase}$metadata#${entity}/$entity`,
      ...requestResource(request, model),
    });
  };

  if (selfAction === 'selfDeactivate') {
    const active = model
      .currentAssignments(principal.user.id, now)
      .find((item) => targetKey(item.target) === targetKey(target) && item.assignmentType === 'Activated');
    const provisioning = model.existingOrProvisioning(principal.user.id, target, now);
    const assignment = active ?? (provisioning?.assignmentType === 'Activated' ? provisioning : undefined);
    if (assignment === undefined) {
      return { reply: graphError(call, 400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.'), action };
    }
    if (now.getTime() - assignment.start.getTime() < MINIMUM_ACTIVE_MS) {
      return {
        reply: graphError(call, 400, 'ActiveDurationTooShort', 'The Active duration is too short. Miniumum Required is 5 minutes.'),
        action,
      };
    }
    const request = record('Revoked');
    if (!request.isValidationOnly) {
      assignment.revoked = true;
      assignment.end = now;
      model.requests.push(request);
    }
    return { reply: created(request), action };
  }

  if (eligibility === undefined || policy === undefined) {
    return { reply: policyFailure(call, ['EligibilityRule']), action };
  }
  const spec = policy.spec;
  const existing = model.existingOrProvisioning(principal.user.id, target, now);
  if (selfAction === 'selfActivate') {
    const pending = model.requests.find(
      (item) =>
        item.principalId === principal.user.id &&
        targetKey(item.target) === targetKey(target) &&
        (item.status === 'PendingApproval' || item.status === 'PendingAdminDecision'),
    );
    if (pending !== undefined) {
      return {
        reply: graphError(call, 400, 'PendingRoleAssignmentRequest', 'There is already an existing pending Role assignment request.'),
        action,
      };
    }
    if (existing !== undefined) {
      return { reply: graphError(call, 400, 'RoleAssignmentExists', 'The Role assignment already exists.'), action };
    }
  } else if (selfAction === 'selfExtend' && (existing === undefined || existing.end === null)) {
    return { reply: graphError(call, 400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.'), action };
  } else if (selfAction === 'selfRenew' && existing !== undefined) {
    return { reply: graphError(call, 400, 'RoleAssignmentExists', 'The Role assignment already exists.'), action };
  }

  // Authentication context, or PIM's backup protection (MFA) when no CA policy targets the context.
  let backupMfa = false;
  const claimValue = spec.authenticationContext;
  if (claimValue !== null) {
    if (model.contextTargetedByAnyPolicy(claimValue)) {
      const hasContext = principal.acrs.includes(claimValue) && (!model.settings.requireCp1ForAcrs || principal.xmsCc.includes('cp1'));
      if (!hasContext) {
        const form =
          model.settings.acrsChallengeFormByContext[claimValue] ??
          (context.kind === 'group' ? model.settings.groupAcrsChallengeForm : null) ??
          model.settings.acrsChallengeForm;
        return { reply: acrsFailure(form, call, claimValue, principal, context.authorizationUri), action };
      }
    } else {
      backupMfa = true;
    }
  }

  const start = requestedStart(input.scheduleInfo, now);
  const duration = requestedDuration(input.scheduleInfo, start);
  const maximum = parseIsoDuration(spec.maximumDuration) ?? 8 * 3_600_000;
  const failed: string[] = [];
  if (duration.invalid || duration.infinite || (duration.ms !== null && (duration.ms > maximum || duration.ms <= 0))) {
    failed.push('ExpirationRule');
  }
  if (spec.requireJustification && text(input.justification) === null) {
    failed.push('JustificationRule');
  }
  const ticket = typeof input.ticketInfo === 'object' && input.ticketInfo !== null ? (input.ticketInfo as Record<string, unknown>) : null;
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

  if (input.isValidationOnly === true) {
    return { reply: created(record('Granted', { durationMs, start })), action };
  }
  if (selfAction === 'selfExtend' || selfAction === 'selfRenew') {
    // Extension and renewal go to an administrator (approve/deny through the control API). [UNCONFIRMED details]
    const request = record('PendingAdminDecision', { durationMs, start, approvalId: randomUUID(), assignmentId: existing?.id ?? null });
    model.requests.push(request);
    return { reply: created(request), action };
  }
  if (spec.requireApproval) {
    const request = record('PendingApproval', { durationMs, start, approvalId: randomUUID() });
    model.requests.push(request);
    return { reply: created(request), action };
  }
  const delay = model.settings.activationDelayMs;
  const status = delay > 0 || start.getTime() > now.getTime() ? 'Granted' : 'Provisioned';
  const request = record(status, { durationMs, start });
  request.assignmentId = activate(model, request, start, durationMs, delay);
  model.requests.push(request);
  return { reply: created(request), action };
}

/** Creates the activated assignment for a request (after approval or directly). Returns its id. */
export function activate(model: TenantModel, request: RequestRecord, start: Date, durationMs: number, delayMs: number): string {
  const id = seededInstanceId(`activation:${request.id}`, '-1');
  const visibleAt = new Date(model.clock.now().getTime() + delayMs);
  const provisioned = Math.max(visibleAt.getTime(), start.getTime());
  model.assignments.push({
    id,
    scheduleId: request.id,
    principalId: request.principalId,
    target: request.target,
    start,
    end: new Date(start.getTime() + durationMs),
    assignmentType: 'Activated',
    originRequestId: request.id,
    visibleAt,
    effectiveAt: new Date(provisioned + model.settings.propagationDelayMs[planeOf(request.target)]),
    revoked: false,
  });
  return id;
}

/** Request statuses as they evolve on the tenant clock (Granted → Provisioned once provisioning is done). */
export function refreshRequestStatuses(model: TenantModel): void {
  const now = model.clock.now();
  for (const request of model.requests) {
    if (request.status === 'Granted' && request.assignmentId !== null) {
      const assignment = model.assignments.find((item) => item.id === request.assignmentId);
      if (assignment !== undefined && assignment.visibleAt <= now && assignment.start <= now) {
        request.status = 'Provisioned';
        request.completedAt = assignment.visibleAt > assignment.start ? assignment.visibleAt : assignment.start;
      }
    }
  }
}
