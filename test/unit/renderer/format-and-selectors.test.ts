import { describe, expect, it } from 'vitest';
import { appError } from '../../../src/shared/errors';
import {
  formatCountdown,
  formatElapsed,
  formatMinutes,
  isoDurationToMinutes,
  listNames,
  methodName,
  minutesToIsoDuration,
  phaseDurations,
} from '../../../src/renderer/wizard/format';
import {
  buildRequest,
  durationCap,
  durationChoices,
  filterRoles,
  formRequirements,
  isRetrySafe,
  planProblems,
  validateForm,
} from '../../../src/renderer/wizard/selectors';
import { CA, CATALOG, GA, HD, UNKNOWN } from './fixtures';

describe('durations', () => {
  it('reads ISO 8601 durations PIM policies use, and refuses junk', () => {
    expect(isoDurationToMinutes('PT8H')).toBe(480);
    expect(isoDurationToMinutes('PT1H30M')).toBe(90);
    expect(isoDurationToMinutes('P1D')).toBe(1440);
    expect(isoDurationToMinutes('PT')).toBeNull();
    expect(isoDurationToMinutes('8 hours')).toBeNull();
    expect(isoDurationToMinutes('PT0M')).toBeNull();
  });

  it('writes durations the IPC schema accepts', () => {
    const schema = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$/;
    for (const minutes of [1, 30, 60, 90, 240, 1440]) {
      const iso = minutesToIsoDuration(minutes);
      expect(iso).toMatch(schema);
      expect(isoDurationToMinutes(iso)).toBe(minutes);
    }
  });

  it('formats for people', () => {
    expect(formatMinutes(90)).toBe('1 h 30 min');
    expect(formatMinutes(120)).toBe('2 h');
    expect(formatCountdown(3_849_000)).toBe('1 h 04 min 09 s');
    expect(formatCountdown(-5)).toBe('0 s');
    expect(formatElapsed(350)).toBe('350 ms');
    expect(formatElapsed(4200)).toBe('4.2 s');
    expect(formatElapsed(125_000)).toBe('2 min 5 s');
    expect(listNames(['A', 'B', 'C'])).toBe('A, B and C');
    expect(methodName('ngcmfa')).toMatch(/Windows Hello/);
    expect(methodName('brand-new')).toBe('brand-new');
  });

  it('measures each phase from the one before, skipping unknown times', () => {
    expect(phaseDurations([{ at: '2026-01-01T00:00:01Z' }, { at: '' }, { at: '2026-01-01T00:00:04Z' }], '2026-01-01T00:00:00Z')).toEqual([
      1000,
      null,
      3000,
    ]);
  });
});

describe('selectors', () => {
  it('caps the duration at the strictest known policy and names the role', () => {
    expect(durationCap([GA, CA])).toEqual({ minutes: 240, setBy: GA });
    expect(durationCap([UNKNOWN])).toEqual({ minutes: 1440, setBy: null });
    expect(durationChoices(240)).toEqual([30, 60, 90, 120, 180, 240]);
    expect(durationChoices(45)).toEqual([30, 45]);
  });

  it('never sends more than the cap and omits empty ticket fields', () => {
    const req = buildRequest(['ga'], { durationMinutes: 600, justification: '  Incident 42 ', ticketNumber: ' ', ticketSystem: '' }, 240);
    expect(req).toEqual({ roleIds: ['ga'], duration: 'PT4H', justification: 'Incident 42' });
  });

  it('asks for a reason and a ticket only when a selected policy requires them', () => {
    expect(formRequirements([HD])).toEqual({ justification: true, ticket: false });
    expect(formRequirements([UNKNOWN])).toEqual({ justification: false, ticket: false });
    const needs = formRequirements([GA, CA]);
    expect(validateForm({ durationMinutes: 60, justification: 'ok', ticketNumber: '', ticketSystem: '' }, needs)).toEqual({
      justification: expect.stringContaining('at least 5') as unknown,
      ticketNumber: expect.stringContaining('ticket number') as unknown,
    });
    expect(validateForm({ durationMinutes: 60, justification: 'Incident 42', ticketNumber: 'CHG1', ticketSystem: '' }, needs)).toEqual({});
  });

  it('searches names, descriptions and context names, and filters by requirement', () => {
    expect(filterRoles(CATALOG, 'tier 0', 'all').map((r) => r.id)).toEqual(['ga', 'ca']);
    expect(filterRoles(CATALOG, '', 'approval').map((r) => r.id)).toEqual(['ca']);
    expect(filterRoles(CATALOG, '', 'unknown').map((r) => r.id)).toEqual(['billing']);
    expect(filterRoles(CATALOG, '', 'step-up').map((r) => r.id)).toEqual(['ga', 'ca', 'hd']);
    expect(filterRoles(CATALOG, 'HELPDESK', 'inactive').map((r) => r.id)).toEqual(['hd']);
  });

  it('offers a retry only where resending cannot harm', () => {
    expect(isRetrySafe(appError('graph/throttled', 'Busy.', { retryable: true }))).toBe(true);
    expect(isRetrySafe(appError('auth/cancelled', 'Cancelled.'))).toBe(true);
    expect(isRetrySafe(appError('pim/policy-violation', 'Ticket missing.'))).toBe(false);
    expect(isRetrySafe(null)).toBe(false);
  });

  it('words plan problems per role', () => {
    const lines = planProblems(
      {
        stepUps: [],
        unknownRequirements: [],
        problems: [{ roleId: 'ca', issues: [{ path: 'ticketNumber', message: 'A ticket is required.' }] }],
      },
      (id) => (id === 'ca' ? 'Conditional Access Administrator' : id),
    );
    expect(lines).toEqual(['Conditional Access Administrator: A ticket is required.']);
  });
});
