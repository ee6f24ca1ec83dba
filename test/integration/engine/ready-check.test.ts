/**
 * Active is not usable: the real engine activates a directory role, a group membership and an Azure role on a
 * simulated tenant whose planes honour new activations only after per-plane propagation delays (the tenant's clock),
 * and its ready check reports each one usable exactly when that plane does: the directory through
 * `me/transitiveMemberOf`, the group through `me/checkMemberGroups`, Azure through ARM's effective permissions at the
 * role's scope checked against the role definition. Time moves only on the tenant's clock.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ActivationReport } from '../../../src/shared/domain/activation';
import { NOT_CONFIRMED_NOTE } from '../../../src/core/engine/usable-wait';
import { startSimulatedTenant } from '../../../src/simulated-tenant';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { createSimulatedEngine, simulatedTenantConfig } from '../../support/simulated-engine';
import { ADELE, ROLE, roleKey } from './engine-fixture';

const GROUP = 'group:7a435917-cd76-49e7-a3df-51a745d9bfda:member';
const DEV = '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22';

let tenant: SimulatedTenant | null = null;
afterAll(async () => {
  await tenant?.close();
});

const usable = (report: ActivationReport): Record<string, boolean> =>
  Object.fromEntries(report.outcomes.map((o) => [o.displayName, o.usableAt !== null && o.usableAt !== undefined]));

describe('ready check: active vs usable, per plane', () => {
  it('reports each role usable when its plane honours it, never before, with activeAt and usableAt', async () => {
    tenant = await startSimulatedTenant({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const { engine } = createSimulatedEngine({ config: simulatedTenantConfig(tenant, { logLevel: 'warn' }), logLevel: 'warn' });
    expect((await engine.signIn()).ok).toBe(true);
    const catalog = await engine.listRoles();
    const reader = catalog.ok
      ? catalog.value.eligible.find((r) => r.displayName === 'Reader' && r.target.kind === 'azureResource')
      : undefined;
    expect(reader?.target).toMatchObject({ scope: DEV });
    tenant.control.setPropagationDelayMs('directory', 5 * 60_000);
    tenant.control.setPropagationDelayMs('groups', 7 * 60_000);
    tenant.control.setPropagationDelayMs('arm', 10 * 60_000);

    const activated = await engine.activate({
      roleIds: [roleKey(ROLE.reportsReader), GROUP, reader?.id ?? ''],
      duration: 'PT2H',
      justification: 'Ready check',
    });
    expect(activated.ok, JSON.stringify(activated)).toBe(true);
    const report = activated.ok ? activated.value : null;
    if (report === null) {
      return;
    }
    expect(report.outcomes.map((o) => o.status)).toEqual(['active', 'active', 'active']);
    for (const outcome of report.outcomes) {
      expect(outcome.activeAt).toMatch(/^\d{4}-/);
      expect(outcome.usableAt).toBeNull();
      expect(outcome.usableNote).toBe(NOT_CONFIRMED_NOTE);
    }

    tenant.control.advanceClock(6 * 60_000);
    const later = await engine.waitUntilUsable(report, { timeoutMs: 0 });
    expect(later.ok && usable(later.value)).toEqual({
      'Reports Reader': true,
      'PIM - Azure Subscription Owners (member)': false,
      Reader: false,
    });

    tenant.control.advanceClock(2 * 60_000);
    const groups = await engine.waitUntilUsable(later.ok ? later.value : report, { timeoutMs: 0 });
    expect(groups.ok && usable(groups.value)).toEqual({
      'Reports Reader': true,
      'PIM - Azure Subscription Owners (member)': true,
      Reader: false,
    });

    tenant.control.advanceClock(3 * 60_000);
    const all = await engine.waitUntilUsable(groups.ok ? groups.value : report, { timeoutMs: 0 });
    expect(all.ok && usable(all.value)).toEqual({
      'Reports Reader': true,
      'PIM - Azure Subscription Owners (member)': true,
      Reader: true,
    });
    const final = all.ok ? all.value.outcomes : [];
    // By the service's clock: each usable after its plane's delay, and the first stamp is kept.
    const gap = (name: string): number => {
      const o = final.find((x) => x.displayName === name);
      return Date.parse(o?.usableAt ?? '') - Date.parse(o?.activeAt ?? '');
    };
    expect(gap('Reports Reader')).toBeGreaterThanOrEqual(5 * 60_000);
    expect(gap('Reports Reader')).toBeLessThan(7 * 60_000);
    expect(gap('Reader')).toBeGreaterThanOrEqual(10 * 60_000);
    // The probes the tenant saw: Graph's directory roles and group membership, ARM's permissions at the role's scope.
    const paths = tenant.control.journal().map((j) => `${j.method} ${j.path}`);
    expect(paths).toContain('GET /v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole');
    expect(paths).toContain('POST /v1.0/me/checkMemberGroups');
    expect(paths).toContain(`GET ${DEV}/providers/Microsoft.Authorization/permissions`);
    await engine.dispose();
  });
});
