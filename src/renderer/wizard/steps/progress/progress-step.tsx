import { ErrorPanel } from '../../../components/error-panel';
import { StepHeading } from '../../../components/step-heading';
import { formatElapsed, phaseDurations, phaseLabel, plural } from '../../format';
import { isRetrySafe } from '../../selectors';
import type { WizardCommands } from '../../use-wizard';
import type { RunRow, WizardStep } from '../../wizard-state';

type Props = {
  readonly step: Extract<WizardStep, { kind: 'progress' }>;
  readonly commands: WizardCommands;
};

function RowTimeline({ row, startedAt }: { readonly row: RunRow; readonly startedAt: string }) {
  const took = phaseDurations(row.marks, startedAt);
  return (
    <ol className="timeline">
      {row.marks.map((mark, i) => {
        const ms = took[i] ?? null;
        return (
          <li key={`${mark.phase}-${String(i)}`} className={`phase phase-${mark.phase}`}>
            {phaseLabel(mark.phase)}
            {ms !== null ? <span className="muted"> ({formatElapsed(ms)})</span> : null}
          </li>
        );
      })}
    </ol>
  );
}

/** Step 5: each role's way through PIM, with timings, failures and safe retries. */
export function ProgressStep({ step, commands }: Props) {
  const { run } = step;
  const retryable = run.rows
    .filter((row) => row.outcome?.status === 'failed' || (row.outcome === null && row.error !== null))
    .filter((row) => isRetrySafe(row.error));
  return (
    <section aria-labelledby="progress-heading" className="step">
      <StepHeading id="progress-heading">Activation progress</StepHeading>
      <p className="muted">Each role goes through PIM on its own. Times are measured from when you pressed Activate, then between steps.</p>
      <ul className="progress-list">
        {run.rows.map((row) => {
          const last = row.marks[row.marks.length - 1];
          return (
            <li key={row.roleId} className="card progress-row" aria-label={row.displayName}>
              <h3>{row.displayName}</h3>
              <p className={`status status-${last?.phase ?? 'queued'}`}>
                {last === undefined ? (run.inFlight ? 'Waiting to start' : 'Not started') : phaseLabel(last.phase)}
                {row.requestId !== null ? (
                  <span className="muted">
                    {' '}
                    · request <code>{row.requestId}</code>
                  </span>
                ) : null}
              </p>
              <RowTimeline row={row} startedAt={run.startedAt} />
              {last?.phase === 'pending-approval' ? (
                <p>An approver must approve this request. You will see it as active once approved.</p>
              ) : null}
              {row.error !== null ? (
                <ErrorPanel error={row.error} title={`${row.displayName} was not activated`}>
                  {isRetrySafe(row.error) && !run.inFlight ? (
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
      <div className="actions step-actions">
        {run.inFlight ? (
          <p role="status" className="waiting">
            <span className="spinner" aria-hidden="true" /> Working…
          </p>
        ) : (
          <>
            {retryable.length > 1 ? (
              <button
                type="button"
                onClick={() => {
                  commands.startRun(retryable.map((r) => r.roleId));
                }}
              >
                Retry all {retryable.length} failed roles
              </button>
            ) : null}
            <button type="button" className="primary" onClick={commands.continueToDone}>
              Continue
            </button>
          </>
        )}
      </div>
    </section>
  );
}
