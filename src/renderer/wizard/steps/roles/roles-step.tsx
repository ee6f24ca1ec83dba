import { useCallback } from 'react';
import { isKiosk } from '../../../app-policy';
import { ErrorPanel } from '../../../components/error-panel';
import { StaleNotice } from '../../../components/stale-notice';
import { StepHeading } from '../../../components/step-heading';
import { ActiveSection } from '../../../home/active-section';
import { extensionsWaiting, suggestedExtension } from '../../../home/extension-check';
import { PendingSection } from '../../../home/pending-section';
import { ListingPreview } from '../../../home/listing-preview';
import { usePrimaryShortcut } from '../../../components/shortcut';
import { isSelectable } from '../../wizard-state';
import { ScheduledSection } from '../../../home/scheduled-section';
import { skewMs } from '../../selectors';
import { RowStatusLine } from '../../../home/row-status-line';
import type { WizardCommands } from '../../use-wizard';
import type { Shared } from '../../wizard-state';
import { EligibleSection } from './eligible-section';
import { SelectionBar } from './selection-bar';
import { useHomeRoles } from './use-home-roles';

type Props = { readonly shared: Shared; readonly commands: WizardCommands };

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
  const { scheduled, shown, activatable } = useHomeRoles(shared);
  const count = shared.selection.length;
  const favourites = isKiosk(info) ? null : new Set(shared.favourites);
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
      {catalog === null && shared.listing !== null && shared.listing.length > 0 ? <ListingPreview roles={shared.listing} /> : null}
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
          <RowStatusLine status={shared.rowStatus} />
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
          <EligibleSection
            shared={shared}
            commands={commands}
            info={info}
            policiesReadable={catalog.policiesReadable}
            shown={shown}
            activatable={activatable}
            favourites={favourites}
          />
        </>
      ) : null}
      <SelectionBar count={count} pinning={favourites !== null} commands={commands} />
    </section>
  );
}
