/**
 * Fault-suite fixture: the simulated tenant and the REAL engine (real MSAL, real Graph client,
 * real HTTPS through the engine's node fetch). Sign-in pages are completed by the engine's own
 * form-following browser (the tenant's unattended mode), so every run is the full protocol.
 *
 * A "tap" sits between the engine and the network. It only observes (activation POST bodies,
 * which hold no tokens) unless a test asks it to stand in for something the engine cannot do
 * yet: hang a request forever (the process was killed before or after the POST left).
 */
import type { ICachePlugin } from '@azure/msal-node';
import type { ResolvedConfig } from '../../../src/core/config/resolve-config';
import type { Engine } from '../../../src/core/engine/create-engine';
import type { LogRecord } from '../../../src/core/logging/logger';
import type { IntentJournal } from '../../../src/core/journal/intent-journal';
import type { FetchLike } from '../../../src/core/net/fetch-like';
import { createUndiciFetch } from '../../../src/core/net/undici-fetch';
import { loadShippedScenario, startSimulatedTenant } from '../../../src/simulated-tenant';
import type { JournalEntry, SimulatedTenant, UnattendedSignIn } from '../../../src/simulated-tenant';
import { activationPostsSince, createSimulatedEngine, lastJournalSeq, simulatedTenantConfig } from '../../support/simulated-engine';
import type { CapturedEvent } from '../../support/simulated-engine';

export const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
export const ADELE_MFA: UnattendedSignIn = { username: ADELE, methods: ['password', 'authenticatorPush'] };
/** No step-up, no approval: activates straight away for Adele. */
export const REPORTS_READER = '4a5d8f65-41da-4de4-8968-e035b65339cf';
/** Needs approval: the request stays PendingApproval. */
export const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
export const roleKey = (roleDefinitionId: string): string => `role:${roleDefinitionId}:/`;

export const activationRequest = (roleDefinitionId: string) => ({
  roleIds: [roleKey(roleDefinitionId)],
  duration: 'PT1H',
  justification: 'Fault suite CHG-7',
});

const ACTIVATION_PATH = /\/(roleAssignmentScheduleRequests|assignmentScheduleRequests)$/;

export function isActivationPost(url: string, method: string): boolean {
  return method === 'POST' && ACTIVATION_PATH.test(new URL(url).pathname);
}

export type Tap = {
  /** Bodies of activation POSTs as sent (action, target, schedule; no tokens). */
  readonly activationBodies: Record<string, unknown>[];
  /** 'before': the POST never leaves; 'after': it is sent, its answer never arrives. */
  hangActivationPost: 'before' | 'after' | null;
  /** Set once a hung POST reached the point of hanging. */
  hung: Promise<void>;
};

export function createTap(inner: FetchLike): { tap: Tap; fetch: FetchLike } {
  let markHung: () => void = () => undefined;
  const tap: Tap = {
    activationBodies: [],
    hangActivationPost: null,
    hung: new Promise<void>((resolve) => {
      markHung = resolve;
    }),
  };
  const fetch: FetchLike = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (isActivationPost(url, method) && typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as Record<string, unknown>;
      tap.activationBodies.push(body);
      if (tap.hangActivationPost === 'before') {
        markHung();
        return new Promise<Response>(() => undefined);
      }
      if (tap.hangActivationPost === 'after') {
        const sent = await inner(input, init);
        await sent.arrayBuffer();
        markHung();
        return new Promise<Response>(() => undefined);
      }
    }
    return inner(input, init);
  };
  return { tap, fetch };
}

export type EngineRun = {
  readonly engine: Engine;
  readonly tap: Tap;
  readonly logs: LogRecord[];
  readonly events: CapturedEvent[];
};

export type FaultTenant = {
  readonly tenant: SimulatedTenant;
  readonly config: ResolvedConfig;
  /** Starts an engine on this tenant (several may run in turn: a restart is a new engine). */
  startEngine(options?: {
    readonly now?: () => Date;
    readonly cachePlugin?: ICachePlugin;
    readonly config?: Partial<ResolvedConfig>;
    readonly journal?: IntentJournal;
  }): EngineRun;
  /** Activation POSTs the tenant received since `fromSeq` (batch items excluded). */
  activationPosts(fromSeq?: number): JournalEntry[];
  selfActivateRequests(): number;
  lastSeq(): number;
  close(): Promise<void>;
};

export async function startFaultTenant(
  options: { readonly scenario?: unknown; readonly unattended?: UnattendedSignIn } = {},
): Promise<FaultTenant> {
  const tenant = await startSimulatedTenant({
    scenario: options.scenario ?? loadShippedScenario('demo'),
    unattended: options.unattended ?? ADELE_MFA,
  });
  const config = simulatedTenantConfig(tenant);
  const engines: Engine[] = [];
  return {
    tenant,
    config,
    startEngine: (engineOptions = {}) => {
      const { tap, fetch } = createTap(createUndiciFetch({ extraCaPem: config.extraCaPem }));
      const { engine, logs, events } = createSimulatedEngine({
        config: { ...config, ...engineOptions.config },
        fetch,
        engine: {
          ...(engineOptions.now === undefined ? {} : { now: engineOptions.now }),
          ...(engineOptions.cachePlugin === undefined ? {} : { cachePlugin: engineOptions.cachePlugin }),
          ...(engineOptions.journal === undefined ? {} : { journal: engineOptions.journal }),
        },
      });
      engines.push(engine);
      return { engine, tap, logs, events };
    },
    activationPosts: (fromSeq = 0) => activationPostsSince(tenant, fromSeq),
    selfActivateRequests: () => tenant.control.requests().filter((r) => r.action.toLowerCase() === 'selfactivate').length,
    lastSeq: () => lastJournalSeq(tenant),
    close: async () => {
      for (const engine of engines) {
        await engine.dispose().catch(() => undefined);
      }
      await tenant.close();
    },
  };
}
