/**
 * The authority's protocol checks, driven at the HTTP level (no browser needed): discovery by id and domain,
 * authorize validation (client, redirect, response_mode, PKCE, state, claims, scope), code redemption (PKCE verifier,
 * single use), nonce handling, refresh-token rotation and revocation, logout.
 */
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { verifyJwt } from '../../../src/simulated-tenant/auth/jwt';
import { useTestTenant } from '../../support/test-tenant';
import { httpsCall } from '../../support/tenant-clients';
import { parseAutoSubmitForm } from '../../../src/demo/form-following-browser';
import { decodeJwt } from '../../support/tenant-session';

type Json = Record<string, unknown>;
const REDIRECT = 'http://localhost:51234';

describe('simulated authority protocol', () => {
  let tenant: SimulatedTenant;
  useTestTenant((started) => (tenant = started), 'demo');
  beforeEach(() => {
    tenant.control.setUnattended({ username: 'adele.admin@contoso-sim.onmicrosoft.com', methods: ['windowsHello'] });
  });

  const get = async (url: string) => {
    const reply = await httpsCall(url, { method: 'GET', ca: tenant.caCertPem });
    return { ...reply, text: reply.body.toString('utf8') };
  };
  const postForm = async (url: string, form: Record<string, string>) => {
    const reply = await httpsCall(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      ca: tenant.caCertPem,
    });
    return { status: reply.status, json: JSON.parse(reply.body.toString('utf8')) as Json };
  };
  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };
  const authorizeUrl = (overrides: Record<string, string | null> = {}, challenge = pkce().challenge) => {
    const params: Record<string, string | null> = {
      client_id: tenant.clientId,
      scope: 'https://graph.microsoft.com/User.Read openid profile offline_access',
      redirect_uri: REDIRECT,
      response_mode: 'form_post',
      response_type: 'code',
      state: 'state-123',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...overrides,
    };
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== null) {
        query.set(name, value);
      }
    }
    return `${tenant.authority}/oauth2/v2.0/authorize?${query.toString()}`;
  };
  const codeFor = async (overrides: Record<string, string | null> = {}) => {
    const { verifier, challenge } = pkce();
    const page = await get(authorizeUrl(overrides, challenge));
    const form = parseAutoSubmitForm(page.text);
    return { verifier, form };
  };
  const redeem = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    postForm(`${tenant.authority}/oauth2/v2.0/token`, {
      client_id: tenant.clientId,
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      scope: 'https://graph.microsoft.com/User.Read openid profile offline_access',
      ...extra,
    });

  it('serves OpenID configuration by tenant id and by domain, with the issuer on the same host', async () => {
    for (const segment of [tenant.tenantId, tenant.tenantDomain]) {
      const reply = await get(`${tenant.authorityHost}/${segment}/v2.0/.well-known/openid-configuration`);
      const config = JSON.parse(reply.text) as Json;
      expect(config).toMatchObject({
        issuer: `${tenant.authority}/v2.0`,
        authorization_endpoint: `${tenant.authority}/oauth2/v2.0/authorize`,
        token_endpoint: `${tenant.authority}/oauth2/v2.0/token`,
        jwks_uri: `${tenant.authority}/discovery/v2.0/keys`,
        end_session_endpoint: `${tenant.authority}/oauth2/v2.0/logout`,
      });
    }
    const unknown = await get(`${tenant.authorityHost}/not-a-tenant.example/v2.0/.well-known/openid-configuration`);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });

  it('issues tokens verifiable with the published JWKS', async () => {
    const { verifier, form } = await codeFor();
    const tokens = await redeem(form?.fields.code ?? '', verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    expect(String(tokens.json.scope).split(' ')).toContain('https://graph.microsoft.com/User.Read');
    const keys = JSON.parse((await get(`${tenant.authority}/discovery/v2.0/keys`)).text) as {
      keys: { kid: string; n: string; e: string }[];
    };
    const header = JSON.parse(Buffer.from(String(tokens.json.access_token).split('.')[0] ?? '', 'base64url').toString()) as { kid: string };
    const jwk = keys.keys.find((key) => key.kid === header.kid);
    expect(jwk).toBeDefined();
    const publicKey = createPublicKey({ key: { kty: 'RSA', n: jwk?.n ?? '', e: jwk?.e ?? '' }, format: 'jwk' });
    expect(verifyJwt(String(tokens.json.access_token), publicKey).ok).toBe(true);
    expect(Buffer.from(String(tokens.json.client_info), 'base64url').toString()).toBe(
      JSON.stringify({ uid: 'd4b1c272-be68-4b63-8afe-24c51943aabd', utid: tenant.tenantId }),
    );
  });

  it('answers with code, state and client_info in an auto-submitting form post', async () => {
    const { form } = await codeFor();
    expect(form?.action).toBe(REDIRECT);
    expect(Object.keys(form?.fields ?? {})).toEqual(expect.arrayContaining(['code', 'state', 'client_info']));
    expect(form?.fields.state).toBe('state-123');
  });

  it('refuses unknown clients and non-loopback redirect URIs on an error page (no redirect)', async () => {
    const client = await get(authorizeUrl({ client_id: '00000000-0000-4000-8000-000000000000' }));
    expect(client.status).toBe(400);
    expect(client.text).toContain('AADSTS700016');
    expect(parseAutoSubmitForm(client.text)).toBeNull();
    for (const redirect of ['https://evil.example/', 'http://localhost:5000/?x=1', 'http://192.168.1.2:5000']) {
      const reply = await get(authorizeUrl({ redirect_uri: redirect }));
      expect(reply.status, redirect).toBe(400);
      expect(reply.text).toContain('AADSTS50011');
    }
  });

  it('posts protocol errors back to the app: response_mode, PKCE, state, claims, scope', async () => {
    const cases: [Record<string, string | null>, string, string][] = [
      [{ response_mode: 'query' }, 'invalid_request', 'AADSTS900144'],
      [{ code_challenge: null }, 'invalid_request', 'AADSTS9002325'],
      [{ code_challenge_method: 'plain' }, 'invalid_request', 'AADSTS501491'],
      [{ claims: '{broken' }, 'invalid_request', 'AADSTS90100'],
      [{ scope: 'openid Mail.Send' }, 'invalid_scope', 'AADSTS70011'],
      [{ response_type: 'token' }, 'unsupported_response_type', 'AADSTS700054'],
    ];
    for (const [overrides, error, code] of cases) {
      const form = parseAutoSubmitForm((await get(authorizeUrl(overrides))).text);
      expect(form?.fields.error, JSON.stringify(overrides)).toBe(error);
      expect(form?.fields.error_description).toContain(code);
      expect(form?.fields.state).toBe('state-123');
    }
    const noState = parseAutoSubmitForm((await get(authorizeUrl({ state: null }))).text);
    expect(noState?.fields.error).toBe('invalid_request');
  });

  it('checks the PKCE verifier and redeems a code only once', async () => {
    const { form } = await codeFor();
    const wrong = await redeem(form?.fields.code ?? '', pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
    const second = await codeFor();
    expect((await redeem(second.form?.fields.code ?? '', second.verifier)).status).toBe(200);
    const reused = await redeem(second.form?.fields.code ?? '', second.verifier);
    expect(reused.json).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
    const third = await codeFor();
    const otherRedirect = await redeem(third.form?.fields.code ?? '', third.verifier, { redirect_uri: 'http://localhost:1' });
    expect(otherRedirect.json.error).toBe('invalid_grant');
  });

  it('puts nonce in the id token only when one was sent', async () => {
    const withNonce = await codeFor({ nonce: 'n-42' });
    const tokens = await redeem(withNonce.form?.fields.code ?? '', withNonce.verifier);
    expect(decodeJwt(String(tokens.json.id_token)).nonce).toBe('n-42');
    const without = await codeFor();
    const plain = await redeem(without.form?.fields.code ?? '', without.verifier);
    expect(decodeJwt(String(plain.json.id_token))).not.toHaveProperty('nonce');
  });

  it('rotates refresh tokens, refuses a step-up it cannot satisfy with the documented body, and honours revocation', async () => {
    const { verifier, form } = await codeFor();
    const tokens = await redeem(form?.fields.code ?? '', verifier);
    const refresh = (claims?: string) =>
      postForm(`${tenant.authority}/oauth2/v2.0/token?client-request-id=corr-1`, {
        client_id: tenant.clientId,
        grant_type: 'refresh_token',
        refresh_token: String(tokens.json.refresh_token),
        scope: 'https://graph.microsoft.com/User.Read openid profile offline_access',
        ...(claims === undefined ? {} : { claims }),
      });
    const rotated = await refresh();
    expect(rotated.status).toBe(200);
    expect(rotated.json.refresh_token).not.toBe(tokens.json.refresh_token);

    const refused = await refresh(
      JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' }, xms_cc: { values: ['cp1'] } } }),
    );
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: 'invalid_grant',
      error_codes: [50076],
      suberror: 'basic_action',
      correlation_id: 'corr-1',
      error_uri: 'https://login.microsoftonline.com/error?code=50076',
    });
    expect(String(refused.json.error_description)).toMatch(/^AADSTS50076: .* Trace ID: .* Correlation ID: corr-1 Timestamp: /);
    expect(JSON.parse(String(refused.json.claims))).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });

    tenant.control.revokeSessions('adele.admin@contoso-sim.onmicrosoft.com');
    const revoked = await refresh();
    expect(revoked.json).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
  });

  it('a refresh asking for amr mfa on a password-only session is refused with 50076 asking for mfa', async () => {
    tenant.control.setUnattended({ username: 'paul.password@contoso-sim.onmicrosoft.com', methods: ['password'] });
    const { verifier, form } = await codeFor();
    const tokens = await redeem(form?.fields.code ?? '', verifier);
    expect(decodeJwt(String(tokens.json.access_token)).amr).toEqual(['pwd']);
    const refused = await postForm(`${tenant.authority}/oauth2/v2.0/token`, {
      client_id: tenant.clientId,
      grant_type: 'refresh_token',
      refresh_token: String(tokens.json.refresh_token),
      scope: 'https://graph.microsoft.com/User.Read openid offline_access',
      claims: JSON.stringify({ access_token: { amr: { essential: true, values: ['mfa'] } } }),
    });
    expect(refused.json).toMatchObject({ error: 'invalid_grant', error_codes: [50076], suberror: 'basic_action' });
    expect(JSON.parse(String(refused.json.claims))).toEqual({ access_token: { amr: { essential: true, values: ['mfa'] } } });
  });

  it('refuses sign-in when the unattended methods cannot satisfy the requested context', async () => {
    tenant.control.setUnattended({ username: 'henry.helpdesk@contoso-sim.onmicrosoft.com', methods: ['password', 'authenticatorPush'] });
    const form = parseAutoSubmitForm(
      (await get(authorizeUrl({ claims: JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } }) }))).text,
    );
    expect(form?.fields.error).toBe('interaction_required');
    expect(form?.fields.error_description).toContain('AADSTS53003');
  });

  it('serves the OIDC-mode discovery path, instance discovery and an error page for an unknown tenant', async () => {
    const oidc = JSON.parse((await get(`${tenant.authority}/.well-known/openid-configuration`)).text) as Json;
    expect(oidc.issuer).toBe(`${tenant.authority}/v2.0`);
    const instance = JSON.parse((await get(`${tenant.authorityHost}/common/discovery/instance?api-version=1.1`)).text) as {
      metadata: Json[];
    };
    expect(instance.metadata[0]).toEqual({
      preferred_network: new URL(tenant.authorityHost).host,
      preferred_cache: new URL(tenant.authorityHost).host,
      aliases: [new URL(tenant.authorityHost).host],
    });
    const page = await get(authorizeUrl().replace(tenant.tenantId, 'fabrikam.example'));
    expect(page.status).toBe(400);
    expect(page.text).toContain('AADSTS90002');
  });

  it('prompt=none succeeds only with a usable browser session', async () => {
    tenant.control.setUnattended(null);
    const refused = parseAutoSubmitForm((await get(authorizeUrl({ prompt: 'none' }))).text);
    expect(refused?.fields.error).toBe('login_required');
  });

  it('logout clears the browser session and redirects only to loopback', async () => {
    const reply = await httpsCall(
      `${tenant.authority}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent('http://localhost:5000/')}`,
      {
        method: 'GET',
        ca: tenant.caCertPem,
      },
    );
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('http://localhost:5000/');
    expect(reply.headers['set-cookie']).toContain('Max-Age=0');
    const elsewhere = await get(
      `${tenant.authority}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`,
    );
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.text).toContain('SIMULATED TENANT');
  });
});
