/**
 * The simulated tenant's route tables: path patterns match whole segments (no regular expression, so a path's length
 * costs linear time), ARM paths are split around their provider the same way, and no two routes answer the same
 * method and path.
 */
import { describe, expect, it } from 'vitest';
import { equalsIgnoringAsciiCase, matchPath, pathPattern } from '../../../src/simulated-tenant/http/path-pattern';
import { GRAPH_ROUTES } from '../../../src/simulated-tenant/graph/graph-router';
import { parseArmPath } from '../../../src/simulated-tenant/arm/arm-path';
import { ARM_ROUTES } from '../../../src/simulated-tenant/arm/arm-router';

describe('path patterns', () => {
  const pattern = pathPattern('roleManagement/directory/roleAssignmentScheduleRequests/{id}/cancel');

  it('match the same number of segments, literals equal, and hand back the placeholders', () => {
    expect(matchPath(pattern, ['roleManagement', 'directory', 'roleAssignmentScheduleRequests', 'r-1', 'cancel'])).toEqual({ id: 'r-1' });
    expect(matchPath(pattern, ['roleManagement', 'directory', 'roleAssignmentScheduleRequests', 'r-1'])).toBeNull();
    expect(matchPath(pattern, ['roleManagement', 'directory', 'roleAssignmentScheduleRequests', 'r-1', 'Cancel'])).toBeNull();
    expect(matchPath(pattern, ['roleManagement', 'directory', 'roleAssignmentScheduleRequests', 'r-1', 'Cancel'], true)).toEqual({
      id: 'r-1',
    });
  });

  it('ignore the case of ASCII letters only, as a regular expression without the u flag does', () => {
    expect(equalsIgnoringAsciiCase('Microsoft.Authorization', 'microsoft.AUTHORIZATION')).toBe(true);
    // The Kelvin sign lower-cases to "k" with toLowerCase(), which a case-insensitive route must not accept.
    expect(equalsIgnoringAsciiCase('k', '\u212a')).toBe(false);
    expect(equalsIgnoringAsciiCase('ab', 'abc')).toBe(false);
  });

  it('stay linear on a path of 100,000 segments', () => {
    const segments = Array.from({ length: 100_000 }, () => 'x');
    expect(matchPath(pattern, segments)).toBeNull();
    expect(matchPath(pathPattern(segments.join('/')), segments)).toEqual({});
  });
});

describe('the Graph route table', () => {
  it('has one route per method and path', () => {
    const keys = GRAPH_ROUTES.map((route) => `${route.method} ${route.path}${route.byCurrentUser === true ? ' (by current user)' : ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('GET roleManagement/directory/roleEligibilityScheduleInstances (by current user)');
    expect(keys).toContain('* identityGovernance/privilegedAccess/group/assignmentScheduleRequests/{id}/cancel');
  });
});

describe('ARM paths', () => {
  const SUB = '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11';

  it('split into scope, collection, name and verb, the provider in any case', () => {
    expect(parseArmPath(`${SUB}/resourceGroups/RG/PROVIDERS/microsoft.authorization/roleAssignmentScheduleRequests/N1/Cancel/`)).toEqual({
      scope: `${SUB}/resourceGroups/RG`,
      collection: 'roleassignmentschedulerequests',
      name: 'N1',
      verb: 'cancel',
    });
    expect(parseArmPath('/providers/Microsoft.Authorization/roleEligibilityScheduleInstances')).toEqual({
      scope: '',
      collection: 'roleeligibilityscheduleinstances',
      name: null,
      verb: null,
    });
  });

  it('take the first provider that leaves a valid tail, so a scope may itself name one', () => {
    const nested = `${SUB}/providers/Microsoft.Authorization/roleAssignments/a1/providers/Microsoft.Authorization/roleDefinitions/d1`;
    expect(parseArmPath(nested)).toMatchObject({ scope: `${SUB}/providers/Microsoft.Authorization/roleAssignments/a1`, name: 'd1' });
  });

  it('refuse an empty segment, a missing provider, a collection or verb that is not letters, and a long tail', () => {
    for (const path of [
      `${SUB}//providers/Microsoft.Authorization/roleAssignmentSchedules`,
      '/providers/Microsoft.Authorization',
      '/providers/Microsoft.Authorisation/roleAssignmentSchedules',
      '/providers/Microsoft.Authorization/role1Assignments',
      '/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/n/can-cel',
      '/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/n/cancel/x',
      '/',
      '',
    ]) {
      expect(parseArmPath(path), path).toBeNull();
    }
  });

  it('stay linear on 15,000 slashes or 100,000 segments', () => {
    expect(parseArmPath(`/providers/Microsoft.Authorization/roleEligibilityScheduleInstances${'/'.repeat(15_000)}x`)).toBeNull();
    const long = `${'/s'.repeat(100_000)}/providers/Microsoft.Authorization/permissions`;
    expect(parseArmPath(long)?.scope.length).toBe(200_000);
  });

  it('has one route per method and path', () => {
    const keys = ARM_ROUTES.map((route) => `${route.method} ${route.path.toLowerCase()}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('POST roleassignmentschedulerequests/{name}/cancel');
  });
});
