/**
 * The machine policy the UI follows, read from `AppInfo` with safe defaults.
 *
 * Why defaults: the window renders before `app:get-info` answers, and a main process that
 * answers without a policy (an older build, a benchmark stub) must not break the wizard; the
 * defaults are the behaviour of an unmanaged install.
 */
import type { AppInfo, AppPolicy } from '../shared/domain/app-info';

export const DEFAULT_POLICY: AppPolicy = {
  justificationTemplates: [],
  ticketSystem: null,
  endSessionAfterActivation: false,
  idleTimeoutMinutes: null,
  guidedByDefault: false,
  allowedRolesRestricted: false,
};

/** The policy the app reported, or the unmanaged defaults while unknown. */
export function policyOf(info: AppInfo | null): AppPolicy {
  // Read as optional: the type says it is always there, the wire does not promise it.
  const policy = (info as { readonly policy?: AppPolicy } | null)?.policy;
  return policy ?? DEFAULT_POLICY;
}

/** How tokens are kept, or null while unknown. */
export function signInStorageOf(info: AppInfo | null): AppInfo['signInStorage'] | null {
  return (info as { readonly signInStorage?: AppInfo['signInStorage'] } | null)?.signInStorage ?? null;
}

export function isKiosk(info: AppInfo | null): boolean {
  return info?.mode === 'kiosk';
}
