/**
 * The compact header: the app's name, the demo or shared-workstation state, the account and tenant
 * (AccountMenu), Guided mode, History and, on a shared workstation, End session.
 */
import type { AppInfo } from '../../shared/domain/app-info';
import type { SessionSummary } from '../../shared/domain/session';
import { AccountMenu } from '../components/account-menu';

type Props = {
  readonly info: AppInfo | null;
  readonly session: SessionSummary | null;
  readonly kiosk: boolean;
  readonly guided: boolean;
  readonly historyShown: boolean;
  readonly onSignOut: () => void;
  readonly onToggleGuided: () => void;
  readonly onToggleHistory: () => void;
  readonly onEndSession: () => void;
};

export function AppHeader(props: Props) {
  const { info, session, kiosk } = props;
  return (
    <header className="app-header">
      <h1>PIM Step-Up</h1>
      {info?.tenant.kind === 'simulated' ? (
        <p className="mode-badge mode-demo" role="note">
          Demo tenant: nothing real is activated.
        </p>
      ) : null}
      {info?.mode === 'kiosk' ? (
        <p className="mode-badge" role="note">
          Shared workstation: nothing you type is kept after you close the app.
        </p>
      ) : null}
      <div className="header-actions">
        {session !== null ? <AccountMenu session={session} info={info} onSignOut={kiosk ? null : props.onSignOut} /> : null}
        <button type="button" aria-pressed={props.guided} onClick={props.onToggleGuided}>
          Guided mode
        </button>
        <button type="button" aria-pressed={props.historyShown} onClick={props.onToggleHistory}>
          History
        </button>
        {kiosk ? (
          <button type="button" className="danger" onClick={props.onEndSession}>
            End session
          </button>
        ) : null}
      </div>
    </header>
  );
}
