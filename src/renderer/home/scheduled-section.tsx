import type { PendingRequest } from '../../shared/domain/activation';
import type { RoleState } from '../../shared/domain/role-state';
import { ErrorPanel } from '../components/error-panel';
import { formatDateTime } from '../components/format-time';
import type { Loadable } from '../wizard/wizard-state';
import { ConfirmAction } from './confirm-action';

type Props = {
  /** Roles the role-state model shows scheduled. */
  readonly scheduled: readonly RoleState[];
  readonly cancellations: Readonly<Record<string, Loadable<null>>>;
  readonly onCancel: (request: PendingRequest) => void;
};

/** The request to cancel for a scheduled role, in the shape the home screen's Cancel already takes. */
function cancellable(role: RoleState): PendingRequest | null {
  return role.request === null
    ? null
    : {
        requestId: role.request.id,
        kind: role.kind,
        roleId: role.roleId,
        displayName: role.displayName,
        createdDateTime: role.request.createdDateTime,
        justification: null,
        status: role.request.status,
      };
}

/** Activations accepted with a later start: when each starts and ends, with Cancel. Read from the role-state model. */
export function ScheduledSection({ scheduled, cancellations, onCancel }: Props) {
  if (scheduled.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="scheduled-heading" className="home-section">
      <h3 id="scheduled-heading">
        Scheduled <span className="count">{scheduled.length}</span>
      </h3>
      <ul className="dense-list">
        {scheduled.map((role) => {
          const request = cancellable(role);
          const op = request === null ? undefined : cancellations[request.requestId];
          return (
            <li key={role.roleId} className="dense-row" aria-label={role.displayName}>
              <span className="row-name">{role.displayName}</span>
              <span className="row-status">
                Scheduled to start{' '}
                {role.startDateTime === null ? (
                  'at a time PIM did not say'
                ) : (
                  <time dateTime={role.startDateTime}>{formatDateTime(role.startDateTime)}</time>
                )}
                {role.endDateTime === null ? null : (
                  <>
                    {' '}
                    · ends <time dateTime={role.endDateTime}>{formatDateTime(role.endDateTime)}</time>
                  </>
                )}
              </span>
              {request === null ? null : (
                <ConfirmAction
                  label="Cancel"
                  accessibleName={`Cancel scheduled activation of ${role.displayName}`}
                  question={`Cancel the scheduled activation of ${role.displayName}? It will not start; you can schedule it again.`}
                  confirmLabel="Yes, cancel it"
                  keepLabel="Keep it scheduled"
                  busyLabel="Cancelling…"
                  busy={op?.status === 'loading'}
                  onConfirm={() => {
                    onCancel(request);
                  }}
                />
              )}
              {op?.status === 'failed' ? (
                <ErrorPanel error={op.error} title={`The scheduled activation of ${role.displayName} was not cancelled`} />
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
