import { ErrorPanel } from '../../../components/error-panel';
import { EvidenceList } from '../../../components/evidence-list';
import { formatClock } from '../../../components/format-time';
import { useNow } from '../../../components/use-now';
import { expectationText } from '../../../help-desk/guide-text';
import { formatCountdown } from '../../format';
import { StepHeading } from '../../../components/step-heading';
import { listNames } from '../../format';
import type { WizardCommands } from '../../use-wizard';
import type { Shared, WizardStep } from '../../wizard-state';

type Props = {
  readonly shared: Shared;
  readonly step: Extract<WizardStep, { kind: 'step-up' }>;
  readonly commands: WizardCommands;
};

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

/**
 * Step 4: why a new sign-in is needed, which context and methods satisfy it, a Cancel while
 * waiting, and the new evidence once it is back.
 */
export function StepUpStep({ shared, step, commands }: Props) {
  const { run } = step;
  const surface =
    shared.info.status === 'loaded' && shared.info.value.signInSurface === 'in-app-window' ? 'sign-in window' : 'browser window';
  const nameOf = (id: string) => run.rows.find((r) => r.roleId === id)?.displayName ?? id;
  const groups = run.plan.stepUps.filter((g) => !g.satisfied);
  const waiting = shared.signIn.phase === 'waiting' && shared.signIn.purpose !== 'sign-in' ? shared.signIn : null;
  const started = run.inFlight || run.rows.some((r) => r.marks.length > 0 || r.outcome !== null);
  const finished = !run.inFlight && run.rows.some((r) => r.outcome !== null);
  const contextName = (id: string) => groups.find((g) => g.context?.id === id)?.context?.displayName ?? id;
  const steppedUp = run.evidenceAfter !== null && waiting === null;
  // The engine reports a failed or cancelled step-up either for the whole call or per role.
  const failedRows = run.inFlight ? [] : run.rows.filter((r) => r.error !== null && r.error.code.startsWith('auth/'));
  const stepUpError = run.inFlight ? null : (run.error ?? failedRows[0]?.error ?? null);
  const retryIds = run.error !== null ? run.request.roleIds : failedRows.map((r) => r.roleId);

  return (
    <section aria-labelledby="step-up-heading" className="step">
      <StepHeading id="step-up-heading">Additional verification required</StepHeading>
      <p>
        The PIM policy of {groups.length === 1 ? 'these roles' : 'some of these roles'} asks for a stronger, fresh sign-in than your current
        one. PIM refuses the activation until you have given it, so you are asked for it first.
      </p>
      <ul className="stepup-groups">
        {groups.map((group) => (
          <li key={group.context?.id ?? 'mfa'} className="card">
            {group.context === null ? (
              <>
                <h3>Multifactor sign-in</h3>
                <p className="accepted-methods">
                  <strong>Asks for:</strong> {expectationText(group)}
                </p>
              </>
            ) : (
              <>
                <h3>Authentication context: {group.context.displayName}</h3>
                <p className="accepted-methods">
                  <strong>Asks for:</strong> {expectationText(group)}
                </p>
              </>
            )}
            <p>Covers: {listNames(group.roleIds.map(nameOf))}.</p>
          </li>
        ))}
      </ul>
      {groups.length === 0 ? (
        <p>
          {run.plan.unknownRequirements.length > 0
            ? 'PIM asked for a stronger sign-in while submitting a role whose policy could not be read.'
            : 'PIM asked for a stronger sign-in than the plan showed.'}
        </p>
      ) : null}

      <h3>Your sign-in before the step-up</h3>
      <EvidenceList evidence={run.evidenceBefore} contextName={contextName} label="Evidence before the step-up" />

      {waiting !== null ? (
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
          <button type="button" onClick={commands.cancelSignIn}>
            Cancel step-up
          </button>
        </div>
      ) : null}

      {run.inFlight && waiting === null && !steppedUp ? (
        <p role="status" className="waiting">
          <span className="spinner" aria-hidden="true" /> Opening the sign-in…
        </p>
      ) : null}

      {steppedUp ? (
        <div className="card success">
          <h3>Step-up complete: your new sign-in</h3>
          <EvidenceList evidence={run.evidenceAfter} contextName={contextName} label="Evidence after the step-up" />
        </div>
      ) : null}

      {stepUpError !== null ? (
        <ErrorPanel error={stepUpError} title="The step-up did not complete">
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                commands.startRun(retryIds);
              }}
            >
              Try the step-up again
            </button>
            <button type="button" onClick={commands.back}>
              Back to Activate
            </button>
          </div>
        </ErrorPanel>
      ) : null}

      <div className="actions step-actions">
        {!started ? (
          <>
            <button type="button" onClick={commands.back}>
              Back
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => {
                commands.startRun();
              }}
            >
              Sign in to step up
            </button>
          </>
        ) : null}
        {started && (steppedUp || finished) && stepUpError === null ? (
          <button type="button" className="primary" onClick={commands.continueToProgress}>
            See progress
          </button>
        ) : null}
      </div>
    </section>
  );
}
