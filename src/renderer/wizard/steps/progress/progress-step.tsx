import { CodeDetails } from '../../../components/code-details';
import { ErrorPanel } from '../../../components/error-panel';
import { formatClock } from '../../../components/format-time';
import { StepHeading } from '../../../components/step-heading';
import { phaseLabel, plural, resultHeadline } from '../../format';
import { autoRetryOf, failedRows, isRetrySafe } from '../../selectors';
import type { WizardCommands } from '../../use-wizard';
import type { PhaseMark, RunRow, WizardStep } from '../../wizard-state';
import { AutoRetry } from './auto-retry';

type Props = {
  readonly step: Extract<WizardStep, { kind: 'progress' }>;
  readonly commands: WizardCommands;
};

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
  return (
    <ol className="timeline">
      {row.marks.map((mark, i) => (
        <li key={`${mark.phase}-${String(i)}`} className={`phase phase-${mark.phase}`}>
          {markLabel(row.marks, i)}
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

/** Step 5: each role's way through PIM, a truthful headline, retries (automatic for a short throttle). */
export function ProgressStep({ step, commands }: Props) {
  const { run } = step;
  const retryable = failedRows(run).filter((row) => isRetrySafe(row.error));
  const auto = autoRetryOf(run);
  const finished = !run.inFlight && run.rows.some((r) => r.outcome !== null || r.error !== null);
  const headline = finished ? resultHeadline(run.rows.map((r) => r.outcome?.status ?? (r.error !== null ? 'failed' : null))) : null;
  const retryLabel = retryable.length === 1 ? `Retry ${retryable[0]?.displayName ?? ''}` : `Retry ${String(retryable.length)} failed roles`;
  return (
    <section aria-labelledby="progress-heading" className="step">
      <StepHeading id="progress-heading">Activation progress</StepHeading>
      {headline !== null ? <p className="headline">{headline}</p> : <p className="muted">Each role goes through PIM on its own.</p>}
      <ul className="progress-list">
        {run.rows.map((row) => {
          const last = row.marks[row.marks.length - 1];
          return (
            <li key={row.roleId} className="card progress-row" aria-label={row.displayName}>
              <h3>
                {row.displayName}
                {row.attempt > 1 ? <span className="retry-tag">Retry {row.attempt - 1}</span> : null}
              </h3>
              <p className={`status status-${last?.phase ?? 'queued'}`}>
                {last === undefined ? (run.inFlight ? 'Waiting to start' : 'Not started') : phaseLabel(last.phase)}
              </p>
              {row.requestId !== null ? <CodeDetails items={[{ label: 'PIM request', codes: [row.requestId] }]} /> : null}
              <RowTimeline row={row} />
              {last?.phase === 'pending-approval' ? (
                <p>An approver must approve this request. You will see it as active once approved.</p>
              ) : null}
              {row.error !== null ? (
                <ErrorPanel error={row.error} title={`${row.displayName} was not activated`}>
                  {retryable.length > 1 && isRetrySafe(row.error) && !run.inFlight && auto === null ? (
                    <button
                      type="button"
                      onClick={() => {
                        commands.startRun([row.roleId]);
                      }}
                    >
                      Retry {row.displayName}
                    </button>
                  ) : null}
                </ErrorPanel>
              ) : null}
            </li>
          );
        })}
      </ul>
      {run.error !== null && run.rows.every((r) => r.error === null) ? (
        <ErrorPanel error={run.error} title="The activation did not complete" />
      ) : null}
      {!run.inFlight && run.prompts !== null ? (
        <p className="muted">
          {run.prompts === 0 ? 'No extra sign-in was needed.' : `This activation asked you to sign in ${plural(run.prompts, 'time')}.`}
        </p>
      ) : null}
      {auto !== null ? (
        <AutoRetry
          names={auto.roleIds.map((id) => run.rows.find((r) => r.roleId === id)?.displayName ?? id)}
          seconds={auto.seconds}
          onRetry={() => {
            commands.startRun(auto.roleIds);
          }}
          onStop={commands.declineAutoRetry}
        />
      ) : null}
      <div className="actions step-actions">
        {run.inFlight ? (
          <p role="status" className="waiting">
            <span className="spinner" aria-hidden="true" /> Working…
          </p>
        ) : retryable.length > 0 && auto === null ? (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => {
                commands.startRun(retryable.map((r) => r.roleId));
              }}
            >
              {retryLabel}
            </button>
            <button type="button" onClick={commands.continueToDone}>
              Continue
            </button>
          </>
        ) : (
          <button type="button" className={auto === null ? 'primary' : undefined} onClick={commands.continueToDone}>
            Continue
          </button>
        )}
      </div>
    </section>
  );
}
