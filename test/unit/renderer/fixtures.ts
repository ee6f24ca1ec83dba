/** Small, typed domain values for the renderer's reducer tests. */
import type { ActivationPlan } from '../../../src/shared/domain/activation';
import type { AppInfo, AppPolicy } from '../../../src/shared/domain/app-info';
import type { EligibleRole, RoleCatalog } from '../../../src/shared/domain/roles';
import type { SessionSummary } from '../../../src/shared/domain/session';

export const TIER0 = { id: 'c1', displayName: 'Tier 0 admin: phishing-resistant' };

export function eligible(id: string, displayName: string, requirements: Partial<EligibleRole['requirements']> = {}): EligibleRole {
  return {
    id,
    target: { kind: 'directoryRole', roleDefinitionId: id, directoryScopeId: '/' },
    displayName,
    scopeLabel: 'Directory',
    eligibleUntil: null,
    active: null,
    requirements: {
      known: true,
      authenticationContext: null,
      mfa: false,
      justification: true,
      ticket: false,
      approval: false,
      maximumDuration: 'PT8H',
      ...requirements,
    },
  };
}

export const GA = eligible('ga', 'Global Administrator', { authenticationContext: TIER0, maximumDuration: 'PT4H' });
export const CA = eligible('ca', 'Conditional Access Administrator', { authenticationContext: TIER0, ticket: true, approval: true });
export const HD = eligible('hd', 'Helpdesk Administrator', { mfa: true, maximumDuration: 'PT1H' });
export const UNKNOWN = eligible('billing', 'Billing Administrator', { known: false, maximumDuration: null, justification: false });

export const CATALOG: RoleCatalog = {
  eligible: [GA, CA, HD, UNKNOWN],
  active: [],
  policiesReadable: false,
  serverTime: '2026-11-25T14:00:00Z',
  clockSkewSeconds: 0,
  states: { roles: [], requests: [], at: '2026-11-25T14:00:00Z' },
};

export const SESSION: SessionSummary = {
  username: 'adele@contoso.example',
  displayName: 'Adele',
  tenantId: 't1',
  tenantName: 'Contoso',
  tenantDomain: 'contoso.example',
  evidence: {
    methods: ['pwd', 'rsa', 'mfa'],
    contexts: [],
    authenticatedAt: '2026-11-25T13:59:00Z',
    expiresAt: null,
    tenantId: 't1',
    username: 'adele@contoso.example',
  },
};

export const STEP_UP_PLAN: ActivationPlan = {
  stepUps: [
    {
      context: TIER0,
      roleIds: ['ga', 'ca'],
      satisfied: false,
      expect: { text: 'a phishing-resistant sign-in (passkey or Windows Hello)', accepts: [['fido2'], ['windowsHelloForBusiness']] },
    },
  ],
  unknownRequirements: [],
  problems: [],
};

export const NO_STEP_UP_PLAN: ActivationPlan = {
  stepUps: [{ context: null, roleIds: ['hd'], satisfied: true }],
  unknownRequirements: [],
  problems: [],
};

/** What main reports for a managed kiosk workstation (policy filled in) or a plain install. */
export function appInfo(overrides: Partial<AppInfo> = {}, policy: Partial<AppPolicy> = {}): AppInfo {
  return {
    version: '1.0.0',
    tenant: {
      kind: 'simulated',
      tenantId: 't1',
      cloud: 'custom',
      authorityHost: 'https://login.example',
      graphEndpoint: 'https://graph.example',
    },
    mode: 'standard',
    adminCenterUrl: null,
    securityInfoUrl: null,
    firstRun: false,
    signInSurface: 'system-browser',
    signInStorage: { persisted: true, reason: null },
    policy: {
      justificationTemplates: [],
      ticketSystem: null,
      endSessionAfterActivation: false,
      idleTimeoutMinutes: null,
      guidedByDefault: false,
      allowedRolesRestricted: false,
      ...policy,
    },
    ...overrides,
  };
}
