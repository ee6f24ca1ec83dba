/**
 * The delegated permissions each Graph read or write accepts (any one of a list is enough), as Microsoft's reference
 * pages list them for each request.
 */
export const GRAPH_SCOPES = {
  me: ['User.Read', 'User.ReadBasic.All', 'User.Read.All', 'Directory.Read.All'],
  readEligibilityDirectory: [
    'RoleEligibilitySchedule.Read.Directory',
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'RoleEligibilitySchedule.ReadWrite.Directory',
    'RoleManagement.ReadWrite.Directory',
  ],
  readAssignmentDirectory: [
    'RoleAssignmentSchedule.Read.Directory',
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'RoleAssignmentSchedule.ReadWrite.Directory',
    'RoleManagement.ReadWrite.Directory',
  ],
  writeAssignmentDirectory: [
    'RoleAssignmentSchedule.ReadWrite.Directory',
    'RoleAssignmentSchedule.Remove.Directory',
    'RoleManagement.ReadWrite.Directory',
  ],
  readPolicyDirectory: [
    'RoleManagementPolicy.Read.Directory',
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'RoleManagementPolicy.ReadWrite.Directory',
    'RoleManagement.ReadWrite.Directory',
  ],
  readPolicyGroup: ['RoleManagementPolicy.Read.AzureADGroup', 'RoleManagementPolicy.ReadWrite.AzureADGroup'],
  readEligibilityGroup: [
    'PrivilegedEligibilitySchedule.Read.AzureADGroup',
    'PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup',
    'PrivilegedAccess.Read.AzureADGroup',
    'PrivilegedAccess.ReadWrite.AzureADGroup',
  ],
  readAssignmentGroup: [
    'PrivilegedAssignmentSchedule.Read.AzureADGroup',
    'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
    'PrivilegedAccess.Read.AzureADGroup',
    'PrivilegedAccess.ReadWrite.AzureADGroup',
  ],
  writeAssignmentGroup: ['PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup', 'PrivilegedAccess.ReadWrite.AzureADGroup'],
  authenticationContexts: ['Policy.Read.ConditionalAccess', 'AuthenticationContext.Read.All', 'Policy.Read.All'],
  /** The list page names Policy.Read.All as the only delegated permission. */
  conditionalAccessPolicies: ['Policy.Read.All'],
  authenticationStrengths: [
    'Policy.Read.AuthenticationMethod',
    'Policy.Read.All',
    'Policy.ReadWrite.AuthenticationMethod',
    'Policy.ReadWrite.ConditionalAccess',
  ],
} as const;
