/**
 * Lists roles with the real engine against a running simulated tenant, its requests sent in waves
 * (test/support/wave-fetch.ts), and reports what the listing cost: requests (from the tenant's journal), sequential
 * round trips (waves: each one a set of requests sent together once the client could send nothing more without an
 * answer), and after how many round trips the first eligibilities were told (`roles:progress`). The benchmark prints
 * these figures and the catalog's integration test asserts them.
 */
import type { ResolvedConfig } from '../../src/core/config/resolve-config';
import { silentLogger } from '../../src/core/logging/logger';
import { createUndiciFetch } from '../../src/core/net/undici-fetch';
import { createFormFollowingBrowser } from '../../src/demo/form-following-browser';
import type { RoleCatalog } from '../../src/shared/domain/roles';
import type { EventContract } from '../../src/shared/ipc/contract';
import type { SimulatedTenant } from '../../src/simulated-tenant';
import { requestsByPath, requestsSince } from './journal-trips';
import { createSimulatedEngine, lastJournalSeq, type CapturedEvent } from './simulated-engine';
import { createWaveFetch } from './wave-fetch';

export type ListingFigures = {
  readonly catalog: RoleCatalog;
  readonly requests: number;
  readonly trips: number;
  /** Round trips answered when the first eligibilities were told (null: never told before the finished list). */
  readonly firstEligibleTrips: number | null;
  /** Every `roles:progress` the engine emitted, in order. */
  readonly progress: readonly EventContract['roles:progress'][];
  readonly byPath: readonly [string, number][];
};

export async function listInWaves(tenant: SimulatedTenant, config: ResolvedConfig): Promise<ListingFigures> {
  const waves = createWaveFetch(createUndiciFetch({ extraCaPem: config.extraCaPem }));
  const openBrowser = createFormFollowingBrowser(waves.fetch, silentLogger);
  const progress: EventContract['roles:progress'][] = [];
  let firstWave: number | null = null;
  const onEvent = (event: CapturedEvent): void => {
    if (event.channel !== 'roles:progress') {
      return;
    }
    const payload = event.payload as EventContract['roles:progress'];
    progress.push(payload);
    if (firstWave === null && payload.eligible.length > 0) {
      firstWave = waves.answered();
    }
  };
  const { engine } = createSimulatedEngine({
    config,
    fetch: waves.fetch,
    openBrowser: (url) => openBrowser(url),
    logLevel: 'error',
    onEvent,
  });
  try {
    const signIn = await engine.signIn();
    if (!signIn.ok) {
      throw new Error(`sign-in before the listing failed: ${signIn.error.message}`);
    }
    const from = lastJournalSeq(tenant);
    const before = waves.answered();
    const listed = await engine.listRoles({ refresh: true });
    if (!listed.ok) {
      throw new Error(`listing failed: ${listed.error.message}`);
    }
    // Set by the event handler while the listing ran.
    const first = firstWave as number | null;
    return {
      catalog: listed.value,
      requests: requestsSince(tenant, from),
      trips: waves.answered() - before,
      firstEligibleTrips: first === null ? null : first - before,
      progress,
      byPath: requestsByPath(tenant, from),
    };
  } finally {
    await engine.dispose();
  }
}
