import { useCallback, useDeferredValue } from 'react';
import { isKiosk, policyOf } from '../../../app-policy';
import { ErrorPanel } from '../../../components/error-panel';
import { StaleNotice } from '../../../components/stale-notice';
import { StepHeading } from '../../../components/step-heading';
import { ActiveSection } from '../../../home/active-section';
import { extensionsWaiting, suggestedExtension } from '../../../home/extension-check';
import { PendingSection } from '../../../home/pending-section';
import { EligibleList } from '../../../home/eligible-list';
import { PRIMARY_SHORTCUT, ShortcutHint, usePrimaryShortcut } from '../../../components/shortcut';
import { isSelectable } from '../../wizard-state';
import { ScheduledSection } from '../../../home/scheduled-section';
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
 * favourites pinned on top, and an action bar (Ctrl+Enter) to activate the selection. Home is the
 * cockpit: the window opens on it after sign-in, and it has no Back.
 */
export function RolesStep({ shared, commands }: Props) {
  const catalog = shared.catalog.status === 'loaded' ? shared.catalog.value : null;
  const info = shared.info.status === 'loaded' ? shared.info.value : null;
  const skew = skewMs(catalog);
  // Typing stays responsive with hundreds of roles: the list follows the query at React's pace.
  const query = useDeferredValue(shared.query);
  // Roles on their way (waiting for approval, or scheduled by the role-state model) are not offered again.
  const scheduled = catalog === null ? [] : catalog.states.roles.filter((r) => r.state === 'scheduled');
  const pendingIds = new Set([
    ...(shared.pending.status === 'loaded' ? shared.pending.value.map((p) => p.roleId) : []),
    ...scheduled.map((r) => r.roleId),
  ]);
  const shown =
    catalog === null
      ? []
      : filterRoles(catalog, { query, filter: shared.filter, kind: shared.kind, favourites: shared.favourites, exclude: pendingIds });
  const activatable = catalog === null ? 0 : catalog.eligible.filter((r) => r.active === null && !pendingIds.has(r.id)).length;
  const count = shared.selection.length;
  const favourites = isKiosk(info) ? null : new Set(shared.favourites);
  const selected = new Set(shared.selection);
  const favouritesReady = favourites === null ? 0 : shared.favourites.filter((id) => isSelectable(shared, id)).length;
  const { continueToActivate } = commands;
  const activateSelection = useCallback(() => {
    if (count > 0) {
      continueToActivate();
    }
  }, [count, continueToActivate]);
  usePrimaryShortcut(count > 0, activateSelection);

  return (
    <section aria-labelledby="roles-heading" className="step home">
      <div className="step-title-row">
        <StepHeading id="roles-heading">My roles</StepHeading>
        {favourites !== null && shared.favourites.length > 0 ? (
          <button
            type="button"
            onClick={commands.activateFavourites}
            aria-disabled={favouritesReady === 0}
            disabled={favouritesReady === 0}
            title={favouritesReady === 0 ? 'Every favourite is active or waiting for approval.' : undefined}
          >
            Activate favourites ({favouritesReady})
          </button>
        ) : null}
        <button type="button" onClick={commands.refreshCatalog}>
          Refresh
        </button>
      </div>
      {shared.catalog.status === 'loading' || shared.catalog.status === 'idle' ? (
        <p role="status">Loading your roles and requests…</p>
      ) : null}
      {catalog !== null ? <StaleNotice error={shared.refreshError} asOf={catalog.states.at} onRetry={commands.refreshCatalog} /> : null}
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
          <ScheduledSection scheduled={scheduled} cancellations={shared.cancellations} onCancel={commands.cancelRequest} />
          <section aria-labelledby="eligible-heading" className="home-section eligible">
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
            <div className="toolbar list-toolbar">
              <h3 id="eligible-heading">
                Eligible <span className="count">{activatable}</span>
              </h3>
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
              <p role="status" className="muted list-count">
                Showing {shown.length} of {activatable}
              </p>
            </div>
            <fieldset className="role-fieldset">
              <legend className="sr-only">Choose roles to activate</legend>
              {shown.length === 0 ? <p>No role matches.</p> : null}
              <EligibleList
                roles={shown}
                selected={selected}
                favourites={favourites}
                onToggle={commands.toggleRole}
                onFavourite={commands.toggleFavourite}
              />
            </fieldset>
          </section>
        </>
      ) : null}
      <div className="action-bar" role="region" aria-label="Selection">
        <span className="muted list-keys" id="role-list-keys">
          In the list: arrow keys move, Space selects{favourites === null ? '' : ', F pins to the top'}.
        </span>
        <span className="muted" id="roles-continue-hint">
          {count === 0 ? 'Select at least one role to activate.' : `${plural(count, 'role')} selected.`}
        </span>
        {count > 0 ? (
          <button type="button" onClick={commands.clearSelection}>
            Clear selection
          </button>
        ) : null}
        <button
          type="button"
          id="primary-action"
          className="primary"
          onClick={commands.continueToActivate}
          disabled={count === 0}
          aria-describedby="roles-continue-hint"
          aria-keyshortcuts={PRIMARY_SHORTCUT.aria}
        >
          {count === 0 ? 'Activate roles' : `Activate ${plural(count, 'role')}`} <ShortcutHint />
        </button>
      </div>
    </section>
  );
}
