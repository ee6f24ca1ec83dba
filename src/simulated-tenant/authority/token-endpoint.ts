/**
 * POST `/{tenant}/oauth2/v2.0/token`: the authorization-code grant (with PKCE) and the refresh-token grant.
 *
 * Why the refresh grant can refuse: when its `claims` ask for an authentication context (or MFA) that the grant's
 * sign-in has not satisfied, Entra answers `invalid_grant` AADSTS50076 with `suberror: basic_action` and `claims`
 * (docs/protocol.md, "Entra ID authority"), which MSAL turns into `InteractionRequiredAuthError`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { acrsChallengeJson, parseClaimsRequest, type ClaimsRequest } from '../auth/claims-request';
import type { SigningKey } from '../auth/jwt';
import { json, parseForm, type InboundRequest, type Reply } from '../http/http-kit';
import type { TenantModel } from '../model/tenant-model';
import type { AuthorityStore } from './authority-store';
import { resolveScopes, resourceRefusal, scopeRefusal } from './scopes';
import { firstUnsatisfiedContext, isMultifactor } from './sign-in-rules';
import { issueTokens } from './token-issuer';

/** How long a context satisfied by an interactive sign-in is carried by the refresh token it produced. */
export const CONTEXT_CARRY_MS = 5 * 60_000;

export type TokenContext = {
  readonly model: () => TenantModel;
  readonly store: AuthorityStore;
  readonly key: () => SigningKey;
  readonly issuerV2: () => string;
};

/** An Entra-shaped OAuth error body (`error`, `error_description` with trace/correlation, `error_codes`, ...). */
export function oauthError(
  now: Date,
  status: number,
  error: string,
  code: number,
  text: string,
  extra: Record<string, unknown> = {},
  correlationId: string = randomUUID(),
): Reply {
  const traceId = randomUUID();
  const timestamp = now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  return json(
    status,
    {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      ...extra,
    },
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}

/** One token request whose client and claims are known, and Entra's error answer for it. */
type TokenRequest = {
  readonly context: TokenContext;
  readonly model: TenantModel;
  readonly now: Date;
  readonly form: URLSearchParams;
  readonly clientId: string;
  readonly app: TenantModel['scenario']['clientApplications'][number];
  readonly claims: ClaimsRequest;
  readonly fail: (status: number, error: string, code: number, text: string, extra?: Record<string, unknown>) => Reply;
};

export function handleToken(context: TokenContext, request: InboundRequest): Reply {
  const model = context.model();
  const now = model.clock.now();
  const correlationId = request.url.searchParams.get('client-request-id') ?? randomUUID();
  const fail = (status: number, error: string, code: number, text: string, extra: Record<string, unknown> = {}): Reply =>
    oauthError(now, status, error, code, text, extra, correlationId);
  if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
  }
  const form = parseForm(request.body);
  const clientId = form.get('client_id') ?? '';
  const app = model.scenario.clientApplications.find((candidate) => candidate.appId === clientId);
  if (app === undefined) {
    return fail(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${model.scenario.tenant.displayName}'.`,
    );
  }
  const claims = parseClaimsRequest(form.get('claims'));
  if (!claims.ok) {
    return fail(400, 'invalid_request', 90100, `claims parameter is empty or not valid. ${claims.error}`);
  }
  const grantType = form.get('grant_type');
  const tokenRequest: TokenRequest = { context, model, now, form, clientId, app, claims: claims.claims, fail };
  if (grantType === 'authorization_code') {
    return authorizationCodeGrant(tokenRequest);
  }
  if (grantType === 'refresh_token') {
    return refreshTokenGrant(tokenRequest);
  }
  return fail(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType ?? ''}'.`);
}

