import type { AppError } from '../../shared/errors';
import { formatClock } from './format-time';

type Props = {
  /** Why the newest read failed (Shared.refreshError); nothing is shown while it is null. */
  readonly error: AppError | null;
  /** When the read still shown was made (the service's time, ISO 8601). */
  readonly asOf: string;
  readonly onRetry: () => void;
};

/**
 * A refresh that failed keeps the last read on screen: this says so, says when that read was made, and why the new
 * one failed, so nothing shown is taken for news.
 */
export function StaleNotice({ error, asOf, onRetry }: Props) {
  if (error === null) {
    return null;
  }
  // The engine's network failures: Graph unreachable, or the sign-in service unreachable (a retryable sign-in failure).
  const offline = error.code === 'graph/network' || (error.code === 'auth/failed' && error.retryable);
  return (
    <div className="note stale-notice" role="status">
      <p>
        <strong>{offline ? 'Offline: PIM could not be reached.' : 'Your roles could not be refreshed.'}</strong> Showing what PIM held as of{' '}
        <time dateTime={asOf}>{formatClock(asOf)}</time>; it may have changed since. <span className="muted">{error.message}</span>
      </p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
