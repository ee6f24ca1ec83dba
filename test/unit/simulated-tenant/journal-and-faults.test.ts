import { describe, expect, it } from 'vitest';
import { FaultInjector, Journal, sanitizeQuery } from '../../../src/simulated-tenant/control/journal-and-faults';

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
    const base = {
      at: 'now',
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
    journal.record(base);
    journal.record({ ...base, status: 404 });
    expect(journal.list().map((entry) => [entry.seq, entry.status])).toEqual([
      [1, 200],
      [2, 404],
    ]);
    journal.clear();
    expect(journal.list()).toEqual([]);
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
    expect(performance.now() - started).toBeLessThan(50);
  });
});
