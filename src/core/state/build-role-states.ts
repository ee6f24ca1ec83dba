/**
 * From what PIM was read to hold (the facts) to where each role stands (the role-state model): a pure function, so
 * every rule below is tested from a table (test/unit/core/state/build-role-states.test.ts) and every surface gets the
 * same answer. The reader (`read-role-facts.ts`) does the I/O.
 *
 * The rules follow what Microsoft documents and, where it does not, stay correct either way (docs/protocol.md,
 * "Scheduled activations and request states"):
 * - an assignment instance is what is in effect now; schedules also hold assignments that start later;
 * - a future start is told by the request's or schedule's start time, never by a status word alone (a request with
 *   a future start answers `Granted`, and what its schedule says before the start is not documented);
 * - a request not waiting for anyone is final, and "active" only once an instance exists.
 */
import type { PimKind, RequestPhase, RequestState, RoleState, RoleStateModel } from '../../shared/domain/role-state';
import { DECIDED_AGAINST } from '../../shared/domain/role-state';
import { parseIsoDuration } from '../../shared/rules/duration';

/** An eligibility, instance or schedule as the reader normalised it (keys as role ids are everywhere). */
export type ItemFact = {
  readonly roleId: string;
  readonly kind: PimKind;
  /** The name PIM gave the role, where this listing carried one. */
  readonly displayName: string | null;
  readonly startDateTime: string | null;
  readonly endDateTime: string | null;
};

export type AssignmentFact = ItemFact & { readonly assignmentType: 'Activated' | 'Assigned' };

/** A schedule: an assignment in effect or starting later, and the request that created it when PIM says. */
export type ScheduleFact = AssignmentFact & { readonly requestId: string | null };

export type RequestFact = {
  readonly id: string;
  readonly kind: PimKind;
  readonly roleId: string;
  readonly action: string;
  readonly status: string;
  readonly createdDateTime: string | null;
  readonly startDateTime: string | null;
  /** ISO 8601 duration of the requested assignment, when the request carried one. */
  readonly duration: string | null;
  readonly endDateTime: string | null;
};

export type RoleFacts = {
  /** The service's time to judge "now" by (local clock corrected by the skew Graph's `Date` showed). */
  readonly at: string;
  readonly eligibilities: readonly ItemFact[];
  readonly instances: readonly AssignmentFact[];
  readonly schedules: readonly ScheduleFact[];
  readonly requests: readonly RequestFact[];
};

/** PIM's status words (Graph's and ARM's enums, compared case-insensitively) by what they mean for the requester. */
const STATUS_FAMILY: Readonly<Record<string, 'pending' | 'accepted' | RequestPhase>> = {
  pendingapproval: 'pending',
  pendingadmindecision: 'pending',
  pendingevaluation: 'pending',
  pendingapprovalprovisioning: 'pending',
  denied: 'denied',
  admindenied: 'denied',
  canceled: 'cancelled',
  cancelled: 'cancelled',
  timedout: 'expired',
  expired: 'expired',
  failed: 'failed',
  failedasresourceislocked: 'failed',
  invalid: 'failed',
  revoked: 'revoked',
  pendingrevocation: 'revoked',
  provisioned: 'accepted',
  granted: 'accepted',
  adminapproved: 'accepted',
  accepted: 'accepted',
  pendingprovisioning: 'accepted',
  provisioningstarted: 'accepted',
  pendingschedulecreation: 'accepted',
  schedulecreated: 'accepted',
  pendingexternalprovisioning: 'accepted',
};

const time = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));

/** In effect at `at`: started (or no start given) and not ended. */
function inEffect(item: { readonly startDateTime: string | null; readonly endDateTime: string | null }, at: number): boolean {
  const start = time(item.startDateTime);
  const end = time(item.endDateTime);
  return !(start > at) && !(end <= at);
}

function endOf(fact: RequestFact): string | null {
  if (fact.endDateTime !== null) {
    return fact.endDateTime;
  }
  const seconds = fact.duration === null ? null : parseIsoDuration(fact.duration);
  const start = time(fact.startDateTime);
  return seconds === null || Number.isNaN(start) ? null : new Date(start + seconds * 1000).toISOString();
}

/**
 * How precisely `at` knows the service's time: the local clock corrected by the skew Graph's `Date` header showed,
 * which counts whole seconds. A start within this of `at` is now, not later (an approval provisioned a moment ago).
 */
export const SERVICE_CLOCK_PRECISION_MS = 2_000;

/** What one request's status means, judged with its start time and whether its role has an instance now. */
export function requestPhaseOf(fact: Pick<RequestFact, 'status' | 'startDateTime'>, at: number, instanceNow: boolean): RequestPhase {
  const family = STATUS_FAMILY[fact.status.toLowerCase()] ?? 'unknown';
  if (family !== 'accepted') {
    return family;
  }
  if (time(fact.startDateTime) > at + SERVICE_CLOCK_PRECISION_MS) {
    return 'scheduled';
  }
  return fact.status.toLowerCase() === 'provisioned' || instanceNow ? 'provisioned' : 'approved';
}

const isActivation = (request: RequestState): boolean => request.action.toLowerCase() === 'selfactivate';

function newestFirst(a: { readonly createdDateTime: string | null }, b: { readonly createdDateTime: string | null }): number {
  return (time(b.createdDateTime) || 0) - (time(a.createdDateTime) || 0);
}

