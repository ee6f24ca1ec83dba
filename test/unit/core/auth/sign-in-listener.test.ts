/**
 * The sign-in listener against what any local process can send to a loopback port: it reads a bounded head and body,
 * answers only a form POST to its path, ignores answers for another `state`, takes one valid answer and closes.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LISTENER_LIMITS,
  ListenerClosedError,
  parseAuthorizationResponse,
  startSignInListener,
  type SignInListener,
} from '../../../../src/core/auth/sign-in-listener';
import { accepts, floodPost } from '../../../support/loopback-probes';

const STATE = 'state-of-this-sign-in';
const pages = { success: '<!doctype html><p>ok</p>', error: '<!doctype html><p>error</p>' };
let listener: SignInListener | null = null;
afterEach(() => {
  listener?.close();
  listener = null;
});

const portOf = (l: SignInListener): number => Number(new URL(l.redirectUri).port);
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

type Sent = { status: number; text: string } | { error: string };

/** One request on a fresh connection; a connection the listener drops shows as its error code. */
function send(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Sent> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/',
        headers: options.headers ?? FORM,
        agent: false,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text });
        });
        res.on('error', (error: NodeJS.ErrnoException) => {
          resolve({ error: error.code ?? 'error' });
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ error: error.code ?? 'error' });
    });
    req.end(options.body);
  });
}

const status = (sent: Sent): number | string => ('status' in sent ? sent.status : sent.error);

describe('parseAuthorizationResponse', () => {
  it('takes a code or an error for exactly this state, once each', () => {
    expect(parseAuthorizationResponse(`code=c&state=${STATE}&client_info=ci`, STATE)).toEqual({
      kind: 'code',
      code: 'c',
      clientInfo: 'ci',
    });
    expect(parseAuthorizationResponse(`error=access_denied&error_description=d&state=${STATE}`, STATE)).toEqual({
      kind: 'error',
      error: 'access_denied',
      description: 'd',
      subError: '',
    });
    for (const body of [
      'code=c&state=other',
      'code=c',
      `code=c&state=${STATE}&state=${STATE}`,
      `code=c&code=d&state=${STATE}`,
      `code=c&error=x&state=${STATE}`,
      `state=${STATE}`,
      `code=&state=${STATE}`,
      `error=access_denied&state=${STATE}x`,
    ]) {
      expect(parseAuthorizationResponse(body, STATE), body).toBeNull();
    }
  });
});

describe('the sign-in listener', () => {
  it('listens on 127.0.0.1 with a localhost redirect URI, takes one valid answer, then closes', async () => {
    listener = await startSignInListener(STATE, pages);
    expect(listener.redirectUri).toMatch(/^http:\/\/localhost:\d+$/);
    const port = portOf(listener);
    const sent = await send(port, { body: `code=the-code&state=${STATE}&client_info=ci` });
    expect(sent).toEqual({ status: 200, text: pages.success });
    await expect(listener.response).resolves.toEqual({ kind: 'code', code: 'the-code', clientInfo: 'ci' });
    await expect.poll(() => accepts(port)).toBe(false);
  });

  it('passes an OAuth error for this state on, with the error page', async () => {
    listener = await startSignInListener(STATE, pages);
    const sent = await send(portOf(listener), { body: `error=access_denied&error_description=no&state=${STATE}` });
    expect(sent).toEqual({ status: 200, text: pages.error });
    await expect(listener.response).resolves.toMatchObject({ kind: 'error', error: 'access_denied', description: 'no' });
  });

  it('ignores what is not this sign-in’s answer, and still takes the right one afterwards', async () => {
    listener = await startSignInListener(STATE, pages);
    const port = portOf(listener);
    let settled = false;
    void listener.response.then(() => (settled = true));
    const refused: [string, Parameters<typeof send>[1], number | string][] = [
      ['a foreign state', { body: 'error=access_denied&state=read-from-another-command-line' }, 400],
      ['no state', { body: 'error=access_denied' }, 400],
      ['this state twice', { body: `error=access_denied&state=${STATE}&state=${STATE}` }, 400],
      ['neither code nor error', { body: `state=${STATE}` }, 400],
      ['another path', { path: '/other', body: `code=c&state=${STATE}` }, 404],
      ['a query on the path is not an answer', { method: 'GET', path: `/?code=c&state=${STATE}` }, 405],
      ['GET', { method: 'GET' }, 405],
      ['JSON', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'c', state: STATE }) }, 415],
      [
        'headers over the bound',
        { headers: { ...FORM, 'x-fill': 'a'.repeat(LISTENER_LIMITS.headBytes) }, body: `code=c&state=${STATE}` },
        431,
      ],
      [
        'a declared body over the bound',
        { headers: { ...FORM, 'content-length': String(LISTENER_LIMITS.bodyBytes + 1) }, body: 'a'.repeat(LISTENER_LIMITS.bodyBytes + 1) },
        413,
      ],
    ];
    for (const [name, options, expected] of refused) {
      expect(status(await send(port, options)), name).toBe(expected);
    }
    expect(settled).toBe(false);
    expect(await accepts(port)).toBe(true);
    expect(await send(port, { body: `code=c&state=${STATE}` })).toEqual({ status: 200, text: pages.success });
    await expect(listener.response).resolves.toMatchObject({ kind: 'code', code: 'c' });
  });

  it('answers 413 and drops the connection on a body over the bound, declared or chunked, without reading it', async () => {
    listener = await startSignInListener(STATE, pages);
    const port = portOf(listener);
    const total = 64 * 1_048_576;
    for (const chunked of [false, true]) {
      const ended = await floodPost(port, total, chunked);
      expect(ended.status === 413 || ended.status === null, String(ended.status)).toBe(true);
      // The connection went long before the whole body could have been sent.
      expect(ended.sent).toBeLessThan(total);
    }
    expect(await accepts(port)).toBe(true);
  });

  it('close() ends the wait at once and frees the port', async () => {
    listener = await startSignInListener(STATE, pages);
    const port = portOf(listener);
    listener.close();
    await expect(listener.response).rejects.toBeInstanceOf(ListenerClosedError);
    await expect.poll(() => accepts(port)).toBe(false);
    listener.close();
  });
});