/** The authorization-code grant: a code redeemed once, by its client, with its redirect URI and PKCE verifier. */
function authorizationCodeGrant(request: TokenRequest): Reply {
  const { context, model, now, form, clientId, app, fail } = request;
  const code = context.store.codes.get(form.get('code') ?? '');
  if (code === undefined) {
    return fail(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid: the authorization code is not valid.');
  }
  if (code.used) {
    return fail(
      400,
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    );
  }
  code.used = true;
  if (code.expiresAt <= now) {
    return fail(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity.');
  }
  if (code.clientId !== clientId) {
    return fail(400, 'invalid_grant', 70000, 'The provided authorization code was issued to a different client.');
  }
  if ((form.get('redirect_uri') ?? '') !== code.redirectUri) {
    return fail(400, 'invalid_grant', 50148, 'The redirect_uri does not match the one used in the authorization request.');
  }
  const verifier = form.get('code_verifier') ?? '';
  if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) {
    return fail(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
  }
  const user = model.userById(code.userId);
  const scopes = resolveScopes(code.scope);
  if (user === undefined || !scopes.ok) {
    return fail(400, 'invalid_grant', 50034, 'The user account does not exist in this directory.');
  }
  const refusedResource = resourceRefusal(app, scopes.resource);
  if (refusedResource !== null) {
    return fail(400, 'invalid_client', refusedResource.code, refusedResource.text);
  }
  const tokens = issueTokens(model, context.key(), context.issuerV2(), {
    user,
    clientId,
    resource: scopes.resource,
    grantedScopes: scopes.grantedScopes,
    methods: code.methods,
    acrs: code.acrs,
    xmsCc: code.xmsCc,
    nonce: code.nonce,
    authTime: code.authTime,
  });
  const refreshToken = scopes.offlineAccess
    ? context.store.issueRefreshToken({
        clientId,
        userId: user.id,
        methods: code.methods,
        authTime: code.authTime,
        satisfiedContexts: code.acrs,
        satisfiedAt: now,
        revoked: false,
      })
    : null;
  return tokenResponse(scopes.responseScope, tokens, refreshToken);
}

/** The refresh-token grant: refused when its claims ask for a context or MFA its sign-in did not satisfy. */
function refreshTokenGrant(request: TokenRequest): Reply {
  const { context, model, now, form, clientId, app, claims, fail } = request;
  const presented = form.get('refresh_token') ?? '';
  const grant = context.store.refreshGrant(presented);
  if (grant === undefined) {
    return fail(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid: the refresh token is not valid.', {
      suberror: 'bad_token',
    });
  }
  if (grant.revoked) {
    return fail(400, 'invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed.', {
      suberror: 'bad_token',
    });
  }
  if (grant.clientId !== clientId) {
    return fail(400, 'invalid_grant', 70000, 'The refresh token was issued to a different client.');
  }
  const user = model.userById(grant.userId);
  const scopeParameter = form.get('scope') ?? '';
  const scopes = resolveScopes(scopeParameter);
  if (!scopes.ok) {
    const refusal = scopeRefusal(scopes, scopeParameter);
    return fail(400, 'invalid_scope', refusal.code, refusal.text);
  }
  if (user === undefined) {
    return fail(400, 'invalid_grant', 50034, 'The user account does not exist in this directory.');
  }
  const refusedResource = resourceRefusal(app, scopes.resource);
  if (refusedResource !== null) {
    return fail(400, 'invalid_client', refusedResource.code, refusedResource.text);
  }
  // A context the grant's own interactive sign-in satisfied counts for a few minutes more, even with a sign-in
  // frequency of "every time" (Entra allows five minutes of skew), so one step-up serves Graph and ARM alike.
  const carried = now.getTime() - grant.satisfiedAt.getTime() <= CONTEXT_CARRY_MS ? grant.satisfiedContexts : [];
  const toCheck = claims.acrs.filter((contextId) => !carried.includes(contextId));
  const unsatisfied = firstUnsatisfiedContext(model, user, toCheck, grant.methods, null, now);
  const needsMfa = claims.amr.includes('mfa') && !isMultifactor(grant.methods);
  if (unsatisfied !== null || needsMfa) {
    const challenge =
      unsatisfied !== null ? acrsChallengeJson([unsatisfied.contextId]) : '{"access_token":{"amr":{"essential":true,"values":["mfa"]}}}';
    return fail(
      400,
      'invalid_grant',
      50076,
      "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
      { suberror: 'basic_action', claims: challenge.replace(', ', ',') },
    );
  }
  // Refresh tokens rotate: the presented one keeps working (as in Entra) and a new one is returned.
  const tokens = issueTokens(model, context.key(), context.issuerV2(), {
    user,
    clientId,
    resource: scopes.resource,
    grantedScopes: scopes.grantedScopes,
    methods: grant.methods,
    acrs: claims.acrs,
    xmsCc: claims.xmsCc,
    nonce: null,
    authTime: grant.authTime,
  });
  const refreshToken = context.store.issueRefreshToken({ ...grant, revoked: false });
  return tokenResponse(scopes.responseScope, tokens, refreshToken);
}

function tokenResponse(scope: string, tokens: ReturnType<typeof issueTokens>, refreshToken: string | null): Reply {
  return json(
    200,
    {
      token_type: 'Bearer',
      scope,
      expires_in: tokens.expiresIn,
      ext_expires_in: tokens.expiresIn,
      access_token: tokens.accessToken,
      ...(refreshToken === null ? {} : { refresh_token: refreshToken }),
      id_token: tokens.idToken,
      client_info: tokens.clientInfo,
    },
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}
