/**
 * The engine's handlers behind the real (Electron-free) IPC router: every channel is served,
 * results are data, and nothing secret crosses.
 */
import { describe, expect, it } from 'vitest';
import { createIpcRouter } from '../../../src/main/ipc/ipc-router';
import { INVOKE_CHANNELS } from '../../../src/shared/ipc/schemas';
import type { Fixture } from './engine-fixture';
import { ADELE, ROLE, roleKey, startFixture, closeFixturesAfterEachTest } from './engine-fixture';

let fixture: Fixture | null = null;
closeFixturesAfterEachTest();

const sender = { frameUrl: 'app://pim-stepup/index.html', isMainFrame: true };

describe('engine handlers through the IPC router', () => {
  it('serves every channel and returns errors as data', async () => {
    fixture = await startFixture({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    expect(Object.keys(fixture.handlers).sort()).toEqual([...INVOKE_CHANNELS].sort());
    const router = createIpcRouter(fixture.handlers, { trustedOrigins: ['app://pim-stepup'] });

    const info = await router.dispatch('app:get-info', sender, []);
    expect(info).toMatchObject({
      ok: true,
      value: { tenant: { kind: 'simulated', tenantId: fixture.tenant.tenantId }, signInSurface: 'system-browser' },
    });

    // Listing never opens a browser on its own: not signed in is an error the UI can act on.
    const early = await router.dispatch('roles:list', sender, []);
    expect(early).toMatchObject({ ok: false, error: { code: 'auth/not-signed-in' } });
    expect(fixture.opened).toHaveLength(0);

    const session = await router.dispatch('auth:sign-in', sender, []);
    expect(session).toMatchObject({ ok: true, value: { username: ADELE } });
    const listed = await router.dispatch('roles:list', sender, []);
    expect(listed.ok).toBe(true);

    const report = await router.dispatch('activation:activate', sender, [
      { roleIds: [roleKey(ROLE.reportsReader)], duration: 'PT1H', justification: 'ipc' },
    ]);
    expect(report).toMatchObject({ ok: true, value: { outcomes: [{ status: 'active' }] } });
    const deactivate = await router.dispatch('activation:deactivate', sender, [{ roleId: roleKey(ROLE.reportsReader) }]);
    expect(deactivate).toMatchObject({ ok: true, value: { status: 'failed', error: { code: 'pim/active-duration-too-short' } } });

    const everything = JSON.stringify([info, listed, session, report, fixture.events]);
    expect(everything).not.toMatch(/eyJ[\w-]+\.eyJ|access_?token|refresh_?token/i);

    expect(await router.dispatch('auth:sign-out', sender, [])).toEqual({ ok: true, value: null });
    expect(await router.dispatch('auth:get-session', sender, [])).toEqual({ ok: true, value: null });
    expect(fixture.events.at(-1)).toEqual({ channel: 'session:changed', payload: null });
  });
});
