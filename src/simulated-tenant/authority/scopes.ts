/**
 * Delegated scopes the simulated tenant knows (Microsoft Graph and Azure Service Management), and how requested scopes
 * are normalised.
 *
 * Why: Entra accepts bare Graph scope names (`User.Read`) and resource-qualified ones
 * (`https://graph.microsoft.com/User.Read`), expands `.default` to the consented set, refuses unknown scopes, and
 * issues one access token per resource: a request that names two resources is refused (AADSTS28000).
 */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Azure Service Management (Azure Resource Manager): its only delegated scope is `user_impersonation`. */
export const ARM_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
export const ARM_SCOPE = 'user_impersonation';
/**
 * The identifier URIs ARM's service principal answers to. The token's `aud` is the one the client named, with its
 * trailing slash, and ARM accepts exactly these two values.
 */
export const ARM_AUDIENCES: readonly string[] = ['https://management.azure.com/', 'https://management.core.windows.net/'];
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
  'Policy.Read.All',
  'Policy.Read.AuthenticationMethod',
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
  'Policy.Read.All',
  'Policy.Read.AuthenticationMethod',
];

const canonical = new Map(KNOWN_GRAPH_SCOPES.map((scope) => [scope.toLowerCase(), scope]));

/** The resource an access token is for: its `aud` and the app id that names it in error messages. */
export type TokenResource = { readonly kind: 'graph' | 'arm'; readonly audience: string; readonly appId: string };

export const GRAPH_TOKEN_RESOURCE: TokenResource = { kind: 'graph', audience: GRAPH_RESOURCE, appId: GRAPH_APP_ID };

export type ScopeResolution =
  | {
      readonly ok: true;
      readonly resource: TokenResource;
      /** Bare scope names granted (for `scp`). */
      readonly grantedScopes: readonly string[];
      /** The scope string for the token response (echoes the form the client used). */
      readonly responseScope: string;
      readonly offlineAccess: boolean;
    }
  | { readonly ok: false; readonly unknown: string; readonly multipleResources?: true };

/** The ARM resource a scope names (`https://management.azure.com/user_impersonation`, `…core.windows.net//.default`), or null. */
function armScope(scope: string): { readonly audience: string; readonly name: string } | null {
  const lower = scope.toLowerCase();
  for (const audience of ARM_AUDIENCES) {
    if (lower.startsWith(audience)) {
      // `https://management.core.windows.net//.default`: the resource keeps its slash, the scope adds another.
      const name = scope.slice(audience.length).replace(/^\//, '');
      return { audience, name };
    }
  }
  if (lower.startsWith(`${ARM_APP_ID}/`)) {
    return { audience: ARM_AUDIENCES[0] ?? '', name: scope.slice(ARM_APP_ID.length + 1) };
  }
  return null;
}

/** Resolves an Azure Service Management scope list (every non-OIDC scope names ARM). */
function resolveArmScopes(scopes: readonly string[], offlineAccess: boolean): ScopeResolution {
  let audience: string | null = null;
  for (const scope of scopes) {
    const arm = armScope(scope);
    if (arm === null) {
      return { ok: false, unknown: scope, multipleResources: true };
    }
    if (arm.name !== '.default' && arm.name.toLowerCase() !== ARM_SCOPE) {
      return { ok: false, unknown: scope };
    }
    audience ??= arm.audience;
  }
  return {
    ok: true,
    resource: { kind: 'arm', audience: audience ?? ARM_AUDIENCES[0] ?? '', appId: ARM_APP_ID },
    grantedScopes: [ARM_SCOPE],
    responseScope: [
      ...new Set([
        ...scopes.map((scope) => (armScope(scope)?.name === '.default' ? scope.replace(/\.default$/, ARM_SCOPE) : scope)),
        'openid',
        'profile',
        'email',
      ]),
    ].join(' '),
    offlineAccess,
  };
}

/** Resolves a space-separated `scope` parameter. */
export function resolveScopes(scopeParameter: string): ScopeResolution {
  const requested = scopeParameter.split(/\s+/).filter((scope) => scope !== '');
  const resourceScopes = requested.filter((scope) => !OIDC_SCOPES.has(scope.toLowerCase()));
  if (resourceScopes.some((scope) => armScope(scope) !== null)) {
    return resolveArmScopes(
      resourceScopes,
      requested.some((scope) => scope.toLowerCase() === 'offline_access'),
    );
  }
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
    resource: GRAPH_TOKEN_RESOURCE,
    grantedScopes: [...graphScopes],
    responseScope: [...new Set([...echoed, 'openid', 'profile', 'email'])].join(' '),
    offlineAccess,
  };
}

/** Entra's refusal for a scope parameter that did not resolve: AADSTS28000 for two resources, else AADSTS70011. */
export function scopeRefusal(resolution: { readonly unknown: string; readonly multipleResources?: true }, scopeParameter: string) {
  return resolution.multipleResources === true
    ? {
        code: 28000,
        text: `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scopeParameter} is not valid.`,
      }
    : {
        code: 70011,
        text: `The provided value for the input parameter 'scope' is not valid. The scope ${resolution.unknown} is not valid.`,
      };
}

/**
 * Why a client may not get a token for this resource, or null when it may. An app registration that does not list
 * "Azure Service Management / user_impersonation" among its API permissions gets AADSTS650057.
 */
export function resourceRefusal(
  app: { readonly appId: string; readonly azureServiceManagement: boolean } | undefined,
  resource: TokenResource,
): { readonly code: number; readonly text: string } | null {
  if (resource.kind !== 'arm' || app === undefined || app.azureServiceManagement) {
    return null;
  }
  return {
    code: 650057,
    text: `Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client's application registration. Client app ID: ${app.appId}. Resource value from request: ${resource.audience}. Resource app ID: ${resource.appId}. List of valid resources from app registration: ${GRAPH_APP_ID}.`,
  };
}
