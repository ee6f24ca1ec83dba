/**
 * The simulated Azure Resource Manager PIM surface with tokens from the REAL @azure/msal-node: ARM-audience tokens
 * from the simulated authority (exact audience, `user_impersonation`), listings for the caller with `asTarget()` and
 * `nextLink` paging, policy assignments with `effectiveRules`, the activation PUT with the authentication-context 400,
 * approval, deactivation, faults and the journal.
 */
import { randomUUID } from 'node:crypto';
import { InteractionRequiredAuthError, type PublicClientApplication } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { httpsCall } from '../../support/tenant-clients';
import { useTestTenant } from '../../support/test-tenant';
import { GRAPH_SCOPES, createTenantPca, decodeJwt, unattendedToken } from '../../support/tenant-session';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
const NORA = 'nora.noread@contoso-sim.onmicrosoft.com';
const ARM_SCOPES = ['https://management.azure.com/user_impersonation'];
const PROD = '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11';
const DEV = '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22';
const MG = '/providers/Microsoft.Management/managementGroups/contoso-platform';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const UAA = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const API = 'api-version=2020-10-01';
const C1_CLAIMS = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } });

type ArmAnswer = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

describe('simulated ARM surface with real MSAL tokens', () => {
  let tenant: SimulatedTenant;

  useTestTenant((started) => (tenant = started));

  async function arm(method: string, pathAndQuery: string, token: string | null, body?: unknown): Promise<ArmAnswer> {
    const url = pathAndQuery.startsWith('https://') ? pathAndQuery : `${tenant.armBaseUrl.replace(/\/$/, '')}${pathAndQuery}`;
    const answer = await httpsCall(url, {
      method,
      ca: tenant.caCertPem,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = answer.body.toString('utf8');
    return { status: answer.status, headers: answer.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }

  async function armToken(pca: PublicClientApplication, methods: readonly string[] = ['windowsHello']): Promise<string> {
    return (await unattendedToken(tenant, pca, ADELE, methods, { scopes: ARM_SCOPES })).accessToken;
  }

  const activation = (scope: string, role: string, extra: Record<string, unknown> = {}) => ({
    properties: {
      principalId: tenant.users.length > 0 ? adeleId() : '',
      roleDefinitionId: `${scope.startsWith('/subscriptions/') ? scope.split('/').slice(0, 3).join('/') : ''}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      requestType: 'SelfActivate',
      justification: 'Change 4711',
      scheduleInfo: { startDateTime: null, expiration: { type: 'AfterDuration', endDateTime: null, duration: 'PT1H' } },
      ...extra,
    },
  });
  const requestPath = (scope: string, name: string) =>
    `${scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}?${API}`;
  let adeleOid = '';
  const adeleId = () => adeleOid;

  it('issues ARM tokens with the exact audience and user_impersonation, and each API refuses the other one’s token', async () => {
    const pca = createTenantPca(tenant);
    const result = await unattendedToken(tenant, pca, ADELE, ['windowsHello'], { scopes: ARM_SCOPES });
    const claims = decodeJwt(result.accessToken);
    expect(claims.aud).toBe('https://management.azure.com/');
    expect(claims.scp).toBe('user_impersonation');
    expect(result.scopes).toContain('https://management.azure.com/user_impersonation');

    const graph = await httpsCall(`${tenant.graphBaseUrl}v1.0/me`, {
      method: 'GET',
      ca: tenant.caCertPem,
      headers: { authorization: `Bearer ${result.accessToken}` },
    });
    expect(graph.status).toBe(401);

    const graphToken = (await pca.acquireTokenSilent({ account: result.account!, scopes: GRAPH_SCOPES })).accessToken;
    const refused = await arm(
      'GET',
      `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${API}&$filter=asTarget()`,
      graphToken,
    );
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: 'InvalidAuthenticationTokenAudience' } });
    expect((refused.body.error as { message: string }).message).toContain(
      "It should exactly match with one of the allowed audiences 'https://management.azure.com/','https://management.core.windows.net/'",
    );
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer authorization_uri="https:\/\/localhost:\d+\//);

    // The Azure CLI spelling: resource with its slash, then `/.default`.
    const cli = await pca.acquireTokenSilent({
      account: result.account!,
      scopes: ['https://management.core.windows.net//.default'],
      forceRefresh: true,
    });
    expect(decodeJwt(cli.accessToken).aud).toBe('https://management.core.windows.net/');
    expect(
      (await arm('GET', `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${API}&$filter=asTarget()`, cli.accessToken))
        .status,
    ).toBe(200);

    const missing = await arm('GET', `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${API}&$filter=asTarget()`, null);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: { code: 'AuthenticationFailed' } });
  });

  it('refuses an ARM token to an app registration without Azure Service Management (AADSTS650057)', async () => {
    const pca = createTenantPca({ ...tenant, clientId: '2b7c4e91-6d0a-4f3e-9a85-c1d2e3f4a5b6' });
    const graph = await unattendedToken(tenant, pca, ADELE, ['windowsHello']);
    const error = await pca.acquireTokenSilent({ account: graph.account!, scopes: ARM_SCOPES }).then(
      () => null,
      (caught: unknown) => caught as { errorCode?: string; errorMessage?: string },
    );
    expect(error?.errorCode).toBe('invalid_client');
    expect(error?.errorMessage).toContain('AADSTS650057');
  });

  it('lists the caller’s eligible and active Azure roles only with asTarget(), following nextLink across pages', async () => {
    const pca = createTenantPca(tenant);
    const token = await armToken(pca);
    const unfiltered = await arm('GET', `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${API}`, token);
    expect(unfiltered.status).toBe(400);
    expect(unfiltered.body).toMatchObject({ error: { code: 'InsufficientPermissions' } });
    expect((unfiltered.body.error as { message: string }).message).toContain('Please use $filter=asTarget()');

    const noVersion = await arm('GET', `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?$filter=asTarget()`, token);
    expect(noVersion.body).toMatchObject({ error: { code: 'MissingApiVersionParameter' } });

    tenant.control.setArmPageSize(3);
    const items: Record<string, unknown>[] = [];
    let next: string | undefined = `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${API}&$filter=asTarget()`;
    let pages = 0;
    while (next !== undefined) {
      const page = await arm('GET', next, token);
      expect(page.status).toBe(200);
      items.push(...(page.body.value as Record<string, unknown>[]));
      next = page.body.nextLink as string | undefined;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(items).toHaveLength(7);
    const owner = items.find((item) => {
      const properties = item.properties as { scope: string; expandedProperties: { roleDefinition: { displayName: string } } };
      return properties.scope === PROD && properties.expandedProperties.roleDefinition.displayName === 'Owner';
    });
    expect(owner).toMatchObject({
      type: 'Microsoft.Authorization/roleEligibilityScheduleInstances',
      properties: {
        roleDefinitionId: `${PROD}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`,
        principalType: 'User',
        memberType: 'Direct',
        endDateTime: null,
        expandedProperties: { scope: { id: PROD, displayName: 'Contoso Prod', type: 'subscription' }, principal: { type: 'User' } },
      },
    });
    expect((owner?.properties as { roleEligibilityScheduleId: string }).roleEligibilityScheduleId).toMatch(
      /roleEligibilitySchedules\/[0-9a-f-]{36}$/,
    );
    const scopeTypes = new Set(
      items.map((item) => (item.properties as { expandedProperties: { scope: { type: string } } }).expandedProperties.scope.type),
    );
    expect(scopeTypes).toEqual(new Set(['managementgroup', 'subscription', 'resourcegroup', 'resource']));

    const active = await arm('GET', `/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?${API}&$filter=asTarget()`, token);
    expect(active.body.value).toEqual([]);
  });

  it('reads role settings as effectiveRules, and answers 403 AuthorizationFailed to a user who may not read them', async () => {
    const pca = createTenantPca(tenant);
    const token = await armToken(pca);
    const filter = encodeURIComponent(`roleDefinitionId eq '${PROD}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}'`);
    const policy = await arm(
      'GET',
      `${PROD}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?${API}&$filter=${filter}`,
      token,
    );
    expect(policy.status).toBe(200);
    const [assignment] = policy.body.value as { properties: { effectiveRules: Record<string, unknown>[]; policyId: string } }[];
    const rules = assignment?.properties.effectiveRules ?? [];
    expect(rules).toContainEqual(
      expect.objectContaining({ id: 'AuthenticationContext_EndUser_Assignment', isEnabled: true, claimValue: 'c1' }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({
        id: 'Expiration_EndUser_Assignment',
        maximumDuration: 'PT2H',
        ruleType: 'RoleManagementPolicyExpirationRule',
      }),
    );
    expect(assignment?.properties.policyId).toMatch(new RegExp(`^${PROD}/providers/Microsoft.Authorization/roleManagementPolicies/`));

    tenant.control.setUnattended(null);
    const nora = (await unattendedToken(tenant, createTenantPca(tenant), NORA, ['password', 'authenticatorPush'], { scopes: ARM_SCOPES }))
      .accessToken;
    const refused = await arm(
      'GET',
      `${PROD}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?${API}&$filter=${filter}`,
      nora,
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'AuthorizationFailed' } });
    expect((refused.body.error as { message: string }).message).toContain("'Microsoft.Authorization/roleManagementPolicyAssignments/read'");
  });

  it('answers the Owner activation with the acrs 400, then accepts it with a context carried from one Graph step-up', async () => {
    const pca = createTenantPca(tenant);
    const first = await unattendedToken(tenant, pca, ADELE, ['windowsHello'], { scopes: ARM_SCOPES });
    adeleOid = String(decodeJwt(first.accessToken).oid);
    const name = randomUUID();
    const refused = await arm('PUT', requestPath(PROD, name), first.accessToken, activation(PROD, OWNER));
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: {
        code: 'RoleAssignmentRequestAcrsValidationFailed',
        message: '&claims=%7B%22access_token%22%3A%7B%22acrs%22%3A%7B%22essential%22%3Atrue%2C%20%22value%22%3A%22c1%22%7D%7D%7D',
      },
    });
    expect(refused.headers['www-authenticate']).toBeUndefined();

    // Too late for a silent refresh: c1 is "every time", and this grant's sign-in never satisfied it.
    const silent = await pca.acquireTokenSilent({ account: first.account!, scopes: ARM_SCOPES, claims: C1_CLAIMS }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(silent).toBeInstanceOf(InteractionRequiredAuthError);

    // One step-up for Graph (as a directory role with the same context would need) ...
    const stepped = await unattendedToken(tenant, pca, ADELE, ['windowsHello'], { claims: C1_CLAIMS });
    expect(decodeJwt(stepped.accessToken).acrs).toEqual(['c1']);
    // ... serves ARM silently through the refresh token.
    const armStepped = await pca.acquireTokenSilent({ account: stepped.account!, scopes: ARM_SCOPES, claims: C1_CLAIMS });
    expect(decodeJwt(armStepped.accessToken)).toMatchObject({ aud: 'https://management.azure.com/', acrs: ['c1'] });

    const accepted = await arm('PUT', requestPath(PROD, name), armStepped.accessToken, activation(PROD, OWNER));
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      name,
      type: 'Microsoft.Authorization/roleAssignmentScheduleRequests',
      properties: { status: 'Provisioned', requestType: 'SelfActivate', scope: PROD, principalId: adeleOid },
    });
    const active = await arm(
      'GET',
      `/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?${API}&$filter=asTarget()`,
      armStepped.accessToken,
    );
    expect(active.body.value).toMatchObject([
      { properties: { scope: PROD, assignmentType: 'Activated', expandedProperties: { scope: { displayName: 'Contoso Prod' } } } },
    ]);
    const again = await arm('PUT', requestPath(PROD, randomUUID()), armStepped.accessToken, activation(PROD, OWNER));
    expect(again.body).toMatchObject({ error: { code: 'RoleAssignmentExists', message: 'The Role assignment already exists.' } });

    // After five minutes the carried context is spent: a refresh with c1 needs interaction again.
    tenant.control.advanceClock(6 * 60_000);
    const later = await pca
      .acquireTokenSilent({ account: stepped.account!, scopes: ARM_SCOPES, claims: C1_CLAIMS, forceRefresh: true })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(later).toBeInstanceOf(InteractionRequiredAuthError);
  });

  it('holds an approval role as PendingApproval until approved; deactivation waits out the 5-minute minimum', async () => {
    const pca = createTenantPca(tenant);
    const token = await armToken(pca);
    adeleOid = String(decodeJwt(token).oid);
    const pending = await arm('PUT', requestPath(MG, randomUUID()), token, activation(MG, UAA));
    expect(pending.status).toBe(201);
    expect(pending.body).toMatchObject({ properties: { status: 'PendingApproval', scope: MG } });
    const duplicate = await arm('PUT', requestPath(MG, randomUUID()), token, activation(MG, UAA));
    expect(duplicate.body).toMatchObject({ error: { code: 'RoleAssignmentRequestExists' } });
    const summary = tenant.control.requests().find((request) => request.kind === 'azureRole' && request.status === 'PendingApproval');
    expect(summary).toMatchObject({
      action: 'SelfActivate',
      targetDisplayName: 'User Access Administrator on Contoso Platform',
      target: `${MG}:${UAA}`,
    });
    tenant.control.approve(summary!.id);
    const requests = await arm('GET', `/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?${API}&$filter=asTarget()`, token);
    expect(requests.body.value).toMatchObject([{ properties: { status: 'Provisioned' } }]);

    const readerName = randomUUID();
    const reader = await arm('PUT', requestPath(DEV, readerName), token, activation(DEV, READER, { justification: undefined }));
    expect(reader.body).toMatchObject({ properties: { status: 'Provisioned' } });
    const deactivate = {
      properties: {
        principalId: adeleOid,
        roleDefinitionId: `${DEV}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
        requestType: 'SelfDeactivate',
      },
    };
    const tooSoon = await arm('PUT', requestPath(DEV, randomUUID()), token, deactivate);
    expect(tooSoon.body).toEqual({
      error: { code: 'ActiveDurationTooShort', message: 'The Active duration is too short. Miniumum Required is 5 minutes.' },
    });
    tenant.control.advanceClock(5 * 60_000 + 1000);
    const fresh = (await pca.acquireTokenSilent({ account: (await pca.getAllAccounts())[0]!, scopes: ARM_SCOPES, forceRefresh: true }))
      .accessToken;
    const revoked = await arm('PUT', requestPath(DEV, randomUUID()), fresh, deactivate);
    expect(revoked.body).toMatchObject({ properties: { status: 'Revoked', requestType: 'SelfDeactivate' } });
    const active = await arm('GET', `/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?${API}&$filter=asTarget()`, fresh);
    expect((active.body.value as { properties: { scope: string } }[]).map((item) => item.properties.scope)).toEqual([MG]);
  });

  it('applies a PUT whose answer is lost, journals it once, and refuses the same name again; 429 carries Retry-After', async () => {
    const pca = createTenantPca(tenant);
    const token = await armToken(pca);
    adeleOid = String(decodeJwt(token).oid);
    tenant.control.clearJournal();
    tenant.control.injectFault({ kind: 'reset-after-apply', surface: 'arm', method: 'PUT', path: 'roleAssignmentScheduleRequests' });
    const name = randomUUID();
    await expect(arm('PUT', requestPath(DEV, name), token, activation(DEV, READER))).rejects.toThrow();
    const puts = tenant.control.journal().filter((entry) => entry.surface === 'arm' && entry.method === 'PUT');
    expect(puts).toEqual([
      expect.objectContaining({ status: 0, fault: 'reset-after-apply', action: 'SelfActivate', principalId: adeleOid }),
    ]);
    const reconciled = await arm('GET', requestPath(DEV, name), token);
    expect(reconciled.body).toMatchObject({ name, properties: { status: 'Provisioned' } });
    const resent = await arm('PUT', requestPath(DEV, name), token, activation(DEV, READER));
    expect(resent.body).toMatchObject({ error: { code: 'RoleAssignmentRequestExists' } });

    tenant.control.injectFault({ kind: 'throttle', surface: 'arm', path: 'roleEligibilityScheduleInstances', retryAfterSeconds: 7 });
    const throttled = await arm(
      'GET',
      `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${API}&$filter=asTarget()`,
      token,
    );
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('7');
    expect(throttled.body).toMatchObject({ error: { code: 'TooManyRequests' } });
  });
});
