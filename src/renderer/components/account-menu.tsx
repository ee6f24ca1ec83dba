import type { AppInfo } from '../../shared/domain/app-info';
import type { SessionSummary } from '../../shared/domain/session';
import { tenantLabel } from '../../shared/rules/tenant-label';
import { EvidenceList } from './evidence-list';

type Props = {
  readonly session: SessionSummary;
  readonly info: AppInfo | null;
  /** null where signing out is the header's End session (kiosk mode). */
  readonly onSignOut: (() => void) | null;
};

/**
 * The signed-in account in the header: the person and the tenant by name at a glance; the account,
 * what the sign-in proved, the tenant's id and Sign out one click away. Ids live here, never in the
 * screens' prose.
 */
export function AccountMenu({ session, info, onSignOut }: Props) {
  return (
    <details className="account-menu" aria-label="Signed-in account">
      <summary>
        <span className="account-name">{session.displayName}</span>
        <span className="account-tenant">{tenantLabel(session)}</span>
      </summary>
      <div className="account-panel">
        <dl className="facts">
          <dt>Account</dt>
          <dd>{session.username}</dd>
          <dt>Tenant</dt>
          <dd>
            {tenantLabel(session)}
            {info?.tenant.kind === 'simulated' ? ' (a demo tenant simulated on this computer)' : null}
          </dd>
          <dt>Tenant ID</dt>
          <dd>
            <code>{session.tenantId}</code>
          </dd>
        </dl>
        <p className="account-subheading">What this sign-in proved</p>
        <EvidenceList evidence={session.evidence} label="Evidence of the current sign-in" />
        {onSignOut !== null ? (
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        ) : null}
      </div>
    </details>
  );
}
