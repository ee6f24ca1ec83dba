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
import type { ListQuery } from '../../../src/renderer/wizard/selectors';
import type { KindFilter, RoleFilter } from '../../../src/renderer/wizard/wizard-state';
import type { ActiveAssignment, EligibleRole } from '../../../src/shared/domain/roles';
import { CA, CATALOG, eligible, GA, HD, TIER0, UNKNOWN } from './fixtures';

const ACTIVE_CA: ActiveAssignment = {
  id: 'ca',
  target: CA.target,
  displayName: CA.displayName,
  startDateTime: '2026-11-25T13:00:00Z',
  endDateTime: '2026-11-25T17:00:00Z',
  assignmentType: 'Activated',
};

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

  const FORM = { durationMinutes: 60, durations: {}, startAt: '', justification: 'Incident 42', ticketNumber: '', ticketSystem: '' };

  it('never sends more than the cap and omits empty ticket fields', () => {
    const req = buildRequest([GA], { ...FORM, durationMinutes: 600, justification: '  Incident 42 ', ticketNumber: ' ' });
    expect(req).toEqual({ roleIds: ['ga'], duration: 'PT4H', justification: 'Incident 42' });
  });

  it('caps each role by its own policy, not by the strictest one, and sends per-role durations only where they differ', () => {
    // "Apply to all" 8 h: Global Administrator stops at its 4 h, Conditional Access Administrator keeps 8 h.
    expect(buildRequest([GA, CA], { ...FORM, durationMinutes: 480 })).toEqual({
      roleIds: ['ga', 'ca'],
      duration: 'PT4H',
      durations: { ca: 'PT8H' },
      justification: 'Incident 42',
    });
    // A per-role choice overrides "apply to all" for that role only.
    expect(buildRequest([GA, CA, HD], { ...FORM, durationMinutes: 60, durations: { ca: 180 } })).toMatchObject({
      duration: 'PT1H',
      durations: { ca: 'PT3H' },
    });
    expect(buildRequest([GA, HD], { ...FORM, durationMinutes: 60 })).not.toHaveProperty('durations');
  });

  it('sends a scheduled start as an instant, and refuses one in the past or too far ahead', () => {
    const now = Date.parse('2026-11-25T14:00:00Z');
    const local = new Date(now + 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const startAt = `${String(local.getFullYear())}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`;
    expect(buildRequest([HD], { ...FORM, startAt }).startDateTime).toBe('2026-11-25T15:00:00.000Z');
    const needs = { justification: false, ticket: false };
    expect(validateForm({ ...FORM, startAt }, needs, now)).toEqual({});
    expect(validateForm({ ...FORM, startAt }, needs, now + 2 * 3_600_000).startAt).toMatch(/has passed/);
    expect(validateForm({ ...FORM, startAt }, needs, now - 31 * 86_400_000).startAt).toMatch(/30 days/);
  });

  it('asks for a reason and a ticket only when a selected policy requires them', () => {
    expect(formRequirements([HD])).toEqual({ justification: true, ticket: false });
    expect(formRequirements([UNKNOWN])).toEqual({ justification: false, ticket: false });
    const needs = formRequirements([GA, CA]);
    // A reason is any non-blank text, as PIM asks (and as the engine and the CLI judge it: one rule).
    expect(validateForm({ ...FORM, justification: 'ok' }, needs)).toEqual({
      ticketNumber: expect.stringContaining('ticket number') as unknown,
      ticketSystem: expect.stringContaining('ticket system') as unknown,
    });
    expect(validateForm({ ...FORM, justification: '  ' }, needs).justification).toMatch(/requires a reason/);
    // A system alone is half a ticket too.
    expect(validateForm({ ...FORM, ticketSystem: 'ServiceNow' }, formRequirements([UNKNOWN]))).toEqual({
      ticketNumber: expect.stringContaining('without a ticket number') as unknown,
    });
    // The ticket system is required with the number (PIM records both), and said once, beside its field.
    expect(validateForm({ ...FORM, ticketNumber: 'CHG1' }, needs)).toEqual({
      ticketSystem: expect.stringContaining('ServiceNow') as unknown,
    });
    expect(validateForm({ ...FORM, ticketNumber: 'CHG1', ticketSystem: 'ServiceNow' }, needs)).toEqual({});
    expect(validateForm({ ...FORM, ticketNumber: 'CHG1' }, formRequirements([HD])).ticketSystem).toBeDefined();
  });

  it('searches names, descriptions and context names, and filters by requirement', () => {
    const list = (query: string, filter: RoleFilter, more: Partial<ListQuery> = {}) =>
      filterRoles(CATALOG, { query, filter, kind: 'all', favourites: [], ...more }).map((r) => r.id);
    expect(list('tier 0', 'all')).toEqual(['ga', 'ca']);
    expect(list('', 'approval')).toEqual(['ca']);
    expect(list('', 'unknown')).toEqual(['billing']);
    expect(list('', 'step-up')).toEqual(['ga', 'ca']);
    expect(list('', 'mfa')).toEqual(['hd']);
    expect(list('', 'ticket')).toEqual(['ca']);
    expect(list('HELPDESK', 'all')).toEqual(['hd']);
    expect(list('', 'all', { kind: 'group' })).toEqual([]);
    expect(list('', 'all', { kind: 'directoryRole' })).toHaveLength(4);
  });

  it('filters Azure roles by kind, beside directory roles', () => {
    const owner: EligibleRole = {
      ...eligible('owner-prod', 'Owner', { authenticationContext: TIER0 }),
      target: {
        kind: 'azureResource',
        scope: '/subscriptions/1',
        roleDefinitionId: '/subscriptions/1/providers/Microsoft.Authorization/roleDefinitions/8e3af657',
      },
      scopeLabel: 'Subscription · Contoso Prod',
    };
    const catalog = { ...CATALOG, eligible: [...CATALOG.eligible, owner] };
    const list = (kind: KindFilter, query = '') => filterRoles(catalog, { query, filter: 'all', kind, favourites: [] }).map((r) => r.id);
    expect(list('azureResource')).toEqual(['owner-prod']);
    expect(list('directoryRole')).toEqual(['ga', 'ca', 'hd', 'billing']);
    expect(list('all')).toEqual(['ga', 'ca', 'hd', 'billing', 'owner-prod']);
    // The scope the portal shows is searchable too.
    expect(list('azureResource', 'contoso prod')).toEqual(['owner-prod']);
  });

  it('pins favourites on top and never offers an active role or one waiting for approval', () => {
    const catalog = { ...CATALOG, eligible: CATALOG.eligible.map((r) => (r.id === 'ca' ? { ...r, active: ACTIVE_CA } : r)) };
    const ids = filterRoles(catalog, { query: '', filter: 'all', kind: 'all', favourites: ['billing', 'hd'], exclude: new Set(['ga']) });
    expect(ids.map((r) => r.id)).toEqual(['hd', 'billing']);
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
