/**
 * Starts a simulated tenant: TLS material, signing key, model, the authority, Graph and Azure Resource Manager HTTPS
 * servers and the loopback control server, and wires the in-process {@link TenantControl}.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { SimulatedTenant, SimulatedTenantOptions, TenantControl } from './api-types';
import { AuthorityStore } from './authority/authority-store';
import { processSigningKey } from './auth/jwt';
import { startControlServer } from './control/control-server';
import { FaultInjector, Journal } from './control/journal-and-faults';
import { closeServer } from './http/surface-server';
import { TenantClock, TenantModel, type TenantSettings } from './model/tenant-model';
import { parseScenario, type Scenario } from './scenario/schema';
import { loadShippedScenario, shippedScenarioNames } from './scenario/shipped';
import { createTenantControl, validateUnattended, type TenantRuntime } from './tenant-control';
import { startSurfaces, type Surfaces } from './tenant-surfaces';
import { loadOrCreateTlsMaterial, type TlsMaterial } from './tls/certificates';
import { defaultStateDir } from './tls/state-dir';

/** Resolves a scenario name or object to a validated scenario; throws an Error listing every problem. */
export function resolveScenario(input: unknown): Scenario {
  let raw: unknown = input ?? 'demo';
  if (typeof raw === 'string') {
    const shipped = loadShippedScenario(raw);
    if (shipped === null) {
      throw new Error(`Unknown scenario "${raw}". Shipped scenarios: ${shippedScenarioNames.join(', ')}.`);
    }
    raw = shipped;
  }
  const parsed = parseScenario(raw);
  if (!parsed.ok) {
    throw new Error(`Invalid scenario:\n${parsed.errors.join('\n')}`);
  }
  return parsed.scenario;
}

/** Starts a simulated tenant (see index.ts for the public contract). */
export async function startSimulatedTenant(options: SimulatedTenantOptions = {}): Promise<SimulatedTenant> {
  const tls = loadOrCreateTlsMaterial(options.stateDir ?? defaultStateDir());
  const key = processSigningKey();
  let currentScenario = resolveScenario(options.scenario);
  const overrides = (): Partial<TenantSettings> => ({
    ...(options.graphPageSize === undefined ? {} : { graphPageSize: options.graphPageSize }),
    ...(options.activationDelayMs === undefined ? {} : { activationDelayMs: options.activationDelayMs }),
    ...(options.unattended === undefined ? {} : { unattended: options.unattended }),
    ...(options.strictSessions === undefined ? {} : { strictSessions: options.strictSessions }),
  });
  const runtime: TenantRuntime = {
    model: new TenantModel(currentScenario, new TenantClock(), overrides()),
    store: new AuthorityStore(),
    journal: new Journal(),
    faults: new FaultInjector(),
    renew(scenario) {
      if (scenario !== undefined && scenario !== null) {
        currentScenario = resolveScenario(scenario);
      }
      runtime.model = new TenantModel(currentScenario, new TenantClock(), overrides());
    },
  };
  validateUnattended(runtime.model, runtime.model.settings.unattended);
  const surfaces = await startSurfaces(runtime, tls, key, options.ports);
  const control = createTenantControl(runtime);
  // The control API runs only when asked for (never inside the desktop app), behind a fresh secret per run.
  const controlToken = options.controlApi === true ? randomBytes(32).toString('base64url') : null;
  const controlServer =
    controlToken === null
      ? null
      : await startControlServer({
          port: options.ports?.control ?? 0,
          control,
          journal: runtime.journal,
          token: controlToken,
          summary: () => ({
            scenario: runtime.model.scenario.name,
            tenantId: runtime.model.scenario.tenant.id,
            tenantDomain: runtime.model.scenario.tenant.domain,
            clientId: runtime.model.scenario.clientApplications[0]?.appId,
            authority: `${surfaces.origins.authority}/${runtime.model.scenario.tenant.id}`,
            graphBaseUrl: `${surfaces.origins.graph}/`,
            armBaseUrl: `${surfaces.origins.arm}/`,
            caCertPath: tls.caCertPath,
            leafSpkiSha256: tls.leafSpkiSha256,
            users: usersOf(runtime.model),
          }),
        });
  return tenantHandle(runtime, { tls, surfaces, control, controlServer, controlToken });
}

/** The demo users as the control API and the handle list them (passwords and PINs are simulated, not secrets). */
function usersOf(model: TenantModel): SimulatedTenant['users'] {
  return model.users.map((user) => ({
    username: user.userPrincipalName,
    displayName: user.displayName,
    password: user.password,
    description: user.description,
    methods: user.methods,
    pin: user.pin,
  }));
}

type Started = {
  readonly tls: TlsMaterial;
  readonly surfaces: Surfaces;
  readonly control: TenantControl;
  readonly controlServer: { readonly server: Server; readonly port: number } | null;
  readonly controlToken: string | null;
};

/** The running tenant's handle. Its identity follows the current scenario (a reset may load another tenant); URLs and TLS never change. */
function tenantHandle(runtime: TenantRuntime, started: Started): SimulatedTenant {
  const { tls, surfaces, control, controlServer } = started;
  const { origins } = surfaces;
  return {
    get tenantId() {
      return runtime.model.scenario.tenant.id;
    },
    get tenantDomain() {
      return runtime.model.scenario.tenant.domain;
    },
    get clientId() {
      return runtime.model.scenario.clientApplications[0]?.appId ?? '';
    },
    authorityHost: origins.authority,
    get authority() {
      return `${origins.authority}/${runtime.model.scenario.tenant.id}`;
    },
    graphBaseUrl: `${origins.graph}/`,
    armBaseUrl: `${origins.arm}/`,
    controlUrl: controlServer === null ? null : `http://127.0.0.1:${String(controlServer.port)}/`,
    controlToken: started.controlToken,
    caCertPem: tls.caCertPem,
    caCertPath: tls.caCertPath,
    leafSpkiSha256: tls.leafSpkiSha256,
    get users() {
      return usersOf(runtime.model);
    },
    control,
    async close() {
      await Promise.all([
        closeServer(surfaces.authority.server),
        closeServer(surfaces.graph.server),
        closeServer(surfaces.arm.server),
        ...(controlServer === null ? [] : [closeServer(controlServer.server)]),
      ]);
    },
  };
}
