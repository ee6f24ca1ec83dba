import { describe, expect, it } from 'vitest';
import { suggestKey } from '../../../../src/core/managed/suggest-key';

describe('suggestKey', () => {
  const keys = ['tenant', 'clientId', 'idleTimeoutMinutes', 'mode', 'locked'];
  it.each([
    ['tenat', 'tenant'],
    ['Tenant', 'tenant'],
    ['clientid', 'clientId'],
    ['client_id', 'clientId'],
    ['idleTimeoutMinute', 'idleTimeoutMinutes'],
    ['lockd', 'locked'],
    ['modes', 'mode'],
    ['theme', undefined],
    ['', undefined],
    ['x'.repeat(10_000), undefined],
  ])('%s → %s', (input, expected) => {
    expect(suggestKey(input, keys)).toBe(expected);
  });
});
