import { CodeDetails } from '../../../components/code-details';
import { ErrorPanel } from '../../../components/error-panel';
import { formatClock } from '../../../components/format-time';
import { DeactivateButton } from '../../../home/deactivate-button';
import { formatCountdown } from '../../format';
import { decisionText } from '../../result-view';
import type { RoleView } from '../../result-view';
import type { Loadable, RunRow } from '../../wizard-state';
import type { DeactivationOutcome } from '../../../../shared/domain/activation';

type Props = {
  readonly row: RunRow;
  readonly view: RoleView;
  readonly deactivation: Loadable<DeactivationOutcome> | undefined;
  readonly serverNow: number;
  readonly skew: number;
  readonly onDeactivate: (roleId: string) => void;
};

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

function ActiveLines({
  row,
  view,
  deactivation,
  serverNow,
  skew,
  onDeactivate,
}: Omit<Props, 'view'> & { readonly view: Extract<RoleView, { kind: 'active' }> }) {
  return (
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
          skew={skew}
          busy={deactivation?.status === 'loading'}
          onDeactivate={() => {
            onDeactivate(row.roleId);
          }}
        />
      </div>
    </>
  );
}

/** What one role of the run came to, from the Results model (result-view.ts); every sentence agrees with the headline. */
export function ResultRow(props: Props) {
  const { row, view, deactivation } = props;
  const notDeactivated = `${row.displayName} was not deactivated`;
  return (
    <li className="card progress-row" aria-label={row.displayName}>
      <h3>{row.displayName}</h3>
      {view.kind === 'active' ? <ActiveLines {...props} view={view} /> : null}
      {view.kind === 'pending' ? (
        <p className="status status-pending-approval">Waiting for approval. This page shows the decision when an approver acts.</p>
      ) : null}
      {view.kind === 'pending' && view.requestId !== null ? (
        <CodeDetails items={[{ label: 'PIM request', codes: [view.requestId] }]} />
      ) : null}
      {view.kind === 'scheduled' ? <p className="status">Scheduled to start at {formatClock(view.start)}.</p> : null}
      {view.kind === 'activating' ? <p className="status">PIM accepted the request; the assignment is on its way.</p> : null}
      {view.kind === 'deactivated' ? <p className="status">Deactivated.</p> : null}
      {view.kind === 'decided' ? <p className="status status-failed">{decisionText(view.phase)}</p> : null}
      {view.kind === 'failed' ? (
        <p className="status status-failed">Not activated{row.error !== null ? `: ${row.error.message}` : '.'}</p>
      ) : null}
      {view.kind === 'unconfirmed' && row.error !== null ? (
        <ErrorPanel error={row.error} title="Not confirmed: PIM may have accepted it. Check before retrying." />
      ) : null}
      {view.kind === 'not-taken' ? (
        <p className="status status-failed">
          Not activated: PIM holds no request for it (checked at <time dateTime={view.checkedAt}>{formatClock(view.checkedAt)}</time>). You
          can activate it again.
        </p>
      ) : null}
      {deactivation?.status === 'failed' ? <ErrorPanel error={deactivation.error} title={notDeactivated} /> : null}
      {deactivation?.status === 'loaded' && deactivation.value.status === 'failed' && deactivation.value.error !== undefined ? (
        <ErrorPanel error={deactivation.value.error} title={notDeactivated} />
      ) : null}
    </li>
  );
}
