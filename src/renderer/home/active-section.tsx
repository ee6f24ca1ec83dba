import type { ActiveAssignment } from '../../shared/domain/roles';
import type { DeactivationOutcome } from '../../shared/domain/activation';
import { ErrorPanel } from '../components/error-panel';
import { formatClock } from '../components/format-time';
import type { Loadable } from '../wizard/wizard-state';
import { Countdown } from './countdown';
import { DeactivateButton } from './deactivate-button';

type Props = {
  readonly active: readonly ActiveAssignment[];
  readonly skew: number;
  readonly deactivations: Readonly<Record<string, Loadable<DeactivationOutcome>>>;
  readonly onDeactivate: (roleId: string) => void;
};

function failureOf(op: Loadable<DeactivationOutcome> | undefined) {
  if (op?.status === 'failed') {
    return op.error;
  }
  return op?.status === 'loaded' && op.value.status === 'failed' ? (op.value.error ?? null) : null;
}

/** Active roles: until when, a live countdown, and Deactivate (after PIM's first five minutes). */
export function ActiveSection({ active, skew, deactivations, onDeactivate }: Props) {
  return (
    <section aria-labelledby="active-heading" className="home-section">
      <h3 id="active-heading">
        Active <span className="count">{active.length}</span>
      </h3>
      {active.length === 0 ? <p className="muted">No role is active right now.</p> : null}
      <ul className="dense-list">
        {active.map((a) => {
          const failure = failureOf(deactivations[a.id]);
          return (
            <li key={a.id} className="dense-row" aria-label={a.displayName}>
              <span className="row-name">{a.displayName}</span>
              <span className="row-status status-active">
                {a.endDateTime === null ? (
                  a.assignmentType === 'Assigned' ? (
                    'Permanent assignment'
                  ) : (
                    'Active, no end date'
                  )
                ) : (
                  <>
                    Until <time dateTime={a.endDateTime}>{formatClock(a.endDateTime)}</time> · <Countdown end={a.endDateTime} skew={skew} />
                  </>
                )}
              </span>
              {a.assignmentType === 'Activated' ? (
                <DeactivateButton
                  active={a}
                  name={a.displayName}
                  skew={skew}
                  busy={deactivations[a.id]?.status === 'loading'}
                  onDeactivate={() => {
                    onDeactivate(a.id);
                  }}
                />
              ) : (
                <span className="muted">Assigned by an administrator: not deactivated here.</span>
              )}
              {failure !== null ? <ErrorPanel error={failure} title={`${a.displayName} was not deactivated`} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
