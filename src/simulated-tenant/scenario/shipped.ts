/**
 * Scenarios shipped with the tenant: `demo` (the app's default and the training tenant) and `large` (the demo plus
 * hundreds of generated eligibilities, for benchmarks).
 */
import { demoScenario as demo } from './scenarios/demo-scenario';

export const shippedScenarioNames = ['demo', 'large'] as const;
export type ShippedScenarioName = (typeof shippedScenarioNames)[number];

/** The raw (unvalidated) scenario object for a shipped name, or `null` when there is no such scenario. */
export function loadShippedScenario(name: string): unknown {
  switch (name) {
    case 'demo':
      return structuredClone(demo);
    case 'large':
      return {
        ...(structuredClone(demo) as Record<string, unknown>),
        name: 'large',
        description:
          'The demo tenant plus 300 generated directory roles, 120 generated groups and 150 generated Azure role eligibilities, all for Adele: for benchmarks.',
        generated: { user: 'adele.admin@contoso-sim.onmicrosoft.com', extraRoles: 300, extraGroups: 120, extraAzureRoles: 150 },
      };
    default:
      return null;
  }
}
