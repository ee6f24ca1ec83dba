import { useState } from 'react';
import { assertNever } from '../shared/assert';
import { isKiosk } from './app-policy';
import { AccountMenu } from './components/account-menu';
import { ErrorPanel } from './components/error-panel';
import { FirstRunScreen } from './first-run/first-run-screen';
import { useActivationNotifications } from './components/use-activation-notifications';
import { StepIndicator } from './components/step-indicator';
import { DeepLinkNotice } from './help-desk/deep-link-notice';
import { GuidePanel } from './help-desk/guide-panel';
import { guideFor } from './help-desk/guide-text';
import { HelpFooter } from './help-desk/help-footer';
import { HistoryView } from './history/history-view';
import { autoEndApplies } from './kiosk/auto-end';
import { AutoEndNotice } from './kiosk/auto-end-notice';
import { useAutoEnd } from './kiosk/use-auto-end';
import { CLOCK_SKEW_WARNING_SECONDS, durationCap, selectedRoles } from './wizard/selectors';
import { ActivateStep } from './wizard/steps/activate/activate-step';
import { DoneStep } from './wizard/steps/done/done-step';
import { ProgressStep } from './wizard/steps/progress/progress-step';
import { RolesStep } from './wizard/steps/roles/roles-step';
import { SignInStep } from './wizard/steps/sign-in/sign-in-step';
import { StepUpStep } from './wizard/steps/step-up/step-up-step';
import { useWizard } from './wizard/use-wizard';
import type { WizardCommands } from './wizard/use-wizard';
import type { WizardState } from './wizard/wizard-state';
import { planNeedsStepUp } from './wizard/wizard-state';

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

/**
 * The window: header (guided mode, history, and in kiosk mode End session), persistent banners,
 * the help-desk link notice, the current step or the history, the help footer, and the live region.
 */
export function App() {
  const { state, commands } = useWizard();
  const { shared, step } = state;
  const [view, setView] = useState<'wizard' | 'history'>('wizard');
  // The first-run choice (demo or own tenant) comes before Sign in; answered once, it is gone.
  const [firstRunAnswered, setFirstRunAnswered] = useState(false);
  useActivationNotifications(step);
  const info = shared.info.status === 'loaded' ? shared.info.value : null;
  const session = shared.session.status === 'loaded' ? shared.session.value : null;
  const catalog = shared.catalog.status === 'loaded' ? shared.catalog.value : null;
  const skew = catalog?.clockSkewSeconds ?? 0;
  const kiosk = isKiosk(info);
  const firstRun = info?.firstRun === true && !firstRunAnswered;
  const runInFlight = (step.kind === 'step-up' || step.kind === 'progress') && step.run.inFlight;
  const capMinutes =
    catalog === null || shared.selection.length === 0 ? null : durationCap(selectedRoles(catalog, shared.selection)).minutes;
  const endSession = () => {
    setView('wizard');
    commands.signOut();
  };
  const autoEnd = useAutoEnd(view === 'wizard' && autoEndApplies(info, step.kind), endSession);

  const runStep = step.kind === 'activate' || step.kind === 'step-up' || step.kind === 'progress' || step.kind === 'done';
  const hasPrimaryAction = view === 'wizard' && !firstRun && (step.kind === 'roles' || step.kind === 'activate');

  return (
    <>
      {hasPrimaryAction ? (
        <a
          className="skip-link"
          href="#primary-action"
          onClick={(e) => {
            e.preventDefault();
            document.getElementById('primary-action')?.focus();
          }}
        >
          Skip to actions
        </a>
      ) : null}
      <header className="app-header">
        <h1>PIM Step-Up</h1>
        {info?.tenant.kind === 'simulated' ? (
          <p className="mode-badge mode-demo" role="note">
            Demo tenant: nothing real is activated.
          </p>
        ) : null}
        {info?.mode === 'kiosk' ? (
          <p className="mode-badge" role="note">
            Shared workstation: nothing you type is kept after you close the app.
          </p>
        ) : null}
        <div className="header-actions">
          {session !== null ? <AccountMenu session={session} info={info} onSignOut={kiosk ? null : commands.signOut} /> : null}
          <button type="button" aria-pressed={shared.guided.on} onClick={commands.toggleGuided}>
            Guided mode
          </button>
          <button
            type="button"
            aria-pressed={view === 'history'}
            onClick={() => {
              setView(view === 'history' ? 'wizard' : 'history');
            }}
          >
            History
          </button>
          {kiosk ? (
            <button type="button" className="danger" onClick={endSession}>
              End session
            </button>
          ) : null}
        </div>
      </header>
      <main className="app-main">
        {Math.abs(skew) > CLOCK_SKEW_WARNING_SECONDS ? (
          <p className="banner banner-warning" role="note">
            This computer’s clock differs from the tenant’s by about {Math.round(Math.abs(skew) / 60)} minutes. Times shown are corrected to
            the tenant’s clock; fix the system clock if sign-in or activation fails.
          </p>
        ) : null}
        {shared.signOutError !== null ? (
          <ErrorPanel
            error={shared.signOutError}
            title={kiosk ? 'The session did not end: do not leave the workstation yet' : 'Sign-out did not complete'}
          />
        ) : null}
        {shared.info.status === 'failed' ? (
          <p className="banner banner-warning" role="note">
            {shared.info.error.message}
          </p>
        ) : null}
        {view === 'wizard' && !firstRun && runStep ? (
          <StepIndicator
            current={step.kind}
            // A run that needed no extra sign-in went straight past the step-up: said so, not shown as done.
            stepUpSkipped={(step.kind === 'progress' || step.kind === 'done') && !planNeedsStepUp(step.run.plan) && step.run.prompts === 0}
          />
        ) : null}
        {firstRun && view === 'wizard' ? (
          <FirstRunScreen
            onDemo={() => {
              setFirstRunAnswered(true);
            }}
          />
        ) : view === 'history' ? (
          <HistoryView
            pending={shared.pending}
            onClose={() => {
              setView('wizard');
            }}
          />
        ) : (
          <>
            <DeepLinkNotice shared={shared} step={step.kind} capMinutes={capMinutes} runInFlight={runInFlight} commands={commands} />
            {step.kind === 'done' ? <AutoEndNotice autoEnd={autoEnd.autoEnd} now={autoEnd.now} onCancel={autoEnd.cancel} /> : null}
            {shared.guided.on ? <GuidePanel guide={guideFor(state)} adminCenterUrl={info?.adminCenterUrl ?? null} /> : null}
            <CurrentStep state={state} commands={commands} />
          </>
        )}
      </main>
      <HelpFooter kiosk={kiosk} />
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {shared.announcement}
      </div>
    </>
  );
}
