/**
 * The ARM activation surface (the interface the engine's submitter and follower drive) against the simulated ARM
 * surface with real MSAL tokens: a context-bound Owner activated after one Graph step-up reused silently for ARM,
 * approval, deactivation, cancel, and a PUT whose answer is lost reconciled by its name with no second PUT.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { createArmApi } from '../../../src/core/arm/arm-api';
import { cancelAzureRequest, createArmActivationSurface, deactivateAzureRole } from '../../../src/core/arm/arm-activation-surface';
import { readArmCatalog } from '../../../src/core/arm/arm-catalog';
import { appErrorFromArm } from '../../../src/core/arm/arm-failure';
import { createAuthService, type AuthService } from '../../../src/core/auth/auth-service';
import { acrsClaimsRequest, claimsChallengeFromError } from '../../../src/core/auth/claims-challenge';
import { graphScopes } from '../../../src/core/auth/scopes';
import { armScope } from '../../../src/core/config/clouds';
import type { GraphCallError } from '../../../src/core/graph/graph-api';
import { silentLogger } from '../../../src/core/logging/logger';
import { createUndiciFetch } from '../../../src/core/net/undici-fetch';
import { azureRequestId } from '../../../src/shared/domain/azure-request-id';
import type { AzureResourceTarget } from '../../../src/shared/domain/roles';
import { useTestTenant } from '../../support/test-tenant';
import { formPostOpener } from '../../support/tenant-session';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
const PROD = '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11';
const DEV = '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22';
const MG = '/providers/Microsoft.Management/managementGroups/contoso-platform';
const target = (scope: string, guid: string): AzureResourceTarget => ({
  kind: 'azureResource',
  scope,
  roleDefinitionId: `${scope.startsWith('/subscriptions/') ? scope : ''}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
});
const OWNER_PROD = target(PROD, '8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
const READER_DEV = target(DEV, 'acdd72a7-3385-48ef-bd42-f606fba81ae7');
const UAA_MG = target(MG, '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9');
const DETAILS = { startDateTime: new Date().toISOString(), duration: 'PT1H', justification: 'Change 4711' };

describe('ARM activation surface', () => {
  let tenant: SimulatedTenant;
  let auth: AuthService;

  useTestTenant((started) => (tenant = started));
  beforeEach(() => {
    tenant.control.setUnattended({ username: ADELE, methods: ['windowsHello'] });
    auth = createAuthService({
      clientId: tenant.clientId,
      authority: tenant.authority,
      scopes: graphScopes(),
      armScopes: [armScope('https://management.azure.com/')],
      signInTimeoutSeconds: 20,
      fetch: createUndiciFetch({ extraCaPem: [tenant.caCertPem] }),
      openBrowser: formPostOpener(tenant.caCertPem),
      onSignInState: () => undefined,
      onSessionChanged: () => undefined,
      logger: silentLogger,
      now: () => new Date(),
    });
  });

  const arm = () =>
    createArmApi({
      armEndpoint: new URL(tenant.armBaseUrl).origin,
      fetch: createUndiciFetch({ extraCaPem: [tenant.caCertPem] }),
      logger: silentLogger,
    });
  const token = async (claims?: string): Promise<string> => {
    const grant = await auth.acquire({
      purpose: claims === undefined ? 'sign-in' : 'step-up',
      resource: 'arm',
      ...(claims === undefined ? {} : { claims }),
    });
    if (!grant.ok) {
      throw new Error(grant.error.message);
    }
    return grant.value.accessToken;
  };
  const principal = async () => (await auth.principalId()) ?? '';

  it('activates an Owner behind c1 after one Graph step-up, and its request and instance carry the catalog key', async () => {
    const api = arm();
    const surface = createArmActivationSurface(api);
    const plain = await token();
    const refused = await surface.submit(OWNER_PROD, await principal(), DETAILS, plain, randomUUID()).then(
      () => null,
      (cause: unknown) => cause as GraphCallError,
    );
    const challenge = claimsChallengeFromError(refused?.failure ?? { status: 0 });
    expect(challenge).toMatchObject({ kind: 'challenge', challenge: { contexts: ['c1'] } });

    const claims = acrsClaimsRequest(['c1']);
    const graphStepUp = await auth.acquire({ purpose: 'step-up', claims });
    expect(graphStepUp.ok && graphStepUp.value.interactive).toBe(true);
    const prompts = auth.prompts();
    const name = randomUUID();
    const request = await surface.submit(OWNER_PROD, await principal(), DETAILS, await token(claims), name);
    expect(auth.prompts()).toBe(prompts);
    const catalog = await readArmCatalog(api, plain, new Map(), silentLogger);
    const ownerId = catalog.eligible.find((role) => role.scopeLabel === 'Subscription · Contoso Prod')?.id;
    // The request is named by the client's GUID and reported by its full ARM id (it is cancelled at its scope).
    const id = azureRequestId(PROD, name);
    expect(request).toMatchObject({ id, status: 'Provisioned', action: 'SelfActivate', targetKey: ownerId });
    expect((await surface.instances('azureResource', plain)).map((instance) => instance.targetKey)).toEqual([ownerId]);
    expect((await surface.requests('azureResource', plain)).map((item) => item.id)).toEqual([id]);
  });

  it('reconciles a PUT whose answer was lost by its name, with exactly one PUT sent', async () => {
    const api = arm();
    const surface = createArmActivationSurface(api);
    const plain = await token();
    tenant.control.clearJournal();
    tenant.control.injectFault({ kind: 'reset-after-apply', surface: 'arm', method: 'PUT', path: 'roleAssignmentScheduleRequests' });
    const name = randomUUID();
    const lost = await surface.submit(READER_DEV, await principal(), DETAILS, plain, name).then(
      () => null,
      (cause: unknown) => cause as GraphCallError,
    );
    expect(lost?.failure.status).toBe(-1);
    const found = (await surface.requests('azureResource', plain)).find((item) => item.id === azureRequestId(DEV, name));
    expect(found).toMatchObject({ status: 'Provisioned' });
    expect(tenant.control.journal().filter((entry) => entry.method === 'PUT')).toHaveLength(1);
  });

  it('holds an approval role pending, cancels it, and deactivates after the 5-minute minimum', async () => {
    const api = arm();
    const surface = createArmActivationSurface(api);
    const plain = await token();
    const name = randomUUID();
    const pending = await surface.submit(UAA_MG, await principal(), DETAILS, plain, name);
    expect(pending.status).toBe('PendingApproval');
    await cancelAzureRequest(api, MG, name, plain);
    expect((await surface.requests('azureResource', plain)).find((item) => item.id === azureRequestId(MG, name))?.status).toBe('Canceled');

    await surface.submit(READER_DEV, await principal(), DETAILS, plain, randomUUID());
    const tooSoon = await deactivateAzureRole(api, READER_DEV, await principal(), plain, randomUUID()).then(
      () => null,
      (cause: unknown) => cause as GraphCallError,
    );
    expect(appErrorFromArm(tooSoon?.failure ?? { status: 0, code: '', message: '' }).code).toBe('pim/active-duration-too-short');
    tenant.control.advanceClock(6 * 60_000);
    const refreshed = await auth.acquire({ purpose: 'sign-in', resource: 'arm', forceRefresh: true });
    if (!refreshed.ok) {
      throw new Error(refreshed.error.message);
    }
    const fresh = refreshed.value.accessToken;
    const revoked = await deactivateAzureRole(api, READER_DEV, await principal(), fresh, randomUUID());
    expect(revoked).toMatchObject({ status: 'Revoked', action: 'SelfDeactivate' });
    expect(await surface.instances('azureResource', fresh)).toEqual([]);
  });
});
