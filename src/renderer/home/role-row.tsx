import { memo } from 'react';
import type { EligibleRole } from '../../shared/domain/roles';
import { RoleBadges } from '../components/role-badges';

type Props = {
  readonly role: EligibleRole;
  readonly selected: boolean;
  /** null when favourites are not offered (kiosk mode). */
  readonly favourite: boolean | null;
  readonly onToggle: (roleId: string) => void;
  readonly onFavourite: (roleId: string) => void;
};

/**
 * One eligible role on one line: favourite star, checkbox with the name, scope, requirements.
 * Memoised: typing in the search box re-renders only the rows whose props changed.
 */
export const RoleRow = memo(function RoleRow({ role, selected, favourite, onToggle, onFavourite }: Props) {
  const inputId = `role-${role.id}`;
  return (
    <li className={selected ? 'dense-row role-row selected' : 'dense-row role-row'}>
      {favourite !== null ? (
        <button
          type="button"
          className="star"
          aria-pressed={favourite}
          aria-label={`Favourite: ${role.displayName}`}
          title={favourite ? 'Pinned on top: press to unpin' : 'Pin on top'}
          onClick={() => {
            onFavourite(role.id);
          }}
        >
          <span aria-hidden="true">{favourite ? '★' : '☆'}</span>
        </button>
      ) : null}
      <input
        type="checkbox"
        id={inputId}
        checked={selected}
        onChange={() => {
          onToggle(role.id);
        }}
      />
      <label htmlFor={inputId} className="row-name" title={role.description}>
        {role.displayName}
      </label>
      <span className="row-scope muted">{role.scopeLabel}</span>
      <RoleBadges requirements={role.requirements} />
    </li>
  );
});
