/**
 * The role catalog and pending requests of the simulated tenant's `large` scenario, read by the
 * REAL engine (MSAL sign-in completed unattended by the tenant, Graph over HTTPS), for the
 * renderer benchmark: the list it renders is the one the app would show, not a made-up one.
 */
import type { PendingRequest } from '../../src/shared/domain/activation';
import type { RoleCatalog } from '../../src/shared/domain/roles';
import { startSimulatedTenant } from '../../src/simulated-tenant';
import { createSimulatedEngine, simulatedTenantConfig } from './simulated-engine';

export async function readLargeCatalog(): Promise<{ readonly catalog: RoleCatalog; readonly pending: readonly PendingRequest[] }> {
  const tenant = await startSimulatedTenant({
    scenario: 'large',
    unattended: { username: 'adele.admin@contoso-sim.onmicrosoft.com', methods: ['password', 'authenticatorPush'] },
  });
  const { engine } = createSimulatedEngine({ config: simulatedTenantConfig(tenant), logLevel: 'error' });
  try {
    const signedIn = await engine.signIn();
    if (!signedIn.ok) {
      throw new Error(`Sign-in to the large scenario failed: ${signedIn.error.message}`);
    }
    const roles = await engine.listRoles({ refresh: true });
    if (!roles.ok) {
      throw new Error(`The large scenario's roles could not be read: ${roles.error.message}`);
    }
    const pending = await engine.listPendingRequests();
    return { catalog: roles.value, pending: pending.ok ? pending.value : [] };
  } finally {
    await engine.dispose();
    await tenant.close();
  }
}
