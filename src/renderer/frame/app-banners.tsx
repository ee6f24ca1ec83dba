/** Notices above every screen: a desktop clock far from the tenant's, a sign-out that did not complete, settings that did not load. */
import { ErrorPanel } from '../components/error-panel';
import { CLOCK_SKEW_WARNING_SECONDS } from '../wizard/selectors';
import type { Shared } from '../wizard/wizard-state';

type Props = { readonly shared: Shared; readonly kiosk: boolean; readonly skewSeconds: number };

export function AppBanners({ shared, kiosk, skewSeconds }: Props) {
  return (
    <>
      {Math.abs(skewSeconds) > CLOCK_SKEW_WARNING_SECONDS ? (
        <p className="banner banner-warning" role="note">
          This computer’s clock differs from the tenant’s by about {Math.round(Math.abs(skewSeconds) / 60)} minutes. Times shown are
          corrected to the tenant’s clock; fix the system clock if sign-in or activation fails.
        </p>
      ) : null}
      {shared.signOutError !== null ? (
        <ErrorPanel
          error={shared.signOutError}
          title={kiosk ? 'The session did not end: do not leave the workstation yet' : 'Sign-out did not complete'}
        />
      ) : null}
      {shared.info.status === 'failed' ? (
        <p className="banner banner-warning" role="note">
          {shared.info.error.message}
        </p>
      ) : null}
    </>
  );
}
