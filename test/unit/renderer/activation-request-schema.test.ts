/**
 * The activation request as the renderer sends it: per-role durations under the one duration
 * grammar, an optional scheduled start, and the cancel-request channel's arguments.
 */
import { describe, expect, it } from 'vitest';
import { durationFor } from '../../../src/shared/domain/activation';
import { activationRequestSchema, invokeArgSchemas } from '../../../src/shared/ipc/schemas';

const GA = 'role:62e90394-69f5-4237-9190-012177145e10:/';
const RR = 'role:4a5d8f65-41da-4de4-8968-e035b65339cf:/';
const base = { roleIds: [GA, RR], duration: 'PT1H', justification: 'Incident 42' };

function messages(value: unknown): string[] {
  const parsed = activationRequestSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
}

describe('per-role durations', () => {
  it('accepts a duration per role and resolves each role to its own, the rest to the default', () => {
    const request = { ...base, roleIds: [GA, RR, 'group:g:member'], durations: { [GA]: 'PT4H', [RR]: 'pt8h' } };
    expect(messages(request)).toEqual([]);
    expect(durationFor(request, GA)).toBe('PT4H');
    expect(durationFor(request, RR)).toBe('pt8h');
    expect(durationFor(request, 'group:g:member')).toBe('PT1H');
  });

  it('refuses a per-role duration outside the shared grammar or bounds, naming the problem', () => {
    expect(messages({ ...base, durations: { [GA]: 'P1Y' } }).join(' ')).toMatch(/duration/i);
    expect(messages({ ...base, durations: { [GA]: 'PT1M' } }).length).toBeGreaterThan(0);
    expect(messages({ ...base, durations: { [GA]: 'PT25H' } }).length).toBeGreaterThan(0);
  });

  it('refuses a duration for a role that is not being activated', () => {
    expect(messages({ ...base, durations: { 'role:other:/': 'PT2H' } })).toEqual([
      'A duration was given for "role:other:/", which is not among the roles to activate.',
    ]);
  });
});

describe('scheduled start', () => {
  it('accepts a date-time with an offset', () => {
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    expect(messages({ ...base, startDateTime: soon })).toEqual([]);
    expect(messages({ ...base, startDateTime: '2026-05-04T09:00+02:00' })).toEqual([]);
  });

  it('refuses a local time without offset, free text, and a start more than 30 days ahead', () => {
    expect(messages({ ...base, startDateTime: '2026-05-04T09:00' })[0]).toMatch(/with its offset/);
    expect(messages({ ...base, startDateTime: 'tomorrow' })[0]).toMatch(/with its offset/);
    const far = new Date(Date.now() + 40 * 86_400_000).toISOString();
    expect(messages({ ...base, startDateTime: far })).toEqual(['The start can be at most 30 days ahead.']);
  });
});

describe('activation:cancel-request arguments', () => {
  const schema = invokeArgSchemas['activation:cancel-request'];
  it('accepts a request id and kind', () => {
    expect(schema.safeParse([{ requestId: '5d1b8a0e-0d3c-4f7e-9a51-2b8c6e4f1a90', kind: 'group' }]).success).toBe(true);
  });
  it('refuses a path-like id, an unknown kind and extra keys', () => {
    expect(schema.safeParse([{ requestId: '../roleAssignments', kind: 'group' }]).success).toBe(false);
    expect(schema.safeParse([{ requestId: 'abc', kind: 'subscription' }]).success).toBe(false);
    expect(schema.safeParse([{ requestId: 'abc', kind: 'group', extra: 1 }]).success).toBe(false);
  });
});