/** The role-state model for what was read. */
export function buildRoleStates(facts: RoleFacts): RoleStateModel {
  const at = time(facts.at);
  // An instance is in effect until its end: PIM lists one only once it has started, and our "now" (the local clock
  // corrected by Graph's Date header, which counts whole seconds) cannot judge a start that is this moment.
  const nowInstances = facts.instances.filter((item) => !(time(item.endDateTime) <= at));
  const instanceOf = new Map(nowInstances.map((item) => [item.roleId, item]));
  const requests: RequestState[] = facts.requests
    .map((fact) => ({
      id: fact.id,
      kind: fact.kind,
      roleId: fact.roleId,
      action: fact.action,
      status: fact.status,
      phase: requestPhaseOf(fact, at, instanceOf.has(fact.roleId)),
      createdDateTime: fact.createdDateTime,
      startDateTime: fact.startDateTime,
      endDateTime: endOf(fact),
    }))
    .sort(newestFirst);

  const names = new Map<string, string>();
  const kinds = new Map<string, PimKind>();
  for (const item of [...facts.eligibilities, ...facts.instances, ...facts.schedules]) {
    kinds.set(item.roleId, item.kind);
    if (item.displayName !== null && !names.has(item.roleId)) {
      names.set(item.roleId, item.displayName);
    }
  }
  const eligibility = new Map(facts.eligibilities.filter((item) => inEffect(item, at)).map((item) => [item.roleId, item]));
  const byRole = new Map<string, RequestState[]>();
  for (const request of requests) {
    byRole.set(request.roleId, [...(byRole.get(request.roleId) ?? []), request]);
    kinds.set(request.roleId, kinds.get(request.roleId) ?? request.kind);
  }
  const futureSchedules = facts.schedules.filter(
    (item) => time(item.startDateTime) > at + SERVICE_CLOCK_PRECISION_MS && !(time(item.endDateTime) <= at),
  );

  const roleIds = new Set([
    ...eligibility.keys(),
    ...instanceOf.keys(),
    ...futureSchedules.map((item) => item.roleId),
    ...requests.filter((r) => r.phase === 'pending' || r.phase === 'scheduled' || r.phase === 'approved').map((r) => r.roleId),
  ]);
  const roles = [...roleIds].map((roleId) =>
    roleState(roleId, {
      kind: kinds.get(roleId) ?? 'directoryRole',
      displayName: names.get(roleId) ?? roleId,
      eligibility: eligibility.get(roleId) ?? null,
      instance: instanceOf.get(roleId) ?? null,
      schedule: futureSchedules.find((item) => item.roleId === roleId) ?? null,
      requests: byRole.get(roleId) ?? [],
    }),
  );
  roles.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.roleId.localeCompare(b.roleId));
  return { roles, requests, at: new Date(at).toISOString() };
}

type RoleInputs = {
  readonly kind: PimKind;
  readonly displayName: string;
  readonly eligibility: ItemFact | null;
  readonly instance: AssignmentFact | null;
  readonly schedule: ScheduleFact | null;
  /** The role's requests, newest first. */
  readonly requests: readonly RequestState[];
};

/** One role's state: in effect, else waiting, else scheduled, else on its way, else eligible with its last decision. */
function roleState(roleId: string, inputs: RoleInputs): RoleState {
  const { eligibility, instance, schedule, requests } = inputs;
  const base = {
    roleId,
    kind: inputs.kind,
    displayName: inputs.displayName,
    eligible: eligibility !== null,
    eligibleUntil: eligibility?.endDateTime ?? null,
  };
  const first = (phase: RequestPhase, activationOnly = true): RequestState | null =>
    requests.find((r) => r.phase === phase && (!activationOnly || isActivation(r))) ?? null;
  if (instance !== null) {
    // The request that explains it: a pending extension of an administrator's assignment, else the activation.
    const explaining = instance.assignmentType === 'Assigned' ? first('pending', false) : first('provisioned');
    return {
      ...base,
      state: instance.assignmentType === 'Activated' ? 'active' : 'assigned',
      startDateTime: instance.startDateTime,
      endDateTime: instance.endDateTime,
      request: explaining,
    };
  }
  const pending = first('pending');
  if (pending !== null) {
    return { ...base, state: 'pending-approval', startDateTime: pending.startDateTime, endDateTime: pending.endDateTime, request: pending };
  }
  const scheduledRequest =
    (schedule?.requestId == null ? null : requests.find((r) => r.id.toLowerCase() === schedule.requestId?.toLowerCase())) ??
    first('scheduled');
  if (schedule !== null || scheduledRequest !== null) {
    return {
      ...base,
      state: 'scheduled',
      startDateTime: schedule?.startDateTime ?? scheduledRequest?.startDateTime ?? null,
      endDateTime: schedule?.endDateTime ?? scheduledRequest?.endDateTime ?? null,
      request: scheduledRequest ?? null,
    };
  }
  const approved = first('approved');
  if (approved !== null) {
    return { ...base, state: 'activating', startDateTime: approved.startDateTime, endDateTime: approved.endDateTime, request: approved };
  }
  // Eligible: the newest activation request, when PIM decided against it, is what the person should hear about.
  const last = requests.find(isActivation) ?? null;
  return {
    ...base,
    state: 'eligible',
    startDateTime: null,
    endDateTime: null,
    request: last !== null && DECIDED_AGAINST.includes(last.phase) ? last : null,
  };
}
