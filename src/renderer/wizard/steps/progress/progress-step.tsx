import { ErrorPanel } from '../../../components/error-panel';
import { StepHeading } from '../../../components/step-heading';
import { plural, resultHeadline } from '../../format';
import { autoRetryOf, failedRows, isRetrySafe, unconfirmedRows } from '../../selectors';
import type { WizardCommands } from '../../use-wizard';
import type { Run, WizardStep } from '../../wizard-state';
import { AutoRetry } from './auto-retry';
import { ProgressRow } from './progress-row';

type Props = {
  readonly step: Extract<WizardStep, { kind: 'progress' }>;
  readonly commands: WizardCommands;
};

/** Each row's final word for the headline: an unconfirmed row is neither active nor failed. */
function headlineOf(run: Run): string {
  return resultHeadline(run.rows.map((r) => (r.unconfirmed ? 'unconfirmed' : (r.outcome?.status ?? (r.error !== null ? 'failed' : null)))));
}

/**
 * The finished run's buttons: Check first while PIM may hold a request nobody could confirm (nothing is sent twice
 * blindly), else Retry for what failed safely, else Continue.
 */
function RunActions({
  run,
  commands,
  autoRetrying,
}: {
  readonly run: Run;
  readonly commands: WizardCommands;
  readonly autoRetrying: boolean;
}) {
  const retryable = failedRows(run).filter((row) => isRetrySafe(row.error));
  const checking = unconfirmedRows(run).length > 0;
  if (run.inFlight) {
    return (
      <p role="status" className="waiting">
        <span className="spinner" aria-hidden="true" /> Working…
      </p>
    );
  }
  const retryLabel = retryable.length === 1 ? `Retry ${retryable[0]?.displayName ?? ''}` : `Retry ${String(retryable.length)} failed roles`;
  const retry = retryable.length > 0 && !autoRetrying && !checking;
  return (
    <>
      {checking ? (
        <button type="button" className="primary" onClick={commands.check}>
          Check
        </button>
      ) : null}
      {retry ? (
        <button
          type="button"
          className="primary"
          onClick={() => {
            commands.startRun(retryable.map((r) => r.roleId));
          }}
        >
          {retryLabel}
        </button>
      ) : null}
      <button type="button" className={checking || retry || autoRetrying ? undefined : 'primary'} onClick={commands.continueToDone}>
        Continue
      </button>
    </>
  );
}

/** Step 5: each role's way through PIM, a truthful headline, retries (automatic for a short throttle). */
export function ProgressStep({ step, commands }: Props) {
  const { run } = step;
  const retryable = failedRows(run).filter((row) => isRetrySafe(row.error));
  const auto = autoRetryOf(run);
  const finished = !run.inFlight && run.rows.some((r) => r.outcome !== null || r.error !== null);
  const perRow = retryable.length > 1 && !run.inFlight && auto === null;
  return (
    <section aria-labelledby="progress-heading" className="step">
      <StepHeading id="progress-heading">Activation progress</StepHeading>
      {finished ? <p className="headline">{headlineOf(run)}</p> : <p className="muted">Each role goes through PIM on its own.</p>}
      <ul className="progress-list">
        {run.rows.map((row) => (
          <ProgressRow
            key={row.roleId}
            row={row}
            inFlight={run.inFlight}
            onRetry={
              perRow && retryable.includes(row)
                ? () => {
                    commands.startRun([row.roleId]);
                  }
                : null
            }
          />
        ))}
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
        <RunActions run={run} commands={commands} autoRetrying={auto !== null} />
      </div>
    </section>
  );
}
