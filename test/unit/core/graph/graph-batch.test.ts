/**
 * `$batch` answers are checked at the edge: well-formed items come through, malformed ones (or
 * a malformed envelope) are left out and logged, so the catalog treats them as unreadable
 * instead of carrying a wrong shape on. The real Graph SDK runs; only the network is a stub.
 */
import { describe, expect, it } from 'vitest';
import { createGraphApi } from '../../../../src/core/graph/graph-api';
import type { LogRecord } from '../../../../src/core/logging/logger';
import { createLogger } from '../../../../src/core/logging/logger';

const TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJvaWQiOiJ4In0.c2lnbmF0dXJl';

function batchApi(answer: unknown) {
  const logs: LogRecord[] = [];
  const graph = createGraphApi({
    graphEndpoint: 'https://graph.microsoft.com',
    fetch: () => Promise.resolve(new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })),
    logger: createLogger({ level: 'debug', sink: (r) => logs.push(r) }),
    maxReadRetries: 0,
  });
  return { graph, logs };
}

const requests = [
  { id: '1', url: '/policies/a' },
  { id: '2', url: '/policies/b' },
];

describe('$batch answers', () => {
  it('passes well-formed items with lower-cased headers', async () => {
    const { graph } = batchApi({
      responses: [
        { id: '1', status: 200, body: { value: [] }, headers: { 'Content-Type': 'application/json' } },
        { id: '2', status: 403, body: { error: { code: 'Forbidden' } } },
      ],
    });
    const results = await graph.batchGet(requests, TOKEN);
    expect(results.get('1')).toEqual({ id: '1', status: 200, body: { value: [] }, headers: { 'content-type': 'application/json' } });
    expect(results.get('2')?.status).toBe(403);
  });

  it('leaves out items of the wrong shape and says how many', async () => {
    const { graph, logs } = batchApi({ responses: [{ id: 1, status: '200' }, { id: '2', status: 200, body: { value: [] } }, null] });
    const results = await graph.batchGet(requests, TOKEN);
    expect([...results.keys()]).toEqual(['2']);
    expect(logs.find((r) => r.message.includes('left out'))?.fields).toMatchObject({ dropped: 2 });
  });

  it('treats a malformed envelope as no answers, never as a crash', async () => {
    const { graph, logs } = batchApi({ responses: 'nope' });
    expect((await graph.batchGet(requests, TOKEN)).size).toBe(0);
    expect(logs.some((r) => r.level === 'warn' && r.message.includes('unexpected shape'))).toBe(true);
  });
});
