/**
 * Waits (bounded) until every role PIM reported active is confirmed usable by the ready check, and stamps each
 * outcome's `usableAt`. One probe round per tick for all the roles still waiting, backing off; a role no check can
 * judge is named as such at once and not waited for; a probe that fails is retried at the next tick.
 */
import type { ActivationOutcome, ActivationReport } from '../../shared/domain/activation';
import type { EligibleRole } from '../../shared/domain/roles';
import type { Logger } from '../logging/logger';
import type { ReadyCheck } from './ready-check';
import { UNCONFIRMABLE_NOTE } from './ready-check';

export const NOT_CONFIRMED_NOTE =
  'Active per PIM, not yet confirmed usable: Microsoft services can take several minutes to honour a new role.';

export type UsableWaitOptions = {
  /** 0 probes once and returns. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly pollMinMs?: number;
  readonly pollMaxMs?: number;
  /** Told before each probe round with the roles still waiting (progress lines). */
  readonly onProbe?: (waiting: readonly string[]) => void;
};

export type UsableWaitDeps = {
  readonly check: ReadyCheck;
  readonly roles: (roleId: string) => EligibleRole | undefined;
  /** Now by the clock of the service that confirmed the role (ARM for Azure roles, Graph for the others). */
  readonly serverNow: (role: EligibleRole) => Date;
  readonly logger: Logger;
};

/** The outcome without its `usableNote` (once usable, there is nothing left to explain). */
const withoutNote = (o: ActivationOutcome): ActivationOutcome =>
  Object.fromEntries(Object.entries(o).filter(([key]) => key !== 'usableNote')) as ActivationOutcome;

const isActive = (o: ActivationOutcome): boolean => o.status === 'active' || o.status === 'already-active';

const waitFor = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

export async function waitUntilUsable(
  report: ActivationReport,
  deps: UsableWaitDeps,
  options: UsableWaitOptions,
): Promise<ActivationReport> {
  const log = deps.logger.child({ area: 'usable-wait' });
  const deadline = Date.now() + options.timeoutMs;
  const minMs = options.pollMinMs ?? 1000;
  const maxMs = options.pollMaxMs ?? 15_000;
  const outcomes = new Map(
    report.outcomes.map((o) => [o.roleId, isActive(o) && (o.usableAt ?? null) === null ? { ...o, usableAt: null } : o]),
  );
  const waiting = (): ActivationOutcome[] =>
    [...outcomes.values()].filter((o) => isActive(o) && (o.usableAt ?? null) === null && o.usableNote !== UNCONFIRMABLE_NOTE);
  let interval = minMs;
  for (;;) {
    const pending = waiting().flatMap((o) => {
      const role = deps.roles(o.roleId);
      if (role === undefined) {
        outcomes.set(o.roleId, { ...o, usableNote: UNCONFIRMABLE_NOTE });
        return [];
      }
      return [role];
    });
    if (pending.length === 0) {
      break;
    }
    options.onProbe?.(pending.map((r) => r.id));
    try {
      const result = await deps.check.probe(pending);
      for (const role of pending) {
        const outcome = outcomes.get(role.id);
        const readiness = result.get(role.id) ?? 'unconfirmable';
        if (outcome === undefined) {
          continue;
        }
        if (readiness === 'usable') {
          outcomes.set(role.id, { ...withoutNote(outcome), usableAt: deps.serverNow(role).toISOString() });
        } else {
          outcomes.set(role.id, { ...outcome, usableNote: readiness === 'unconfirmable' ? UNCONFIRMABLE_NOTE : NOT_CONFIRMED_NOTE });
        }
      }
    } catch (cause) {
      // A failed probe proves nothing either way: the roles keep waiting and are asked again at the next tick.
      log.warn('a ready-check probe failed; trying again', { error: cause });
      for (const role of pending) {
        const outcome = outcomes.get(role.id);
        if (outcome !== undefined && outcome.usableNote === undefined) {
          outcomes.set(role.id, { ...outcome, usableNote: NOT_CONFIRMED_NOTE });
        }
      }
    }
    if (waiting().length === 0 || options.signal?.aborted === true || Date.now() + interval > deadline) {
      break;
    }
    await waitFor(interval, options.signal);
    interval = Math.min(maxMs, Math.round(interval * 1.5));
  }
  return { ...report, outcomes: report.outcomes.map((o) => outcomes.get(o.roleId) ?? o) };
}
