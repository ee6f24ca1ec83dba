import { describe, expect, it } from 'vitest';
import {
  FaultInjector,
  JOURNAL_LIMITS,
  Journal,
  MAX_ACTIVE_FAULTS,
  sanitizeQuery,
} from '../../../src/simulated-tenant/control/journal-and-faults';
import { WALL_CLOCK_BAR_MS } from '../../support/time-bar';

const ENTRY = {
  at: '2026-12-07T00:00:00.000Z',
  surface: 'graph',
  method: 'GET',
  path: '/v1.0/me',
  query: '',
  status: 200,
  requestId: null,
  clientRequestId: null,
  principalId: null,
  batchItemId: null,
  action: null,
  fault: null,
  durationMs: 1,
} as const;

describe('journal', () => {
  it('never keeps secret parameters', () => {
    const query = sanitizeQuery(new URLSearchParams('code=abc&state=s1&refresh_token=rt&code_verifier=v&password=p&client_id=c'));
    expect(query).toBe(
      '?code=%5Bredacted%5D&state=s1&refresh_token=%5Bredacted%5D&code_verifier=%5Bredacted%5D&password=%5Bredacted%5D&client_id=c',
    );
    expect(sanitizeQuery(new URLSearchParams(''))).toBe('');
  });
  it('numbers entries and clears', () => {
    const journal = new Journal();
    const base = ENTRY;
    journal.record(base);
    journal.record({ ...base, status: 404 });
    expect(journal.list().map((entry) => [entry.seq, entry.status])).toEqual([
      [1, 200],
      [2, 404],
    ]);
    journal.clear();
    expect(journal.list()).toEqual([]);
  });
  it('keeps the newest entries within its byte bound: 16 KB queries evict the oldest, ordinary ones stay by count', () => {
    const journal = new Journal();
    const base = { ...ENTRY, query: `?state=${'s'.repeat(16_000)}` };
    const total = Math.ceil((3 * JOURNAL_LIMITS.bytes) / 16_000);
    for (let index = 0; index < total; index += 1) {
      journal.record(base);
    }
    const kept = journal.list();
    const size = JSON.stringify(kept).length;
    expect(size).toBeLessThanOrEqual(JOURNAL_LIMITS.bytes);
    expect(size).toBeGreaterThan(JOURNAL_LIMITS.bytes / 2);
    // The newest are the ones kept, in order.
    expect(kept.at(-1)?.seq).toBe(total);
    expect(kept.map((entry) => entry.seq)).toEqual(kept.map((_, index) => total - kept.length + 1 + index));
    for (let index = 0; index < JOURNAL_LIMITS.entries + 10; index += 1) {
      journal.record(ENTRY);
    }
    expect(journal.list()).toHaveLength(JOURNAL_LIMITS.entries);
    expect(journal.list()[0]?.seq).toBe(total + 11);
  });
});

