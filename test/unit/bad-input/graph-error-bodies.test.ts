/**
 * Hostile Graph answers through the real Graph SDK client (`createGraphApi` with a fetch that
 * returns crafted responses) and the engine's GraphError → AppError mapping: missing fields,
 * HTML bodies, wrong types, truncated JSON, garbage headers. The client must fail only with
 * GraphCallError, and the AppError must be from the closed set with a precise, bounded,
 * human message (no HTML, no "[object Object]", no stack), retryable only when it makes sense.
 */
import { describe, expect, it } from 'vitest';
import type { GraphApi } from '../../../src/core/graph/graph-api';
import { createGraphApi, GraphCallError } from '../../../src/core/graph/graph-api';
import { appErrorFromGraph, graphFailureFrom } from '../../../src/core/graph/graph-failure';
import { silentLogger } from '../../../src/core/logging/logger';
import type { FetchLike } from '../../../src/core/net/fetch-like';
import type { AppError } from '../../../src/shared/errors';
import { ERROR_CODES } from '../../../src/shared/errors';
import { announceSeed, createRng, HOSTILE_STRINGS, jsonText, randomString, randomValue, runSeed } from './support/random';

const seed = runSeed();
announceSeed('graph-error-bodies', seed);

type Canned = { status: number; body: string; headers?: Record<string, string> };

function graphAnswering(canned: Canned): { graph: GraphApi; sent: () => number } {
  let sent = 0;
  const fetch: FetchLike = () => {
    sent += 1;
    return Promise.resolve(
      new Response(canned.status === 204 ? null : canned.body, { status: canned.status, headers: canned.headers ?? {} }),
    );
  };
  return {
    graph: createGraphApi({
      graphEndpoint: 'https://graph.microsoft.com',
      fetch,
      logger: silentLogger,
      maxReadRetries: 1,
      baseRetryDelayMs: 1,
      maxRetryDelayMs: 5,
    }),
    sent: () => sent,
  };
}

/** Sends the activation POST (never retried) and maps what it throws. */
async function activationError(canned: Canned): Promise<{ error: AppError; sent: number }> {
  const { graph, sent } = graphAnswering(canned);
  let caught: unknown;
  try {
    await graph.post('/roleManagement/directory/roleAssignmentScheduleRequests', { action: 'selfActivate' }, 'token', {
      clientRequestId: 'c-1',
    });
  } catch (cause) {
    caught = cause;
  }
  expect(caught, `no error for ${JSON.stringify(canned).slice(0, 200)}`).toBeInstanceOf(GraphCallError);
  const failure = (caught as GraphCallError).failure;
  expect(typeof failure.status).toBe('number');
  expect(typeof failure.code).toBe('string');
  expect(typeof failure.message).toBe('string');
  let error: AppError | undefined;
  expect(() => {
    error = appErrorFromGraph(failure, 'The activation');
  }).not.toThrow();
  if (error === undefined) {
    throw new Error('unreachable');
  }
  checkAppError(error);
  return { error, sent: sent() };
}

function checkAppError(error: AppError): void {
  expect(ERROR_CODES).toContain(error.code);
  expect(error.message.length).toBeGreaterThan(20);
  expect(error.message.length).toBeLessThan(700);
  expect(error.message).not.toMatch(/<\/?(html|body|h1|script|center)\b|\[object Object\]|\bat \S+ \(|\bNaN\b/i);
  if (error.retryAfterSeconds !== undefined) {
    expect(Number.isFinite(error.retryAfterSeconds)).toBe(true);
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(0);
  }
}

const json = (value: unknown, status: number, headers: Record<string, string> = {}): Canned => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', ...headers },
});

