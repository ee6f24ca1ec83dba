/**
 * Starts the simulated tenant for the tenant's own integration suites, with its TLS material
 * kept in one test-only state directory (apart from the demo's), so the suites reuse one CA
 * instead of each choosing a directory of its own.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatedTenant } from '../../src/simulated-tenant';
import type { SimulatedTenant } from '../../src/simulated-tenant';

export const TEST_TENANT_STATE_DIR = join(tmpdir(), 'pim-sim-test-state-constrained');

export function startTestTenant(
  options: Omit<NonNullable<Parameters<typeof startSimulatedTenant>[0]>, 'stateDir'> = {},
): Promise<SimulatedTenant> {
  return startSimulatedTenant({ ...options, stateDir: TEST_TENANT_STATE_DIR });
}
