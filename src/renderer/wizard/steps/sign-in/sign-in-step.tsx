import { signInStorageOf } from '../../../app-policy';
import { ErrorPanel } from '../../../components/error-panel';
import { formatClock } from '../../../components/format-time';
import { StepHeading } from '../../../components/step-heading';
import type { WizardCommands } from '../../use-wizard';
import type { Shared, WizardStep } from '../../wizard-state';

type Props = {
  readonly shared: Shared;
  readonly step: Extract<WizardStep, { kind: 'sign-in' }>;
  readonly commands: WizardCommands;
};

/** Sign in (only when no session is known): where sign-in opens; once signed in, the app opens on home. */
export function SignInStep({ shared, step, commands }: Props) {
  const info = shared.info.status === 'loaded' ? shared.info.value : null;
  const storage = signInStorageOf(info);
  const waiting = shared.signIn.phase === 'waiting' && shared.signIn.purpose === 'sign-in' ? shared.signIn : null;

  return (
    <section aria-labelledby="sign-in-heading" className="step">
      <StepHeading id="sign-in-heading">Sign in</StepHeading>
      {info !== null ? (
        <p>
          {info.tenant.kind === 'simulated' ? 'The demo tenant. ' : ''}Sign-in opens{' '}
          {info.signInSurface === 'system-browser' ? 'in your system browser' : 'in a PIM Step-Up sign-in window'}.
        </p>
      ) : null}

      {storage !== null && !storage.persisted ? (
        <p className="note" data-testid="token-storage-note">
          Your sign-in is kept in memory only and is forgotten when the app closes or the session ends
          {storage.reason !== null ? `: ${storage.reason}` : '.'}
        </p>
      ) : null}
      {shared.session.status === 'loading' ? (
        <p role="status">Checking whether you are signed in…</p>
      ) : (
        <div className="card">
          <p>
            Sign in with the account that holds your eligible PIM roles. Your password and tokens stay with Microsoft's sign-in page and the
            app's main process.
          </p>
          {waiting !== null ? (
            <div className="waiting" role="status">
              <span className="spinner" aria-hidden="true" />
              <p>
                Complete the sign-in in the {info?.signInSurface === 'in-app-window' ? 'sign-in window' : 'browser window'}. Waiting until{' '}
                {formatClock(waiting.timeoutAt)} at the latest.
              </p>
            </div>
          ) : null}
          <div className="actions">
            {step.busy ? (
              <button type="button" onClick={commands.cancelSignIn}>
                Cancel sign-in
              </button>
            ) : (
              <button type="button" className="primary" onClick={commands.signIn}>
                Sign in
              </button>
            )}
          </div>
        </div>
      )}
      {step.error !== null ? <ErrorPanel error={step.error} title="Sign-in did not complete" /> : null}
    </section>
  );
}
