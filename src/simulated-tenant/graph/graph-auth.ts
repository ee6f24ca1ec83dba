/**
 * Bearer-token validation for the Graph surface: signature (the tenant's key), audience, issuer, lifetime (tenant
 * clock) and delegated scopes, answering with Graph's 401/403 bodies.
 */
import { verifyJwt, type JwtPayload, type SigningKey } from '../auth/jwt';
import { GRAPH_APP_ID, GRAPH_RESOURCE } from '../authority/scopes';
import type { Reply } from '../http/http-kit';
import type { TenantModel, UserRecord } from '../model/tenant-model';
import { graphError, type GraphCall } from './graph-errors';

export type Principal = {
  readonly user: UserRecord;
  readonly scopes: ReadonlySet<string>;
  readonly amr: readonly string[];
  readonly acrs: readonly string[];
  readonly xmsCc: readonly string[];
  readonly clientId: string;
};

const ACCEPTED_AUDIENCES = new Set([GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID]);

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export type AuthOutcome = { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly reply: Reply };

export function authenticate(
  model: TenantModel,
  key: SigningKey,
  authorizationUri: string,
  authorization: string | undefined,
  call: GraphCall,
): AuthOutcome {
  const challenge = {
    'www-authenticate': `Bearer realm="", authorization_uri="${authorizationUri}", client_id="${GRAPH_APP_ID}"`,
  };
  const unauthorized = (message: string): AuthOutcome => ({
    ok: false,
    reply: graphError(call, 401, 'InvalidAuthenticationToken', message, challenge),
  });
  if (authorization === undefined || authorization.trim() === '') {
    return unauthorized('Access token is empty.');
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (match?.[1] === undefined) {
    return unauthorized('IDX14100: JWT is not well formed, there are no dots (.).');
  }
  const checked = verifyJwt(match[1], key.publicKey);
  if (!checked.ok) {
    return unauthorized(
      checked.reason === 'malformed' ? 'IDX14100: JWT is not well formed.' : 'Access token validation failure. Invalid signature.',
    );
  }
  const payload: JwtPayload = checked.payload;
  const tenantId = model.scenario.tenant.id;
  if (typeof payload.aud !== 'string' || !ACCEPTED_AUDIENCES.has(payload.aud)) {
    return unauthorized('Access token validation failure. Invalid audience.');
  }
  if (payload.iss !== `https://sts.windows.net/${tenantId}/` || payload.tid !== tenantId) {
    return unauthorized('Access token validation failure. Invalid issuer.');
  }
  const now = model.clock.now().getTime() / 1000;
  if (typeof payload.exp !== 'number' || payload.exp <= now) {
    return unauthorized('Lifetime validation failed, the token is expired.');
  }
  if (typeof payload.nbf === 'number' && payload.nbf > now + 300) {
    return unauthorized('Lifetime validation failed, the token is not yet valid.');
  }
  const user = typeof payload.oid === 'string' ? model.userById(payload.oid) : undefined;
  if (user === undefined) {
    return unauthorized('Access token validation failure. The user does not exist in this tenant.');
  }
  return {
    ok: true,
    principal: {
      user,
      scopes: new Set(typeof payload.scp === 'string' ? payload.scp.split(' ').map((scope) => scope.toLowerCase()) : []),
      amr: strings(payload.amr),
      acrs: strings(payload.acrs),
      xmsCc: strings(payload.xms_cc).map((value) => value.toLowerCase()),
      clientId: typeof payload.appid === 'string' ? payload.appid : '',
    },
  };
}

/** 403 unless the token carries one of the scopes (Graph checks delegated permissions per API). */
export function requireScope(principal: Principal, anyOf: readonly string[], call: GraphCall): Reply | null {
  if (anyOf.some((scope) => principal.scopes.has(scope.toLowerCase()))) {
    return null;
  }
  return graphError(
    call,
    403,
    'Authorization_RequestDenied',
    `Insufficient privileges to complete the operation. Required one of the delegated permissions: ${anyOf.join(', ')}.`,
  );
}
