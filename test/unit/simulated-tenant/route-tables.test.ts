/**
 * The simulated tenant's route tables: path patterns match whole segments (no regular expression, so a path's length
 * costs linear time), and no two Graph routes answer the same method and path.
 */
import { describe, expect, it } from 'vitest';
import { equalsIgnoringAsciiCase, matchPath, pathPattern } from '../../../src/simulated-tenant/http/path-pattern';
import { GRAPH_ROUTES } from '../../../src/simulated-tenant/graph/graph-router';

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
