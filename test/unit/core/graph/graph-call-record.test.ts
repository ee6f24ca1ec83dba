/**
 * The Graph client's per-exchange observer (what the diagnostics timeline records): method,
 * path without the query, status, Graph's request id and the service's error code; never a
 * header value or the bearer token. The real Graph SDK runs; only the network is a stub.
 */
import { describe, expect, it } from 'vitest';
import type { GraphCallRecord } from '../../../../src/core/graph/graph-api';
import { createGraphApi, GraphCallError } from '../../../../src/core/graph/graph-api';
import { silentLogger } from '../../../../src/core/logging/logger';
import type { FetchLike } from '../../../../src/core/net/fetch-like';

const TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJvaWQiOiJ4In0.c2lnbmF0dXJl';

function api(answer: (url: string) => Response | Error) {
  const calls: GraphCallRecord[] = [];
  const fetch: FetchLike = (input) => {
    const result = answer(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
  };
  const graph = createGraphApi({
    graphEndpoint: 'https://graph.microsoft.com',
    fetch,
    logger: silentLogger,
    maxReadRetries: 0,
    onCall: (call) => calls.push(call),
  });
  return { graph, calls };
}

describe('Graph call records', () => {
  it('a read: method, path without the query, status and request id', async () => {
    const { graph, calls } = api(
      () =>
        new Response(JSON.stringify({ value: [] }), {
          status: 200,
          headers: { 'content-type': 'application/json', 'request-id': 'rid-1' },
        }),
    );
    await graph.get("/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq 'secret-oid'", TOKEN);
    expect(calls).toEqual([
      {
        method: 'GET',
        path: '/v1.0/roleManagement/directory/roleEligibilityScheduleInstances',
        status: 200,
        requestId: 'rid-1',
        durationMs: expect.any(Number) as unknown,
      },
    ]);
    expect(JSON.stringify(calls)).not.toContain('secret-oid');
    expect(JSON.stringify(calls)).not.toContain(TOKEN);
  });

  it('an error answer carries the service code, and the caller still gets the whole error', async () => {
    const body = { error: { code: 'RoleAssignmentRequestAcrsValidationFailed', message: 'needs c1' } };
    const { graph, calls } = api(
      () => new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json', 'request-id': 'rid-2' } }),
    );
    const failure = await graph.post('/roleManagement/directory/roleAssignmentScheduleRequests', {}, TOKEN).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GraphCallError);
    expect((failure as GraphCallError).failure.code).toBe('RoleAssignmentRequestAcrsValidationFailed');
    expect(calls.map((c) => [c.method, c.status, c.requestId, c.serviceCode])).toEqual([
      ['POST', 400, 'rid-2', 'RoleAssignmentRequestAcrsValidationFailed'],
    ]);
  });

  it('no answer at all is recorded with status -1', async () => {
    const { graph, calls } = api(() => new Error('socket hang up'));
    await expect(graph.post('/roleManagement/directory/roleAssignmentScheduleRequests', {}, TOKEN)).rejects.toBeInstanceOf(GraphCallError);
    expect(calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ['POST', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests', -1],
    ]);
  });

  it('an observer that throws does not break the call', async () => {
    const graph = createGraphApi({
      graphEndpoint: 'https://graph.microsoft.com',
      fetch: () => Promise.resolve(new Response('{"id":"x"}', { status: 200, headers: { 'content-type': 'application/json' } })),
      logger: silentLogger,
      onCall: () => {
        throw new Error('observer bug');
      },
    });
    await expect(graph.get('/me', TOKEN)).resolves.toEqual({ id: 'x' });
  });
});
