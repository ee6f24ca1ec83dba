import type { EligibleRole } from '../../shared/domain/roles';
import { RoleBadges } from '../components/role-badges';
import { plural } from '../wizard/format';

/**
 * The role list while it is still being read (the `roles:progress` event): names as soon as each page arrives, each
 * role's requirements as "checking…" until its policy answers. Nothing can be selected yet: what a role is, and whether
 * it is already active or scheduled, is settled only by the finished read.
 */
export function ListingPreview({ roles }: { readonly roles: readonly EligibleRole[] }) {
  const checking = roles.filter((role) => role.requirements.pending === true).length;
  return (
    <section aria-labelledby="listing-preview-heading" aria-busy="true">
      <h2 id="listing-preview-heading">Eligible roles</h2>
      <p role="status">
        {plural(roles.length, 'role')} read so far
        {checking > 0 ? `; checking the requirements of ${String(checking)}` : ''}. You can choose once the list is complete.
      </p>
      <ul className="role-list">
        {roles.map((role) => (
          <li key={role.id}>
            <span className="role-name">{role.displayName}</span> <span className="role-scope">{role.scopeLabel}</span>
            <RoleBadges requirements={role.requirements} />
          </li>
        ))}
      </ul>
    </section>
  );
}
