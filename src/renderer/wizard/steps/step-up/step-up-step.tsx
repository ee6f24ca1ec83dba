import { EvidenceList } from '../../../components/evidence-list';
import { StepHeading } from '../../../components/step-heading';
import type { WizardCommands } from '../../use-wizard';
import type { Shared, WizardStep } from '../../wizard-state';
import { StepUpFailure } from './step-up-failure';
import { StepUpGroups } from './step-up-groups';
import { StepUpWaiting } from './step-up-waiting';

type Props = {
  readonly shared: Shared;
  readonly step: Extract<WizardStep, { kind: 'step-up' }>;
  readonly commands: WizardCommands;
};

/**
 * Step 4: why a new sign-in is needed, which context and methods satisfy it, a Cancel while waiting, and the new
 * evidence once it is back. "Step-up complete" is said only of a step-up the engine reported obtained, never beside
 * a failure.
 */
export function StepUpStep({ shared, step, commands }: Props) {
  const { run } = step;
  const info = shared.info.status === 'loaded' ? shared.info.value : null;
  const surface = info?.signInSurface === 'in-app-window' ? 'sign-in window' : 'browser window';
  const contextName = (id: string) => run.plan.stepUps.find((g) => g.context?.id === id)?.context?.displayName ?? id;
  const waiting = shared.signIn.phase === 'waiting' && shared.signIn.purpose !== 'sign-in' ? shared.signIn : null;
  const started = run.inFlight || run.rows.some((r) => r.marks.length > 0 || r.outcome !== null);
  const finished = !run.inFlight && run.rows.some((r) => r.outcome !== null);
  // The engine reports a failed or cancelled step-up either for the whole call or per role.
  const failedRows = run.inFlight ? [] : run.rows.filter((r) => r.error !== null && r.error.code.startsWith('auth/'));
  const stepUpError = run.inFlight ? null : (run.error ?? failedRows[0]?.error ?? null);
  const retryIds = run.error !== null ? run.request.roleIds : failedRows.map((r) => r.roleId);
  // Proven: a step-up the finished run reported, or a new sign-in arriving while the run goes on; never beside a failure.
  const proven = run.stepUps.length > 0 || (run.inFlight && run.evidenceAfter !== null);
  const steppedUp = proven && run.evidenceAfter !== null && waiting === null && stepUpError === null;

  return (
    <section aria-labelledby="step-up-heading" className="step">
      <StepHeading id="step-up-heading">Additional verification required</StepHeading>
      <StepUpGroups run={run} />
      <h3>Your sign-in before the step-up</h3>
      <EvidenceList evidence={run.evidenceBefore} contextName={contextName} label="Evidence before the step-up" />
      {waiting !== null ? <StepUpWaiting waiting={waiting} surface={surface} onCancel={commands.cancelSignIn} /> : null}
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
        <StepUpFailure
          error={stepUpError}
          securityInfoUrl={info?.securityInfoUrl ?? null}
          onRetry={() => {
            commands.startRun(retryIds);
          }}
          onBack={commands.back}
        />
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
