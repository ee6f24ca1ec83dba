import { CodeDetails } from '../../../components/code-details';
import { ErrorPanel } from '../../../components/error-panel';
import { formatClock } from '../../../components/format-time';
import { phaseLabel } from '../../format';
import type { PhaseMark, RunRow } from '../../wizard-state';

/** A phase in words; a second submission within one try is the engine's own safe resend, and says so. */
function markLabel(marks: readonly PhaseMark[], i: number): string {
  const mark = marks[i];
  if (mark === undefined) {
    return '';
  }
  const resent = mark.phase === 'submitting' && marks.slice(0, i).some((m) => m.phase === 'submitting');
  return resent ? 'submitted again after checking' : phaseLabel(mark.phase);
}

function RowTimeline({ row }: { readonly row: RunRow }) {
  // The engine's last word on an unconfirmed row is "failed" as a phase, but it is not known to have failed.
  const unconfirmed = row.unconfirmed;
  return (
    <ol className="timeline">
      {row.marks.map((mark, i) => (
        <li key={`${mark.phase}-${String(i)}`} className={`phase phase-${mark.phase}`}>
          {unconfirmed && mark.phase === 'failed' ? 'not confirmed' : markLabel(row.marks, i)}
          {mark.at !== '' && i === row.marks.length - 1 ? (
            <span className="muted">
              {' '}
              at <time dateTime={mark.at}>{formatClock(mark.at)}</time>
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

type Props = {
  readonly row: RunRow;
  readonly inFlight: boolean;
  /** A Retry for this row alone (shown when several rows can be retried), or null. */
  readonly onRetry: (() => void) | null;
};

/** One role's way through PIM: its phases, and a failure said as the engine knows it (unconfirmed is not failed). */
export function ProgressRow({ row, inFlight, onRetry }: Props) {
  const last = row.marks[row.marks.length - 1];
  const unconfirmed = row.unconfirmed;
  const status = unconfirmed
    ? 'not confirmed'
    : last === undefined
      ? inFlight
        ? 'Waiting to start'
        : 'Not started'
      : phaseLabel(last.phase);
  return (
    <li className="card progress-row" aria-label={row.displayName}>
      <h3>
        {row.displayName}
        {row.attempt > 1 ? <span className="retry-tag">Retry {row.attempt - 1}</span> : null}
      </h3>
      <p className={`status status-${unconfirmed ? 'unconfirmed' : (last?.phase ?? 'queued')}`}>{status}</p>
      {row.requestId !== null ? <CodeDetails items={[{ label: 'PIM request', codes: [row.requestId] }]} /> : null}
      <RowTimeline row={row} />
      {last?.phase === 'pending-approval' ? <p>An approver must approve this request. You will see it as active once approved.</p> : null}
      {row.error !== null ? (
        <ErrorPanel
          error={row.error}
          title={unconfirmed ? `Not confirmed: PIM may have accepted ${row.displayName}` : `${row.displayName} was not activated`}
        >
          {onRetry !== null ? (
            <button type="button" onClick={onRetry}>
              Retry {row.displayName}
            </button>
          ) : null}
        </ErrorPanel>
      ) : null}
    </li>
  );
}
