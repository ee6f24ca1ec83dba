import { useDeferredValue } from 'react';
import { isKiosk, policyOf } from '../../../app-policy';
import { ErrorPanel } from '../../../components/error-panel';
import { StepHeading } from '../../../components/step-heading';
import { ActiveSection } from '../../../home/active-section';
import { extensionsWaiting, suggestedExtension } from '../../../home/extension-check';
import { PendingSection } from '../../../home/pending-section';
import { RoleRow } from '../../../home/role-row';
import { plural } from '../../format';
import { filterRoles, skewMs } from '../../selectors';
import type { WizardCommands } from '../../use-wizard';
import type { KindFilter, RoleFilter, Shared } from '../../wizard-state';

type Props = { readonly shared: Shared; readonly commands: WizardCommands };

const FILTERS: readonly { readonly value: RoleFilter; readonly label: string }[] = [
  { value: 'all', label: 'Any requirement' },
  { value: 'step-up', label: 'Needs step-up' },
  { value: 'mfa', label: 'Needs MFA' },
  { value: 'approval', label: 'Needs approval' },
  { value: 'ticket', label: 'Needs a ticket' },
  { value: 'none', label: 'No requirements' },
  { value: 'unknown', label: 'Requirements unknown' },
];

const KINDS: readonly { readonly value: KindFilter; readonly label: string }[] = [
  { value: 'all', label: 'All roles' },
  { value: 'directoryRole', label: 'Directory roles' },
  { value: 'group', label: 'PIM groups' },
  { value: 'azureResource', label: 'Azure roles' },
];

/**
 * Home: My roles. Active roles (countdown, Deactivate), requests waiting for approval (Cancel
 * request), and the roles that can be activated, one line each, searchable, filterable, with
 * favourites pinned on top and a sticky bar to activate the selection.
 */
export function RolesStep({ shared, commands }: Props) {
  const catalog = shared.catalog.status === 'loaded' ? shared.catalog.value : null;
  const info = shared.info.status === 'loaded' ? shared.info.value : null;
  const skew = skewMs(catalog);
  // Typing stays responsive with hundreds of roles: the list follows the query at React's pace.
  const query = useDeferredValue(shared.query);
  const pendingIds = new Set(shared.pending.status === 'loaded' ? shared.pending.value.map((p) => p.roleId) : []);
  const shown =
    catalog === null
      ? []
      : filterRoles(catalog, { query, filter: shared.filter, kind: shared.kind, favourites: shared.favourites, exclude: pendingIds });
  const activatable = catalog === null ? 0 : catalog.eligible.filter((r) => r.active === null && !pendingIds.has(r.id)).length;
  const count = shared.selection.length;
  const favourites = isKiosk(info) ? null : new Set(shared.favourites);
  const selected = new Set(shared.selection);

  return (
    <section aria-labelledby="roles-heading" className="step home">
      <div className="step-title-row">
        <StepHeading id="roles-heading">My roles</StepHeading>
        <button type="button" onClick={commands.refreshCatalog}>
          Refresh
        </button>
      </div>
      {shared.catalog.status === 'loading' || shared.catalog.status === 'idle' ? (
        <p role="status">Loading your roles and requests…</p>
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
          <ActiveSection
            active={catalog.active}
            skew={skew}
            deactivations={shared.deactivations}
            onDeactivate={commands.deactivate}
            extensions={shared.extensions}
            extensionsWaiting={extensionsWaiting(shared.pending)}
            suggestedDuration={(roleId) => suggestedExtension(catalog, roleId)}
            onRequestExtension={commands.requestExtension}
          />
          <PendingSection pending={shared.pending} cancellations={shared.cancellations} onCancel={commands.cancelRequest} />
          <section aria-labelledby="eligible-heading" className="home-section">
            <h3 id="eligible-heading">
              Eligible <span className="count">{activatable}</span>
            </h3>
            {policyOf(info).allowedRolesRestricted ? (
              <p className="note">
                This workstation’s policy limits which roles can be activated here; other eligible roles are not listed.
              </p>
            ) : null}
            {!catalog.policiesReadable ? (
              <p className="note">
                Some role policies could not be read with your permissions. Their requirements show as unknown; PIM will say what it needs
                when you activate.
              </p>
            ) : null}
            <div className="toolbar">
              <div className="field field-grow">
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
                <label htmlFor="role-kind">Kind</label>
                <select
                  id="role-kind"
                  value={shared.kind}
                  onChange={(e) => {
                    const kind = KINDS.find((k) => k.value === e.target.value);
                    if (kind !== undefined) {
                      commands.setKind(kind.value);
                    }
                  }}
                >
                  {KINDS.map((k) => (
                    <option key={k.value} value={k.value}>
                      {k.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="role-filter">Requirement</label>
                <select
                  id="role-filter"
                  value={shared.filter}
                  onChange={(e) => {
                    const filter = FILTERS.find((f) => f.value === e.target.value);
                    if (filter !== undefined) {
                      commands.setFilter(filter.value);
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
            </div>
            <p role="status" className="muted list-count">
              Showing {shown.length} of {plural(activatable, 'role')} you can activate.
            </p>
            <fieldset className="role-fieldset">
              <legend className="sr-only">Choose roles to activate</legend>
              {shown.length === 0 ? <p>No role matches.</p> : null}
              <ul className="dense-list role-list">
                {shown.map((role) => (
                  <RoleRow
                    key={role.id}
                    role={role}
                    selected={selected.has(role.id)}
                    favourite={favourites === null ? null : favourites.has(role.id)}
                    onToggle={commands.toggleRole}
                    onFavourite={commands.toggleFavourite}
                  />
                ))}
              </ul>
            </fieldset>
          </section>
        </>
      ) : null}
      <div className="action-bar" role="region" aria-label="Selection">
        <span className="muted" id="roles-continue-hint">
          {count === 0 ? 'Select at least one role to activate.' : `${plural(count, 'role')} selected.`}
        </span>
        {count > 0 ? (
          <button type="button" onClick={commands.clearSelection}>
            Clear selection
          </button>
        ) : null}
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
          {count === 0 ? 'Activate roles' : `Activate ${plural(count, 'role')}`}
        </button>
      </div>
    </section>
  );
}
