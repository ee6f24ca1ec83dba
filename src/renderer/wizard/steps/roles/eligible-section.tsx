/** Home's eligible roles: why some may be missing or unknown, the toolbar, and the one-tab-stop list. */
import { policyOf } from '../../../app-policy';
import { EligibleList } from '../../../home/eligible-list';
import type { AppInfo } from '../../../../shared/domain/app-info';
import type { EligibleRole } from '../../../../shared/domain/roles';
import type { WizardCommands } from '../../use-wizard';
import type { Shared } from '../../wizard-state';
import { RoleFilters } from './role-filters';

type Props = {
  readonly shared: Shared;
  readonly commands: WizardCommands;
  readonly info: AppInfo | null;
  readonly policiesReadable: boolean;
  readonly shown: readonly EligibleRole[];
  readonly activatable: number;
  /** Pinned roles, or null where favourites are off (a shared workstation). */
  readonly favourites: ReadonlySet<string> | null;
};

export function EligibleSection({ shared, commands, info, policiesReadable, shown, activatable, favourites }: Props) {
  return (
    <section aria-labelledby="eligible-heading" className="home-section eligible">
      {policyOf(info).allowedRolesRestricted ? (
        <p className="note">This workstation’s policy limits which roles can be activated here; other eligible roles are not listed.</p>
      ) : null}
      {!policiesReadable ? (
        <p className="note">
          Some role policies could not be read with your permissions. Their requirements show as unknown; PIM will say what it needs when
          you activate.
        </p>
      ) : null}
      <RoleFilters shared={shared} commands={commands} activatable={activatable} showing={shown.length} />
      <fieldset className="role-fieldset">
        <legend className="sr-only">Choose roles to activate</legend>
        {shown.length === 0 ? <p>No role matches.</p> : null}
        <EligibleList
          roles={shown}
          selected={new Set(shared.selection)}
          favourites={favourites}
          onToggle={commands.toggleRole}
          onFavourite={commands.toggleFavourite}
        />
      </fieldset>
    </section>
  );
}
