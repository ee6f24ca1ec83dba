import type { EligibleRole } from '../../../../shared/domain/roles';
import { RoleBadges } from '../../../components/role-badges';
import { formatMinutes } from '../../format';
import { durationChoices, roleCapMinutes, roleMinutes } from '../../selectors';
import type { ActivationForm } from '../../wizard-state';

type Props = {
  readonly roles: readonly EligibleRole[];
  readonly form: ActivationForm;
  readonly onChange: (patch: Partial<ActivationForm>) => void;
};

/**
 * Durations: one choice applied to all roles, and each role's own, each capped by its own policy,
 * so a role limited to 4 hours does not limit an 8-hour one.
 */
export function RoleDurations({ roles, form, onChange }: Props) {
  const longest = Math.max(...roles.map(roleCapMinutes), 30);
  const several = roles.length > 1;
  return (
    <fieldset className="durations">
      <legend>Duration</legend>
      {several ? (
        <div className="field field-inline">
          <label htmlFor="duration-all">Apply to all</label>
          <select
            id="duration-all"
            value={form.durationMinutes}
            aria-describedby="duration-all-hint"
            onChange={(e) => {
              onChange({ durationMinutes: Number(e.target.value), durations: {} });
            }}
          >
            {durationChoices(longest, form.durationMinutes).map((m) => (
              <option key={m} value={m}>
                {formatMinutes(m)}
              </option>
            ))}
          </select>
          <span id="duration-all-hint" className="hint">
            Each role gets at most its own maximum.
          </span>
        </div>
      ) : null}
      <ul className="dense-list role-durations">
        {roles.map((role) => {
          const cap = roleCapMinutes(role);
          const minutes = roleMinutes(role, form);
          const id = `duration-${role.id}`;
          return (
            <li key={role.id} className="dense-row">
              <label htmlFor={id} className="row-name">
                {several ? role.displayName : 'Duration'}
                {several ? <span className="sr-only"> duration</span> : null}
              </label>
              <select
                id={id}
                value={minutes}
                aria-describedby={`${id}-hint`}
                onChange={(e) => {
                  onChange({ durations: { ...form.durations, [role.id]: Number(e.target.value) } });
                }}
              >
                {durationChoices(cap, minutes).map((m) => (
                  <option key={m} value={m}>
                    {formatMinutes(m)}
                  </option>
                ))}
              </select>
              <span id={`${id}-hint`} className="hint">
                {several ? '' : `${role.displayName}: `}up to {formatMinutes(cap)}
                {role.requirements.maximumDuration === null ? ' (its policy states no maximum)' : ''}
              </span>
              {several ? <RoleBadges requirements={role.requirements} /> : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
