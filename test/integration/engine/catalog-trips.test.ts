/**
 * The role list in few round trips, told as it is read: the real engine (real MSAL, real HTTPS) lists a generated
 * estate of 533 eligibilities (157 Azure roles, each on its own resource group) against the simulated tenant, its
 * requests sent in waves so that round trips are counted without the clock (test/support/wave-fetch.ts).
 * Also: ARM's batch endpoint refused (the role settings are read one scope at a time, nothing lost), and batch items
 * refused or throttled (those roles' requirements unknown, the others known; never "no requirements").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadShippedScenario } from '../../../src/simulated-tenant';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import type { EligibleRole } from '../../../src/shared/domain/roles';
import { listInWaves } from '../../support/listing-trips';
import { simulatedTenantConfig } from '../../support/simulated-engine';
import { startTestTenant } from '../../support/test-tenant';
import { ADELE, AZURE_ROLE, AZURE_SCOPE, azureKey, demoScenario } from './engine-fixture';

const SANDBOX = `${AZURE_SCOPE.dev}/resourceGroups/rg-sandbox`;
const POLICIES = '/providers/Microsoft.Authorization/roleManagementPolicyAssignments';

let tenant: SimulatedTenant | null = null;
afterEach(async () => {
  await tenant?.close();
  tenant = null;
});

async function start(scenario: unknown): Promise<SimulatedTenant> {
  tenant = await startTestTenant({ scenario, unattended: { username: ADELE, methods: ['password', 'passkey'] } });
  return tenant;
}

const config = (t: SimulatedTenant) => simulatedTenantConfig(t, { logLevel: 'error', signInTimeoutSeconds: 30 });

/** Per-scope policy reads sent on their own (not as batch items). */
const scopePolicyReads = (t: SimulatedTenant) =>
  t.control.journal().filter((j) => j.surface === 'arm' && j.batchItemId === null && j.path.endsWith(POLICIES));
const batchPosts = (t: SimulatedTenant) => t.control.journal().filter((j) => j.surface === 'arm' && j.path === '/batch');

describe('the role list in few round trips', () => {
  it('lists 533 eligibilities in at most 6 round trips and 80 requests, the first ones after at most 2', async () => {
    const large = loadShippedScenario('large') as Record<string, unknown>;
    const t = await start({ ...large, generated: { user: ADELE, extraRoles: 300, extraGroups: 60, extraAzureRoles: 150 } });
    const figures = await listInWaves(t, config(t));
    const eligible = figures.catalog.eligible;
    expect(eligible).toHaveLength(533);
    expect(eligible.filter((role) => role.target.kind === 'azureResource')).toHaveLength(157);
    expect(figures.requests, JSON.stringify(figures.byPath)).toBeLessThanOrEqual(80);
    expect(figures.trips).toBeLessThanOrEqual(6);
    expect(figures.firstEligibleTrips).not.toBeNull();
    expect(figures.firstEligibleTrips ?? 99).toBeLessThanOrEqual(2);
    // ARM's role settings went in batches of 20 scopes, none one by one.
    expect(batchPosts(t).map((j) => j.status)).toEqual(Array.from({ length: 8 }, () => 200));
    expect(scopePolicyReads(t)).toEqual([]);
    // The finished list states every requirement it read; nothing is left "checking".
    expect(eligible.every((role) => role.requirements.known && role.requirements.pending === undefined)).toBe(true);
    // While reading: a role not yet settled says "pending" (not known), a settled one says what the finished list says.
    const final = new Map(eligible.map((role) => [role.id, role.requirements]));
    expect(figures.progress.length).toBeGreaterThan(1);
    expect(figures.progress[0]?.eligible.every((role) => role.requirements.pending === true)).toBe(true);
    for (const { eligible: partial } of figures.progress) {
      for (const role of partial) {
        expect(role.requirements.pending === true ? role.requirements.known : role.requirements).toEqual(
          role.requirements.pending === true ? false : final.get(role.id),
        );
      }
    }
  });

  it('reads the role settings one scope at a time when ARM refuses its batch endpoint, and loses nothing', async () => {
    const t = await start(demoScenario({}, { armBatch: false }));
    const figures = await listInWaves(t, config(t));
    const azure = figures.catalog.eligible.filter((role) => role.target.kind === 'azureResource');
    expect(azure).toHaveLength(7);
    expect(azure.every((role) => role.requirements.known)).toBe(true);
    expect(figures.catalog.policiesReadable).toBe(true);
    expect(batchPosts(t).map((j) => j.status)).toEqual([404]);
    expect(scopePolicyReads(t)).toHaveLength(6);
    // The refusal costs one round trip: the scopes are then read together.
    expect(figures.trips).toBeLessThanOrEqual(5);
  });

  it('leaves unknown exactly the roles whose batch item was refused (403) or stayed throttled (429)', async () => {
    const scenario = demoScenario() as unknown as { azure: { scopes: { id: string; policiesReadable?: boolean }[] } };
    scenario.azure.scopes = scenario.azure.scopes.map((scope) => (scope.id === SANDBOX ? { ...scope, policiesReadable: false } : scope));
    const t = await start(scenario);
    t.control.injectFault({
      kind: 'throttle',
      surface: 'arm',
      path: `^${AZURE_SCOPE.prod}${POLICIES}$`,
      times: null,
      retryAfterSeconds: 0,
    });
    const figures = await listInWaves(t, config(t));
    const byId = new Map<string, EligibleRole>(figures.catalog.eligible.map((role) => [role.id, role]));
    const requirementsOf = (scope: string, role: string) => byId.get(azureKey(scope, role))?.requirements;
    expect(requirementsOf(AZURE_SCOPE.prod, AZURE_ROLE.owner)).toMatchObject({ known: false });
    expect(requirementsOf(SANDBOX, AZURE_ROLE.contributor)).toMatchObject({ known: false });
    for (const [scope, role] of [
      [AZURE_SCOPE.dev, AZURE_ROLE.owner],
      [AZURE_SCOPE.dev, AZURE_ROLE.reader],
      [`${AZURE_SCOPE.prod}/resourceGroups/rg-app`, AZURE_ROLE.contributor],
      [AZURE_SCOPE.platformMg, AZURE_ROLE.userAccessAdmin],
    ] as const) {
      expect(requirementsOf(scope, role), `${scope} ${role}`).toMatchObject({ known: true });
    }
    expect(figures.catalog.eligible.some((role) => role.requirements.pending === true)).toBe(false);
    expect(figures.catalog.policiesReadable).toBe(false);
    // Each refusal was an item of a batch the endpoint answered (200), not a failed batch.
    expect(batchPosts(t).every((j) => j.status === 200)).toBe(true);
    const items = t.control.journal().filter((j) => j.surface === 'arm' && j.batchItemId !== null);
    expect(items.filter((j) => j.path === `${SANDBOX}${POLICIES}`).map((j) => j.status)).toEqual([403]);
    expect(new Set(items.filter((j) => j.path === `${AZURE_SCOPE.prod}${POLICIES}`).map((j) => j.status))).toEqual(new Set([429]));
    expect(scopePolicyReads(t)).toEqual([]);
  });
});
