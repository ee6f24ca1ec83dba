/**
 * The `large` scenario (hundreds of generated eligibilities) for benchmarks: it loads, pages and batches correctly.
 */
import { PageIterator, RetryHandlerOptions, type PageCollection } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { startTestTenant } from '../../support/test-tenant';
import { graphClientFor } from '../../support/tenant-clients';
import { createTenantPca, unattendedToken } from '../../support/tenant-session';

describe('large scenario', () => {
  let tenant: SimulatedTenant;
  beforeAll(async () => {
    tenant = await startTestTenant({ scenario: 'large', graphPageSize: 100 });
  });
  afterAll(async () => {
    await tenant.close();
  });

  it('lists hundreds of eligibilities over several pages and batches their policies', async () => {
    const { accessToken } = await unattendedToken(tenant, createTenantPca(tenant), 'adele.admin@contoso-sim.onmicrosoft.com', [
      'windowsHello',
    ]);
    const graph = graphClientFor(tenant.graphBaseUrl, tenant.caCertPem, () => Promise.resolve(accessToken), new RetryHandlerOptions(0, 0));
    const first = (await graph
      .api("/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')")
      .expand('roleDefinition')
      .get()) as PageCollection;
    const roles: string[] = [];
    await new PageIterator(graph, first, (item: { roleDefinitionId: string }) => {
      roles.push(item.roleDefinitionId);
      return true;
    }).iterate();
    expect(roles).toHaveLength(313);
    expect(new Set(roles).size).toBe(313);
    const groups = (await graph
      .api("/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances/filterByCurrentUser(on='principal')")
      .top(999)
      .get()) as PageCollection;
    expect(groups.value.length).toBe(100);
    expect(groups['@odata.nextLink']).toBeDefined();

    const batch = (await graph.api('/$batch').post({
      requests: roles.slice(0, 20).map((roleId, index) => ({
        id: String(index + 1),
        method: 'GET',
        url: `/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${roleId}'&$expand=policy($expand=rules)`,
      })),
    })) as { responses: { status: number; body: { value: { policy: { rules: unknown[] } }[] } }[] };
    expect(batch.responses).toHaveLength(20);
    expect(batch.responses.every((response) => response.status === 200 && response.body.value[0]?.policy.rules.length === 17)).toBe(true);
  });
});
