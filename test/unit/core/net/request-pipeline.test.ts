/**
 * The request pipeline's stages, each on its own with an injected clock and an injected sleep (no timer runs), and
 * then the Graph client (real Graph SDK) and the ARM client side by side: the same answers give the same retries,
 * waits, records and failures on both.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createArmApi } from '../../../../src/core/arm/arm-api';
import { createGraphApi, GraphCallError } from '../../../../src/core/graph/graph-api';
import { silentLogger } from '../../../../src/core/logging/logger';
import type { CallRecord } from '../../../../src/core/net/call-record';
import { recordCalls, timelineEntryOf } from '../../../../src/core/net/call-record';
import type { FetchLike } from '../../../../src/core/net/fetch-like';
import { createServerClock, readRetry } from '../../../../src/core/net/read-retry';
import type { Exchange, Send } from '../../../../src/core/net/request-pipeline';
import { composeStages, countRequests, createRequestPipeline, noteServerClock } from '../../../../src/core/net/request-pipeline';
import { retryReads } from '../../../../src/core/net/retry-stage';
import { exchangeAsData, failureFromAnswer } from '../../../../src/core/net/service-failure';

const NOW = new Date('2026-12-07T10:00:00Z');
const GET: Exchange = { method: 'GET', url: 'https://api.example/v1.0/things?$filter=secret', init: {}, read: true };
const PUT: Exchange = { method: 'PUT', url: 'https://api.example/things/1', init: { body: '{}' }, read: false };

/** Answers in turn; an Error in the list is thrown as a connection failure. */
function scripted(answers: readonly (Response | Error)[]): Send & { readonly sent: () => number } {
  let index = 0;
  const send = (): Promise<Response> => {
    const answer = answers[Math.min(index, answers.length - 1)];
    index += 1;
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer ?? new Response(null, { status: 500 }));
  };
  return Object.assign(send, { sent: () => index });
}

const answer = (status: number, headers: Record<string, string> = {}, body: string | null = null) =>
  new Response(status === 204 ? null : body, { status, headers });

function retryStage(maxReadRetries = 3) {
  const waits: number[] = [];
  const stage = retryReads({
    retry: readRetry({ maxReadRetries, baseRetryDelayMs: 100, maxRetryDelayMs: 5_000 }),
    now: () => NOW,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    log: silentLogger,
    service: 'Test API',
  });
  return { stage, waits };
}

describe('retry stage', () => {
  it('retries a read on 429, 503 and 504, honouring Retry-After in seconds and as a date', async () => {
    const { stage, waits } = retryStage();
    const send = scripted([
      answer(429, { 'retry-after': '2' }),
      answer(503, { 'retry-after': new Date(NOW.getTime() + 3_000).toUTCString() }),
      answer(504),
      answer(200),
    ]);
    const response = await stage(send)(GET);
    expect(response.status).toBe(200);
    expect(send.sent()).toBe(4);
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(2_000);
    expect(waits[0]).toBeLessThan(2_100);
    expect(waits[1]).toBeGreaterThanOrEqual(3_000);
    expect(waits[1]).toBeLessThan(3_100);
    // No Retry-After: jittered backoff, 100 ms × 2² for the third attempt, between half and all of it.
    expect(waits[2]).toBeGreaterThanOrEqual(200);
    expect(waits[2]).toBeLessThanOrEqual(400);
  });

  it('bounds the retries and the wait a service asks for', async () => {
    const { stage, waits } = retryStage(2);
    const send = scripted([answer(429, { 'retry-after': '86400' })]);
    expect((await stage(send)(GET)).status).toBe(429);
    expect(send.sent()).toBe(3);
    expect(waits).toEqual([5_000, 5_000]);
  });

  it('sends a read again when no answer came, and gives up with the cause after the last retry', async () => {
    const { stage } = retryStage(1);
    const reset = new TypeError('fetch failed: socket hang up');
    const send = scripted([reset, reset]);
    await expect(stage(send)(GET)).rejects.toBe(reset);
    expect(send.sent()).toBe(2);
    const recovered = scripted([reset, answer(200)]);
    expect((await retryStage(1).stage(recovered)(GET)).status).toBe(200);
  });

  it('never sends a write twice: not on 503, 504 or 429, not after a reset', async () => {
    for (const first of [answer(503), answer(504), answer(429, { 'retry-after': '1' }), new TypeError('fetch failed')]) {
      const { stage, waits } = retryStage();
      const send = scripted([first, answer(201)]);
      const outcome = await stage(send)(PUT).catch((cause: unknown) => cause);
      expect(send.sent()).toBe(1);
      expect(waits).toEqual([]);
      expect(outcome instanceof Response ? outcome.status : outcome).toBe(first instanceof Response ? first.status : first);
    }
  });

  it('does not retry other failures of a read (400, 401, 403, 404, 500)', async () => {
    for (const status of [400, 401, 403, 404, 500]) {
      const { stage } = retryStage();
      const send = scripted([answer(status), answer(200)]);
      expect((await stage(send)(GET)).status).toBe(status);
      expect(send.sent()).toBe(1);
    }
  });
});

