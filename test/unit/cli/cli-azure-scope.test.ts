import { describe, expect, it } from 'vitest';
import { matchRoles } from '../../../src/cli/run-cli';
import type { EligibleRole } from '../../../src/shared/domain/roles';
import { UNKNOWN_REQUIREMENTS } from '../../../src/core/pim/policy';

const PROD = '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11';
const DEV = '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22';

function owner(scope: string, name: string): EligibleRole {
  return {
    id: `azure:${scope}:8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    target: {
      kind: 'azureResource',
      scope,
      roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    },
    displayName: 'Owner',
    scopeLabel: `Subscription · ${name}`,
    eligibleUntil: null,
    requirements: UNKNOWN_REQUIREMENTS,
    active: null,
    azure: { scopeKind: 'subscription', scopeDisplayName: name, roleEligibilityScheduleId: null },
  };
}

describe('Azure roles by name and scope', () => {
  const eligible = [owner(PROD, 'Contoso Prod'), owner(DEV, 'Contoso Dev')];

  it('needs --scope when several Azure roles share a name, and names their scopes', () => {
    expect(() => matchRoles(['Owner'], eligible)).toThrow(
      /"Owner" at Subscription · Contoso Prod .*"Owner" at Subscription · Contoso Dev .*or --scope/,
    );
  });

  it('picks by scope id (any case, trailing slash) or by scope name', () => {
    expect(matchRoles(['Owner'], eligible, `${PROD.toUpperCase()}/`)[0]?.target).toMatchObject({ scope: PROD });
    expect(matchRoles(['owner'], eligible, 'contoso dev')[0]?.target).toMatchObject({ scope: DEV });
    expect(() => matchRoles(['Owner'], eligible, '/subscriptions/00000000-0000-4000-8000-000000000000')).toThrow(
      /No eligible Azure role is at scope/,
    );
  });
});
