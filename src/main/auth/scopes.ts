/**
 * The delegated Graph permissions the engine asks for (least privilege for self-activation of
 * directory roles and PIM groups, plus policy and authentication-context reads).
 */
export const GRAPH_PERMISSIONS = [
  'User.Read',
  'RoleEligibilitySchedule.Read.Directory',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleManagementPolicy.Read.Directory',
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
  'RoleManagementPolicy.Read.AzureADGroup',
  'Policy.Read.ConditionalAccess',
] as const;

/**
 * Scopes for MSAL. The public cloud's Graph is the default resource for bare names; other
 * clouds and custom endpoints need the resource prefix, or the token would be for the wrong API.
 */
export function graphScopes(graphEndpoint: string): string[] {
  const origin = new URL(graphEndpoint).origin;
  if (origin === 'https://graph.microsoft.com') {
    return [...GRAPH_PERMISSIONS];
  }
  return GRAPH_PERMISSIONS.map((p) => `${origin}/${p}`);
}
