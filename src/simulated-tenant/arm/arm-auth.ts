/**
 * Bearer-token validation for the ARM surface: signature (the tenant's key), exact audience (ARM accepts only its two
 * identifier URIs, trailing slash included), issuer, lifetime on the tenant clock and the `user_impersonation` scope,
 * answering with ARM's 401 bodies and `WWW-Authenticate` challenge.
 */
import { verifyJwt, type SigningKey } from '../auth/jwt';
import { ARM_AUDIENCES, ARM_SCOPE } from '../authority/scopes';
import type { Reply } from '../http/http-kit';
import type { TenantModel, UserRecord } from '../model/tenant-model';
import { armError, type ArmCall } from './arm-errors';

export type ArmPrincipal = {
  readonly user: UserRecord;
  readonly amr: readonly string[];
  readonly acrs: readonly string[];
  readonly xmsCc: readonly string[];
};

export type ArmAuthOutcome = { readonly ok: true; readonly principal: ArmPrincipal } | { readonly ok: false; readonly reply: Reply };

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function authenticateArm(
  model: TenantModel,
  key: SigningKey,
  authorizationUri: string,
  authorization: string | undefined,
  call: ArmCall,
): ArmAuthOutcome {
  const refuse = (code: string, message: string): ArmAuthOutcome => ({
    ok: false,
    reply: armError(call, 401, code, message, {
      'www-authenticate': `Bearer authorization_uri="${authorizationUri}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
    }),
  });
  if (authorization === undefined || authorization.trim() === '') {
    return refuse('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (match?.[1] === undefined) {
    return refuse('AuthenticationFailed', "Authentication failed. The 'Authorization' header is provided in an invalid format.");
  }
  const checked = verifyJwt(match[1], key.publicKey);
  if (!checked.ok) {
    return refuse('InvalidAuthenticationToken', 'The access token is invalid.');
  }
  const payload = checked.payload;
  if (typeof payload.aud !== 'string' || !ARM_AUDIENCES.includes(payload.aud)) {
    return refuse(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${String(payload.aud)}'. It should exactly match with one of the allowed audiences ${ARM_AUDIENCES.map((audience) => `'${audience}'`).join(',')}.`,
    );
  }
  const tenantId = model.scenario.tenant.id;
  if (payload.iss !== `https://sts.windows.net/${tenantId}/` || payload.tid !== tenantId) {
    return refuse('InvalidAuthenticationTokenTenant', `The access token is from the wrong issuer '${String(payload.iss)}'.`);
  }
  const now = model.clock.now();
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now.getTime()) {
    const expiry = typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : 'unknown';
    return refuse(
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${expiry}' is earlier than current UTC time '${now.toISOString()}'.`,
    );
  }
  const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
  if (!scopes.some((scope) => scope.toLowerCase() === ARM_SCOPE)) {
    return refuse('InvalidAuthenticationToken', `The access token does not grant the delegated scope '${ARM_SCOPE}'.`);
  }
  const user = typeof payload.oid === 'string' ? model.userById(payload.oid) : undefined;
  if (user === undefined) {
    return refuse('InvalidAuthenticationToken', 'The access token is invalid: its principal does not exist in this tenant.');
  }
  return {
    ok: true,
    principal: {
      user,
      amr: strings(payload.amr),
      acrs: strings(payload.acrs),
      xmsCc: strings(payload.xms_cc).map((value) => value.toLowerCase()),
    },
  };
}
