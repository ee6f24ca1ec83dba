import { assertNever } from '../shared/assert';
import { useActivationNotifications } from './components/use-activation-notifications';
import { StepIndicator } from './components/step-indicator';
import { CLOCK_SKEW_WARNING_SECONDS } from './wizard/selectors';
import { ActivateStep } from './wizard/steps/activate/activate-step';
import { DoneStep } from './wizard/steps/done/done-step';
import { ProgressStep } from './wizard/steps/progress/progress-step';
import { RolesStep } from './wizard/steps/roles/roles-step';
import { SignInStep } from './wizard/steps/sign-in/sign-in-step';
import { StepUpStep } from './wizard/steps/step-up/step-up-step';
import { useWizard } from './wizard/use-wizard';
import type { WizardCommands } from './wizard/use-wizard';
import type { WizardState } from './wizard/wizard-state';

function CurrentStep({ state, commands }: { readonly state: WizardState; readonly commands: WizardCommands }) {
  const { step, shared } = state;
  switch (step.kind) {
    case 'sign-in':
      return <SignInStep shared={shared} step={step} commands={commands} />;
    case 'roles':
      return <RolesStep shared={shared} commands={commands} />;
    case 'activate':
      return <ActivateStep shared={shared} step={step} commands={commands} />;
    case 'step-up':
      return <StepUpStep shared={shared} step={step} commands={commands} />;
    case 'progress':
      return <ProgressStep step={step} commands={commands} />;
    case 'done':
      return <DoneStep shared={shared} step={step} commands={commands} />;
    default:
      return assertNever(step, 'step');
  }
}

/** The window: header, persistent banners, the current step, and the live region. */
export function App() {
  const { state, commands } = useWizard();
  const { shared } = state;
  useActivationNotifications(state.step);
  const info = shared.info.status === 'loaded' ? shared.info.value : null;
  const session = shared.session.status === 'loaded' ? shared.session.value : null;
  const skew = shared.catalog.status === 'loaded' ? shared.catalog.value.clockSkewSeconds : 0;

  return (
    <>
      <header className="app-header">
        <h1>PIM Step-Up</h1>
        {session !== null ? (
          <p className="account" aria-label="Signed-in account">
            {session.displayName} <span className="muted">({session.username})</span>
          </p>
        ) : null}
      </header>
      {info?.tenant.kind === 'simulated' ? (
        <p className="banner banner-demo" role="note">
          Demo tenant: nothing real is activated.
        </p>
      ) : null}
      {info?.mode === 'kiosk' ? (
        <p className="banner" role="note">
          Shared-workstation mode: nothing you type is kept after you close the app.
        </p>
      ) : null}
      {Math.abs(skew) > CLOCK_SKEW_WARNING_SECONDS ? (
        <p className="banner banner-warning" role="note">
          This computer’s clock differs from the tenant’s by about {Math.round(Math.abs(skew) / 60)} minutes. Times shown are corrected to
          the tenant’s clock; fix the system clock if sign-in or activation fails.
        </p>
      ) : null}
      {shared.info.status === 'failed' ? (
        <p className="banner banner-warning" role="note">
          {shared.info.error.message}
        </p>
      ) : null}
      <StepIndicator current={state.step.kind} />
      <main className="app-main">
        <CurrentStep state={state} commands={commands} />
      </main>
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {shared.announcement}
      </div>
    </>
  );
}
