/**
 * Routes of the Entra ID v2 authority: OpenID configuration (AAD and OIDC paths), JWKS, instance discovery,
 * authorize (+ its page posts), token and logout. The tenant is addressable by id or by domain.
 */
import { jwks, type SigningKey } from '../auth/jwt';
import { escapeHtml, html, json, type InboundRequest, type Reply } from '../http/http-kit';
import type { RoutedReply } from '../http/surface-server';
import type { TenantModel } from '../model/tenant-model';
import type { AuthorityStore } from './authority-store';
import { loopbackRedirect } from './loopback-redirect';
import { errorPage, page } from './pages';
import { BROWSER_COOKIE, SignInFlow } from './sign-in-flow';
import { handleToken, oauthError } from './token-endpoint';

export type AuthorityContext = {
  readonly model: () => TenantModel;
  readonly store: AuthorityStore;
  readonly key: () => SigningKey;
  readonly authorityHost: () => string;
};

export function openIdConfiguration(authorityHost: string, tenantId: string): Record<string, unknown> {
  const base = `${authorityHost}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${authorityHost}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'simulated.invalid',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

export function createAuthorityRouter(context: AuthorityContext): (request: InboundRequest) => Promise<RoutedReply> {
  const flow = new SignInFlow({ model: context.model, store: context.store });
  const tenantOf = (segment: string): string | null => {
    const tenant = context.model().scenario.tenant;
    const lower = segment.toLowerCase();
    if (lower === tenant.id || lower === tenant.domain.toLowerCase() || lower === 'organizations' || lower === 'common') {
      return tenant.id;
    }
    return null;
  };
  return (request) => {
    const reply = route(request);
    return Promise.resolve({ reply });
  };

  function route(request: InboundRequest): Reply {
    const model = context.model();
    const now = model.clock.now();
    const host = context.authorityHost();
    const parts = request.path.split('/').filter((part) => part !== '');
    if (parts.length === 0) {
      return html(200, landingPage(model, host));
    }
    if (parts[0] === 'common' && parts[1] === 'discovery' && parts[2] === 'instance') {
      const hostName = new URL(host).host;
      return json(200, {
        tenant_discovery_endpoint: `${host}/${model.scenario.tenant.id}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: hostName, preferred_cache: hostName, aliases: [hostName] }],
      });
    }
    const segment = parts[0] ?? '';
    const tenantId = tenantOf(segment);
    const rest = parts.slice(1).join('/');
    if (tenantId === null) {
      if (rest === 'oauth2/v2.0/authorize') {
        return html(400, errorPage(model.scenario.tenant.displayName, 'Sign-in error', `AADSTS90002: Tenant '${segment}' not found.`));
      }
      return oauthError(
        now,
        400,
        'invalid_tenant',
        90002,
        `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    switch (`${request.method} ${rest}`) {
      case 'GET v2.0/.well-known/openid-configuration':
      case 'GET .well-known/openid-configuration':
        return json(200, openIdConfiguration(host, tenantId));
      case 'GET discovery/v2.0/keys':
      case 'GET discovery/keys':
        return json(200, jwks(context.key()));
      case 'GET oauth2/v2.0/authorize':
        return flow.authorize(request, segment);
      case 'POST oauth2/v2.0/authorize/continue':
        return flow.continue(request);
      case 'POST oauth2/v2.0/token':
        return handleToken(
          { model: context.model, store: context.store, key: context.key, issuerV2: () => `${host}/${tenantId}/v2.0` },
          request,
        );
      case 'GET oauth2/v2.0/logout':
      case 'POST oauth2/v2.0/logout':
        return logout(request);
      default:
        return json(404, {
          error: 'not_found',
          error_description: `No route for ${request.method} ${request.path} on the simulated authority.`,
        });
    }
  }

  function logout(request: InboundRequest): Reply {
    const model = context.model();
    const browserId = request.cookies[BROWSER_COOKIE];
    if (browserId !== undefined) {
      context.store.browsers.delete(browserId);
    }
    const requested = request.url.searchParams.get('post_logout_redirect_uri');
    const target = requested === null ? null : loopbackRedirect(requested);
    const clear = { 'set-cookie': `${BROWSER_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0` };
    if (target !== null) {
      // The serialized URL, never the raw parameter: it is what goes into the Location header.
      return { status: 302, headers: { location: target.href, ...clear }, body: '' };
    }
    return html(
      200,
      page({
        step: 'signed-out',
        title: 'Signed out',
        tenantName: model.scenario.tenant.displayName,
        body: '<h1>You signed out of your account</h1><p>It’s a good idea to close all browser windows.</p>',
      }),
      clear,
    );
  }
}

function landingPage(model: TenantModel, host: string): string {
  const users = model.users
    .map(
      (user) =>
        `<li><strong>${escapeHtml(user.userPrincipalName)}</strong> — ${escapeHtml(user.displayName)}: ${escapeHtml(user.description)}</li>`,
    )
    .join('');
  return page({
    step: 'landing',
    title: 'Simulated tenant',
    tenantName: model.scenario.tenant.displayName,
    body: `<h1>${escapeHtml(model.scenario.tenant.displayName)}</h1><p>Authority: <code>${escapeHtml(`${host}/${model.scenario.tenant.id}`)}</code></p>
<p>Scenario <strong>${escapeHtml(model.scenario.name)}</strong>: ${escapeHtml(model.scenario.description)}</p><h2>Demo users</h2><ul>${users}</ul>`,
  });
}
