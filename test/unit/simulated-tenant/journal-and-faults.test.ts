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
  it('matches by substring or /regex/, method and surface, and counts uses', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'throttle', path: '/me', times: 2 });
    faults.add({ kind: 'unavailable', path: '/roleAssignmentScheduleRequests$/', method: 'POST', surface: 'graph' });
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
    }).toThrow(/Unknown fault kind "explode"/);
  });
});
