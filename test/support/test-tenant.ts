/**
 * Starts the simulated tenant for the tenant's own integration suites, with its TLS material
 * kept in one test-only state directory (apart from the demo's), so the suites reuse one CA
 * instead of each choosing a directory of its own.
 */
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { join } from 'node:path';
import { startSimulatedTenant } from '../../src/simulated-tenant';
import type { SimulatedTenant } from '../../src/simulated-tenant';

export const TEST_TENANT_STATE_DIR = join(tmpdir(), 'pim-sim-test-state-constrained');

export function startTestTenant(
  options: Omit<NonNullable<Parameters<typeof startSimulatedTenant>[0]>, 'stateDir'> = {},
): Promise<SimulatedTenant> {
  return startSimulatedTenant({ ...options, stateDir: TEST_TENANT_STATE_DIR });
}

/**
 * One simulated tenant for a test file (or describe block): started before its tests, closed after them, and reset
 * before each test (`reset(scenario)`, the shipped default unless named). `use` receives the started tenant, so the
 * file keeps its own `tenant` variable: `useTestTenant((started) => (tenant = started));`. A file's own `beforeEach`
 * registered after this runs after the reset.
 */
export function useTestTenant(use: (tenant: SimulatedTenant) => void, scenario?: 'demo'): void {
  let tenant: SimulatedTenant | undefined;
  beforeAll(async () => {
    tenant = await startTestTenant();
    use(tenant);
  });
  afterAll(async () => {
    await tenant?.close();
  });
  beforeEach(() => {
    tenant?.control.reset(scenario);
  });
}
