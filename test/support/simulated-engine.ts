/**
 * One way to build the REAL engine (real MSAL, real Graph client, real HTTPS through our node
 * fetch) against a running simulated tenant. The engine fixture, the fault fixture, the secrets
 * gate and the benchmark all build it here; what differs between them (time-outs, log level,
 * the fetch in front of the network, the system browser, extra engine options) is an option.
 *
 * Why one place: the base configuration and the engine's wiring (event capture, log capture,
 * polling bounds) must not drift between the suites that claim to test "the real engine".
 */
import type { ResolvedConfig } from '../../src/core/config/resolve-config';
import { configForSimulatedTenant } from '../../src/demo/demo-tenant';
import { createFormFollowingBrowser } from '../../src/demo/form-following-browser';
import { createEngine } from '../../src/core/engine/create-engine';
import type { EngineHandlerOptions } from '../../src/main/ipc/engine-handlers';
import { createEngineHandlers } from '../../src/main/ipc/engine-handlers';
import type { IpcHandlers } from '../../src/shared/ipc/handlers';
import type { Engine, EngineOptions } from '../../src/core/engine/create-engine';
import { createLogger } from '../../src/core/logging/logger';
import type { LogLevel, LogRecord, Logger } from '../../src/core/logging/logger';
import type { FetchLike } from '../../src/core/net/fetch-like';
import { createUndiciFetch } from '../../src/core/net/undici-fetch';
import type { EventChannel, EventContract } from '../../src/shared/ipc/contract';
import type { JournalEntry, SimulatedTenant } from '../../src/simulated-tenant';

/** An event the engine emitted, as captured for assertions. */
export type CapturedEvent = { channel: EventChannel; payload: unknown };

/**
 * The configuration the engine runs with against `tenant`: a standard, non-kiosk configuration
 * pointed at the tenant's authority, Graph endpoint and CA. Callers override time-outs or log level.
 */
export function simulatedTenantConfig(tenant: SimulatedTenant, overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  const base: ResolvedConfig = {
    tenant: null,
    clientId: null,
    cloud: 'public',
    authorityHost: 'https://login.microsoftonline.com',
    graphEndpoint: 'https://graph.microsoft.com',
    armEndpoint: 'https://management.azure.com',
    armAudience: 'https://management.azure.com/',
    mode: 'standard',
    signInTimeoutSeconds: 20,
    alwaysFreshAuth: false,
    provisioningTimeoutSeconds: 20,
    demo: true,
    logLevel: 'debug',
    extraCaPem: [],
    sources: {},
    ignored: [],
    ...overrides,
  };
  return configForSimulatedTenant(base, tenant);
}

export type SimulatedEngineOptions = {
  readonly config: ResolvedConfig;
  /**
   * The engine's fetch (a fault tap in front of the node fetch, for instance); the default
   * system browser uses it too. Default: our node fetch trusting the tenant's CA.
   */
  readonly fetch?: FetchLike;
  /** The system browser. Default: the engine's own form-following browser over the same fetch. */
  readonly openBrowser?: (url: string, fetch: FetchLike, logger: Logger) => Promise<void>;
  /** Level of the captured log. Default: debug. */
  readonly logLevel?: LogLevel;
  /** Where log records and events go. Default: fresh arrays, returned. */
  readonly logs?: LogRecord[];
  readonly events?: CapturedEvent[];
  /** Told each event as it is emitted (after it is captured). */
  readonly onEvent?: (event: CapturedEvent) => void;
  readonly pollMaxMs?: number;
  /** Desktop ports for the IPC handlers (default: headless). */
  readonly handlers?: EngineHandlerOptions;
  /** Engine options beyond the wiring above. */
  readonly engine?: Partial<Omit<EngineOptions, 'config' | 'fetch' | 'openBrowser' | 'emit' | 'logger'>>;
};

export type SimulatedEngine = {
  readonly engine: Engine;
  /** The IPC handlers the desktop shell would serve for this engine. */
  readonly handlers: IpcHandlers;
  /** The fetch the engine was given. */
  readonly fetch: FetchLike;
  readonly logger: Logger;
  readonly logs: LogRecord[];
  readonly events: CapturedEvent[];
};

/** Builds the real engine with captured logs and events. Polling is shortened (50 ms up to `pollMaxMs`, default 300 ms). */
export function createSimulatedEngine(options: SimulatedEngineOptions): SimulatedEngine {
  const logs = options.logs ?? [];
  const events = options.events ?? [];
  const logger = createLogger({ level: options.logLevel ?? 'debug', sink: (r) => logs.push(r) });
  const fetch = options.fetch ?? createUndiciFetch({ extraCaPem: options.config.extraCaPem });
  const openBrowser = options.openBrowser;
  const engine = createEngine({
    config: options.config,
    fetch,
    openBrowser: openBrowser === undefined ? createFormFollowingBrowser(fetch, logger) : (url) => openBrowser(url, fetch, logger),
    emit: <E extends EventChannel>(channel: E, payload: EventContract[E]) => {
      events.push({ channel, payload });
      options.onEvent?.({ channel, payload });
    },
    logger,
    pollMinMs: 50,
    pollMaxMs: options.pollMaxMs ?? 300,
    ...options.engine,
  });
  return { engine, handlers: createEngineHandlers(engine, options.handlers), fetch, logger, logs, events };
}

const ACTIVATION_PATH = /\/(roleAssignmentScheduleRequests|assignmentScheduleRequests)$/;

/** Activation POSTs (directory roles and groups) the tenant received after `fromSeq`; `$batch` items excluded. */
export function activationPostsSince(tenant: SimulatedTenant, fromSeq = 0): JournalEntry[] {
  return tenant.control
    .journal()
    .filter(
      (j) => j.seq > fromSeq && j.surface === 'graph' && j.method === 'POST' && ACTIVATION_PATH.test(j.path) && j.batchItemId === null,
    );
}

/** The sequence number of the tenant's newest journal entry (0 when empty). */
export const lastJournalSeq = (tenant: SimulatedTenant): number => tenant.control.journal().at(-1)?.seq ?? 0;
