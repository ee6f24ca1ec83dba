import type { PendingRequest } from '../../shared/domain/activation';
import { ErrorPanel } from '../components/error-panel';
import { formatDateTime } from '../components/format-time';
import type { Loadable } from '../wizard/wizard-state';
import { ConfirmAction } from './confirm-action';

type Props = {
  readonly pending: Loadable<readonly PendingRequest[]>;
  readonly cancellations: Readonly<Record<string, Loadable<null>>>;
  readonly onCancel: (request: PendingRequest) => void;
};

/** Requests waiting for an approver, each with Cancel request (confirmed inline: PIM cannot undo it). */
export function PendingSection({ pending, cancellations, onCancel }: Props) {
  const items = pending.status === 'loaded' ? pending.value : [];
  return (
    <section
      aria-labelledby="pending-heading"
      className={pending.status === 'loaded' && items.length === 0 ? 'home-section collapsed' : 'home-section'}
    >
      <h3 id="pending-heading">
        Waiting for approval <span className="count">{items.length}</span>
      </h3>
      {pending.status === 'failed' ? <ErrorPanel error={pending.error} title="Your pending requests could not be read" /> : null}
      {pending.status === 'loaded' && items.length === 0 ? <p className="muted">No request is waiting for an approver.</p> : null}
      <ul className="dense-list">
        {items.map((p) => {
          const op = cancellations[p.requestId];
          return (
            <li key={p.requestId} className="dense-row" aria-label={p.displayName}>
              <span className="row-name">{p.displayName}</span>
              <span className="row-status status-pending-approval">
                Requested {p.createdDateTime === null ? '' : <time dateTime={p.createdDateTime}>{formatDateTime(p.createdDateTime)}</time>}
                {p.status === 'PendingAdminDecision' ? ' · waiting for an administrator' : ' · waiting for an approver'}
              </span>
              <ConfirmAction
                label="Cancel request"
                accessibleName={`Cancel request for ${p.displayName}`}
                question={`Cancel the request for ${p.displayName}? The approver will no longer see it; you can ask again later.`}
                confirmLabel="Yes, cancel the request"
                keepLabel="Keep the request"
                busyLabel="Cancelling…"
                busy={op?.status === 'loading'}
                onConfirm={() => {
                  onCancel(p);
                }}
              />
              {op?.status === 'failed' ? (
                <ErrorPanel error={op.error} title={`The request for ${p.displayName} was not cancelled`} />
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
