/**
 * The shipped demo scenario (Contoso, simulated). It is plain JSON data kept in a TypeScript module so that every
 * bundle and tsconfig project includes it; `npm run tenant -- --print-scenario demo` writes it out as a JSON file
 * to copy and edit (load it back with PIM_SIM_SCENARIO=<path>).
 */
export const demoScenario: unknown = {
  name: 'demo',
  description:
    'Contoso (simulated): an administrator eligible for a dozen directory roles, three groups and Azure roles on a management group, two subscriptions, resource groups and a key vault, covering every PIM policy combination; a help-desk user, a user who cannot read PIM policies and a password-only user.',
  tenant: { id: '46c1cd47-300b-449c-9635-f80c37b6ff9d', domain: 'contoso-sim.onmicrosoft.com', displayName: 'Contoso (simulated tenant)' },
  clientApplications: [
    { appId: 'f39704a0-e777-42b1-ba2e-e0ca8897c945', displayName: 'PIM Step-Up' },
    // A registration without "Azure Service Management / user_impersonation": ARM tokens are refused (AADSTS650057).
    { appId: '2b7c4e91-6d0a-4f3e-9a85-c1d2e3f4a5b6', displayName: 'PIM Step-Up (Graph only)', azureServiceManagement: false },
  ],
  authenticationContexts: [
    { id: 'c1', displayName: 'Tier 0 admin: phishing-resistant', description: 'Global Administrator and other tier 0 roles.' },
    {
      id: 'c2',
      displayName: 'Role management: passkey or Authenticator',
      description: 'Needs a passkey or Authenticator passwordless sign-in, even right after Windows Hello.',
    },
    { id: 'c3', displayName: 'Security operations: passwordless', description: 'Any passwordless MFA method, fresh within the last hour.' },
    {
      id: 'c4',
      displayName: 'Device management (no CA policy yet)',
      description: "No Conditional Access policy targets it: PIM's backup protection requires MFA instead.",
    },
    {
      id: 'c6',
      displayName: 'Billing (policy in report-only)',
      description: 'Its only CA policy is report-only: the context is issued without a challenge and no backup MFA applies.',
    },
    { id: 'c5', displayName: 'Application admin: MFA', description: 'Multifactor authentication, no sign-in frequency.' },
  ],
  authenticationStrengths: [
    {
      id: '8a4f2b16-0c0e-4c8a-9b33-6a1f00c0c002',
      displayName: 'Passkey or Authenticator passwordless',
      description: 'Custom strength: a FIDO2 passkey or Microsoft Authenticator passwordless sign-in; Windows Hello does not count.',
      combinations: [['passkey'], ['authenticatorPasswordless']],
    },
  ],
  conditionalAccessPolicies: [
    {
      id: '10d5876e-59f3-432e-87da-530b9ad03f83',
      displayName: 'PIM tier 0: phishing-resistant every time',
      state: 'enabled',
      authenticationContext: 'c1',
      authenticationStrength: 'phishingResistantMfa',
      signInFrequency: 'everyTime',
    },
    {
      id: '501d049a-d88a-44f1-a161-b8f49168e945',
      displayName: 'PIM role management: passkey or Authenticator',
      state: 'enabled',
      authenticationContext: 'c2',
      authenticationStrength: '8a4f2b16-0c0e-4c8a-9b33-6a1f00c0c002',
      signInFrequency: 'everyTime',
    },
    {
      id: '43a1f8d5-fb21-4fda-a6ee-3af5f963c54e',
      displayName: 'PIM security: passwordless within an hour',
      state: 'enabled',
      authenticationContext: 'c3',
      authenticationStrength: 'passwordlessMfa',
      signInFrequency: { minutes: 60 },
    },
    {
      id: 'ff40a229-6213-483c-8627-bd3b02c53927',
      displayName: 'PIM billing (report-only)',
      state: 'enabledForReportingButNotEnforced',
      authenticationContext: 'c6',
      authenticationStrength: 'phishingResistantMfa',
      signInFrequency: 'everyTime',
    },
    {
      id: '2166d77c-fc93-4c7b-80bb-8b4cbd994954',
      displayName: 'PIM application admin: MFA',
      state: 'enabled',
      authenticationContext: 'c5',
      authenticationStrength: 'mfa',
      signInFrequency: null,
    },
  ],
  roles: [
    {
      id: '62e90394-69f5-4237-9190-012177145e10',
      displayName: 'Global Administrator',
      description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
      policy: { authenticationContext: 'c1', maximumDuration: 'PT4H' },
    },
    {
      id: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
      displayName: 'Privileged Role Administrator',
      description: 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
      policy: { authenticationContext: 'c2', maximumDuration: 'PT2H' },
    },
    {
      id: '194ae4cb-b126-40b2-bd5b-6091b380977d',
      displayName: 'Security Administrator',
      description: 'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.',
      policy: { authenticationContext: 'c3' },
    },
    {
      id: '29232cdf-9323-42fd-ade2-1d097af3e4de',
      displayName: 'Exchange Administrator',
      description: 'Can manage all aspects of the Exchange product.',
      policy: { requireMfa: true },
    },
    {
      id: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
      displayName: 'SharePoint Administrator',
      description: 'Can manage all aspects of the SharePoint service.',
      policy: { requireMfa: true, requireTicket: true },
    },
    {
      id: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
      displayName: 'User Administrator',
      description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
      policy: { requireMfa: true, requireApproval: true, approvers: ['pat.approver@contoso-sim.onmicrosoft.com'] },
    },
    {
      id: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
      displayName: 'Helpdesk Administrator',
      description: 'Can reset passwords for non-administrators and Helpdesk Administrators.',
      policy: { requireMfa: true, maximumDuration: 'PT1H' },
    },
    {
      id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
      displayName: 'Global Reader',
      description: 'Can read everything that a Global Administrator can, but not update anything.',
      policy: { requireJustification: false },
    },
    {
      id: '3a2c62db-5318-420d-8d74-23affee5d9d5',
      displayName: 'Intune Administrator',
      description: 'Can manage all aspects of the Intune product.',
      policy: { authenticationContext: 'c4' },
    },
    {
      id: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
      displayName: 'Application Administrator',
      description: 'Can create and manage all aspects of app registrations and enterprise apps.',
      policy: { authenticationContext: 'c5' },
    },
    {
      id: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
      displayName: 'Conditional Access Administrator',
      description: 'Can manage Conditional Access capabilities.',
      policy: {
        authenticationContext: 'c1',
        requireTicket: true,
        requireApproval: true,
        approvers: ['pat.approver@contoso-sim.onmicrosoft.com'],
      },
    },
    {
      id: '4a5d8f65-41da-4de4-8968-e035b65339cf',
      displayName: 'Reports Reader',
      description: 'Can read sign-in and audit reports.',
      policy: { requireJustification: false, maximumDuration: 'PT8H' },
    },
    {
      id: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
      displayName: 'Billing Administrator',
      description: 'Can perform common billing related tasks like updating payment information.',
      policy: { authenticationContext: 'c6', requireJustification: false },
    },
    {
      id: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
      displayName: 'Authentication Administrator',
      description: 'Can access to view, set and reset authentication method information for any non-admin user.',
      policy: { requireMfa: true, requireJustification: true },
    },
  ],
  groups: [
    {
      id: '7a435917-cd76-49e7-a3df-51a745d9bfda',
      displayName: 'PIM - Azure Subscription Owners',
      description: 'Owners of the production Azure subscriptions.',
      memberPolicy: { requireMfa: true, maximumDuration: 'PT4H' },
      ownerPolicy: { authenticationContext: 'c2', maximumDuration: 'PT1H' },
    },
    {
      id: 'e10d0933-62ed-4411-b23f-e07588dfc04d',
      displayName: 'PIM - Break-glass Operators',
      description: 'Emergency operations team.',
      memberPolicy: { authenticationContext: 'c1', requireTicket: true },
    },
    {
      id: '5775ddf5-a8bd-4362-95bd-182ee22d1272',
      displayName: 'PIM - Helpdesk Tier 2',
      description: 'Second-line help desk.',
      memberPolicy: { requireJustification: false },
    },
  ],
  azure: {
    scopes: [
      { id: '/providers/Microsoft.Management/managementGroups/contoso-platform', displayName: 'Contoso Platform' },
      { id: '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11', displayName: 'Contoso Prod' },
      { id: '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22', displayName: 'Contoso Dev' },
      { id: '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/resourceGroups/rg-app', displayName: 'rg-app' },
      { id: '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/resourceGroups/rg-network', displayName: 'rg-network' },
      { id: '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22/resourceGroups/rg-sandbox', displayName: 'rg-sandbox' },
      {
        id: '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-contoso-prod',
        displayName: 'kv-contoso-prod',
      },
    ],
    roles: [
      { id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', displayName: 'Owner', description: 'Grants full access to manage all resources.' },
      {
        id: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
        displayName: 'Contributor',
        description: 'Grants full access to manage all resources, without assigning roles.',
      },
      {
        id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
        displayName: 'User Access Administrator',
        description: 'Lets you manage user access to Azure resources.',
      },
      {
        id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
        displayName: 'Reader',
        description: 'View all resources, but does not allow you to make any changes.',
      },
      {
        id: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
        displayName: 'Key Vault Administrator',
        description: 'Perform all data plane operations on a key vault.',
      },
    ],
    policies: [
      // Owner on production: the tier 0 context (phishing-resistant, every time), as Global Administrator.
      {
        scope: '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11',
        roleDefinitionId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
        policy: { authenticationContext: 'c1', maximumDuration: 'PT2H' },
      },
      // Owner on dev: the role-management context, as Privileged Role Administrator.
      {
        scope: '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22',
        roleDefinitionId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
        policy: { authenticationContext: 'c2', maximumDuration: 'PT4H' },
      },
      // User Access Administrator on the management group: approval by Pat.
      {
        scope: '/providers/Microsoft.Management/managementGroups/contoso-platform',
        roleDefinitionId: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
        policy: { requireMfa: true, requireApproval: true, approvers: ['pat.approver@contoso-sim.onmicrosoft.com'] },
      },
      // Contributor on rg-app: passwordless within an hour, as Security Administrator.
      {
        scope: '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/resourceGroups/rg-app',
        roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
        policy: { authenticationContext: 'c3' },
      },
      // Contributor on rg-sandbox: a context no CA policy targets, so PIM's backup MFA applies.
      {
        scope: '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22/resourceGroups/rg-sandbox',
        roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
        policy: { authenticationContext: 'c4', requireJustification: false },
      },
      // Key Vault Administrator on the production vault: MFA and a ticket.
      {
        scope:
          '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-contoso-prod',
        roleDefinitionId: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
        policy: { requireMfa: true, requireTicket: true, maximumDuration: 'PT1H' },
      },
      // Reader on dev: nothing asked.
      {
        scope: '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22',
        roleDefinitionId: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
        policy: { requireJustification: false },
      },
    ],
  },
  users: [
    {
      id: 'd4b1c272-be68-4b63-8afe-24c51943aabd',
      userPrincipalName: 'adele.admin@contoso-sim.onmicrosoft.com',
      displayName: 'Adele Admin',
      password: 'Demo-Adele-2026!',
      description:
        'Administrator eligible for every policy combination; signs in with Windows Hello (PIN 246810), also has a passkey, Authenticator and an OATH app.',
      jobTitle: 'Cloud administrator',
      methods: ['password', 'windowsHello', 'passkey', 'authenticatorPush', 'authenticatorPasswordless', 'oath'],
      pin: '246810',
      assignedRoles: ['f2ef992c-3afb-46b9-b7cf-a126ee74c451'],
      // Billing Administrator, also assigned by an administrator until 10 days from now: the role to ask to extend.
      timeBoundRoles: [{ roleId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe', endsAfter: 'P10D' }],
    },
    {
      id: '80ec7d09-9f1d-40e3-b101-6c6534ed779b',
      userPrincipalName: 'henry.helpdesk@contoso-sim.onmicrosoft.com',
      displayName: 'Henry Helpdesk',
      password: 'Demo-Henry-2026!',
      description: 'Help-desk agent: password plus Authenticator notification or OATH code.',
      jobTitle: 'Service desk agent',
      methods: ['password', 'authenticatorPush', 'oath'],
    },
    {
      id: '16d6a370-5a63-43de-a1e0-32009ded9d5f',
      userPrincipalName: 'nora.noread@contoso-sim.onmicrosoft.com',
      displayName: 'Nora No-Read',
      password: 'Demo-Nora-2026!',
      description: 'Eligible for several roles but gets 403 when reading PIM policies: clients must cope with unknown policies.',
      methods: ['password', 'authenticatorPush', 'passkey'],
      pin: '135790',
      canReadPolicies: false,
    },
    {
      id: 'fc88f367-da23-437c-a1cd-d1de22226f44',
      userPrincipalName: 'paul.password@contoso-sim.onmicrosoft.com',
      displayName: 'Paul Password-Only',
      password: 'Demo-Paul-2026!',
      description: 'No second factor is asked at sign-in: his token has no mfa in amr, so MFA-protected roles fail with MfaRule.',
      methods: ['password', 'authenticatorPush'],
      requireMfaAtSignIn: false,
    },
    {
      id: 'cbb5ae16-ef42-4016-b7e4-b6c802b78e9c',
      userPrincipalName: 'pat.approver@contoso-sim.onmicrosoft.com',
      displayName: 'Pat Approver',
      password: 'Demo-Pat-2026!',
      description: 'Approver for User Administrator and Conditional Access Administrator (approve through the control API).',
      methods: ['password', 'authenticatorPush'],
      assignedRoles: ['e8611ab8-c189-46e8-94e1-60213ab1f814'],
    },
  ],
  eligibilities: [
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: '62e90394-69f5-4237-9190-012177145e10' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: 'e8611ab8-c189-46e8-94e1-60213ab1f814' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: '194ae4cb-b126-40b2-bd5b-6091b380977d' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: '29232cdf-9323-42fd-ade2-1d097af3e4de' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: 'fe930be7-5e62-47db-91af-98c3a49a38b1' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: '729827e3-9c14-49f7-bb1b-9608f156bbb8' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: '4a5d8f65-41da-4de4-8968-e035b65339cf' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: '3a2c62db-5318-420d-8d74-23affee5d9d5' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f' },
    { kind: 'directoryRole', user: 'adele.admin@contoso-sim.onmicrosoft.com', roleId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe' },
    { kind: 'group', user: 'adele.admin@contoso-sim.onmicrosoft.com', groupId: '7a435917-cd76-49e7-a3df-51a745d9bfda', accessId: 'member' },
    { kind: 'group', user: 'adele.admin@contoso-sim.onmicrosoft.com', groupId: '7a435917-cd76-49e7-a3df-51a745d9bfda', accessId: 'owner' },
    { kind: 'group', user: 'adele.admin@contoso-sim.onmicrosoft.com', groupId: 'e10d0933-62ed-4411-b23f-e07588dfc04d', accessId: 'member' },
    { kind: 'directoryRole', user: 'henry.helpdesk@contoso-sim.onmicrosoft.com', roleId: '729827e3-9c14-49f7-bb1b-9608f156bbb8' },
    { kind: 'directoryRole', user: 'henry.helpdesk@contoso-sim.onmicrosoft.com', roleId: '4a5d8f65-41da-4de4-8968-e035b65339cf' },
    {
      kind: 'group',
      user: 'henry.helpdesk@contoso-sim.onmicrosoft.com',
      groupId: '5775ddf5-a8bd-4362-95bd-182ee22d1272',
      accessId: 'member',
    },
    { kind: 'directoryRole', user: 'nora.noread@contoso-sim.onmicrosoft.com', roleId: '62e90394-69f5-4237-9190-012177145e10' },
    { kind: 'directoryRole', user: 'nora.noread@contoso-sim.onmicrosoft.com', roleId: '29232cdf-9323-42fd-ade2-1d097af3e4de' },
    { kind: 'directoryRole', user: 'nora.noread@contoso-sim.onmicrosoft.com', roleId: '4a5d8f65-41da-4de4-8968-e035b65339cf' },
    { kind: 'directoryRole', user: 'paul.password@contoso-sim.onmicrosoft.com', roleId: '29232cdf-9323-42fd-ade2-1d097af3e4de' },
    { kind: 'directoryRole', user: 'paul.password@contoso-sim.onmicrosoft.com', roleId: '4a5d8f65-41da-4de4-8968-e035b65339cf' },
    {
      kind: 'azureRole',
      user: 'adele.admin@contoso-sim.onmicrosoft.com',
      scope: '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11',
      roleDefinitionId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    },
    {
      kind: 'azureRole',
      user: 'adele.admin@contoso-sim.onmicrosoft.com',
      scope: '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22',
      roleDefinitionId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    },
    {
      kind: 'azureRole',
      user: 'adele.admin@contoso-sim.onmicrosoft.com',
      scope: '/providers/Microsoft.Management/managementGroups/contoso-platform',
      roleDefinitionId: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    },
    {
      kind: 'azureRole',
      user: 'adele.admin@contoso-sim.onmicrosoft.com',
      scope: '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/resourceGroups/rg-app',
      roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    },
    {
      kind: 'azureRole',
      user: 'adele.admin@contoso-sim.onmicrosoft.com',
      scope: '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22/resourceGroups/rg-sandbox',
      roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    },
    {
      kind: 'azureRole',
      user: 'adele.admin@contoso-sim.onmicrosoft.com',
      scope:
        '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-contoso-prod',
      roleDefinitionId: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
    },
    {
      kind: 'azureRole',
      user: 'adele.admin@contoso-sim.onmicrosoft.com',
      scope: '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22',
      roleDefinitionId: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    },
    {
      kind: 'azureRole',
      user: 'nora.noread@contoso-sim.onmicrosoft.com',
      scope: '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11',
      roleDefinitionId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    },
    {
      kind: 'azureRole',
      user: 'henry.helpdesk@contoso-sim.onmicrosoft.com',
      scope: '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22',
      roleDefinitionId: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    },
  ],
  settings: {
    acrsChallengeForm: 'plain',
    groupAcrsChallengeForm: null,
    requireCp1ForAcrs: false,
    activationDelayMs: 0,
    graphPageSize: 100,
  },
};
