import type { Requirements } from '../../shared/domain/roles';
import { formatMinutes, isoDurationToMinutes } from '../wizard/format';

/** A role's activation requirements as short labelled badges. */
export function RoleBadges({ requirements }: { readonly requirements: Requirements }) {
  if (requirements.pending === true) {
    // Not read yet: nothing here is a fact, so nothing is claimed.
    return (
      <ul className="badges" aria-label="Requirements">
        <li className="badge badge-pending">Requirements: checking…</li>
      </ul>
    );
  }
  if (!requirements.known) {
    return (
      <ul className="badges" aria-label="Requirements">
        <li className="badge badge-unknown">Requirements unknown: the policy could not be read</li>
      </ul>
    );
  }
  const max = requirements.maximumDuration === null ? null : isoDurationToMinutes(requirements.maximumDuration);
  return (
    <ul className="badges" aria-label="Requirements">
      {requirements.authenticationContext !== null ? (
        <li className="badge badge-context">Step-up: {requirements.authenticationContext.displayName}</li>
      ) : null}
      {requirements.mfa ? <li className="badge badge-mfa">MFA</li> : null}
      {requirements.justification ? <li className="badge">Reason</li> : null}
      {requirements.ticket ? <li className="badge">Ticket</li> : null}
      {requirements.approval ? <li className="badge badge-approval">Approval</li> : null}
      {max !== null ? <li className="badge">Max {formatMinutes(max)}</li> : null}
    </ul>
  );
}
