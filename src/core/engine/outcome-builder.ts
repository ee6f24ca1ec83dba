/**
 * The outcome builder: the one place that turns what happened to a role into its progress
 * events and its `ActivationOutcome`, so the UI's last phase and the report never disagree, and
 * that decides what a schedule request's status means (pending approval, scheduled, follow it,
 * or refused).
 */
import { appError } from '../../shared/errors';
import type { AppError } from '../../shared/errors';
import type { ActivationOutcome, ActivationPhase, ActivationProgress, ActivationStatus } from '../../shared/domain/activation';
import type { EligibleRole } from '../../shared/domain/roles';
import type { ScheduleRequest } from '../pim/activation-surface';
import type { FollowResult } from './follower';

/** Statuses of a request still on its way to an active instance. */
const IN_PROGRESS = new Set(['Granted', 'PendingProvisioning', 'ScheduleCreated', 'PendingScheduleCreation', 'Accepted', 'Provisioned']);
const PENDING_APPROVAL = new Set(['PendingApproval', 'PendingAdminDecision']);

/** True for a request PIM accepted that is still on its way to an instance (provisioning), or already there. */
export const isInFlight = (status: string): boolean => IN_PROGRESS.has(status);

/** True for a request waiting for an approver or an administrator. */
export const isPendingApproval = (status: string): boolean => PENDING_APPROVAL.has(status);

/** A start further ahead than this (server time) is a scheduled activation, not one to follow now. */
const SCHEDULED_AHEAD_MS = 120_000;

export type OutcomeBuilderOptions = {
  readonly runId: string;
  readonly emitProgress: (progress: ActivationProgress) => void;
  /** The service's clock (local clock corrected by the skew Graph's `Date` headers showed). */
  readonly serverNow: () => Date;
};

type Details = Pick<ActivationOutcome, 'startDateTime' | 'endDateTime' | 'error' | 'alreadyRequested' | 'unconfirmed'>;

export type OutcomeBuilder = {
  progress(
    roleId: string,
    phase: ActivationPhase,
    extra?: { readonly requestId?: string; readonly error?: AppError; readonly unconfirmed?: boolean },
  ): void;
  /** Reports a role's final phase and returns the matching outcome. */
  settle(role: EligibleRole, status: ActivationStatus, started: number, requestId?: string | null, details?: Details): ActivationOutcome;
  /** `unconfirmed`: the request may have taken effect (ActivationOutcome.unconfirmed). */
  failed(role: EligibleRole, error: AppError, started: number, requestId?: string | null, unconfirmed?: boolean): ActivationOutcome;
  /**
   * What an accepted (or reconciled) request means for the role; `follow` is called only for a
   * request still on its way to active.
   */
  fromRequest(
    role: EligibleRole,
    request: ScheduleRequest,
    started: number,
    follow: (requestId: string | null) => Promise<FollowResult>,
  ): Promise<ActivationOutcome>;
};

export function createOutcomeBuilder(options: OutcomeBuilderOptions): OutcomeBuilder {
  const progress: OutcomeBuilder['progress'] = (roleId, phase, extra = {}) => {
    options.emitProgress({ runId: options.runId, roleId, phase, at: new Date().toISOString(), ...extra });
  };

  const settle: OutcomeBuilder['settle'] = (role, status, started, requestId, details = {}) => {
    const withRequestId = requestId === undefined || requestId === null ? {} : { requestId };
    progress(role.id, status, {
      ...withRequestId,
      ...(details.error === undefined ? {} : { error: details.error }),
      ...(details.unconfirmed === true ? { unconfirmed: true } : {}),
    });
    // Active per PIM now (or since its start, when it was active already); usable only once the ready check says so.
    const activeAt =
      status === 'active' ? options.serverNow().toISOString() : status === 'already-active' ? (details.startDateTime ?? null) : null;
    return {
      roleId: role.id,
      displayName: role.displayName,
      status,
      ...withRequestId,
      ...details,
      activeAt,
      usableAt: null,
      elapsedMs: Date.now() - started,
    };
  };

  const failed: OutcomeBuilder['failed'] = (role, error, started, requestId, unconfirmed = false) =>
    settle(role, 'failed', started, requestId, unconfirmed ? { error, unconfirmed } : { error });

  const fromFollow = (role: EligibleRole, started: number, requestId: string | null, result: FollowResult): ActivationOutcome => {
    switch (result.kind) {
      case 'active':
        return settle(role, 'active', started, requestId, { startDateTime: result.startDateTime, endDateTime: result.endDateTime });
      case 'ended':
        return failed(
          role,
          appError('pim/policy-violation', `PIM ended the request with status ${result.status}.`, { serviceCode: result.status }),
          started,
          requestId,
        );
      case 'timed-out':
        return settle(role, 'scheduled', started, requestId, { startDateTime: result.startDateTime });
    }
  };

  const fromRequest: OutcomeBuilder['fromRequest'] = async (role, request, started, follow) => {
    if (isPendingApproval(request.status)) {
      return settle(role, 'pending-approval', started, request.id);
    }
    const start = request.startDateTime;
    if (start !== null && Date.parse(start) > options.serverNow().getTime() + SCHEDULED_AHEAD_MS) {
      return settle(role, 'scheduled', started, request.id, { startDateTime: start });
    }
    if (IN_PROGRESS.has(request.status)) {
      progress(role.id, 'provisioning', request.id === null ? {} : { requestId: request.id });
      return fromFollow(role, started, request.id, await follow(request.id));
    }
    const error = appError(
      'pim/policy-violation',
      `PIM answered the request with status ${request.status || 'unknown'}; it was not activated.`,
      { serviceCode: request.status },
    );
    return failed(role, error, started, request.id);
  };

  return { progress, settle, failed, fromRequest };
}
