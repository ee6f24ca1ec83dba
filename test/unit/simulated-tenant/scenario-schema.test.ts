import { describe, expect, it } from 'vitest';
import { loadShippedScenario, parseScenario, shippedScenarioNames } from '../../../src/simulated-tenant';

type Json = Record<string, unknown>;
const demo = (): Json => loadShippedScenario('demo') as Json;

function errorsFor(mutate: (scenario: Json) => void): readonly string[] {
  const scenario = demo();
  mutate(scenario);
  const result = parseScenario(scenario);
  return result.ok ? [] : result.errors;
}

describe('scenario schema', () => {
  it('accepts every shipped scenario', () => {
    for (const name of shippedScenarioNames) {
      const result = parseScenario(loadShippedScenario(name));
      expect(result.ok, name).toBe(true);
    }
    expect(loadShippedScenario('nope')).toBeNull();
  });

  it('fills Entra defaults into policies', () => {
    const result = parseScenario(demo());
    if (!result.ok) {
      throw new Error(result.errors.join('\n'));
    }
    const reader = result.scenario.roles.find((role) => role.displayName === 'Global Reader');
    expect(reader?.policy).toEqual({
      maximumDuration: 'PT8H',
      requireMfa: false,
      requireJustification: false,
      requireTicket: false,
      authenticationContext: null,
      requireApproval: false,
      approvers: [],
    });
  });

  it('names the path and the reason for cross-reference errors', () => {
    expect(
      errorsFor((scenario) => {
        (scenario.eligibilities as Json[])[0] = {
          kind: 'directoryRole',
          user: 'ghost@contoso-sim.onmicrosoft.com',
          roleId: '00000000-0000-4000-8000-000000000000',
        };
      }),
    ).toEqual([
      'scenario.eligibilities[0].user: unknown user "ghost@contoso-sim.onmicrosoft.com" (not in users)',
      'scenario.eligibilities[0].roleId: unknown role id "00000000-0000-4000-8000-000000000000" (not in roles)',
    ]);
    expect(
      errorsFor((scenario) => {
        ((scenario.roles as Json[])[0]?.policy as Json).authenticationContext = 'c9';
      }),
    ).toEqual(['scenario.roles[0].policy.authenticationContext: authentication context "c9" is not defined in authenticationContexts']);
    expect(
      errorsFor((scenario) => {
        (scenario.conditionalAccessPolicies as Json[])[0]!.authenticationStrength = 'superStrong';
      }),
    ).toEqual([
      'scenario.conditionalAccessPolicies[0].authenticationStrength: unknown authentication strength "superStrong" (use a custom strength id, or mfa, passwordlessMfa, phishingResistantMfa)',
    ]);
  });

  it('checks Azure scopes, roles, parents and contexts', () => {
    const sub = '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11';
    expect(
      errorsFor((scenario) => {
        (scenario.eligibilities as Json[]).push({
          kind: 'azureRole',
          user: 'adele.admin@contoso-sim.onmicrosoft.com',
          scope: 'subscriptions/x',
          roleDefinitionId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
        });
      }),
    ).toContainEqual(expect.stringMatching(/^scenario\.eligibilities\[\d+\]\.scope: must be an Azure scope/));
    expect(
      errorsFor((scenario) => {
        const azure = scenario.azure as Json;
        (azure.scopes as Json[]).push({
          id: '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-orphan',
          displayName: 'rg-orphan',
        });
        (azure.policies as Json[]).push({
          scope: `${sub}/resourceGroups/rg-ghost`,
          roleDefinitionId: '00000000-0000-4000-8000-000000000002',
          policy: { authenticationContext: 'c9' },
        });
      }),
    ).toEqual([
      'scenario.azure.scopes[7].id: parent scope "/subscriptions/00000000-0000-4000-8000-000000000001" is not listed in azure.scopes',
      `scenario.azure.policies[7].scope: unknown Azure scope "${sub}/resourceGroups/rg-ghost" (not in azure.scopes)`,
      'scenario.azure.policies[7].roleDefinitionId: unknown Azure role "00000000-0000-4000-8000-000000000002" (not in azure.roles)',
      'scenario.azure.policies[7].policy.authenticationContext: authentication context "c9" is not defined in authenticationContexts',
    ]);
  });

  it('explains format errors precisely', () => {
    expect(
      errorsFor((scenario) => {
        (scenario.authenticationContexts as Json[])[0]!.id = 'c26';
      }),
    ).toContain('scenario.authenticationContexts[0].id: must be an authentication context id c1..c25');
    expect(
      errorsFor((scenario) => {
        ((scenario.roles as Json[])[1]!.policy as Json).maximumDuration = '8 hours';
      }),
    ).toEqual(['scenario.roles[1].policy.maximumDuration: must be an ISO-8601 duration such as PT8H or PT30M']);
    expect(
      errorsFor((scenario) => {
        (scenario.users as Json[])[1]!.methods = ['password', 'carrierPigeon'];
      }),
    ).toEqual([expect.stringMatching(/^scenario\.users\[1\]\.methods\[1\]: must be one of password, authenticatorPush/) as string]);
    expect(
      errorsFor((scenario) => {
        (scenario.users as Json[])[0]!.pin = null;
      }),
    ).toEqual(['scenario.users[0].pin: user "adele.admin@contoso-sim.onmicrosoft.com" has windowsHello or passkey and needs a pin']);
    expect(
      errorsFor((scenario) => {
        scenario.colour = 'blue';
      }),
    ).toEqual([expect.stringContaining('colour') as string]);
    expect(
      errorsFor((scenario) => {
        (scenario.users as Json[]).push({ ...(scenario.users as Json[])[1], id: '11111111-1111-4111-8111-111111111111' });
      }),
    ).toEqual(['scenario.users[5]: duplicate userPrincipalName "henry.helpdesk@contoso-sim.onmicrosoft.com"']);
    expect(
      errorsFor((scenario) => {
        (scenario.settings as Json).acrsChallengeForm = 'header';
      }),
    ).toEqual(['scenario.settings.acrsChallengeForm: must be plain, unknown-error or www-authenticate']);
  });

  it('rejects non-objects with a message at the root', () => {
    const result = parseScenario('demo');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors[0]).toMatch(/^scenario: /);
  });
});
