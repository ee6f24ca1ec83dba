import type { ActiveAssignment } from '../../shared/domain/roles';
import type { DeactivationOutcome, ExtensionOutcome, ExtensionRequest } from '../../shared/domain/activation';
import { ACTIVATION_NOT_EXTENDABLE } from '../../shared/rules/extension';
import { ErrorPanel } from '../components/error-panel';
import type { Loadable } from '../wizard/wizard-state';
import { EndsAt } from './countdown';
import { DeactivateButton } from './deactivate-button';
import { ExtensionAction } from './extension-action';

type Props = {
  readonly active: readonly ActiveAssignment[];
  readonly skew: number;
  readonly deactivations: Readonly<Record<string, Loadable<DeactivationOutcome>>>;
  readonly onDeactivate: (roleId: string) => void;
  readonly extensions: Readonly<Record<string, Loadable<ExtensionOutcome>>>;
  /** Role ids with an extension waiting for an administrator (from the pending list). */
  readonly extensionsWaiting: ReadonlySet<string>;
  /** The duration the extension form starts with for a role. */
  readonly suggestedDuration: (roleId: string) => string;
  readonly onRequestExtension: (request: ExtensionRequest, displayName: string) => void;
};

function failureOf(op: Loadable<DeactivationOutcome> | undefined) {
  if (op?.status === 'failed') {
    return op.error;
  }
  return op?.status === 'loaded' && op.value.status === 'failed' ? (op.value.error ?? null) : null;
}

/** Until when, with a live countdown; on an activation, where the person would look for "extend", why there is none. */
function ActiveStatus({ active, skew }: { readonly active: ActiveAssignment; readonly skew: number }) {
  const hint = active.assignmentType === 'Activated' ? ACTIVATION_NOT_EXTENDABLE : undefined;
  return (
    <span className="row-status status-active" title={hint} aria-description={hint}>
      {active.endDateTime === null ? (
        active.assignmentType === 'Assigned' ? (
          'Permanent assignment'
        ) : (
          'Active, no end date'
        )
      ) : (
        <EndsAt end={active.endDateTime} skew={skew} />
      )}
    </span>
  );
}

/**
 * Active roles: until when, a live countdown, Deactivate (after PIM's first five minutes) for activations, and
 * Request extension for an administrator's time-bound assignment near its end.
 */
export function ActiveSection(props: Props) {
  const { active, skew, deactivations, onDeactivate } = props;
  return (
    <section aria-labelledby="active-heading" className={active.length === 0 ? 'home-section collapsed' : 'home-section'}>
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
              <ActiveStatus active={a} skew={skew} />
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
                <>
                  <span className="muted">Assigned by an administrator: not deactivated here.</span>
                  <ExtensionAction
                    active={a}
                    skew={skew}
                    suggestedDuration={props.suggestedDuration(a.id)}
                    op={props.extensions[a.id]}
                    waiting={props.extensionsWaiting.has(a.id)}
                    onRequest={(request) => {
                      props.onRequestExtension(request, a.displayName);
                    }}
                  />
                </>
              )}
              {failure !== null ? <ErrorPanel error={failure} title={`${a.displayName} was not deactivated`} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
