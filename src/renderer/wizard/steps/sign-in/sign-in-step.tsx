import { signInStorageOf } from '../../../app-policy';
import { ErrorPanel } from '../../../components/error-panel';
import { EvidenceList } from '../../../components/evidence-list';
import { formatClock } from '../../../components/format-time';
import { StepHeading } from '../../../components/step-heading';
import type { WizardCommands } from '../../use-wizard';
import type { Shared, WizardStep } from '../../wizard-state';

type Props = {
  readonly shared: Shared;
  readonly step: Extract<WizardStep, { kind: 'sign-in' }>;
  readonly commands: WizardCommands;
};

/** Step 1: which account and tenant, and what the current sign-in proved. */
export function SignInStep({ shared, step, commands }: Props) {
  const info = shared.info.status === 'loaded' ? shared.info.value : null;
  const session = shared.session.status === 'loaded' ? shared.session.value : null;
  const storage = signInStorageOf(info);
  const waiting = shared.signIn.phase === 'waiting' && shared.signIn.purpose === 'sign-in' ? shared.signIn : null;

  return (
    <section aria-labelledby="sign-in-heading" className="step">
      <StepHeading id="sign-in-heading">Sign in</StepHeading>
      {info !== null ? (
        <p>
          Tenant <code>{info.tenant.tenantId}</code> ({info.tenant.cloud}). Sign-in opens{' '}
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
      ) : session !== null ? (
        <div className="card">
          <h3>Signed in</h3>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{session.displayName}</dd>
            <dt>Account</dt>
            <dd>{session.username}</dd>
            <dt>Tenant</dt>
            <dd>
              <code>{session.tenantId}</code>
            </dd>
          </dl>
          <h4>Evidence of this sign-in</h4>
          <EvidenceList evidence={session.evidence} label="Evidence of the current sign-in" />
          <div className="actions">
            <button type="button" className="primary" onClick={commands.continueToRoles}>
              Continue to my roles
            </button>
            <button type="button" onClick={commands.signOut}>
              Sign out
            </button>
          </div>
        </div>
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