describe('error bodies on the activation POST', () => {
  const cases: readonly { name: string; canned: Canned; code: AppError['code'] }[] = [
    { name: 'an empty JSON object', canned: json({}, 400), code: 'unexpected' },
    { name: 'error: null', canned: json({ error: null }, 400), code: 'unexpected' },
    { name: 'error as a string', canned: json({ error: 'bad' }, 400), code: 'unexpected' },
    {
      name: 'code and message of wrong types',
      canned: json({ error: { code: 42, message: { text: 'x' } } }, 400),
      code: 'unexpected',
    },
    {
      name: 'innerError with garbage date and numeric request-id',
      canned: json({ error: { code: 'BadRequest', message: 'x', innerError: { date: 'yesterday', 'request-id': 5 } } }, 400),
      code: 'unexpected',
    },
    { name: 'a JSON array', canned: json([1, 2, 3], 400), code: 'unexpected' },
    { name: 'JSON null', canned: { status: 400, body: 'null', headers: { 'content-type': 'application/json' } }, code: 'unexpected' },
    { name: 'an empty body', canned: { status: 400, body: '' }, code: 'unexpected' },
    {
      name: 'truncated JSON',
      canned: { status: 400, body: '{"error":{"code":"RoleAssignmentExists","mess', headers: { 'content-type': 'application/json' } },
      code: 'graph/bad-response',
    },
    {
      name: 'an HTML 502 page from a proxy',
      canned: {
        status: 502,
        body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
        headers: { 'content-type': 'text/html' },
      },
      code: 'graph/server',
    },
    {
      name: 'an HTML 403 page from a TLS-inspecting proxy',
      canned: {
        status: 403,
        body: '<html><body><h1>Access denied by policy</h1><script>x()</script></body></html>',
        headers: { 'content-type': 'text/html' },
      },
      code: 'graph/forbidden',
    },
    {
      name: 'an HTML 401',
      canned: { status: 401, body: '<html>login</html>', headers: { 'content-type': 'text/html' } },
      code: 'graph/unauthorized',
    },
    {
      name: 'a policy failure with an unterminated rule list',
      canned: json(
        { error: { code: 'RoleAssignmentRequestPolicyValidationFailed', message: 'The following policy rules failed: ["ExpirationRule"' } },
        400,
      ),
      code: 'pim/policy-violation',
    },
    {
      name: 'a policy failure with non-string rules',
      canned: json(
        {
          error: { code: 'RoleAssignmentRequestPolicyValidationFailed', message: 'The following policy rules failed: [1, null, {"a":1}]' },
        },
        400,
      ),
      code: 'pim/policy-violation',
    },
    {
      name: 'a policy failure with 10 000 rules',
      canned: json(
        {
          error: {
            code: 'RoleAssignmentRequestPolicyValidationFailed',
            message: `The following policy rules failed: [${Array.from({ length: 10_000 }, (_, n) => `"Rule${String(n)}"`).join(',')}]`,
          },
        },
        400,
      ),
      code: 'pim/policy-violation',
    },
    {
      name: 'a 5 MB error message',
      canned: json({ error: { code: 'BadRequest', message: 'm'.repeat(5 * 1024 * 1024) } }, 400),
      code: 'unexpected',
    },
    {
      name: 'a 5 MB error code',
      canned: json({ error: { code: 'C'.repeat(5 * 1024 * 1024), message: 'x' } }, 400),
      code: 'unexpected',
    },
    {
      name: 'a code full of markup',
      canned: json({ error: { code: '<script>alert(1)</script>', message: 'x' } }, 400),
      code: 'unexpected',
    },
    {
      name: 'UnknownError wrapping garbage',
      canned: json({ error: { code: 'UnknownError', message: '{"errorCode":{"nested":true}}' } }, 400),
      code: 'unexpected',
    },
    {
      name: 'a 429 with Retry-After "soon"',
      canned: json({ error: { code: 'TooManyRequests', message: 'slow down' } }, 429, { 'retry-after': 'soon' }),
      code: 'graph/throttled',
    },
    {
      name: 'a 429 with a negative Retry-After',
      canned: json({ error: { code: 'TooManyRequests', message: 'x' } }, 429, { 'retry-after': '-5' }),
      code: 'graph/throttled',
    },
    {
      name: 'a 429 with a 40-digit Retry-After',
      canned: json({ error: { code: 'TooManyRequests', message: 'x' } }, 429, { 'retry-after': '9'.repeat(40) }),
      code: 'graph/throttled',
    },
    {
      name: 'a 429 with a past HTTP-date Retry-After',
      canned: json({ error: { code: 'TooManyRequests', message: 'x' } }, 429, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }),
      code: 'graph/throttled',
    },
    { name: 'a 503 with no body', canned: { status: 503, body: '' }, code: 'graph/server' },
    { name: "an I'm-a-teapot 418", canned: { status: 418, body: 'teapot' }, code: 'unexpected' },
  ];
  for (const c of cases) {
    it(`maps ${c.name} to ${c.code}, sent once`, async () => {
      const { error, sent } = await activationError(c.canned);
      expect(sent).toBe(1);
      expect(error.code).toBe(c.code);
    });
  }
});

