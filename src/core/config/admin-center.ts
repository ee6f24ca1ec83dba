/**
 * Where "Open My roles in the Microsoft Entra admin center" goes: PIM's My roles page in the
 * admin center of the configured cloud, or nowhere.
 *
 * Only the worldwide cloud has a link. US Government (entra.microsoft.us) and 21Vianet
 * (entra.microsoftonline.cn) have admin centers of their own, but we have not confirmed that
 * PIM's My roles blade is reached by the same path there, and a link that lands on an error
 * page on a privileged workstation is worse than none: they are left out until confirmed.
 *
 * No link either for the demo (its roles exist only in the simulated tenant), a custom cloud or
 * a custom authority (a private cloud's portal is unknown), or kiosk mode (a kiosk opens no
 * external browser: docs/administrators.md, kiosk mode). Main computes this; the window gets
 * the URL through `app:get-info` and the allow-list of `openExternalSafe` holds that page alone.
 */
import { CLOUDS } from './clouds';
import type { CloudName } from './clouds';
import type { ResolvedConfig } from './resolve-config';

/** PIM → My roles → Microsoft Entra roles, per cloud; a cloud not listed has no link. */
export const ADMIN_CENTER_MY_ROLES: Readonly<Partial<Record<CloudName, string>>> = {
  public: 'https://entra.microsoft.com/#view/Microsoft_Azure_PIMCommon/ActivationMenuBlade/~/aadmigratedroles',
};

export type AdminCenterInput = Pick<ResolvedConfig, 'cloud' | 'authorityHost' | 'demo' | 'tenant' | 'mode'>;

/** The My roles URL for this configuration, or null when none is offered (see above). */
export function adminCenterMyRolesUrl(config: AdminCenterInput): string | null {
  if (config.demo || config.tenant === null || config.mode === 'kiosk' || config.cloud === 'custom') {
    return null;
  }
  // A Microsoft cloud name with another authority (a proxy, a private deployment) is not that cloud's admin center.
  if (config.authorityHost.toLowerCase() !== CLOUDS[config.cloud].authorityHost) {
    return null;
  }
  return ADMIN_CENTER_MY_ROLES[config.cloud] ?? null;
}

/** My Security Info, where a person registers sign-in methods, per cloud; a cloud not listed has no link. */
export const MY_SECURITY_INFO: Readonly<Partial<Record<CloudName, string>>> = {
  public: 'https://mysignins.microsoft.com/security-info',
};

/**
 * The My Security Info URL offered when a step-up cannot succeed until a method is registered, or null: the same
 * rule as the My roles link (a Microsoft cloud we have confirmed, never the demo, a custom authority or kiosk mode).
 */
export function securityInfoUrl(config: AdminCenterInput): string | null {
  if (adminCenterMyRolesUrl(config) === null || config.cloud === 'custom') {
    return null;
  }
  return MY_SECURITY_INFO[config.cloud] ?? null;
}
