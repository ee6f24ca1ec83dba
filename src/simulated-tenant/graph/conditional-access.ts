/**
 * Conditional Access as Microsoft Graph v1.0 serves it: `identity/conditionalAccess/policies` (each policy's
 * conditions, grant controls with its authentication strength inline, and session controls) and
 * `policies/authenticationStrengthPolicies`, built from the same model the sign-in pages enforce
 * (docs/protocol.md, "What a step-up will accept").
 */
import type { Scenario } from '../scenario/schema';
import type { AuthenticationStrength } from '../model/strengths';
import type { TenantModel } from '../model/tenant-model';

type CaPolicySpec = Scenario['conditionalAccessPolicies'][number];

/** When the scenario was written: Graph stamps every policy and strength; a fixed date keeps answers stable. */
const CREATED = '2025-11-03T09:00:00Z';

/** An `authenticationStrengthPolicy` resource. */
export function strengthResource(strength: AuthenticationStrength, origin: string): Record<string, unknown> {
  return {
    id: strength.id,
    createdDateTime: strength.builtIn ? '2021-12-01T00:00:00Z' : CREATED,
    modifiedDateTime: strength.builtIn ? '2021-12-01T00:00:00Z' : CREATED,
    displayName: strength.displayName,
    description: strength.description,
    policyType: strength.builtIn ? 'builtIn' : 'custom',
    requirementsSatisfied: 'mfa',
    allowedCombinations: [...strength.allowedCombinations],
    'combinationConfigurations@odata.context': `${origin}/v1.0/$metadata#policies/authenticationStrengthPolicies('${strength.id}')/combinationConfigurations`,
    combinationConfigurations: [],
  };
}

/** Graph's `signInFrequencySessionControl` for the scenario's frequency (whole hours or days, or every time). */
function signInFrequency(frequency: CaPolicySpec['signInFrequency']): Record<string, unknown> | null {
  if (frequency === null) {
    return null;
  }
  const common = { authenticationType: 'primaryAndSecondaryAuthentication', isEnabled: true };
  if (frequency === 'everyTime') {
    return { ...common, value: null, type: null, frequencyInterval: 'everyTime' };
  }
  const hours = frequency.minutes / 60;
  return hours % 24 === 0
    ? { ...common, value: hours / 24, type: 'days', frequencyInterval: 'timeBased' }
    : { ...common, value: hours, type: 'hours', frequencyInterval: 'timeBased' };
}

/** A `conditionalAccessPolicy` resource: all users but the excluded ones, one authentication context, one strength. */
export function conditionalAccessPolicyResource(policy: CaPolicySpec, model: TenantModel, origin: string): Record<string, unknown> {
  const strength = model.resolveStrength(policy.authenticationStrength);
  const excluded = policy.excludedUsers.flatMap((name) => {
    const user = model.userByName(name);
    return user === undefined ? [] : [user.id];
  });
  const frequency = signInFrequency(policy.signInFrequency);
  return {
    id: policy.id,
    templateId: null,
    displayName: policy.displayName,
    createdDateTime: CREATED,
    modifiedDateTime: null,
    state: policy.state,
    sessionControls:
      frequency === null
        ? null
        : {
            disableResilienceDefaults: null,
            applicationEnforcedRestrictions: null,
            cloudAppSecurity: null,
            persistentBrowser: null,
            continuousAccessEvaluation: null,
            secureSignInSession: null,
            signInFrequency: frequency,
          },
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ['all'],
      servicePrincipalRiskLevels: [],
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      applications: {
        includeApplications: [],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [policy.authenticationContext],
        applicationFilter: null,
      },
      users: {
        includeUsers: ['All'],
        excludeUsers: excluded,
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
      },
    },
    grantControls: {
      operator: 'OR',
      builtInControls: [],
      customAuthenticationFactors: [],
      termsOfUse: [],
      'authenticationStrength@odata.context': `${origin}/v1.0/$metadata#identity/conditionalAccess/policies('${policy.id}')/grantControls/authenticationStrength/$entity`,
      authenticationStrength: strength === undefined ? null : strengthResource(strength, origin),
    },
  };
}
