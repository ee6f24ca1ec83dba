import { policyOf } from '../../../app-policy';
import { ErrorPanel } from '../../../components/error-panel';
import { formatClock } from '../../../components/format-time';
import { RoleBadges } from '../../../components/role-badges';
import { StepHeading } from '../../../components/step-heading';
import { useNow } from '../../../components/use-now';
import type { ActiveAssignment, EligibleRole } from '../../../../shared/domain/roles';
import { formatMinutes, minutesLeft, plural } from '../../format';
import { filterRoles, skewMs } from '../../selectors';
import type { WizardCommands } from '../../use-wizard';
import type { RoleFilter, Shared } from '../../wizard-state';

type Props = { readonly shared: Shared; readonly commands: WizardCommands };

const FILTERS: readonly { readonly value: RoleFilter; readonly label: string }[] = [
  { value: 'all', label: 'All eligible roles' },
  { value: 'inactive', label: 'Not active' },
  { value: 'active', label: 'Active now' },
  { value: 'step-up', label: 'Needs step-up or MFA' },
  { value: 'approval', label: 'Needs approval' },
  { value: 'unknown', label: 'Requirements unknown' },
];

function isRoleFilter(value: string): value is RoleFilter {
  return FILTERS.some((f) => f.value === value);
}

export function ActiveStatus({ active, now }: { readonly active: ActiveAssignment; readonly now: number }) {
  const left = minutesLeft(active.endDateTime, now);
  if (left === null) {
    return (
      <span className="status status-active">
        Active, no end date ({active.assignmentType === 'Assigned' ? 'permanent assignment' : 'activated'})
      </span>
    );
  }
  return (
    <span className="status status-active">
      Active until <time dateTime={active.endDateTime ?? undefined}>{formatClock(active.endDateTime)}</time>, {formatMinutes(left)} left
    </span>
  );
}

function RoleItem({
  role,
  selected,
  now,
  onToggle,
}: {
  readonly role: EligibleRole;
  readonly selected: boolean;
  readonly now: number;
  readonly onToggle: () => void;
}) {
  const inputId = `role-${role.id}`;
  const detailsId = `role-details-${role.id}`;
  return (
    <li className={selected ? 'role-item selected' : 'role-item'}>
      <input type="checkbox" id={inputId} checked={selected} onChange={onToggle} aria-describedby={detailsId} />
      <div className="role-body">
        <label htmlFor={inputId} className="role-name">
          {role.displayName}
        </label>
        <div id={detailsId} className="role-details">
          <span className="muted">{role.scopeLabel}</span>
          {role.description !== undefined ? <span className="muted"> · {role.description}</span> : null}
          {role.active !== null ? (
            <>
              {' · '}
              <ActiveStatus active={role.active} now={now} />
            </>
          ) : null}
          <RoleBadges requirements={role.requirements} />
        </div>
      </div>
    </li>
  );
}

/** Step 2: eligible and active roles, searchable and filterable, with their requirements. */
export function RolesStep({ shared, commands }: Props) {
  const catalog = shared.catalog.status === 'loaded' ? shared.catalog.value : null;
  const now = useNow(30_000) - skewMs(catalog);
  const shown = catalog === null ? [] : filterRoles(catalog, shared.query, shared.filter);
  const unmatchedActive = catalog === null ? [] : catalog.active.filter((a) => !catalog.eligible.some((role) => role.id === a.id));
  const count = shared.selection.length;

  return (
    <section aria-labelledby="roles-heading" className="step">
      <StepHeading id="roles-heading">My roles</StepHeading>
      {shared.catalog.status === 'loading' || shared.catalog.status === 'idle' ? (
        <p role="status">Loading your eligible and active roles…</p>
      ) : null}
      {shared.catalog.status === 'failed' ? (
        <ErrorPanel error={shared.catalog.error} title="Your roles could not be loaded">
          <button type="button" onClick={commands.refreshCatalog}>
            Try again
          </button>
        </ErrorPanel>
      ) : null}
      {catalog !== null ? (
        <>
          <div className="toolbar">
            <div className="field">
              <label htmlFor="role-search">Search roles</label>
              <input
                id="role-search"
                type="search"
                value={shared.query}
                onChange={(e) => {
                  commands.setQuery(e.target.value);
                }}
              />
            </div>
            <div className="field">
              <label htmlFor="role-filter">Show</label>
              <select
                id="role-filter"
                value={shared.filter}
                onChange={(e) => {
                  if (isRoleFilter(e.target.value)) {
                    commands.setFilter(e.target.value);
                  }
                }}
              >
                {FILTERS.map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" onClick={commands.refreshCatalog}>
              Refresh
            </button>
          </div>
          <p role="status" className="muted">
            Showing {shown.length} of {plural(catalog.eligible.length, 'eligible role')}. {count > 0 ? `${String(count)} selected.` : ''}
          </p>
          {policyOf(shared.info.status === 'loaded' ? shared.info.value : null).allowedRolesRestricted ? (
            <p className="note">This workstation’s policy limits which roles can be activated here; other eligible roles are not listed.</p>
          ) : null}
          {!catalog.policiesReadable ? (
            <p className="note">
              Some role policies could not be read with your permissions. Their requirements show as unknown; PIM will tell us what it needs
              when you activate.
            </p>
          ) : null}
          <fieldset className="role-fieldset">
            <legend>Choose roles to activate</legend>
            {shown.length === 0 ? <p>No eligible roles match.</p> : null}
            <ul className="role-list">
              {shown.map((role) => (
                <RoleItem
                  key={role.id}
                  role={role}
                  now={now}
                  selected={shared.selection.includes(role.id)}
                  onToggle={() => {
                    commands.toggleRole(role.id);
                  }}
                />
              ))}
            </ul>
          </fieldset>
          {unmatchedActive.length > 0 ? (
            <div className="card">
              <h3>Other active assignments</h3>
              <ul className="plain-list">
                {unmatchedActive.map((a) => (
                  <li key={a.id}>
                    {a.displayName}: <ActiveStatus active={a} now={now} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : null}
      <div className="actions step-actions">
        <button type="button" onClick={commands.back}>
          Back
        </button>
        <button
          type="button"
          className="primary"
          onClick={commands.continueToActivate}
          disabled={count === 0}
          aria-describedby="roles-continue-hint"
        >
          Continue with {plural(count, 'role')}
        </button>
        <span id="roles-continue-hint" className="muted">
          {count === 0 ? 'Select at least one role.' : ''}
        </span>
      </div>
    </section>
  );
}
