import { roleStateOf } from '../../../../shared/domain/role-state';
import { AdminCenterLink } from '../../../components/admin-center-link';
import { RunEvidence } from '../../../components/run-evidence';
import { StaleNotice } from '../../../components/stale-notice';
import { StepHeading } from '../../../components/step-heading';
import { useNow } from '../../../components/use-now';
import { resultHeadline } from '../../format';
import { FINAL_OF, modelReadAfter, viewOf } from '../../result-view';
import { skewMs } from '../../selectors';
import type { WizardCommands } from '../../use-wizard';
import type { Shared, WizardStep } from '../../wizard-state';
import { ResultRow } from './result-row';
import { useExpiryNotices } from './use-expiry-notices';
import { useFollowDecisions } from './use-follow-decisions';

type Props = {
  readonly shared: Shared;
  readonly step: Extract<WizardStep, { kind: 'done' }>;
  readonly commands: WizardCommands;
};

/**
 * Step 6, Results: what each role came to, from PIM's current word (the role-state model) over the run's report. A
 * decision on a request waiting for approval arrives by itself; an outcome the engine could not confirm is checked
 * (PIM read again) before anything is sent twice.
 */
export function DoneStep({ shared, step, commands }: Props) {
  const catalog = shared.catalog.status === 'loaded' ? shared.catalog.value : null;
  const skew = skewMs(catalog);
  const serverNow = useNow(1000) - skew;
  const model = catalog?.states;
  const checkedAt = model !== undefined && modelReadAfter(model, skew, step.run.finishedAt) ? model.at : null;

  const views = step.run.rows.map((row) => {
    const deactivation = shared.deactivations[row.roleId];
    const deactivated = deactivation?.status === 'loaded' && deactivation.value.status === 'deactivated';
    const role = catalog?.eligible.find((r) => r.id === row.roleId);
    return { row, view: viewOf(row, role, roleStateOf(model, row.roleId), deactivated, checkedAt), deactivation };
  });
  useExpiryNotices(views, serverNow);
  useFollowDecisions(views.some(({ view }) => view.kind === 'pending'));
  const unconfirmed = views.some(({ view }) => view.kind === 'unconfirmed');

  return (
    <section aria-labelledby="done-heading" className="step">
      <StepHeading id="done-heading">{resultHeadline(views.map(({ view }) => FINAL_OF[view.kind]))}</StepHeading>
      {catalog !== null ? <StaleNotice error={shared.refreshError} asOf={catalog.states.at} onRetry={commands.refreshCatalog} /> : null}
      {unconfirmed ? (
        <p>
          The request was sent, but no answer came back and PIM could not be read afterwards. Check reads PIM again and shows what it holds;
          nothing is sent.
        </p>
      ) : (
        <p className="muted">Some services take a few minutes to notice a new role; signing out and in again there helps.</p>
      )}
      <ul className="progress-list">
        {views.map(({ row, view, deactivation }) => (
          <ResultRow
            key={row.roleId}
            row={row}
            view={view}
            deactivation={deactivation}
            serverNow={serverNow}
            skew={skew}
            onDeactivate={commands.deactivate}
          />
        ))}
      </ul>
      <RunEvidence stepUps={step.run.stepUps} />
      <AdminCenterLink url={shared.info.status === 'loaded' ? shared.info.value.adminCenterUrl : null} />
      <div className="actions step-actions">
        {unconfirmed ? (
          <button type="button" className="primary" onClick={commands.check}>
            Check
          </button>
        ) : (
          <button type="button" onClick={commands.refreshCatalog}>
            Refresh
          </button>
        )}
        <button type="button" className={unconfirmed ? undefined : 'primary'} onClick={commands.startOver}>
          Activate more roles
        </button>
      </div>
    </section>
  );
}
