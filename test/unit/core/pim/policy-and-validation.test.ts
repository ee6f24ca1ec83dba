import { describe, expect, it } from 'vitest';
import type { Requirements } from '../../../../src/shared/domain/roles';
import { describeIsoDuration, formatDuration, parseIsoDuration, toIsoDuration } from '../../../../src/shared/rules/duration';
import { contextNamesFrom, requirementsFromRules, UNKNOWN_REQUIREMENTS } from '../../../../src/core/pim/policy';
import { validateActivation } from '../../../../src/core/pim/validate-activation';

const target = { caller: 'EndUser', operations: ['all'], level: 'Assignment' };
const rules = [
  {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule',
    id: 'Expiration_EndUser_Assignment',
    isExpirationRequired: true,
    maximumDuration: 'PT4H',
    target,
  },
  {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule',
    id: 'Expiration_Admin_Assignment',
    maximumDuration: 'P180D',
    target: { ...target, caller: 'Admin' },
  },
  {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule',
    id: 'Enablement_EndUser_Assignment',
    enabledRules: ['MultiFactorAuthentication', 'Justification', 'Ticketing'],
    target,
  },
  {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule',
    id: 'Approval_EndUser_Assignment',
    setting: { isApprovalRequired: true },
    target,
  },
  {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule',
    id: 'AuthenticationContext_EndUser_Assignment',
    isEnabled: true,
    claimValue: 'c1',
    target,
  },
];

describe('policy parsing', () => {
  it('reads every end-user activation rule and names the context', () => {
    const names = contextNamesFrom([{ id: 'c1', displayName: 'Tier 0: phishing-resistant', description: 'd' }, { id: 7 }]);
    expect(requirementsFromRules(rules, names)).toEqual({
      known: true,
      authenticationContext: { id: 'c1', displayName: 'Tier 0: phishing-resistant', description: 'd' },
      mfa: true,
      justification: true,
      ticket: true,
      approval: true,
      maximumDuration: 'PT4H',
    });
  });

  it('uses the context id as its name when names are unreadable, and ignores disabled contexts', () => {
    expect(requirementsFromRules(rules).authenticationContext).toEqual({ id: 'c1', displayName: 'c1' });
    const disabled = rules.map((r) => (r.id.startsWith('AuthenticationContext') ? { ...r, isEnabled: false } : r));
    expect(requirementsFromRules(disabled).authenticationContext).toBeNull();
  });

  // A policy's claimValue goes into the claims request like a challenge's ids do, so it passes the same rule.
  it.each(['c0', 'c26', 'C1', 'c01', 'c1 ', 'c1"}},"id_token":{"x', 'acrs', 'c1\u200b', ''.padEnd(5000, 'c')])(
    'treats a policy whose context id is not c1..c25 (%j) as unknown, never passing the id on',
    (claimValue) => {
      const hostile = rules.map((r) => (r.id.startsWith('AuthenticationContext') ? { ...r, claimValue } : r));
      expect(requirementsFromRules(hostile)).toEqual(UNKNOWN_REQUIREMENTS);
    },
  );

  it('accepts every id from c1 to c25 in a policy', () => {
    for (let n = 1; n <= 25; n += 1) {
      const valid = rules.map((r) => (r.id.startsWith('AuthenticationContext') ? { ...r, claimValue: `c${String(n)}` } : r));
      expect(requirementsFromRules(valid).authenticationContext?.id).toBe(`c${String(n)}`);
    }
  });

  it('accepts ARM-style ruleType rules', () => {
    const arm = [{ id: 'Enablement_EndUser_Assignment', ruleType: 'RoleManagementPolicyEnablementRule', enabledRules: ['Justification'] }];
    expect(requirementsFromRules(arm)).toMatchObject({ justification: true, mfa: false, ticket: false });
  });
});

describe('durations', () => {
  it('parses, formats and round-trips ISO 8601 durations', () => {
    expect(parseIsoDuration('PT2H30M')).toBe(9000);
    expect(parseIsoDuration('P1DT1H')).toBe(90000);
    expect(parseIsoDuration('pt45m')).toBe(2700);
    expect(parseIsoDuration('PT')).toBeNull();
    expect(parseIsoDuration('P1M')).toBeNull();
    expect(parseIsoDuration('2 hours')).toBeNull();
    expect(toIsoDuration(9000)).toBe('PT2H30M');
    expect(toIsoDuration(0)).toBe('PT0S');
    expect(formatDuration(90060)).toBe('1 day 1 h 1 min');
    expect(describeIsoDuration('PT8H')).toBe('8 h');
  });
});

describe('activation validation', () => {
  const strict: Requirements = {
    known: true,
    authenticationContext: null,
    mfa: false,
    justification: true,
    ticket: true,
    approval: false,
    maximumDuration: 'PT2H',
  };
  const lax: Requirements = { ...strict, justification: false, ticket: false, maximumDuration: null };

  it('accepts input that meets the policy', () => {
    expect(
      validateActivation({ duration: 'PT2H', justification: ' CHG-1 ', ticketNumber: 'CHG-1', ticketSystem: 'ServiceNow' }, strict),
    ).toEqual([]);
  });

  it('refuses a duration beyond the maximum, saying both', () => {
    const [issue] = validateActivation({ duration: 'PT3H', justification: 'x', ticketNumber: '1', ticketSystem: 's' }, strict);
    expect(issue?.path).toBe('duration');
    expect(issue?.message).toMatch(/at most 2 h \(PT2H\); you asked for 3 h/);
  });

  it('refuses malformed and too-short durations', () => {
    expect(validateActivation({ duration: '2h', justification: '' }, lax)[0]?.message).toMatch(/ISO 8601/);
    expect(validateActivation({ duration: 'PT1M', justification: '' }, lax)[0]?.message).toMatch(/at least 5 minutes/);
  });

  it('requires a trimmed reason of at most 500 characters without control characters', () => {
    const paths = (j: string) =>
      validateActivation({ duration: 'PT1H', justification: j, ticketNumber: '1', ticketSystem: 's' }, strict).map((i) => i.message);
    expect(paths('   ')).toEqual([expect.stringMatching(/requires a reason/)]);
    expect(paths('x'.repeat(501))[0]).toMatch(/501 characters long; at most 500/);
    expect(paths('x'.repeat(500))).toEqual([]);
    // The bound is on what is sent, white space included, as the IPC schema counts it.
    expect(paths(`  ${'x'.repeat(500)}  `)[0]).toMatch(/504 characters long/);
    expect(paths('bad\u0007bell')[0]).toMatch(/control or invisible character U\+0007 at position 4/);
    expect(paths('\u200b\u200b')[0]).toMatch(/invisible character U\+200B/);
    expect(paths('line one\nline two')).toEqual([]);
  });

  it('requires both ticket fields when the policy asks; otherwise a ticket is both fields or neither', () => {
    const strictIssues = validateActivation({ duration: 'PT1H', justification: 'x' }, strict).map((i) => i.path);
    expect(strictIssues).toEqual(['ticketNumber', 'ticketSystem']);
    expect(validateActivation({ duration: 'PT1H', justification: '', ticketNumber: 'INC1', ticketSystem: 'ServiceNow' }, lax)).toEqual([]);
    expect(validateActivation({ duration: 'PT1H', justification: '', ticketNumber: 'INC1' }, lax).map((i) => i.path)).toEqual([
      'ticketSystem',
    ]);
    expect(validateActivation({ duration: 'PT1H', justification: '', ticketSystem: 'ServiceNow' }, lax)[0]?.path).toBe('ticketNumber');
  });
});
