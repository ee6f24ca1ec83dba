/**
 * The delegated Graph permissions the engine asks for (least privilege for self-activation of
 * directory roles and PIM groups, plus policy and authentication-context reads).
 *
 * Bare names: Entra resolves them to Microsoft Graph (app 00000003-0000-0000-c000-000000000000)
 * in whichever cloud the authority belongs to, so the same list serves every cloud.
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
  // What a step-up will accept: the Conditional Access policies binding each context to a strength, and the
  // strengths' method combinations (docs/protocol.md, "What a step-up will accept"). Optional: refused reads make the
  // plan say the organisation's policy decides.
  'Policy.Read.All',
  'Policy.Read.AuthenticationMethod',
] as const;

/**
 * The Graph scopes to request: the bare names for the configured cloud's own Graph, or the names under `audience`
 * (`https://graph.contoso.example/User.Read`) for another Graph endpoint, so its token is good for that host alone.
 */
export function graphScopes(audience?: string): string[] {
  return audience === undefined
    ? [...GRAPH_PERMISSIONS]
    : GRAPH_PERMISSIONS.map((permission) => `${audience.replace(/\/+$/, '')}/${permission}`);
}