describe('successful-looking answers that are not', () => {
  it('a 200 GET whose body is HTML or truncated JSON is an AppError, not a crash', async () => {
    for (const body of ['<html><body>Sign in to the proxy</body></html>', '{"value":[{"id":"1"', '']) {
      const { graph } = graphAnswering({ status: 200, body, headers: { 'content-type': 'application/json' } });
      let caught: unknown = null;
      try {
        await graph.getAll('/roleManagement/directory/roleEligibilityScheduleInstances', 'token');
      } catch (cause) {
        caught = cause;
      }
      if (caught !== null) {
        expect(caught).toBeInstanceOf(GraphCallError);
        checkAppError(appErrorFromGraph((caught as GraphCallError).failure));
      }
    }
  });

  it('a 200 with unreadable JSON is reported as graph/bad-response, not as a network failure', async () => {
    const { graph } = graphAnswering({ status: 200, body: '{"value":[{"id":"1"', headers: { 'content-type': 'application/json' } });
    const caught = await graph.get('/me', 'token').then(
      () => null,
      (cause: unknown) => cause,
    );
    expect(caught).toBeInstanceOf(GraphCallError);
    expect(appErrorFromGraph((caught as GraphCallError).failure).code).toBe('graph/bad-response');
  });
});

describe('random bodies and failures', () => {
  it(`random statuses, headers and bodies (seed ${String(seed)}) always map to a closed-set AppError`, async () => {
    const rng = createRng(seed);
    for (let i = 0; i < 250; i += 1) {
      const status = rng.pick([400, 401, 403, 404, 409, 429, 500, 502, 503, 504, 418]);
      const body = rng.chance(0.5)
        ? JSON.stringify({
            error: {
              code: rng.chance(0.5)
                ? randomString(rng, 24)
                : rng.pick(['RoleAssignmentExists', 'UnknownError', 'RoleAssignmentRequestPolicyValidationFailed']),
              message: rng.chance(0.5) ? randomString(rng, 80) : randomValue(rng),
              innerError: randomValue(rng),
            },
          })
        : rng.chance(0.5)
          ? jsonText(randomValue(rng))
          : rng.pick(HOSTILE_STRINGS).slice(0, 2000);
      const headers: Record<string, string> = {};
      if (rng.chance(0.5)) {
        headers['retry-after'] = rng.pick(['1', '0', '-1', 'x', '1e9', 'Mon, 01 Jan 3000 00:00:00 GMT']);
      }
      if (rng.chance(0.5)) {
        headers['content-type'] = rng.pick(['application/json', 'text/html', 'text/plain', 'application/octet-stream']);
      }
      await activationError({ status, body, headers });
    }
  }, 60_000);

  it('values thrown without any response map to graph/network', () => {
    for (const thrown of [new TypeError('fetch failed'), new Error(''), 'string', null, undefined, 42]) {
      let error: AppError | undefined;
      expect(() => {
        error = appErrorFromGraph(graphFailureFrom(thrown));
      }).not.toThrow();
      if (error !== undefined) {
        checkAppError(error);
        expect(error.code).toBe('graph/network');
      }
    }
  });

  for (const [name, thrown] of [
    ['a plain object', { status: 'x' }],
    ['a prototype-free object', Object.create(null) as unknown],
  ] as const) {
    it(`${name} thrown by fetch maps to graph/network with a readable message`, () => {
      const error = appErrorFromGraph(graphFailureFrom(thrown));
      checkAppError(error);
      expect(error.code).toBe('graph/network');
    });
  }
});