describe('call record stage', () => {
  function recorded(requestIdHeader: 'request-id' | 'x-ms-request-id', observer?: (call: CallRecord) => void) {
    const calls: CallRecord[] = [];
    let ms = 1_000;
    const stage = recordCalls({
      onCall: (call) => {
        calls.push(call);
        observer?.(call);
      },
      requestIdHeader,
      elapsedMs: () => {
        ms += 25;
        return ms;
      },
      log: silentLogger,
      service: 'Test API',
    });
    return { stage, calls };
  }

  it('records method, path without the query, status, request id, service code and duration; the body stays readable', async () => {
    const { stage, calls } = recorded('x-ms-request-id');
    const body = JSON.stringify({ error: { code: 'AuthorizationFailed', message: 'no' } });
    const response = await stage(scripted([answer(403, { 'x-ms-request-id': 'rid-9', 'request-id': 'other' }, body)]))(GET);
    expect(calls).toEqual([
      { method: 'GET', path: '/v1.0/things', status: 403, requestId: 'rid-9', serviceCode: 'AuthorizationFailed', durationMs: 25 },
    ]);
    expect(await response.text()).toBe(body);
    expect(JSON.stringify(calls)).not.toContain('secret');
  });

  it('records a missing answer as status -1 and passes the cause on', async () => {
    const { stage, calls } = recorded('request-id');
    const reset = new TypeError('fetch failed');
    await expect(stage(scripted([reset]))(PUT)).rejects.toBe(reset);
    expect(calls).toEqual([{ method: 'PUT', path: '/things/1', status: -1, durationMs: 25 }]);
  });

  it('an observer that throws does not fail the call', async () => {
    const { stage } = recorded('request-id', () => {
      throw new Error('observer broke');
    });
    expect((await stage(scripted([answer(200)]))(GET)).status).toBe(200);
  });

  it('records every attempt, inside the retry stage; the count stage counts them too', async () => {
    const { stage: record, calls } = recorded('request-id');
    const counter = { count: 0 };
    const send = composeStages([retryStage(2).stage, countRequests(counter), record], scripted([answer(503), answer(503), answer(200)]));
    expect((await send(GET)).status).toBe(200);
    expect(calls.map((c) => c.status)).toEqual([503, 503, 200]);
    expect(counter.count).toBe(3);
  });

  it('one timeline entry shape for every API: outcome by status, "no answer" for -1', () => {
    expect(timelineEntryOf({ method: 'GET', path: '/x', status: 200, requestId: 'r', durationMs: 5 }, 'GET /x')).toEqual({
      step: 'GET /x',
      outcome: 'succeeded',
      httpStatus: 200,
      requestId: 'r',
      durationMs: 5,
    });
    expect(timelineEntryOf({ method: 'PUT', path: '/x', status: -1, durationMs: 5 }, 'PUT /x')).toEqual({
      step: 'PUT /x',
      outcome: 'failed',
      detail: 'no answer (connection failed or timed out)',
      durationMs: 5,
    });
    expect(timelineEntryOf({ method: 'GET', path: '/x', status: 404, serviceCode: 'NotFound', durationMs: 1 }, 'GET /x')).toMatchObject({
      outcome: 'failed',
      httpStatus: 404,
      serviceCode: 'NotFound',
    });
  });
});

