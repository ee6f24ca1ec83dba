import { useEffect, useRef } from 'react';
import { roleStateOf } from '../../../../shared/domain/role-state';
import { AdminCenterLink } from '../../../components/admin-center-link';
import { CodeDetails } from '../../../components/code-details';
import { ErrorPanel } from '../../../components/error-panel';
import { formatClock } from '../../../components/format-time';
import { notify } from '../../../components/notify';
import { RunEvidence } from '../../../components/run-evidence';
import { StepHeading } from '../../../components/step-heading';
import { useNow } from '../../../components/use-now';
import { formatCountdown, resultHeadline } from '../../format';
import { decisionText, FINAL_OF, viewOf } from '../../result-view';
import { skewMs } from '../../selectors';
import { DeactivateButton } from '../../../home/deactivate-button';
import type { WizardCommands } from '../../use-wizard';
import type { RunRow, Shared, WizardStep } from '../../wizard-state';

type Props = {
  readonly shared: Shared;
  readonly step: Extract<WizardStep, { kind: 'done' }>;
  readonly commands: WizardCommands;
};

/** How long before the end an "expires soon" notification is shown. */
export const EXPIRY_WARNING_MS = 10 * 60_000;

/**
 * Active is not usable: the engine's ready check says when the access was confirmed usable, or why not yet (the
 * engine's words; a role activated before this run has nothing to say here).
 */
function UsableLine({ outcome }: { readonly outcome: RunRow['outcome'] }) {
  if (outcome === null || outcome.activeAt === undefined) {
    return null;
  }
  return (
    <p className="muted usable">
      {outcome.usableAt !== null && outcome.usableAt !== undefined ? (
        <>
          Confirmed usable at <time dateTime={outcome.usableAt}>{formatClock(outcome.usableAt)}</time>.
        </>
      ) : (
        (outcome.usableNote ?? 'Active per PIM, not yet confirmed usable.')
      )}
    </p>
  );
}

/** Step 6: what is active until when, deactivation after the first five minutes, expiry warnings. */
export function DoneStep({ shared, step, commands }: Props) {
  const catalog = shared.catalog.status === 'loaded' ? shared.catalog.value : null;
  const serverNow = useNow(1000) - skewMs(catalog);
  const warned = useRef(new Set<string>());

  const views = step.run.rows.map((row) => {
    const deactivation = shared.deactivations[row.roleId];
    const deactivated = deactivation?.status === 'loaded' && deactivation.value.status === 'deactivated';
    return {
      row,
      view: viewOf(
        row,
        catalog?.eligible.find((r) => r.id === row.roleId),
        roleStateOf(catalog?.states, row.roleId),
        deactivated,
      ),
      deactivation,
    };
  });

  // "Shortly before expiry": one OS notification per role and end time; and one when a role
  // that was waiting for approval turns up active.
  useEffect(() => {
    for (const { row, view } of views) {
      if (view.kind !== 'active') {
        continue;
      }
      const approvedKey = `${row.roleId}@approved`;
      if (row.outcome?.status === 'pending-approval' && !warned.current.has(approvedKey)) {
        warned.current.add(approvedKey);
        notify(`${row.displayName} is active`, 'Your request was approved.');
      }
      if (view.end === null) {
        continue;
      }
      const left = Date.parse(view.end) - serverNow;
      const key = `${row.roleId}@${view.end}`;
      if (left > 0 && left <= EXPIRY_WARNING_MS && !warned.current.has(key)) {
        warned.current.add(key);
        notify(
          `${row.displayName} expires soon`,
          `It ends at ${formatClock(view.end)}. Activate it again in PIM Step-Up if you still need it.`,
        );
      }
    }
  });

  return (
    <section aria-labelledby="done-heading" className="step">
      <StepHeading id="done-heading">{resultHeadline(views.map(({ view }) => FINAL_OF[view.kind]))}</StepHeading>
      <p className="muted">Some services take a few minutes to notice a new role; signing out and in again there helps.</p>
      <ul className="progress-list">
        {views.map(({ row, view, deactivation }) => {
          return (
            <li key={row.roleId} className="card progress-row" aria-label={row.displayName}>
              <h3>{row.displayName}</h3>
              {view.kind === 'active' ? (
                <>
                  <p className="status status-active">
                    {view.end === null ? (
                      'Active, with no end date.'
                    ) : (
                      <>
                        Active until <time dateTime={view.end}>{formatClock(view.end)}</time>{' '}
                        <span className="countdown">({formatCountdown(Date.parse(view.end) - serverNow)} left)</span>
                      </>
                    )}
                  </p>
                  <UsableLine outcome={row.outcome} />
                  <div className="actions">
                    <DeactivateButton
                      active={{ id: row.roleId, startDateTime: view.start }}
                      name={row.displayName}
                      skew={skewMs(catalog)}
                      busy={deactivation?.status === 'loading'}
                      onDeactivate={() => {
                        commands.deactivate(row.roleId);
                      }}
                    />
                  </div>
                </>
              ) : null}
              {view.kind === 'pending' ? (
                <p className="status status-pending-approval">Waiting for approval. Use Refresh after an approver acts.</p>
              ) : null}
              {view.kind === 'pending' && view.requestId !== null ? (
                <CodeDetails items={[{ label: 'PIM request', codes: [view.requestId] }]} />
              ) : null}
              {view.kind === 'scheduled' ? <p className="status">Scheduled to start at {formatClock(view.start)}.</p> : null}
              {view.kind === 'deactivated' ? <p className="status">Deactivated.</p> : null}
              {view.kind === 'decided' ? <p className="status status-failed">{decisionText(view.phase)}</p> : null}
              {view.kind === 'failed' ? (
                <p className="status status-failed">Not activated{row.error !== null ? `: ${row.error.message}` : '.'}</p>
              ) : null}
              {deactivation?.status === 'failed' ? (
                <ErrorPanel error={deactivation.error} title={`${row.displayName} was not deactivated`} />
              ) : null}
              {deactivation?.status === 'loaded' && deactivation.value.status === 'failed' && deactivation.value.error !== undefined ? (
                <ErrorPanel error={deactivation.value.error} title={`${row.displayName} was not deactivated`} />
              ) : null}
            </li>
          );
        })}
      </ul>
      <RunEvidence stepUps={step.run.stepUps} />
      <AdminCenterLink url={shared.info.status === 'loaded' ? shared.info.value.adminCenterUrl : null} />
      <div className="actions step-actions">
        <button type="button" onClick={commands.refreshCatalog}>
          Refresh
        </button>
        <button type="button" className="primary" onClick={commands.startOver}>
          Activate more roles
        </button>
      </div>
    </section>
  );
}
