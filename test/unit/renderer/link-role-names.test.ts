/**
 * A waiting link names its roles in words: ids the tray wrote are matched against the known roles, and an id nobody
 * can name is counted, never printed.
 */
import { describe, expect, it } from 'vitest';
import { linkRoleNames } from '../../../src/renderer/help-desk/link-role-names';
import { eligible } from './fixtures';

const GA_ID = 'role:62e90394-69f5-4237-9190-012177145e10:/';
const known = [eligible(GA_ID, 'Global Administrator')];

describe('linkRoleNames', () => {
  it.each([
    [[GA_ID], known, 'Global Administrator'],
    [[GA_ID.toUpperCase()], known, 'Global Administrator'],
    [['Global Administrator', 'Reports Reader'], [], 'Global Administrator and Reports Reader'],
    [[GA_ID], [], '1 role'],
    [['role:29232cdf-9323-42fd-ade2-1d097af3e4de:/', GA_ID], [], '2 roles'],
    [['Reports Reader', '/subscriptions/0000/resourceGroups/rg'], [], 'Reports Reader and 1 more role'],
    [['Reports Reader', '29232cdf-9323-42fd-ade2-1d097af3e4de', GA_ID], known, 'Reports Reader, Global Administrator and 1 more role'],
  ] as const)('%j with %# known roles reads %s', (entries, roles, expected) => {
    expect(linkRoleNames(entries, roles)).toBe(expected);
  });

  it('never prints an id', () => {
    expect(linkRoleNames(['role:29232cdf-9323-42fd-ade2-1d097af3e4de:/'], known)).not.toMatch(/[0-9a-f]{8}-/);
  });
});
