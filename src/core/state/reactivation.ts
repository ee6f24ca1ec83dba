/**
 * Which roles may be offered "Re-activate": an activation in effect that ends soon, or one that has ended recently
 * and left the role idle. Judged from the role-state model alone (its states, its requests and PIM's deactivation
 * requests), at the service's time, so the tray never offers to activate what is still running for hours, or what is
 * already waiting for an approver or scheduled.
 */
import type { RequestState, RoleState, RoleStateModel } from '../../shared/domain/role-state';
import { ENDING_SOON_MS, RECENTLY_ENDED_MS } from '../../shared/rules/ending-soon';

export type ReactivationOffer = {
  readonly roleId: string;
  readonly displayName: string;
  /** `ending-soon`: still active, its end within ENDING_SOON_MS; `ended`: ended within RECENTLY_ENDED_MS. */
  readonly why: 'ending-soon' | 'ended';
  /** When it ends or ended, ISO 8601 (the service's time). */
  readonly end: string;
};

const time = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));

/** When the role's newest activation ended: its planned end, or PIM's deactivation before it. Null when none ended. */
function lastEnd(roleId: string, requests: readonly RequestState[], now: number): number | null {
  const own = requests.filter((r) => r.roleId === roleId);
  const activation = own.find((r) => r.action.toLowerCase() === 'selfactivate' && r.phase === 'provisioned');
  if (activation === undefined) {
    return null;
  }
  const start = time(activation.startDateTime);
  const deactivations = own
    .filter((r) => r.action.toLowerCase() === 'selfdeactivate' && r.phase === 'revoked')
    .map((r) => time(r.createdDateTime))
    .filter((at) => !(at <= start));
  const planned = time(activation.endDateTime);
  const ends = [planned, ...deactivations].filter((at) => !Number.isNaN(at));
  const end = ends.length === 0 ? null : Math.min(...ends);
  // A deactivation PIM has revoked is an end already seen, even when `now` (the service's time, estimated from its
  // Date headers to the second) still reads a moment before it; a planned end counts once `now` has reached it.
  const seen = deactivations.some((at) => !Number.isNaN(at));
  return end !== null && (seen || end <= now) ? end : null;
}

function offerFor(role: RoleState, requests: readonly RequestState[], now: number): ReactivationOffer | null {
  if (!role.eligible) {
    return null;
  }
  if (role.state === 'active') {
    const end = time(role.endDateTime);
    return end > now && end - now <= ENDING_SOON_MS
      ? { roleId: role.roleId, displayName: role.displayName, why: 'ending-soon', end: new Date(end).toISOString() }
      : null;
  }
  if (role.state !== 'eligible') {
    return null;
  }
  const ended = lastEnd(role.roleId, requests, now);
  return ended !== null && now - ended <= RECENTLY_ENDED_MS
    ? { roleId: role.roleId, displayName: role.displayName, why: 'ended', end: new Date(ended).toISOString() }
    : null;
}

/** The roles to offer again at `now` (the service's time), soonest or most recent end first. */
export function reactivationOffers(model: RoleStateModel, now: number): readonly ReactivationOffer[] {
  return model.roles
    .flatMap((role) => offerFor(role, model.requests, now) ?? [])
    .sort((a, b) => Math.abs(time(a.end) - now) - Math.abs(time(b.end) - now));
}
