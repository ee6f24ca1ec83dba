/**
 * `activate --wait`: follows each request that waits for an approver until it is decided, the
 * wait ends or the person interrupts. Only the request itself is read (one GET per poll), and
 * the assignment it created once it is provisioned; polls back off from 2 s to 30 s, and a
 * throttled read waits as long as the service's `Retry-After` asks.
 */
import type { ActivationOutcome } from '../shared/domain/activation';
import type { AppError } from '../shared/errors';
import { appError } from '../shared/errors';
import type { Result } from '../shared/result';
import type { PimRequest } from '../core/pim/pim-requests';
import { requestPhase } from '../core/pim/pim-requests';

export const FIRST_POLL_MS = 2000;
export const MAX_POLL_MS = 30_000;

type Kind = PimRequest['kind'];

export type WaitReaders = {
  readonly request: (kind: Kind, id: string) => Promise<Result<PimRequest>>;
  readonly instance: (
    kind: Kind,
    roleId: string,
  ) => Promise<Result<{ readonly startDateTime: string | null; readonly endDateTime: string | null } | null>>;
};

export type WaitOptions = {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Told when a request's state changes (the CLI prints a progress line). */
  readonly onChange: (outcome: ActivationOutcome, graphStatus: string) => void;
  readonly onReadProblem?: (error: AppError, nextPollMs: number) => void;
  readonly now?: () => number;
  /** Waits `ms` or until the signal fires (tests pass one that records the delays). */
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
};

export type WaitResult = {
  readonly outcomes: readonly ActivationOutcome[];
  /** True when the wait ended with requests still pending. */
  readonly timedOut: boolean;
  readonly interrupted: boolean;
};

/** The next delay: doubling to the ceiling, or the service's Retry-After when it asked for longer. */
export function nextDelay(previousMs: number, retryAfterSeconds?: number): number {
  const doubled = Math.min(MAX_POLL_MS, previousMs * 2);
  return retryAfterSeconds === undefined ? doubled : Math.max(doubled, retryAfterSeconds * 1000);
}

export function kindOfRole(roleId: string): Kind | null {
  return roleId.startsWith('role:')
    ? 'directoryRole'
    : roleId.startsWith('group:')
      ? 'group'
      : roleId.startsWith('azure:')
        ? 'azureResource'
        : null;
}

/** Resolves after `ms`, or at once when the signal fires. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const timer = setTimeout(finish, ms);
    function finish(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    }
    signal?.addEventListener('abort', finish, { once: true });
  });
}

function settled(outcome: ActivationOutcome, request: PimRequest): ActivationOutcome | null {
  switch (requestPhase(request.status)) {
    case 'pending-approval':
      return null;
    case 'scheduled':
      return { ...outcome, status: 'scheduled', startDateTime: request.startDateTime };
    case 'active':
      return { ...outcome, status: 'active' };
    default:
      return {
        ...outcome,
        status: request.status === 'Denied' ? 'denied' : 'failed',
        error: appError(
          request.status === 'Denied' ? 'pim/policy-violation' : 'pim/not-found',
          request.status === 'Denied'
            ? 'The approver denied the request; nothing was activated. Ask them why, or request again with a better reason.'
            : `The request ended without an activation (${request.status}); nothing was activated.`,
          { requestId: request.id },
        ),
      };
  }
}

export async function waitForApproval(
  outcomes: readonly ActivationOutcome[],
  readers: WaitReaders,
  options: WaitOptions,
): Promise<WaitResult> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  let current = [...outcomes];
  let delay = FIRST_POLL_MS;
  const aborted = (): boolean => options.signal?.aborted === true;
  const waiting = (): ActivationOutcome[] =>
    current.filter((o) => o.status === 'pending-approval' && o.requestId !== undefined && kindOfRole(o.roleId) !== null);
  while (waiting().length > 0) {
    const remaining = deadline - now();
    if (remaining <= 0 || aborted()) {
      break;
    }
    await (options.sleep ?? pause)(Math.min(delay, remaining), options.signal);
    if (aborted() || deadline - now() <= 0) {
      break;
    }
    let retryAfter: number | undefined;
    for (const outcome of waiting()) {
      const kind = kindOfRole(outcome.roleId) ?? 'directoryRole';
      const read = await readers.request(kind, outcome.requestId ?? '');
      if (!read.ok) {
        retryAfter = Math.max(retryAfter ?? 0, read.error.retryAfterSeconds ?? 0) || undefined;
        options.onReadProblem?.(read.error, nextDelay(delay, read.error.retryAfterSeconds));
        continue;
      }
      let next = settled(outcome, read.value);
      if (next?.status === 'active') {
        const instance = await readers.instance(kind, outcome.roleId);
        if (instance.ok && instance.value !== null) {
          next = { ...next, startDateTime: instance.value.startDateTime, endDateTime: instance.value.endDateTime };
        }
      }
      if (next !== null) {
        const changed = next;
        current = current.map((o) => (o === outcome ? changed : o));
        options.onChange(changed, read.value.status);
      }
    }
    delay = nextDelay(delay, retryAfter);
  }
  const stillPending = waiting().length > 0;
  return { outcomes: current, timedOut: stillPending && !aborted(), interrupted: aborted() };
}
