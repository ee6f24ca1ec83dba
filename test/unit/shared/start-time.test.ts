/**
 * The one start-time rule (CLI --start, the desktop form, the IPC schema): what may be typed, local time unless an
 * offset is given, and the bounds, judged against an injected now.
 */
import { describe, expect, it } from 'vitest';
import { parseStartTime, startTimeProblem } from '../../../src/shared/rules/start-time';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const iso = (text: string) => {
  const parsed = parseStartTime(text, NOW);
  return parsed.ok ? parsed.iso : parsed.problem;
};

describe('the start-time rule', () => {
  it.each([
    ['+2h', '2026-12-07T12:00:00.000Z'],
    ['+90m', '2026-12-07T11:30:00.000Z'],
    ['+1h30m', '2026-12-07T11:30:00.000Z'],
    ['+1d', '2026-12-08T10:00:00.000Z'],
    ['2026-12-24T08:00Z', '2026-12-24T08:00:00.000Z'],
    ['2026-12-24T08:00:30+01:00', '2026-12-24T07:00:30.000Z'],
    ['2026-12-24T08:00-05:30', '2026-12-24T13:30:00.000Z'],
  ])('reads %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('reads a date and time without an offset as local time', () => {
    const local = new Date(2026, 11, 24, 8, 0, 0).toISOString();
    expect(iso('2026-12-24T08:00')).toBe(local);
    expect(iso('2026-12-24 08:00')).toBe(local);
  });

  it.each(['tomorrow', '+', '+2x', '2026-02-30T08:00', '2026-12-24T25:00', '24/12/2026 08:00', '2026-12-24T08:00+15:00'])(
    'refuses %s, naming the forms it takes',
    (text) => {
      expect(iso(text)).toMatch(/^The start must be a date and time such as 2026-12-24T08:00 .* \+2h/);
    },
  );

  it('refuses a start in the past and one more than 30 days ahead', () => {
    expect(iso('2026-12-07T09:00Z')).toBe('The start time has passed; choose a later time, or leave it out to start now.');
    expect(iso('+31d')).toBe('The start can be at most 30 days ahead.');
    expect(startTimeProblem(NOW - 30_000, NOW)).toBeNull();
  });
});
