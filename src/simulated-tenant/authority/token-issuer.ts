/**
 * Builds the access token (v1.0, for Microsoft Graph or Azure Resource Manager), the id token (v2.0) and
 * `client_info`, as Entra does (docs/protocol.md, "Entra ID authority"). One access token serves one
 * resource: its `aud` and `scp` come from the resolved scopes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { signJwt, type SigningKey } from '../auth/jwt';
import type { MethodRecord, TenantModel, UserRecord } from '../model/tenant-model';
import { amrFor } from './sign-in-rules';
import type { TokenResource } from './scopes';

export type IssueInput = {
  readonly user: UserRecord;
  readonly clientId: string;
  readonly resource: TokenResource;
  readonly grantedScopes: readonly string[];
  readonly methods: readonly MethodRecord[];
  readonly acrs: readonly string[];
  readonly xmsCc: readonly string[];
  readonly nonce: string | null;
  readonly authTime: Date;
};

export type IssuedTokens = {
  readonly accessToken: string;
  readonly idToken: string;
  readonly clientInfo: string;
  readonly expiresIn: number;
};

export function clientInfoFor(model: TenantModel, user: UserRecord): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: model.scenario.tenant.id })).toString('base64url');
}

export function issueTokens(model: TenantModel, key: SigningKey, issuerV2: string, input: IssueInput): IssuedTokens {
  const now = Math.floor(model.clock.now().getTime() / 1000);
  const lifetime = model.settings.accessTokenLifetimeSeconds;
  const tenantId = model.scenario.tenant.id;
  const { user } = input;
  const app = model.scenario.clientApplications.find((candidate) => candidate.appId === input.clientId);
  const [givenName = user.displayName, ...rest] = user.displayName.split(' ');
  const access: Record<string, unknown> = {
    aud: input.resource.audience,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + lifetime,
    acct: 0,
    ...(input.acrs.length > 0 ? { acrs: [...input.acrs] } : {}),
    amr: amrFor(input.methods),
    app_displayname: app?.displayName ?? 'Unknown application',
    appid: input.clientId,
    appidacr: '0',
    family_name: rest.join(' '),
    given_name: givenName,
    idtyp: 'user',
    ipaddr: '127.0.0.1',
    name: user.displayName,
    oid: user.id,
    platf: '14',
    scp: input.grantedScopes.join(' '),
    sub: createHash('sha256').update(`${user.id}:${input.resource.audience}`).digest('base64url').slice(0, 43),
    tid: tenantId,
    unique_name: user.userPrincipalName,
    upn: user.userPrincipalName,
    uti: randomUUID().replace(/-/g, '').slice(0, 22),
    ver: '1.0',
    wids: model.wids(user.id),
    ...(input.xmsCc.length > 0 ? { xms_cc: [...input.xmsCc] } : {}),
    xms_tcdt: 1700000000,
  };
  const id: Record<string, unknown> = {
    aud: input.clientId,
    iss: issuerV2,
    iat: now,
    nbf: now,
    exp: now + 3600,
    auth_time: Math.floor(input.authTime.getTime() / 1000),
    name: user.displayName,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    rh: '0.simulated',
    sub: createHash('sha256').update(`${user.id}:${input.clientId}`).digest('base64url').slice(0, 43),
    tid: tenantId,
    uti: randomUUID().replace(/-/g, '').slice(0, 22),
    ver: '2.0',
    ...(input.nonce !== null ? { nonce: input.nonce } : {}),
  };
  return { accessToken: signJwt(access, key), idToken: signJwt(id, key), clientInfo: clientInfoFor(model, user), expiresIn: lifetime - 1 };
}
