/**
 * The in-process {@link TenantControl}: clock, approvals, journal, faults and settings of a running simulated tenant.
 * The control API (`control/control-server.ts`) and the desktop demo both steer the tenant through it.
 */
import type { AcrsChallengeForm, FaultSpec, RequestSummary, TenantControl, UnattendedSignIn } from './api-types';
import type { AuthorityStore } from './authority/authority-store';
import type { FaultInjector, Journal } from './control/journal-and-faults';
import { activate, refreshRequestStatuses } from './graph/activation-service';
import { isSignInMethod } from './model/methods';
import type { RequestRecord, Target, TenantModel, UserRecord } from './model/tenant-model';

/** What a running tenant holds: the current model (replaced on reset) and the state that outlives it. */
export type TenantRuntime = {
  model: TenantModel;
  readonly store: AuthorityStore;
  readonly journal: Journal;
  readonly faults: FaultInjector;
  /** Replaces the model with a fresh one on a new clock (`scenario` undefined or null: the current scenario). */
  readonly renew: (scenario: unknown) => void;
};

export function validateUnattended(model: TenantModel, unattended: UnattendedSignIn | null): void {
  if (unattended === null) {
    return;
  }
  if (model.userByName(unattended.username) === undefined) {
    throw new Error(`Unattended sign-in: unknown user "${unattended.username}".`);
  }
  const bad = unattended.methods.find((method) => !isSignInMethod(method));
  if (bad !== undefined) {
    throw new Error(`Unattended sign-in: unknown method "${bad}".`);
  }
}

/** How the control API names a request's target: role id, `{groupId}:{accessId}`, or `{scope}:{roleDefinitionId}`. */
function requestTargetText(target: Target): string {
  switch (target.kind) {
    case 'directoryRole':
      return target.roleId;
    case 'group':
      return `${target.groupId}:${target.accessId}`;
    default:
      return `${target.scope}:${target.roleDefinitionId}`;
  }
}

function summarize(model: TenantModel, request: RequestRecord): RequestSummary {
  return {
    id: request.id,
    kind: request.target.kind,
    action: request.action,
    status: request.status,
    principalId: request.principalId,
    username: model.userById(request.principalId)?.userPrincipalName ?? request.principalId,
    target: requestTargetText(request.target),
    targetDisplayName: model.targetDisplayName(request.target),
    createdDateTime: request.createdAt.toISOString(),
  };
}

function pendingRequest(model: TenantModel, id: string): RequestRecord {
  const request = model.requests.find((item) => item.id === id);
  if (request === undefined) {
    throw new Error(`No request with id ${id}.`);
  }
  if (request.status !== 'PendingApproval' && request.status !== 'PendingAdminDecision') {
    throw new Error(`Request ${id} is ${request.status}, not pending approval.`);
  }
  return request;
}

function userOrThrow(model: TenantModel, username: string): UserRecord {
  const user = model.userByName(username);
  if (user === undefined) {
    throw new Error(`Unknown user "${username}".`);
  }
  return user;
}

/** An approver's decision: an extension lengthens the assignment, anything else activates now. */
function approve(model: TenantModel, id: string): RequestSummary {
  const request = pendingRequest(model, id);
  const now = model.clock.now();
  const duration = request.durationMs ?? 3_600_000;
  if (request.action === 'selfExtend' && request.assignmentId !== null) {
    const assignment = model.assignments.find((item) => item.id === request.assignmentId);
    if (assignment?.end != null) {
      assignment.end = new Date(assignment.end.getTime() + duration);
    }
  } else {
    request.assignmentId = activate(model, request, now, duration, 0);
  }
  request.status = 'Provisioned';
  request.completedAt = now;
  return summarize(model, request);
}

type StateControl = Pick<
  TenantControl,
  | 'reset'
  | 'advanceClock'
  | 'setClockOffset'
  | 'now'
  | 'approve'
  | 'deny'
  | 'requests'
  | 'journal'
  | 'clearJournal'
  | 'injectFault'
  | 'clearFaults'
  | 'revokeSessions'
>;

/** Clock, requests, journal, faults and sessions. */
function stateControl(runtime: TenantRuntime): StateControl {
  const { store, journal, faults } = runtime;
  return {
    reset(scenario) {
      runtime.renew(scenario);
      store.clear();
      faults.clear();
      journal.clear();
    },
    advanceClock(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new Error('advanceClock needs a non-negative number of milliseconds.');
      }
      runtime.model.clock.advance(ms);
    },
    setClockOffset(ms) {
      if (!Number.isFinite(ms)) {
        throw new Error('setClockOffset needs a finite number of milliseconds.');
      }
      runtime.model.clock.setOffset(ms);
    },
    now: () => runtime.model.clock.now(),
    approve: (id) => approve(runtime.model, id),
    deny(id) {
      const request = pendingRequest(runtime.model, id);
      request.status = 'Denied';
      request.completedAt = runtime.model.clock.now();
      return summarize(runtime.model, request);
    },
    requests() {
      refreshRequestStatuses(runtime.model);
      return runtime.model.requests.map((request) => summarize(runtime.model, request));
    },
    journal: () => journal.list(),
    clearJournal: () => {
      journal.clear();
    },
    injectFault(fault: FaultSpec) {
      faults.add(fault);
    },
    clearFaults() {
      faults.clear();
    },
    revokeSessions(username) {
      store.revokeUser(userOrThrow(runtime.model, username).id);
    },
  };
}

/** The tenant's settings, each validated. */
function settingsControl(runtime: TenantRuntime): Omit<TenantControl, keyof StateControl> {
  const settings = () => runtime.model.settings;
  return {
    setUnattended(unattended) {
      validateUnattended(runtime.model, unattended);
      settings().unattended = unattended;
    },
    setAcrsChallengeForm(form: AcrsChallengeForm) {
      if (!['plain', 'unknown-error', 'www-authenticate'].includes(form)) {
        throw new Error(`Unknown ACRS challenge form "${form}".`);
      }
      settings().acrsChallengeForm = form;
      settings().groupAcrsChallengeForm = null;
      settings().acrsChallengeFormByContext = {};
    },
    setRequireCp1ForAcrs(required) {
      settings().requireCp1ForAcrs = required;
    },
    setStrictSessions(strict) {
      settings().strictSessions = strict;
    },
    setPolicyReadable(username, readable) {
      runtime.model.setPolicyReadable(userOrThrow(runtime.model, username), readable);
    },
    setGraphPageSize(size) {
      if (!Number.isInteger(size) || size < 1 || size > 999) {
        throw new Error('Graph page size must be an integer from 1 to 999.');
      }
      settings().graphPageSize = size;
    },
    setArmPageSize(size) {
      if (!Number.isInteger(size) || size < 1 || size > 1000) {
        throw new Error('ARM page size must be an integer from 1 to 1000.');
      }
      settings().armPageSize = size;
    },
    setActivationDelayMs(ms) {
      settings().activationDelayMs = Math.max(0, ms);
    },
    setPropagationDelayMs(plane, ms) {
      settings().propagationDelayMs[plane] = Math.max(0, ms);
    },
    setConditionalAccessReadable(readable) {
      settings().conditionalAccessReadable = { ...settings().conditionalAccessReadable, ...readable };
    },
  };
}

export function createTenantControl(runtime: TenantRuntime): TenantControl {
  return { ...stateControl(runtime), ...settingsControl(runtime) };
}
