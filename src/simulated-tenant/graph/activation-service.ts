/**
 * What PIM's schedule requests share on Graph and ARM: the authentication-context failure in each form, the requested
 * start and duration, creating the activated assignment, and request statuses on the tenant clock. The Graph request
 * itself is checked in `schedule-request-submit.ts`, the ARM one in `arm/arm-activation.ts`.
 */
import { acrsChallengeJson } from '../auth/claims-request';
import type { Reply } from '../http/http-kit';
import { parseIsoDuration } from '../model/duration';
import { planeOf, seededInstanceId, type RequestRecord, type TenantModel } from '../model/tenant-model';
import type { AcrsChallengeForm } from '../api-types';
import type { Principal } from './graph-auth';
import { graphError, type GraphCall } from './graph-errors';

export const MINIMUM_ACTIVE_MS = 5 * 60_000;

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