describe('server clock stage', () => {
  it('keeps the skew from the newest Date header, and ignores answers without one', async () => {
    const clock = createServerClock(() => NOW);
    const stage = noteServerClock(clock);
    expect(clock.read()).toEqual({ skewSeconds: 0, serverTime: NOW });
    await stage(scripted([answer(200, { date: new Date(NOW.getTime() - 90_000).toUTCString() })]))(GET);
    expect(clock.read().skewSeconds).toBe(90);
    await stage(scripted([answer(200)]))(GET);
    expect(clock.read().skewSeconds).toBe(90);
    await stage(scripted([answer(500, { date: new Date(NOW.getTime() + 30_000).toUTCString() })]))(GET);
    expect(clock.read().skewSeconds).toBe(-30);
  });
});

describe('failures as data', () => {
  const now = () => NOW;

  it('reads the shared error envelope: unwrapped code, message, request id and date from innerError, Retry-After', () => {
    const failure = failureFromAnswer(
      429,
      new Headers({ 'retry-after': '7', 'request-id': 'hdr-id', 'www-authenticate': 'Bearer error="x"' }),
      JSON.stringify({
        error: {
          code: 'UnknownError',
          message: JSON.stringify({ errorCode: 'PendingRoleAssignmentRequest', message: 'already waiting' }),
          innerError: { 'request-id': 'inner-id', date: '2026-12-07T09:59:58' },
        },
      }),
      NOW,
    );
    expect(failure).toEqual({
      status: 429,
      code: 'PendingRoleAssignmentRequest',
      message: 'already waiting',
      requestId: 'inner-id',
      date: new Date('2026-12-07T09:59:58').toISOString(),
      retryAfterSeconds: 7,
      wwwAuthenticate: 'Bearer error="x"',
    });
  });

  it('a proxy page leaves the status alone; a body that claims JSON and is not is an unreadable answer', () => {
    expect(failureFromAnswer(502, new Headers({ 'content-type': 'text/html' }), '<html>Bad gateway</html>', NOW)).toMatchObject({
      code: 'HTTP502',
      message: '',
    });
    expect(failureFromAnswer(400, new Headers({ 'content-type': 'application/json' }), '{"error":{"co', NOW)).toMatchObject({
      code: 'InvalidJson',
    });
    expect(
      failureFromAnswer(400, new Headers({ 'x-ms-request-id': 'arm-id', date: 'Mon, 07 Dec 2026 10:00:00 GMT' }), '', NOW),
    ).toMatchObject({
      code: 'HTTP400',
      requestId: 'arm-id',
      date: 'Mon, 07 Dec 2026 10:00:00 GMT',
    });
  });

  it('exchangeAsData: an answer, a failure with its still-readable answer, or a failure without one', async () => {
    expect(await exchangeAsData(scripted([answer(200, {}, 'ok')]), GET, now)).toMatchObject({ ok: true });
    const body = JSON.stringify({ error: { code: 'RoleAssignmentExists', message: 'active' } });
    const failed = await exchangeAsData(scripted([answer(400, {}, body)]), PUT, now);
    expect(failed).toMatchObject({ ok: false, failure: { status: 400, code: 'RoleAssignmentExists', message: 'active' } });
    expect(failed.response === null ? null : await failed.response.text()).toBe(body);
    const reset = new TypeError('fetch failed: reset');
    expect(await exchangeAsData(scripted([reset]), PUT, now)).toEqual({
      ok: false,
      failure: { status: -1, code: 'TypeError', message: 'fetch failed: reset' },
      response: null,
      cause: reset,
    });
  });
});

