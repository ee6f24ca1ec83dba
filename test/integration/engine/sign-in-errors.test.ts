/**
 * Sign-in failures named by their cause, with the real MSAL against the simulated tenant over real HTTPS: an unknown
 * tenant (AADSTS90002 at discovery) is named and not retryable; a transient failure of the token endpoint after the person signed in (503, 429, a reset connection) is
 * retried, so the sign-in succeeds.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createAuthService } from '../../../src/core/auth/auth-service';
import type { AuthService } from '../../../src/core/auth/auth-service';
import { graphScopes } from '../../../src/core/auth/scopes';
import { silentLogger } from '../../../src/core/logging/logger';
import { createUndiciFetch } from '../../../src/core/net/undici-fetch';
import type { FaultSpec, SimulatedTenant } from '../../../src/simulated-tenant';
import { formPostOpener } from '../../support/tenant-session';
import { useTestTenant } from '../../support/test-tenant';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
let tenant: SimulatedTenant;

useTestTenant((started) => (tenant = started));
beforeEach(() => {
  tenant.control.setUnattended({ username: ADELE, methods: ['password', 'authenticatorPush'] });
});

function auth(overrides: { authority?: string; clientId?: string } = {}): AuthService {
  return createAuthService({
    clientId: overrides.clientId ?? tenant.clientId,
    authority: overrides.authority ?? tenant.authority,
    scopes: graphScopes(),
    signInTimeoutSeconds: 20,
    fetch: createUndiciFetch({ extraCaPem: [tenant.caCertPem] }),
    openBrowser: formPostOpener(tenant.caCertPem),
    onSignInState: () => undefined,
    onSessionChanged: () => undefined,
    logger: silentLogger,
    now: () => new Date(),
  });
}

describe('sign-in errors named by their cause', () => {
  it('an unknown tenant is AADSTS90002, named and not retryable', async () => {
    const wrong = new URL(tenant.authority);
    wrong.pathname = '/0f0e5a8c-1d2b-4c3d-9e8f-112233445566';
    const a = auth({ authority: wrong.toString().replace(/\/$/, '') });
    const result = await a.signIn();
    expect(!result.ok && result.error).toMatchObject({ serviceCode: 'AADSTS90002', retryable: false });
    expect(!result.ok && result.error.message).toMatch(/tenant was not found.*--tenant/);
    await a.dispose();
  });

  it.each<FaultSpec['kind']>(['unavailable', 'throttle'])(
    'a %s answer from the token endpoint after the sign-in is retried, and the sign-in succeeds',
    async (kind) => {
      const a = auth();
      tenant.control.injectFault({
        kind,
        path: '/oauth2/v2.0/token',
        method: 'POST',
        ...(kind === 'throttle' ? { retryAfterSeconds: 0 } : {}),
      });
      const result = await a.signIn();
      expect(result.ok, JSON.stringify(result)).toBe(true);
      const tokenCalls = tenant.control.journal().filter((entry) => entry.surface === 'authority' && entry.path.endsWith('/token'));
      expect(tokenCalls.map((entry) => entry.status)).toEqual([kind === 'throttle' ? 429 : 503, 200]);
      await a.dispose();
    },
  );

  it('a connection reset on a refresh is retried, and the silent token arrives', async () => {
    const a = auth();
    expect((await a.signIn()).ok).toBe(true);
    tenant.control.clearJournal();
    tenant.control.injectFault({ kind: 'reset-after-apply', path: '/oauth2/v2.0/token', method: 'POST' });
    const silent = await a.acquire({ purpose: 'sign-in', allowInteractive: false, forceRefresh: true });
    expect(silent.ok, JSON.stringify(silent)).toBe(true);
    const tokenCalls = tenant.control.journal().filter((entry) => entry.surface === 'authority' && entry.path.endsWith('/token'));
    expect(tokenCalls.map((entry) => entry.status)).toEqual([0, 200]);
    await a.dispose();
  });
});
