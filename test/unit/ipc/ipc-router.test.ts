import { describe, expect, it, vi } from 'vitest';
import { createIpcRouter, isTrustedSender, type IpcHandlers, type IpcSender } from '../../../src/main/ipc/ipc-router';
import type { InvokeChannel } from '../../../src/shared/ipc/contract';
import { INVOKE_CHANNELS } from '../../../src/shared/ipc/schemas';
import { ok } from '../../../src/shared/result';

const APP = 'app://pim-stepup';
const legit: IpcSender = { frameUrl: 'app://pim-stepup/index.html', isMainFrame: true };

/** Handlers that record which channel ran, so a test can prove a refused call had no effect. */
function recordingHandlers() {
  const calls: { channel: InvokeChannel; args: unknown[] }[] = [];
  const handler =
    (channel: InvokeChannel) =>
    (...args: unknown[]) => {
      calls.push({ channel, args });
      return Promise.resolve(ok(null));
    };
  const handlers = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, handler(c)])) as unknown as IpcHandlers;
  return { handlers, calls };
}

const validRequest = { roleIds: ['role:62e90394:/'], duration: 'PT2H', justification: 'Incident 42' };

describe('isTrustedSender', () => {
  it.each<[string, IpcSender, boolean]>([
    ['the app main frame', legit, true],
    ['a frame that has gone (null)', { frameUrl: null, isMainFrame: true }, false],
    ['a subframe of the app', { frameUrl: 'app://pim-stepup/index.html', isMainFrame: false }, false],
    ['a foreign https origin', { frameUrl: 'https://evil.example/', isMainFrame: true }, false],
    ['a look-alike host', { frameUrl: 'app://pim-stepup.evil/index.html', isMainFrame: true }, false],
    ['a file URL', { frameUrl: 'file:///C:/app/index.html', isMainFrame: true }, false],
    ['garbage', { frameUrl: 'not a url', isMainFrame: true }, false],
  ])('%s', (_name, sender, expected) => {
    expect(isTrustedSender(sender, [APP])).toBe(expected);
  });

  it('compares http origins exactly, port included', () => {
    expect(isTrustedSender({ frameUrl: 'http://127.0.0.1:5000/x', isMainFrame: true }, ['http://127.0.0.1:5000'])).toBe(true);
    expect(isTrustedSender({ frameUrl: 'http://127.0.0.1:5001/x', isMainFrame: true }, ['http://127.0.0.1:5000'])).toBe(false);
  });
});

describe('createIpcRouter', () => {
  it('runs the handler for a trusted sender with valid arguments', async () => {
    const { handlers, calls } = recordingHandlers();
    const router = createIpcRouter(handlers, { trustedOrigins: [APP] });
    const result = await router.dispatch('activation:plan', legit, [validRequest]);
    expect(result).toEqual({ ok: true, value: null });
    expect(calls).toEqual([{ channel: 'activation:plan', args: [validRequest] }]);
  });

  it('refuses an untrusted sender before parsing, with no side effect', async () => {
    const { handlers, calls } = recordingHandlers();
    const router = createIpcRouter(handlers, { trustedOrigins: [APP] });
    const result = await router.dispatch('auth:sign-out', { frameUrl: 'https://evil.example/', isMainFrame: true }, []);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('ipc/untrusted-sender');
    expect(calls).toHaveLength(0);
  });

  it('refuses unknown channels', async () => {
    const { handlers, calls } = recordingHandlers();
    const router = createIpcRouter(handlers, { trustedOrigins: [APP] });
    const result = await router.dispatch('shell:open', legit, ['https://x']);
    expect(!result.ok && result.error.code).toBe('ipc/invalid-args');
    expect(calls).toHaveLength(0);
  });

  it.each<[string, unknown[]]>([
    ['no arguments', []],
    ['extra arguments', [validRequest, 'extra']],
    ['an unknown key', [{ ...validRequest, isValidationOnly: true }]],
    ['no roles', [{ ...validRequest, roleIds: [] }]],
    ['a bad duration', [{ ...validRequest, duration: '2 hours' }]],
    ['a control character', [{ ...validRequest, justification: 'ok\u0007' }]],
    ['an over-long justification', [{ ...validRequest, justification: 'x'.repeat(501) }]],
    ['a number for a string', [{ ...validRequest, justification: 42 }]],
  ])('refuses %s with field issues and no side effect', async (_name, args) => {
    const { handlers, calls } = recordingHandlers();
    const router = createIpcRouter(handlers, { trustedOrigins: [APP] });
    const result = await router.dispatch('activation:activate', legit, args);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('ipc/invalid-args');
      expect(result.error.issues?.length).toBeGreaterThan(0);
    }
    expect(calls).toHaveLength(0);
  });

  it('turns a throwing handler into an unexpected error without leaking its message', async () => {
    const { handlers } = recordingHandlers();
    const onUnexpected = vi.fn();
    const router = createIpcRouter(
      { ...handlers, 'roles:list': () => Promise.reject(new Error('secret eyJhbGciOi.eyJzdWIi.sig')) },
      { trustedOrigins: [APP], onUnexpected },
    );
    const result = await router.dispatch('roles:list', legit, []);
    expect(!result.ok && result.error.code).toBe('unexpected');
    expect(JSON.stringify(result)).not.toContain('eyJ');
    expect(onUnexpected).toHaveBeenCalledWith('roles:list', expect.any(Error));
  });

  it('covers every channel of the contract with a schema', () => {
    const router = createIpcRouter(recordingHandlers().handlers, { trustedOrigins: [APP] });
    expect([...router.channels].sort()).toEqual(
      [
        'activation:activate',
        'activation:cancel-request',
        'activation:deactivate',
        'activation:list-pending',
        'activation:plan',
        'activation:request-extension',
        'app:get-info',
        'auth:cancel-sign-in',
        'auth:get-session',
        'auth:sign-in',
        'auth:sign-out',
        'roles:list',
        'roles:states',
        'deep-link:take',
        'diagnostics:copy',
        'diagnostics:save-bundle',
        'history:list',
        'history:clear',
        'history:request-updates',
        'tray:set-favourites',
        'setup:connect-tenant',
        'setup:use-demo',
      ].sort(),
    );
  });
});
