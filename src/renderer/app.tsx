import { useState } from 'react';
import { isKiosk } from './app-policy';
import { FirstRunScreen } from './first-run/first-run-screen';
import { useActivationNotifications } from './components/use-activation-notifications';
import { StepIndicator } from './components/step-indicator';
import { AppBanners } from './frame/app-banners';
import { AppHeader } from './frame/app-header';
import { CurrentStep } from './frame/current-step';
import { SkipLink } from './frame/skip-link';
import { DeepLinkNotice } from './help-desk/deep-link-notice';
import { GuidePanel } from './help-desk/guide-panel';
import { guideFor } from './help-desk/guide-text';
import { HelpFooter } from './help-desk/help-footer';
import { HistoryView } from './history/history-view';
import { autoEndApplies } from './kiosk/auto-end';
import { AutoEndNotice } from './kiosk/auto-end-notice';
import { useAutoEnd } from './kiosk/use-auto-end';
import { durationCap, selectedRoles } from './wizard/selectors';
import { useWizard } from './wizard/use-wizard';
import { planNeedsStepUp } from './wizard/wizard-state';

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
  const catalog = shared.catalog.status === 'loaded' ? shared.catalog.value : null;
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
      {hasPrimaryAction ? <SkipLink /> : null}
      <AppHeader
        info={info}
        session={shared.session.status === 'loaded' ? shared.session.value : null}
        kiosk={kiosk}
        guided={shared.guided.on}
        historyShown={view === 'history'}
        onSignOut={commands.signOut}
        onToggleGuided={commands.toggleGuided}
        onToggleHistory={() => {
          setView(view === 'history' ? 'wizard' : 'history');
        }}
        onEndSession={endSession}
      />
      <main className="app-main">
        <AppBanners shared={shared} kiosk={kiosk} skewSeconds={catalog?.clockSkewSeconds ?? 0} />
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
