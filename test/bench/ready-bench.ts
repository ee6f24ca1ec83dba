/**
 * Active vs usable, measured: a directory role and an Azure role activated on the simulated tenant with a
 * provisioning delay and, per plane, a propagation delay (real time, so the figures are wall-clock), then waited on
 * until the engine's ready check confirms each usable. Prints time-to-active and time-to-usable per role, from the
 * moment the activation was asked for.
 */
import { startSimulatedTenant } from '../../src/simulated-tenant';
import { createSimulatedEngine, simulatedTenantConfig } from '../support/simulated-engine';

export const READY_BENCH = { provisioningMs: 1500, directoryMs: 2500, armMs: 5000 } as const;

const ROLES = [
  { label: 'Directory role (Reports Reader)', find: (r: { id: string }) => r.id === 'role:4a5d8f65-41da-4de4-8968-e035b65339cf:/' },
  {
    label: 'Azure role (Reader on Contoso Dev)',
    find: (r: { displayName: string; target: { kind: string } }) => r.displayName === 'Reader' && r.target.kind === 'azureResource',
  },
] as const;

export async function runReadyBench(): Promise<string> {
  const tenant = await startSimulatedTenant({
    scenario: 'demo',
    unattended: { username: 'adele.admin@contoso-sim.onmicrosoft.com', methods: ['password', 'authenticatorPush'] },
  });
  try {
    const { engine } = createSimulatedEngine({
      config: simulatedTenantConfig(tenant, { logLevel: 'error' }),
      logLevel: 'error',
      engine: { readyPollMinMs: 200, readyPollMaxMs: 500 },
    });
    const catalog = await engine.listRoles({ interactive: true });
    if (!catalog.ok) {
      throw new Error(`ready bench: listing failed: ${catalog.error.message}`);
    }
    tenant.control.setActivationDelayMs(READY_BENCH.provisioningMs);
    tenant.control.setPropagationDelayMs('directory', READY_BENCH.directoryMs);
    tenant.control.setPropagationDelayMs('arm', READY_BENCH.armMs);
    const lines = [
      `Active vs usable (${String(READY_BENCH.provisioningMs)} ms provisioning; propagation ${String(READY_BENCH.directoryMs)} ms directory, ${String(READY_BENCH.armMs)} ms ARM):`,
    ];
    for (const { label, find } of ROLES) {
      const role = catalog.value.eligible.find(find);
      if (role === undefined) {
        throw new Error(`ready bench: no eligibility for ${label}`);
      }
      const asked = Date.now();
      const report = await engine.activate({ roleIds: [role.id], duration: 'PT1H', justification: 'Benchmark' });
      if (!report.ok) {
        throw new Error(`ready bench: activation failed: ${report.error.message}`);
      }
      const waited = await engine.waitUntilUsable(report.value, { timeoutMs: 60_000 });
      const outcome = waited.ok ? waited.value.outcomes[0] : undefined;
      const since = (at: string | null | undefined): string =>
        at === null || at === undefined ? 'not confirmed' : `${String(Date.parse(at) - asked)} ms`;
      lines.push(`  ${label}: time-to-active ${since(outcome?.activeAt)}, time-to-usable ${since(outcome?.usableAt)}`);
    }
    await engine.dispose();
    return lines.join('\n');
  } finally {
    await tenant.close();
  }
}
