/**
 * Starts the simulated tenant in-process for `--demo` (or when no tenant is configured) and
 * derives the engine configuration that points at it. Nothing real is activated.
 */
import { startSimulatedTenant } from '../simulated-tenant';
import type { SimulatedTenant, SimulatedTenantOptions } from '../simulated-tenant';
import type { ResolvedConfig } from '../core/config/resolve-config';

export type DemoTenant = {
  readonly tenant: SimulatedTenant;
  readonly config: ResolvedConfig;
  close(): Promise<void>;
};

/** The configuration that targets a running simulated tenant, keeping the base's behaviour settings. */
export function configForSimulatedTenant(base: ResolvedConfig, tenant: SimulatedTenant): ResolvedConfig {
  return {
    ...base,
    tenant: tenant.tenantId,
    clientId: tenant.clientId,
    cloud: 'custom',
    authorityHost: tenant.authorityHost,
    graphEndpoint: new URL(tenant.graphBaseUrl).origin,
    armEndpoint: new URL(tenant.armBaseUrl).origin,
    armAudience: 'https://management.azure.com/',
    demo: true,
    // The simulated tenant signs in through its own pages; the Windows broker knows only Microsoft's authorities.
    broker: false,
    extraCaPem: [...base.extraCaPem, tenant.caCertPem],
  };
}

/**
 * Starts the demo tenant in this process. Never with its HTTP control API: the app and the CLI steer it in-process,
 * and a control port in the desktop app would be one more local door into the process holding the user's session.
 */
export async function startDemoTenant(base: ResolvedConfig, options: Omit<SimulatedTenantOptions, 'controlApi'> = {}): Promise<DemoTenant> {
  const tenant = await startSimulatedTenant({ ...options, controlApi: false });
  return { tenant, config: configForSimulatedTenant(base, tenant), close: () => tenant.close() };
}
