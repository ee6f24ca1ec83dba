/**
 * The core ARM client against the simulated ARM surface, with tokens from the real MSAL through the app's own
 * AuthService: the catalog across all three kinds in one listing, policies read from `effectiveRules` (and "unknown"
 * on 403), `nextLink` paging, the acrs 400 parsed by the shared claims parsers, 429 retried for reads only, the
 * PUT never resent, and "permission missing" for an app registration without Azure Service Management.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { createArmApi, type ArmApi } from '../../../src/core/arm/arm-api';
import { readArmCatalog } from '../../../src/core/arm/arm-catalog';
import { appErrorFromArm } from '../../../src/core/arm/arm-failure';
import { armRequestBody, armRequestPath } from '../../../src/core/arm/arm-paths';
import { createAuthService, type AuthService } from '../../../src/core/auth/auth-service';
import { acrsClaimsRequest, claimsChallengeFromError } from '../../../src/core/auth/claims-challenge';
import { graphScopes } from '../../../src/core/auth/scopes';
import { armScope } from '../../../src/core/config/clouds';
import { createGraphApi, GraphCallError } from '../../../src/core/graph/graph-api';
import { silentLogger } from '../../../src/core/logging/logger';
import { instrumentFetch, type FetchLike } from '../../../src/core/net/fetch-like';
import { createUndiciFetch } from '../../../src/core/net/undici-fetch';
import { readRoleCatalog } from '../../../src/core/pim/role-catalog';
import type { AzureResourceTarget } from '../../../src/shared/domain/roles';
import { useTestTenant } from '../../support/test-tenant';
import { formPostOpener } from '../../support/tenant-session';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
const NORA = 'nora.noread@contoso-sim.onmicrosoft.com';
const GRAPH_ONLY_CLIENT = '2b7c4e91-6d0a-4f3e-9a85-c1d2e3f4a5b6';
const PROD = '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11';
const DEV = '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22';
const OWNER_PROD: AzureResourceTarget = {
  kind: 'azureResource',
  scope: PROD,
  roleDefinitionId: `${PROD}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
};
const READER_DEV: AzureResourceTarget = {
  kind: 'azureResource',
  scope: DEV,
  roleDefinitionId: `${DEV}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
};

describe('core ARM client against the simulated ARM surface', () => {
  let tenant: SimulatedTenant;

  useTestTenant((started) => (tenant = started));

  const fetchFor = () => createUndiciFetch({ extraCaPem: [tenant.caCertPem] });

  function authFor(username: string, clientId = tenant.clientId): AuthService {
    tenant.control.setUnattended({ username, methods: username === ADELE ? ['windowsHello'] : ['password', 'authenticatorPush'] });
    return createAuthService({
      clientId,
      authority: tenant.authority,
      scopes: graphScopes(),
      armScopes: [armScope('https://management.azure.com/')],
      signInTimeoutSeconds: 20,
      fetch: fetchFor(),
      openBrowser: formPostOpener(tenant.caCertPem),
      onSignInState: () => undefined,
      onSessionChanged: () => undefined,
      logger: silentLogger,
      now: () => new Date(),
    });
  }

  function armApi(fetch: FetchLike = fetchFor()): ArmApi {
    return createArmApi({ armEndpoint: new URL(tenant.armBaseUrl).origin, fetch, logger: silentLogger, baseRetryDelayMs: 10 });
  }

  async function armToken(auth: AuthService, claims?: string): Promise<string> {
    const grant = await auth.acquire({ purpose: 'sign-in', resource: 'arm', ...(claims === undefined ? {} : { claims }) });
    if (!grant.ok) {
      throw new Error(grant.error.message);
    }
    return grant.value.accessToken;
  }

  it('lists directory roles, groups and Azure roles in one catalog, with scopes as the portal shows them', async () => {
    const auth = authFor(ADELE);
    const graphToken = await auth.acquire({ purpose: 'sign-in' });
    expect(graphToken.ok).toBe(true);
    const graph = createGraphApi({ graphEndpoint: new URL(tenant.graphBaseUrl).origin, fetch: fetchFor(), logger: silentLogger });
    const counted = instrumentFetch(fetchFor());
    tenant.control.setArmPageSize(2);
    const catalog = await readRoleCatalog(graph, graphToken.ok ? graphToken.value.accessToken : '', silentLogger, {
      arm: armApi(counted.fetch),
      token: async () => {
        const grant = await auth.acquire({ purpose: 'sign-in', resource: 'arm', allowInteractive: false });
        return grant.ok ? { ok: true, value: grant.value.accessToken } : grant;
      },
    });
    expect(catalog.azure).toEqual({ status: 'available' });
    const kinds = new Set(catalog.eligible.map((role) => role.target.kind));
    expect(kinds).toEqual(new Set(['directoryRole', 'group', 'azureResource']));
    const azure = catalog.eligible.filter((role) => role.target.kind === 'azureResource');
    expect(azure.map((role) => `${role.displayName} | ${role.scopeLabel}`).sort()).toEqual([
      'Contributor | Resource group · rg-app',
      'Contributor | Resource group · rg-sandbox',
      'Key Vault Administrator | Resource · kv-contoso-prod',
      'Owner | Subscription · Contoso Dev',
      'Owner | Subscription · Contoso Prod',
      'Reader | Subscription · Contoso Dev',
      'User Access Administrator | Management group · Contoso Platform',
    ]);
    const ownerProd = azure.find((role) => role.scopeLabel === 'Subscription · Contoso Prod');
    // The context's name comes from Graph's list of authentication contexts, read at the same time.
    expect(ownerProd?.requirements).toMatchObject({
      known: true,
      authenticationContext: { id: 'c1', displayName: 'Tier 0 admin: phishing-resistant' },
      maximumDuration: 'PT2H',
      approval: false,
    });
    expect(ownerProd?.azure).toMatchObject({ scopeKind: 'subscription', scopeDisplayName: 'Contoso Prod' });
    expect(ownerProd?.azure?.roleEligibilityScheduleId).toMatch(/roleEligibilitySchedules\/[0-9a-f-]{36}$/);
    expect(azure.find((role) => role.displayName === 'User Access Administrator')?.requirements).toMatchObject({
      approval: true,
      mfa: true,
    });
    expect(azure.find((role) => role.displayName === 'Key Vault Administrator')?.requirements).toMatchObject({
      mfa: true,
      ticket: true,
      maximumDuration: 'PT1H',
    });
    // 7 eligibilities at 2 per page (4 pages) + 1 empty page each of active instances, schedules and requests + the
    // settings of the 6 scopes holding them, one listing per scope for all 5 roles there (3 pages at 2 per page), the
    // 6 scopes in one ARM batch, each further page of them in the next: 3 batches, not one read per page and scope.
    expect(counted.count()).toBe(4 + 1 + 1 + 1 + 3);
  });

  it('leaves requirements unknown when policies are refused (403), and says "permission missing" without the ARM permission', async () => {
    const nora = authFor(NORA);
    const catalog = await readArmCatalog(armApi(), await armToken(nora), new Map(), silentLogger);
    expect(catalog.policiesReadable).toBe(false);
    expect(catalog.eligible).toHaveLength(1);
    expect(catalog.eligible[0]?.requirements.known).toBe(false);

    const graphOnly = authFor(ADELE, GRAPH_ONLY_CLIENT);
    const graphToken = await graphOnly.acquire({ purpose: 'sign-in' });
    expect(graphToken.ok).toBe(true);
    const graph = createGraphApi({ graphEndpoint: new URL(tenant.graphBaseUrl).origin, fetch: fetchFor(), logger: silentLogger });
    const listing = await readRoleCatalog(graph, graphToken.ok ? graphToken.value.accessToken : '', silentLogger, {
      arm: armApi(),
      token: async () => {
        const grant = await graphOnly.acquire({ purpose: 'sign-in', resource: 'arm', allowInteractive: false });
        return grant.ok ? { ok: true, value: grant.value.accessToken } : grant;
      },
    });
    expect(listing.azure).toMatchObject({
      status: 'permission-missing',
      message: expect.stringContaining('Azure Service Management') as unknown,
    });
    expect(listing.eligible.length).toBeGreaterThan(10);
    expect(listing.eligible.some((role) => role.target.kind === 'azureResource')).toBe(false);
  });

  it('reads the acrs 400 of the PUT with the shared parsers, and one Graph step-up serves the ARM retry silently', async () => {
    const auth = authFor(ADELE);
    const arm = armApi();
    const token = await armToken(auth);
    const principalId = (await auth.principalId()) ?? '';
    const body = armRequestBody(OWNER_PROD, principalId, 'SelfActivate', { duration: 'PT1H', justification: 'Incident 42' });
    const refusal = await arm.send('PUT', armRequestPath(PROD, randomUUID()), body, token).then(
      () => null,
      (cause: unknown) => cause,
    );
    expect(refusal).toBeInstanceOf(GraphCallError);
    const failure = (refusal as GraphCallError).failure;
    expect(failure).toMatchObject({ status: 400, code: 'RoleAssignmentRequestAcrsValidationFailed' });
    const challenge = claimsChallengeFromError(failure);
    expect(challenge).toMatchObject({ kind: 'challenge', challenge: { source: 'acrs-plain', contexts: ['c1'] } });

    // The step-up happens for Graph (as for a directory role with the same context) ...
    const stepped = await auth.acquire({ purpose: 'step-up', claims: acrsClaimsRequest(['c1']) });
    expect(stepped.ok && stepped.value.interactive).toBe(true);
    const promptsAfterStepUp = auth.prompts();
    // ... and ARM gets its c1 token silently from the same session.
    const armStepped = await auth.acquire({
      purpose: 'step-up',
      resource: 'arm',
      claims: acrsClaimsRequest(['c1']),
      allowInteractive: false,
    });
    expect(armStepped.ok && armStepped.value.interactive).toBe(false);
    expect(auth.prompts()).toBe(promptsAfterStepUp);
    const created = (await arm.send(
      'PUT',
      armRequestPath(PROD, randomUUID()),
      body,
      armStepped.ok ? armStepped.value.accessToken : '',
    )) as {
      properties: { status: string };
    };
    expect(created.properties.status).toBe('Provisioned');
  });

  it('retries a throttled read after Retry-After but never resends the PUT; maps ARM codes to clear errors', async () => {
    const auth = authFor(ADELE);
    const token = await armToken(auth);
    const arm = armApi();
    tenant.control.injectFault({
      kind: 'throttle',
      surface: 'arm',
      method: 'GET',
      path: 'roleEligibilityScheduleInstances',
      retryAfterSeconds: 1,
    });
    const started = Date.now();
    const catalog = await readArmCatalog(arm, token, new Map(), silentLogger);
    expect(catalog.eligible).toHaveLength(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const reads = tenant.control
      .journal()
      .filter((entry) => entry.surface === 'arm' && entry.path.endsWith('roleEligibilityScheduleInstances'));
    expect(reads.map((entry) => entry.status)).toEqual([429, 200]);

    tenant.control.clearJournal();
    tenant.control.injectFault({
      kind: 'unavailable',
      surface: 'arm',
      method: 'PUT',
      path: 'roleAssignmentScheduleRequests',
      afterApply: true,
    });
    const principalId = (await auth.principalId()) ?? '';
    const name = randomUUID();
    const lost = await arm
      .send('PUT', armRequestPath(DEV, name), armRequestBody(READER_DEV, principalId, 'SelfActivate', { duration: 'PT1H' }), token)
      .then(
        () => null,
        (cause: unknown) => cause,
      );
    expect((lost as GraphCallError).failure.status).toBe(503);
    expect(tenant.control.journal().filter((entry) => entry.method === 'PUT')).toHaveLength(1);
    // The 503 hid an applied request: ARM's own listing shows it active.
    const active = await readArmCatalog(arm, token, new Map(), silentLogger);
    expect(active.active.map((assignment) => assignment.displayName)).toEqual(['Reader (Contoso Dev)']);

    const again = await arm
      .send('PUT', armRequestPath(DEV, randomUUID()), armRequestBody(READER_DEV, principalId, 'SelfActivate', { duration: 'PT1H' }), token)
      .then(
        () => null,
        (cause: unknown) => cause,
      );
    expect(appErrorFromArm((again as GraphCallError).failure)).toMatchObject({
      code: 'pim/already-active',
      serviceCode: 'RoleAssignmentExists',
    });
  });
});
