/**
 * Delegated Microsoft Graph scopes the simulated tenant knows, and how requested scopes are normalised.
 *
 * Why: Entra accepts bare Graph scope names (`User.Read`) and resource-qualified ones
 * (`https://graph.microsoft.com/User.Read`), expands `.default` to the consented set, and refuses unknown scopes.
 */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'offline_access', 'email']);

export const KNOWN_GRAPH_SCOPES: readonly string[] = [
  'User.Read',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'RoleEligibilitySchedule.Remove.Directory',
  'RoleAssignmentSchedule.Read.Directory',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleAssignmentSchedule.Remove.Directory',
  'RoleManagementPolicy.Read.Directory',
  'RoleManagementPolicy.ReadWrite.Directory',
  'RoleManagementPolicy.Read.AzureADGroup',
  'RoleManagementPolicy.ReadWrite.AzureADGroup',
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup',
  'PrivilegedAssignmentSchedule.Read.AzureADGroup',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
  'PrivilegedAccess.Read.AzureADGroup',
  'PrivilegedAccess.ReadWrite.AzureADGroup',
  'Policy.Read.ConditionalAccess',
  'AuthenticationContext.Read.All',
  'Directory.Read.All',
];

/** What `.default` grants for the demo public client (its statically configured, admin-consented permissions). */
export const DEFAULT_CONSENTED_SCOPES: readonly string[] = [
  'User.Read',
  'RoleManagement.ReadWrite.Directory',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'RoleManagementPolicy.Read.Directory',
  'RoleManagementPolicy.Read.AzureADGroup',
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
  'Policy.Read.ConditionalAccess',
];

const canonical = new Map(KNOWN_GRAPH_SCOPES.map((scope) => [scope.toLowerCase(), scope]));

export type ScopeResolution =
  | {
      readonly ok: true;
      /** Bare Graph scope names granted (for `scp`). */
      readonly graphScopes: readonly string[];
      /** The scope string for the token response (echoes the form the client used). */
      readonly responseScope: string;
      readonly offlineAccess: boolean;
    }
  | { readonly ok: false; readonly unknown: string };

/** Resolves a space-separated `scope` parameter. */
export function resolveScopes(scopeParameter: string): ScopeResolution {
  const requested = scopeParameter.split(/\s+/).filter((scope) => scope !== '');
  const graphScopes = new Set<string>();
  const echoed: string[] = [];
  let offlineAccess = false;
  for (const scope of requested) {
    const lower = scope.toLowerCase();
    if (OIDC_SCOPES.has(lower)) {
      offlineAccess ||= lower === 'offline_access';
      continue;
    }
    const qualified = lower.startsWith(`${GRAPH_RESOURCE}/`) || lower.startsWith(`${GRAPH_APP_ID}/`);
    const name = qualified ? scope.slice(scope.indexOf('/', 'https://'.length) + 1) : scope;
    if (name === '.default') {
      DEFAULT_CONSENTED_SCOPES.forEach((item) => graphScopes.add(item));
      DEFAULT_CONSENTED_SCOPES.forEach((item) => echoed.push(qualified ? `${GRAPH_RESOURCE}/${item}` : item));
      continue;
    }
    const known = canonical.get(name.toLowerCase());
    if (known === undefined) {
      return { ok: false, unknown: scope };
    }
    graphScopes.add(known);
    echoed.push(qualified ? `${GRAPH_RESOURCE}/${known}` : known);
  }
  if (graphScopes.size === 0) {
    graphScopes.add('User.Read');
    echoed.push('User.Read');
  }
  return {
    ok: true,
    graphScopes: [...graphScopes],
    responseScope: [...new Set([...echoed, 'openid', 'profile', 'email'])].join(' '),
    offlineAccess,
  };
}
