import { memo } from 'react';
import type { EligibleRole } from '../../shared/domain/roles';
import { RoleBadges } from '../components/role-badges';

type Props = {
  readonly role: EligibleRole;
  readonly selected: boolean;
  /** null when favourites are not offered (kiosk mode). */
  readonly favourite: boolean | null;
  /** The list's one tab stop (roving tabindex): only this row's checkbox is reached with Tab. */
  readonly tabbable: boolean;
  readonly position: number;
  readonly setSize: number;
  readonly rowRef?: (el: HTMLElement | null) => void;
  readonly onToggle: (roleId: string) => void;
  readonly onFavourite: (roleId: string) => void;
  readonly onFocusRow: (roleId: string) => void;
};

/**
 * One eligible role on one line: favourite star, checkbox with the name, scope, requirements.
 * Memoised: typing in the search box re-renders only the rows whose props changed.
 */
export const RoleRow = memo(function RoleRow(props: Props) {
  const { role, selected, favourite, tabbable } = props;
  const inputId = `role-${role.id}`;
  // One name whatever the state (aria-pressed says pinned or not), as the tooltip says it.
  const starName = `Pin ${role.displayName}`;
  return (
    <li
      ref={props.rowRef}
      className={selected ? 'dense-row role-row selected' : 'dense-row role-row'}
      aria-setsize={props.setSize}
      aria-posinset={props.position}
      data-role-id={role.id}
    >
      {favourite !== null ? (
        // Out of the tab order: F or * pins the focused row. Its name says what it does, as its tooltip does.
        <button
          type="button"
          className="star"
          tabIndex={-1}
          aria-pressed={favourite}
          aria-label={starName}
          title={starName}
          onClick={() => {
            props.onFavourite(role.id);
          }}
        >
          <span aria-hidden="true">{favourite ? '★' : '☆'}</span>
        </button>
      ) : null}
      <input
        type="checkbox"
        id={inputId}
        checked={selected}
        tabIndex={tabbable ? 0 : -1}
        aria-describedby={tabbable ? 'role-list-keys' : undefined}
        onFocus={() => {
          props.onFocusRow(role.id);
        }}
        onChange={() => {
          props.onToggle(role.id);
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
