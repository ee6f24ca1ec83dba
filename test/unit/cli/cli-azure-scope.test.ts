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
    // A scope miss says where the role is eligible.
    expect(() => matchRoles(['Owner'], eligible, '/subscriptions/00000000-0000-4000-8000-000000000000')).toThrow(
      /"Owner" is eligible at Subscription · Contoso Prod, Subscription · Contoso Dev, not at "\/subscriptions\/0{8}/,
    );
    expect(() => matchRoles(['Owner'], [owner(PROD, 'Contoso Prod')], 'Contoso Dev')).toThrow(
      /eligible at Subscription · Contoso Prod, not at "Contoso Dev"/,
    );
  });

  it('applies --scope to Azure roles only: a directory role named beside it still matches', () => {
    const ga: EligibleRole = {
      id: 'role:62e90394-69f5-4237-9190-012177145e10:/',
      target: { kind: 'directoryRole', roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/' },
      displayName: 'Global Administrator',
      scopeLabel: 'Directory',
      eligibleUntil: null,
      requirements: UNKNOWN_REQUIREMENTS,
      active: null,
    };
    const matched = matchRoles(['Global Administrator', 'Owner'], [ga, ...eligible], 'Contoso Prod');
    expect(matched.map((r) => [r.displayName, r.target.kind])).toEqual([
      ['Global Administrator', 'directoryRole'],
      ['Owner', 'azureResource'],
    ]);
  });

  it('when Azure roles could not be listed, a name that matches nothing names that cause (not a typing mistake)', () => {
    const problem =
      'Azure Resource Manager could not be reached (no answer): your directory roles and groups are listed; Azure roles are not.';
    let thrown: unknown = null;
    try {
      matchRoles(['Owner'], [], undefined, problem);
    } catch (cause) {
      thrown = cause;
    }
    expect(thrown).toMatchObject({ message: problem, error: { code: 'graph/network' } });
  });
});