describe('fault injector', () => {
  it('matches by substring or ^/$ anchors, method and surface, and counts uses', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'throttle', path: '/me', times: 2 });
    faults.add({ kind: 'unavailable', path: '/roleAssignmentScheduleRequests$', method: 'POST', surface: 'graph' });
    expect(faults.take('graph', 'GET', '/v1.0/me')?.kind).toBe('throttle');
    expect(faults.take('authority', 'GET', '/v1.0/me')?.kind).toBe('throttle');
    expect(faults.take('graph', 'GET', '/v1.0/me')).toBeNull();
    expect(faults.take('graph', 'GET', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests')).toBeNull();
    expect(faults.take('authority', 'POST', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests')).toBeNull();
    expect(faults.take('graph', 'POST', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests')?.kind).toBe('unavailable');
    expect(faults.take('graph', 'POST', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests')).toBeNull();
  });
  it('leaves ARM out of a fault without a surface (ARM shares Graph collection names) and hits it when named', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'throttle', path: 'roleEligibilityScheduleInstances' });
    expect(faults.take('arm', 'GET', '/providers/Microsoft.Authorization/roleEligibilityScheduleInstances')).toBeNull();
    expect(faults.take('graph', 'GET', '/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/x')?.kind).toBe('throttle');
    faults.add({ kind: 'unavailable', path: 'roleEligibilityScheduleInstances', surface: 'arm' });
    expect(faults.take('arm', 'GET', '/providers/Microsoft.Authorization/roleEligibilityScheduleInstances')?.kind).toBe('unavailable');
  });
  it('keeps unlimited faults until cleared and refuses unknown kinds', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'latency', path: '/', times: null, latencyMs: 5 });
    for (let index = 0; index < 5; index += 1) {
      expect(faults.take('graph', 'GET', '/x')?.kind).toBe('latency');
    }
    faults.clear();
    expect(faults.take('graph', 'GET', '/x')).toBeNull();
    expect(() => {
      faults.add({ kind: 'explode' as never, path: '/' });
    }).toThrow(/kind: must be one of latency, throttle/);
  });
  it('refuses malformed faults with every problem named, before any request meets them', () => {
    const faults = new FaultInjector();
    const refused: readonly [unknown, RegExp][] = [
      [{ kind: 'latency', path: '/', method: 1 }, /method: /],
      [{ kind: 'latency', path: '' }, /path: must not be empty/],
      [{ kind: 'latency', path: 'x'.repeat(513) }, /path: must be at most 512/],
      [{ kind: 'latency', path: '/', latencyMs: 1e9 }, /latencyMs/],
      [{ kind: 'throttle', path: '/', times: 0 }, /times/],
      [{ kind: 'throttle', path: '/', surface: 'control' }, /surface/],
      [{ kind: 'throttle', path: '/', extra: true }, /extra|Unrecognized/],
      [null, /body/],
      ['/me', /body/],
    ];
    for (const [input, message] of refused) {
      expect(() => {
        faults.add(input);
      }).toThrow(message);
    }
    expect(faults.take('graph', 'GET', '/')).toBeNull();
  });
  it(`keeps at most ${String(MAX_ACTIVE_FAULTS)} faults active (every request is matched against them)`, () => {
    const faults = new FaultInjector();
    for (let index = 0; index < MAX_ACTIVE_FAULTS; index += 1) {
      faults.add({ kind: 'latency', path: `/never-${String(index)}`, times: null });
    }
    expect(() => {
      faults.add({ kind: 'latency', path: '/one-more' });
    }).toThrow(/At most 256 faults.*DELETE \/faults/);
    faults.clear();
    faults.add({ kind: 'latency', path: '/one-more' });
    expect(faults.take('graph', 'GET', '/one-more')?.kind).toBe('latency');
  });
  it('matches anchored paths exactly and never compiles the pattern', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'throttle', path: '^/v1.0/me$', times: null });
    faults.add({ kind: 'unavailable', path: '^/oauth2', times: null });
    faults.add({ kind: 'latency', path: '(a+)+$', times: null });
    expect(faults.take('graph', 'GET', '/v1.0/me')?.kind).toBe('throttle');
    expect(faults.take('graph', 'GET', '/v1.0/me/x')).toBeNull();
    expect(faults.take('authority', 'GET', '/oauth2/v2.0/token')?.kind).toBe('unavailable');
    expect(faults.take('authority', 'GET', '/x/oauth2')).toBeNull();
    const hostile = `/${'a'.repeat(40)}!`;
    const started = performance.now();
    expect(faults.take('graph', 'GET', hostile)).toBeNull();
    expect(faults.take('graph', 'GET', '/x(a+)+')?.kind).toBe('latency');
    // (a+)+$ against 40 a's backtracks for hours; as text it is answered in microseconds.
    expect(performance.now() - started).toBeLessThan(WALL_CLOCK_BAR_MS);
  });
});
