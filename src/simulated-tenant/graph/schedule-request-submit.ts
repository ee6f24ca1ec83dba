/**
 * A Graph PIM schedule request (`selfActivate`, `selfDeactivate`, `selfExtend`, `selfRenew`) for a directory role or a
 * group, with every policy rule enforced and Graph's exact error bodies.
 *
 * Check order (a documented choice; Microsoft does not publish one): request shape → EligibilityRule → pending request /
 * RoleAssignmentExists → authentication context (acrs) → the remaining rules together (Expiration, Justification,
 * Ticketing, Mfa) → approval. Each step below answers with a failure or lets the next one run.
 */
import { randomUUID } from 'node:crypto';
import type { Reply } from '../http/http-kit';
import { parseIsoDuration } from '../model/duration';
import { targetKey, type AssignmentRecord, type RequestRecord, type Target, type TenantModel } from '../model/tenant-model';
import type { PolicySpec } from '../scenario/schema';
import { acrsFailure, activate, MINIMUM_ACTIVE_MS, requestedDuration, requestedStart } from './activation-service';
import type { Principal } from './graph-auth';
import { graphError, graphJson, type GraphCall } from './graph-errors';
import { requestResource } from './resources';

const SELF_ACTIONS = ['selfActivate', 'selfDeactivate', 'selfExtend', 'selfRenew'] as const;
type SelfAction = (typeof SELF_ACTIONS)[number];
const ADMIN_ACTIONS = ['adminAssign', 'adminUpdate', 'adminRemove', 'adminExtend', 'adminRenew'];

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
type Outcome = { reply: Reply; action: string | null };

/** A request whose shape passed: what it asks, for whom, on which target, read at `now`. */
type Submission = {
  readonly context: SubmitContext;
  readonly input: Body;
  readonly action: SelfAction;
  readonly target: Target;
  readonly now: Date;
};

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

function normalizeAction(value: unknown): string | null {
  if (typeof value !== 'string') {
    return null;
  }
  const all = [...SELF_ACTIONS, ...ADMIN_ACTIONS, 'unknownFutureValue'];
  return all.find((action) => action.toLowerCase() === value.toLowerCase()) ?? null;
}

