import { formatClock } from '../../../components/format-time';
import { useNow } from '../../../components/use-now';
import { formatCountdown, listNames } from '../../format';
import type { Shared } from '../../wizard-state';

/** How long the sign-in still waits, said plainly; the clock time is kept for the record. */
function TimeLeft({ until }: { readonly until: string }) {
  const left = Date.parse(until) - useNow(1000);
  return (
    <>
      Waiting {left > 0 ? <span className="countdown">{formatCountdown(left)}</span> : 'a few more seconds'} more, until{' '}
      <time dateTime={until}>{formatClock(until)}</time>.
    </>
  );
}

type Waiting = Extract<Shared['signIn'], { phase: 'waiting' }>;

/** The step-up sign-in the browser (or the app's sign-in window) is showing, with Cancel. */
export function StepUpWaiting({
  waiting,
  surface,
  onCancel,
}: {
  readonly waiting: Waiting;
  readonly surface: string;
  readonly onCancel: () => void;
}) {
  return (
    <div className="waiting card">
      <span className="spinner" aria-hidden="true" />
      <div>
        <p>
          Complete the sign-in for{' '}
          {waiting.contexts.length > 0 ? listNames(waiting.contexts.map((c) => c.displayName)) : 'a fresh multifactor sign-in'} in the{' '}
          {surface} that opened. Nothing is sent to PIM until you have.
        </p>
        <p className="muted">
          <TimeLeft until={waiting.timeoutAt} /> If you close that window, press Cancel.
        </p>
      </div>
      <button type="button" onClick={onCancel}>
        Cancel step-up
      </button>
    </div>
  );
}
