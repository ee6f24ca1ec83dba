/** The CLI flags that point `pim-stepup` at a running simulated tenant through custom endpoints (not `--demo`). */
import type { SimulatedTenant } from '../../src/simulated-tenant';

export function configuredArgs(tenant: SimulatedTenant): string[] {
  return [
    '--tenant',
    tenant.tenantId,
    '--client-id',
    tenant.clientId,
    '--authority-host',
    tenant.authorityHost,
    '--graph-endpoint',
    new URL(tenant.graphBaseUrl).origin,
  ];
}

/** configuredArgs and the tenant's Azure Resource Manager endpoint too (for Azure roles). */
export function configuredArgsWithArm(tenant: SimulatedTenant): string[] {
  return [...configuredArgs(tenant), '--arm-endpoint', new URL(tenant.armBaseUrl).origin];
}