function ticketOf(input: Body): Record<string, unknown> | null {
  return typeof input.ticketInfo === 'object' && input.ticketInfo !== null ? (input.ticketInfo as Record<string, unknown>) : null;
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

/** The request record PIM keeps, echoing what the client sent. */
function record(submission: Submission, status: string, extra: Partial<RequestRecord> & { start?: Date } = {}): RequestRecord {
  const { input, now } = submission;
  const { start: requestedStartAt, ...fields } = extra;
  const start = requestedStartAt ?? now;
  const ticket = ticketOf(input);
  return {
    id: randomUUID(),
    target: submission.target,
    action: submission.action,
    status,
    principalId: submission.context.principal.user.id,
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
}

/** 201 with the request as Graph returns it. */
function created(submission: Submission, request: RequestRecord): Outcome {
  const { context } = submission;
  const entity =
    context.kind === 'directoryRole'
      ? 'roleManagement/directory/roleAssignmentScheduleRequests'
      : 'identityGovernance/privilegedAccess/group/assignmentScheduleRequests';
  const reply = graphJson(context.call, 201, {
    '@odata.context': `${context.contextBase}$metadata#${entity}/$entity`,
    ...requestResource(request, context.model),
  });
  return { reply, action: submission.action };
}

/** The action and principal: a self-service action for the signed-in user. */
function readAction(context: SubmitContext, input: Body): SelfAction | Outcome {
  const { call, principal } = context;
  const action = normalizeAction(input.action);
  if (action === null) {
    return { reply: graphError(call, 400, 'BadRequest', `Invalid value '${String(input.action)}' for property 'action'.`), action: null };
  }
  if (!(SELF_ACTIONS as readonly string[]).includes(action)) {
    const message = `The simulated tenant supports only self-service actions; '${action}' needs an administrator role it does not model.`;
    return { reply: graphError(call, 403, 'Authorization_RequestDenied', message), action };
  }
  const principalId = text(input.principalId);
  if (principalId === null) {
    return { reply: graphError(call, 400, 'BadRequest', "The request is missing the required property 'principalId'."), action };
  }
  if (principalId !== principal.user.id) {
    const message = 'Self-service requests must be made for the signed-in user (principalId).';
    return { reply: graphError(call, 403, 'Authorization_RequestDenied', message), action };
  }
  return action as SelfAction;
}

/** The role (at the directory scope) or the group membership or ownership the request is for. */
function readTarget(context: SubmitContext, input: Body, action: SelfAction): Target | Outcome {
  const { call } = context;
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
    return { kind: 'directoryRole', roleId: roleDefinitionId };
  }
  const groupId = text(input.groupId);
  const accessId = typeof input.accessId === 'string' ? input.accessId.toLowerCase() : null;
  if (groupId === null || (accessId !== 'member' && accessId !== 'owner')) {
    return { reply: graphError(call, 400, 'BadRequest', "The request must specify 'groupId' and 'accessId' (member or owner)."), action };
  }
  if (action === 'selfExtend' || action === 'selfRenew') {
    const message = `Action '${action}' is not supported for privilegedAccessGroupAssignmentScheduleRequest.`;
    return { reply: graphError(call, 400, 'BadRequest', message), action };
  }
  return { kind: 'group', groupId, accessId };
}

/** `selfDeactivate`: ends the caller's activation, at least five minutes after it started. */
function deactivate(submission: Submission): Outcome {
  const { context, target, now, action } = submission;
  const { model, principal, call } = context;
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
  const request = record(submission, 'Revoked');
  if (!request.isValidationOnly) {
    assignment.revoked = true;
    assignment.end = now;
    model.requests.push(request);
  }
  return created(submission, request);
}

/** A pending request or an existing assignment (activation), or none to extend or renew. */
function existingCheck(submission: Submission, existing: AssignmentRecord | undefined): Outcome | null {
  const { context, target, action } = submission;
  const { model, principal, call } = context;
  if (action === 'selfActivate') {
    const pending = model.requests.find(
      (item) =>
        item.principalId === principal.user.id &&
        targetKey(item.target) === targetKey(target) &&
        (item.status === 'PendingApproval' || item.status === 'PendingAdminDecision'),
    );
    if (pending !== undefined) {
      const message = 'There is already an existing pending Role assignment request.';
      return { reply: graphError(call, 400, 'PendingRoleAssignmentRequest', message), action };
    }
    if (existing !== undefined) {
      return { reply: graphError(call, 400, 'RoleAssignmentExists', 'The Role assignment already exists.'), action };
    }
  } else if (action === 'selfExtend' && (existing === undefined || existing.end === null)) {
    return { reply: graphError(call, 400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.'), action };
  } else if (action === 'selfRenew' && existing !== undefined) {
    return { reply: graphError(call, 400, 'RoleAssignmentExists', 'The Role assignment already exists.'), action };
  }
  return null;
}

/**
 * The authentication context: the challenge in the selected form when the token lacks it, or PIM's backup
 * protection (MFA, `backupMfa`) when no CA policy targets the context.
 */
function contextCheck(submission: Submission, spec: PolicySpec): Outcome | { readonly backupMfa: boolean } {
  const { context, action } = submission;
  const { model, principal } = context;
  const claimValue = spec.authenticationContext;
  if (claimValue === null) {
    return { backupMfa: false };
  }
  if (!model.contextTargetedByAnyPolicy(claimValue)) {
    return { backupMfa: true };
  }
  const hasContext = principal.acrs.includes(claimValue) && (!model.settings.requireCp1ForAcrs || principal.xmsCc.includes('cp1'));
  if (hasContext) {
    return { backupMfa: false };
  }
  const form =
    model.settings.acrsChallengeFormByContext[claimValue] ??
    (context.kind === 'group' ? model.settings.groupAcrsChallengeForm : null) ??
    model.settings.acrsChallengeForm;
  return { reply: acrsFailure(form, context.call, claimValue, principal, context.authorizationUri), action };
}

/** The rules checked together once the context holds: expiration, justification, ticket, MFA. */
function failedRules(submission: Submission, spec: PolicySpec, backupMfa: boolean, maximum: number): string[] {
  const { input, context, now } = submission;
  const duration = requestedDuration(input.scheduleInfo, requestedStart(input.scheduleInfo, now));
  const failed: string[] = [];
  if (duration.invalid || duration.infinite || (duration.ms !== null && (duration.ms > maximum || duration.ms <= 0))) {
    failed.push('ExpirationRule');
  }
  if (spec.requireJustification && text(input.justification) === null) {
    failed.push('JustificationRule');
  }
  if (spec.requireTicket && text(ticketOf(input)?.ticketNumber) === null) {
    failed.push('TicketingRule');
  }
  if ((spec.requireMfa || backupMfa) && !context.principal.amr.includes('mfa')) {
    failed.push('MfaRule');
  }
  return failed;
}

/** A request that passed every check: validated only, sent for a decision, or activated (now or at its start). */
function grant(submission: Submission, spec: PolicySpec, existing: AssignmentRecord | undefined, maximum: number): Outcome {
  const { input, context, now, action } = submission;
  const { model } = context;
  const start = requestedStart(input.scheduleInfo, now);
  const durationMs = requestedDuration(input.scheduleInfo, start).ms ?? maximum;
  if (input.isValidationOnly === true) {
    return created(submission, record(submission, 'Granted', { durationMs, start }));
  }
  if (action === 'selfExtend' || action === 'selfRenew') {
    // Extension and renewal go to an administrator (approve/deny through the control API). [UNCONFIRMED details]
    const approvalId = randomUUID();
    const request = record(submission, 'PendingAdminDecision', { durationMs, start, approvalId, assignmentId: existing?.id ?? null });
    model.requests.push(request);
    return created(submission, request);
  }
  if (spec.requireApproval) {
    const request = record(submission, 'PendingApproval', { durationMs, start, approvalId: randomUUID() });
    model.requests.push(request);
    return created(submission, request);
  }
  const delay = model.settings.activationDelayMs;
  const status = delay > 0 || start.getTime() > now.getTime() ? 'Granted' : 'Provisioned';
  const request = record(submission, status, { durationMs, start });
  request.assignmentId = activate(model, request, start, durationMs, delay);
  model.requests.push(request);
  return created(submission, request);
}

export function submitScheduleRequest(context: SubmitContext): Outcome {
  const { model, principal, call, body } = context;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { reply: graphError(call, 400, 'BadRequest', 'Empty Payload. JSON content expected.'), action: null };
  }
  const input = body as Body;
  const action = readAction(context, input);
  if (typeof action !== 'string') {
    return action;
  }
  const target = readTarget(context, input, action);
  if ('reply' in target) {
    return target;
  }
  const submission: Submission = { context, input, action, target, now: model.clock.now() };
  if (action === 'selfDeactivate') {
    return deactivate(submission);
  }
  const policy = model.policyFor(target);
  if (model.eligibilityFor(principal.user.id, target, submission.now) === undefined || policy === undefined) {
    return { reply: policyFailure(call, ['EligibilityRule']), action };
  }
  const existing = model.existingOrProvisioning(principal.user.id, target, submission.now);
  const refused = existingCheck(submission, existing) ?? contextCheck(submission, policy.spec);
  if ('reply' in refused) {
    return refused;
  }
  const maximum = parseIsoDuration(policy.spec.maximumDuration) ?? 8 * 3_600_000;
  const failed = failedRules(submission, policy.spec, refused.backupMfa, maximum);
  if (failed.length > 0) {
    return { reply: policyFailure(call, failed), action };
  }
  return grant(submission, policy.spec, existing, maximum);
}