describe('Graph and ARM through the one pipeline', () => {
  type Client = {
    readonly read: () => Promise<unknown>;
    readonly write: () => Promise<unknown>;
    readonly requestCount: () => number;
    readonly skew: () => number;
  };

  function clients(answers: () => readonly (Response | Error)[]) {
    const make = (name: 'graph' | 'arm') => {
      const send = scripted(answers());
      const fetch: FetchLike = () => send(GET);
      const waits: number[] = [];
      const calls: CallRecord[] = [];
      const common = {
        fetch,
        logger: silentLogger,
        now: () => NOW,
        maxReadRetries: 2,
        maxRetryDelayMs: 10_000,
        onCall: (call: CallRecord) => calls.push(call),
        sleep: (ms: number) => {
          waits.push(ms);
          return Promise.resolve();
        },
      };
      let client: Client;
      if (name === 'graph') {
        const graph = createGraphApi({ ...common, graphEndpoint: 'https://graph.microsoft.com' });
        client = {
          read: () => graph.get('/roleManagement/directory/roleEligibilityScheduleInstances', 't'),
          write: () => graph.post('/roleManagement/directory/roleAssignmentScheduleRequests', {}, 't'),
          requestCount: () => graph.requestCount(),
          skew: () => graph.clock().skewSeconds,
        };
      } else {
        const arm = createArmApi({ ...common, armEndpoint: 'https://management.azure.com' });
        client = {
          read: () => arm.getAll('/providers/Microsoft.Authorization/roleEligibilityScheduleInstances', 't', z.unknown()),
          write: () => arm.send('PUT', '/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/x', {}, 't'),
          requestCount: () => arm.requestCount(),
          skew: () => arm.clock().skewSeconds,
        };
      }
      return { name, client, waits, calls, sent: send.sent };
    };
    return [make('graph'), make('arm')];
  }

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    answer(
      status,
      { 'content-type': 'application/json', date: new Date(NOW.getTime() - 60_000).toUTCString(), ...headers },
      JSON.stringify(body),
    );

  it('a throttled read is retried after Retry-After on both, counted, recorded, and the server clock noted', async () => {
    for (const side of clients(() => [
      json(429, { error: { code: 'TooManyRequests', message: 'slow' } }, { 'retry-after': '4' }),
      json(200, { value: [] }),
    ])) {
      await side.client.read();
      expect(side.sent(), side.name).toBe(2);
      expect(side.client.requestCount(), side.name).toBe(2);
      expect(side.waits.length, side.name).toBe(1);
      expect(side.waits[0], side.name).toBeGreaterThanOrEqual(4_000);
      expect(side.waits[0], side.name).toBeLessThan(4_100);
      expect(
        side.calls.map((c) => [c.status, c.serviceCode]),
        side.name,
      ).toEqual([
        [429, 'TooManyRequests'],
        [200, undefined],
      ]);
      expect(side.client.skew(), side.name).toBe(60);
    }
  });

  it('a write that meets a 503 is sent once on both and fails with the same parsed failure', async () => {
    const failures: unknown[] = [];
    for (const side of clients(() => [
      json(503, { error: { code: 'ServiceUnavailable', message: 'later' } }, { 'retry-after': '1' }),
      json(201, {}),
    ])) {
      const caught = await side.client.write().catch((cause: unknown) => cause);
      expect(caught, side.name).toBeInstanceOf(GraphCallError);
      expect(side.sent(), side.name).toBe(1);
      expect(side.waits, side.name).toEqual([]);
      const { status, code, message, retryAfterSeconds } = (caught as GraphCallError).failure;
      failures.push({ status, code, message, retryAfterSeconds });
    }
    expect(failures[0]).toEqual({ status: 503, code: 'ServiceUnavailable', message: 'later', retryAfterSeconds: 1 });
    expect(failures[1]).toEqual(failures[0]);
  });

  it('a write without an answer is sent once on both and fails as "no answer" (-1)', async () => {
    for (const side of clients(() => [new TypeError('fetch failed: socket hang up'), json(201, {})])) {
      const caught = await side.client.write().catch((cause: unknown) => cause);
      expect((caught as GraphCallError).failure, side.name).toMatchObject({ status: -1, code: 'TypeError' });
      expect(side.sent(), side.name).toBe(1);
      expect(
        side.calls.map((c) => c.status),
        side.name,
      ).toEqual([-1]);
    }
  });
});

describe('createRequestPipeline', () => {
  it('puts the stages together: retries outside, each attempt counted and recorded, the clock noted', async () => {
    const send = scripted([answer(504, { date: new Date(NOW.getTime() + 5_000).toUTCString() }), answer(200)]);
    const calls: CallRecord[] = [];
    const waits: number[] = [];
    const pipeline = createRequestPipeline({
      service: 'Test API',
      fetch: (_input, init) => send({ ...GET, init: init ?? {} }),
      logger: silentLogger,
      requestIdHeader: 'request-id',
      onCall: (call) => calls.push(call),
      now: () => NOW,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      elapsedMs: () => 0,
    });
    expect((await pipeline.send(GET)).status).toBe(200);
    expect(pipeline.requestCount()).toBe(2);
    expect(calls.map((c) => c.status)).toEqual([504, 200]);
    expect(waits).toHaveLength(1);
    expect(pipeline.clock().skewSeconds).toBe(-5);
  });
});
