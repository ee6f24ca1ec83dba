/**
 * Benchmark: the engine against the simulated tenant with injected per-request latency and a
 * user with hundreds of eligibilities, beside a naive baseline measured in the same run.
 *
 * - Listing: the engine (parallel collections, each page's policies through `$batch` as it arrives, 20 per request;
 *   Azure roles from Azure Resource Manager at the same time, their settings 20 scopes per ARM batch) vs one
 *   sequential policy read per eligibility on each API. The engine's requests and round trips are counted with its
 *   requests sent in waves (test/support/wave-fetch.ts), its wall time under the injected latency.
 * - Activation of five roles sharing one authentication context: the engine (one step-up for
 *   the context, POSTs in parallel) vs one policy read and one interactive step-up per role,
 *   sequentially.
 * - Activation of three roles behind three distinct contexts with a provisioning delay: the
 *   pipelined engine (step-ups back to back, each role submitted as soon as its token is ready,
 *   one shared wait) vs a serial baseline (step up, submit, wait until active, next role), the
 *   way the engine worked before its step-up coordinator.
 * Requests are counted from the tenant's journal (a `$batch` counts once); prompts are
 * interactive sign-ins.
 */
import { createAuthService } from '../../src/core/auth/auth-service';
import { acrsClaimsRequest } from '../../src/core/auth/claims-challenge';
import { graphScopes } from '../../src/core/auth/scopes';
import { createArmApi } from '../../src/core/arm/arm-api';
import { ARM_PATHS, armPolicyPath } from '../../src/core/arm/arm-paths';
import { armInstanceSchema, armPolicyAssignmentSchema } from '../../src/core/arm/arm-schemas';
import { armScope } from '../../src/core/config/clouds';
import { createFormFollowingBrowser } from '../../src/demo/form-following-browser';
import { createGraphApi } from '../../src/core/graph/graph-api';
import { silentLogger } from '../../src/core/logging/logger';
import { createUndiciFetch } from '../../src/core/net/undici-fetch';
import { PATHS, policyPath, requestBody, requestsPath, targetKey } from '../../src/core/pim/graph-paths';
import { loadShippedScenario, startSimulatedTenant } from '../../src/simulated-tenant';
import type { SimulatedTenant } from '../../src/simulated-tenant';
import { requestsSince, tripsSince } from '../support/journal-trips';
import { listInWaves } from '../support/listing-trips';
import { createSimulatedEngine, lastJournalSeq, simulatedTenantConfig } from '../support/simulated-engine';

export type BenchRow = {
  readonly task: string;
  readonly engine: { readonly requests: number; readonly prompts: number; readonly wallMs: number; readonly trips: number };
  readonly naive: { readonly requests: number; readonly prompts: number; readonly wallMs: number; readonly trips: number };
};

/** Heap of the whole process (engine and the in-process simulated tenant) after a forced collection. */
export type BenchMemory = {
  readonly heapBeforeListingMb: number | null;
  readonly heapAfterListingMb: number | null;
  readonly rssAfterListingMb: number;
};

/** The listing's round trips counted in waves, when its first eligibilities were told, and the timing-based count. */
export type ListingTrips = { readonly firstEligibleTrips: number | null; readonly trips: number; readonly timedTrips: number };

export type BenchResult = { readonly rows: BenchRow[]; readonly memory: BenchMemory; readonly listing: ListingTrips };

/** The line `npm run bench` prints under the table about the listing's round trips. */
export function formatListingTrips(listing: ListingTrips): string {
  const first = listing.firstEligibleTrips === null ? 'never before the finished list' : `after ${String(listing.firstEligibleTrips)}`;
  return (
    `Listing: first eligibilities shown ${first} of ${String(listing.trips)} sequential round trips (requests sent in waves; ` +
    `the same listing timed from the journal under the injected latency: ${String(listing.timedTrips)}).`
  );
}

/** MB of heap in use after a full collection; null when Node was started without --expose-gc. */
function heapAfterGcMb(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    return null;
  }
  gc();
  return Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10;
}

export type BenchOptions = {
  readonly latencyMs?: number;
  readonly extraRoles?: number;
  readonly extraGroups?: number;
  readonly extraAzureRoles?: number;
  readonly log?: (line: string) => void;
};

const USER = 'adele.admin@contoso-sim.onmicrosoft.com';
/** Global Administrator (c1), Privileged Role Administrator (c2), Security Administrator (c3). */
const THREE_CONTEXTS: readonly { readonly roleId: string; readonly context: string }[] = [
  { roleId: '62e90394-69f5-4237-9190-012177145e10', context: 'c1' },
  { roleId: 'e8611ab8-c189-46e8-94e1-60213ab1f814', context: 'c2' },
  { roleId: '194ae4cb-b126-40b2-bd5b-6091b380977d', context: 'c3' },
];
/** The provisioning delay of the three-context row. */
export const PROVISIONING_DELAY_MS = 3000;
const SHARED_CONTEXT = 'c2';
const FIVE = [
  '29232cdf-9323-42fd-ade2-1d097af3e4de',
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  'c4e39bd9-1100-46d3-8c65-fb160da0071f',
];

function scenario(extraRoles: number, extraGroups: number, extraAzureRoles: number): unknown {
  const base = loadShippedScenario('large') as {
    roles: { id: string; policy?: Record<string, unknown> }[];
    conditionalAccessPolicies: { authenticationContext: string; signInFrequency: unknown }[];
    [k: string]: unknown;
  };
  return {
    ...base,
    name: 'bench',
    // Every context of the three-context row needs its own sign-in (none is satisfied by a refresh).
    conditionalAccessPolicies: base.conditionalAccessPolicies.map((policy) =>
      policy.authenticationContext === 'c3' ? { ...policy, signInFrequency: 'everyTime' } : policy,
    ),
    // The shipped `large` scenario's size unless overridden.
    roles: base.roles.map((r) =>
      FIVE.includes(r.id)
        ? {
            ...r,
            policy: { ...r.policy, authenticationContext: SHARED_CONTEXT, requireMfa: false, requireTicket: false, requireApproval: false },
          }
        : r,
    ),
    generated: { user: USER, extraRoles, extraGroups, extraAzureRoles },
  };
}

/** The same latency on every surface (a fault without a surface leaves ARM out). */
function injectLatency(tenant: SimulatedTenant, latencyMs: number): void {
  tenant.control.injectFault({ kind: 'latency', path: '/', times: null, latencyMs });
  tenant.control.injectFault({ kind: 'latency', path: '/', times: null, latencyMs, surface: 'arm' });
}

async function measure<T>(
  tenant: SimulatedTenant,
  run: () => Promise<T>,
): Promise<{ value: T; requests: number; wallMs: number; trips: number }> {
  const from = lastJournalSeq(tenant);
  const started = performance.now();
  const value = await run();
  return { value, wallMs: Math.round(performance.now() - started), requests: requestsSince(tenant, from), trips: tripsSince(tenant, from) };
}

export async function runEngineBench(options: BenchOptions = {}): Promise<BenchResult> {
  const latencyMs = options.latencyMs ?? 40;
  const log = options.log ?? (() => undefined);
  const tenant = await startSimulatedTenant({
    scenario: scenario(options.extraRoles ?? 300, options.extraGroups ?? 60, options.extraAzureRoles ?? 150),
    unattended: { username: USER, methods: ['password', 'passkey'] },
  });
  try {
    const config = simulatedTenantConfig(tenant, { signInTimeoutSeconds: 60, provisioningTimeoutSeconds: 60, logLevel: 'error' });
    const fetch = createUndiciFetch({ extraCaPem: config.extraCaPem });
    const openBrowser = createFormFollowingBrowser(fetch, silentLogger);
    injectLatency(tenant, latencyMs);

    // Engine.
    // Built like every engine test builds it; its log is kept at error level and not printed.
    const { engine } = createSimulatedEngine({ config, fetch, openBrowser: (url) => openBrowser(url), logLevel: 'error', pollMaxMs: 500 });
    const signIn = await engine.signIn();
    if (!signIn.ok) {
      throw new Error(`bench sign-in failed: ${signIn.error.message}`);
    }
    const heapBeforeListingMb = heapAfterGcMb();
    const listed = await measure(tenant, () => engine.listRoles({ refresh: true }));
    if (!listed.value.ok) {
      throw new Error(`bench listing failed: ${listed.value.error.message}`);
    }
    // The engine keeps the catalog it just read; the difference is what listing costs to hold.
    const memory: BenchMemory = {
      heapBeforeListingMb,
      heapAfterListingMb: heapAfterGcMb(),
      rssAfterListingMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
    };
    // Requests and round trips of the same listing counted without the clock (requests sent in waves): the
    // timing-based count of the row above grows when the machine is busy.
    const waved = await listInWaves(tenant, config);
    log(`listing in waves: ${String(waved.requests)} requests, ${String(waved.trips)} trips; by path: ${JSON.stringify(waved.byPath)}`);
    const eligibleCount = listed.value.value.eligible.length;
    const azureCount = listed.value.value.eligible.filter((role) => role.target.kind === 'azureResource').length;
    log(`engine listed ${String(eligibleCount)} eligibilities`);
    const promptsBefore = engine.prompts();
    const activated = await measure(tenant, () =>
      engine.activate({ roleIds: FIVE.map((id) => `role:${id}:/`), duration: 'PT1H', justification: 'Benchmark' }),
    );
    if (!activated.value.ok || activated.value.value.outcomes.some((o) => o.status !== 'active')) {
      throw new Error(`bench activation failed: ${JSON.stringify(activated.value)}`);
    }
    const enginePrompts = engine.prompts() - promptsBefore;
    await engine.dispose();

    // Naive baseline, same tenant (reset), same latency.
    tenant.control.reset();
    injectLatency(tenant, latencyMs);
    const auth = createAuthService({
      clientId: config.clientId ?? '',
      authority: `${config.authorityHost}/${config.tenant ?? ''}`,
      scopes: graphScopes(),
      armScopes: [armScope(config.armAudience)],
      signInTimeoutSeconds: 60,
      fetch,
      openBrowser,
      onSignInState: () => undefined,
      onSessionChanged: () => undefined,
      logger: silentLogger,
      now: () => new Date(),
    });
    const graph = createGraphApi({ graphEndpoint: config.graphEndpoint, fetch, logger: silentLogger });
    const plain = await auth.acquire({ purpose: 'sign-in' });
    if (!plain.ok) {
      throw new Error(`naive sign-in failed: ${plain.error.message}`);
    }
    const token = plain.value.accessToken;
    const armGrant = await auth.acquire({ purpose: 'sign-in', resource: 'arm' });
    if (!armGrant.ok || config.armEndpoint === null) {
      throw new Error(`naive ARM token failed: ${armGrant.ok ? 'no ARM endpoint' : armGrant.error.message}`);
    }
    const arm = createArmApi({ armEndpoint: config.armEndpoint, fetch, logger: silentLogger });
    type Instance = { roleDefinitionId?: string; groupId?: string; accessId?: string };
    const naiveList = await measure(tenant, async () => {
      const roles = await graph.getAll<Instance>(PATHS.roleEligibilityInstances, token);
      const groups = await graph.getAll<Instance>(PATHS.groupEligibilityInstances, token);
      await graph.getAll(PATHS.roleAssignmentInstances, token);
      await graph.getAll(PATHS.groupAssignmentInstances, token);
      for (const r of roles) {
        await graph.get(policyPath({ kind: 'directoryRole', roleDefinitionId: r.roleDefinitionId ?? '', directoryScopeId: '/' }), token);
      }
      for (const g of groups) {
        await graph.get(
          policyPath({ kind: 'group', groupId: g.groupId ?? '', accessId: g.accessId === 'owner' ? 'owner' : 'member' }),
          token,
        );
      }
      // Azure roles as the usual tools read them: the two lists, then each role's policy in turn.
      const azure = await arm.getAll(ARM_PATHS.eligibilityInstances, armGrant.value.accessToken, armInstanceSchema);
      await arm.getAll(ARM_PATHS.assignmentInstances, armGrant.value.accessToken, armInstanceSchema);
      for (const item of azure) {
        const target = { kind: 'azureResource' as const, scope: item.properties.scope, roleDefinitionId: item.properties.roleDefinitionId };
        await arm.getAll(armPolicyPath(target), armGrant.value.accessToken, armPolicyAssignmentSchema);
      }
      return roles.length + groups.length + azure.length;
    });
    const principal = (await auth.principalId()) ?? '';
    const promptsBeforeNaive = auth.prompts();
    const naiveActivate = await measure(tenant, async () => {
      for (const id of FIVE) {
        const target = { kind: 'directoryRole' as const, roleDefinitionId: id, directoryScopeId: '/' };
        await graph.get(policyPath(target), token);
        const stepUp = await auth.acquire({ purpose: 'step-up', claims: acrsClaimsRequest([SHARED_CONTEXT]), prompt: 'login' });
        if (!stepUp.ok) {
          throw new Error(`naive step-up failed: ${stepUp.error.message}`);
        }
        await graph.post(
          requestsPath(target),
          requestBody(target, principal, 'selfActivate', {
            startDateTime: new Date().toISOString(),
            duration: 'PT1H',
            justification: 'Benchmark',
          }),
          stepUp.value.accessToken,
        );
        for (let i = 0; i < 50; i += 1) {
          const active = await graph.getAll<Instance>(PATHS.roleAssignmentInstances, token);
          if (
            active.some(
              (a) =>
                targetKey({ kind: 'directoryRole', roleDefinitionId: a.roleDefinitionId ?? '', directoryScopeId: '/' }) ===
                targetKey(target),
            )
          ) {
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    });
    const naivePrompts = auth.prompts() - promptsBeforeNaive;
    await auth.dispose();
    log(`naive listed ${String(naiveList.value)} eligibilities`);
    const rows: BenchRow[] = [
      {
        task: `List ${String(eligibleCount)} eligibilities (${String(azureCount)} Azure) with requirements`,
        engine: { requests: waved.requests, prompts: 0, wallMs: listed.wallMs, trips: waved.trips },
        naive: { requests: naiveList.requests, prompts: 0, wallMs: naiveList.wallMs, trips: naiveList.trips },
      },
      {
        task: 'Activate 5 roles sharing one context',
        engine: { requests: activated.requests, prompts: enginePrompts, wallMs: activated.wallMs, trips: activated.trips },
        naive: { requests: naiveActivate.requests, prompts: naivePrompts, wallMs: naiveActivate.wallMs, trips: naiveActivate.trips },
      },
      await threeContextsRow(tenant, config, latencyMs, log),
    ];
    return { rows, memory, listing: { firstEligibleTrips: waved.firstEligibleTrips, trips: waved.trips, timedTrips: listed.trips } };
  } finally {
    await tenant.close();
  }
}

type Config = ReturnType<typeof simulatedTenantConfig>;

/**
 * Three roles behind three contexts, each activation taking `PROVISIONING_DELAY_MS` to provision:
 * the pipelined engine, then (tenant reset) a serial baseline on the same auth service and Graph
 * client: step up, submit, wait until active, then the next role.
 */
async function threeContextsRow(
  tenant: SimulatedTenant,
  config: Config,
  latencyMs: number,
  log: (line: string) => void,
): Promise<BenchRow> {
  const prepare = (): void => {
    tenant.control.reset();
    injectLatency(tenant, latencyMs);
    tenant.control.setActivationDelayMs(PROVISIONING_DELAY_MS);
  };
  const fetch = createUndiciFetch({ extraCaPem: config.extraCaPem });
  const openBrowser = createFormFollowingBrowser(fetch, silentLogger);

  prepare();
  const { engine } = createSimulatedEngine({ config, fetch, openBrowser: (url) => openBrowser(url), logLevel: 'error', pollMaxMs: 500 });
  const signIn = await engine.signIn();
  const listed = await engine.listRoles({ refresh: true });
  if (!signIn.ok || !listed.ok) {
    throw new Error('bench sign-in or listing failed before the three-context activation');
  }
  const promptsBefore = engine.prompts();
  const pipelined = await measure(tenant, () =>
    engine.activate({ roleIds: THREE_CONTEXTS.map((r) => `role:${r.roleId}:/`), duration: 'PT1H', justification: 'Benchmark' }),
  );
  if (!pipelined.value.ok || pipelined.value.value.outcomes.some((o) => o.status !== 'active')) {
    throw new Error(`bench three-context activation failed: ${JSON.stringify(pipelined.value)}`);
  }
  const pipelinedPrompts = engine.prompts() - promptsBefore;
  await engine.dispose();
  log(`pipelined: ${String(pipelined.wallMs)} ms, ${String(pipelinedPrompts)} prompts`);

  prepare();
  const auth = createAuthService({
    clientId: config.clientId ?? '',
    authority: `${config.authorityHost}/${config.tenant ?? ''}`,
    scopes: graphScopes(),
    signInTimeoutSeconds: 60,
    fetch,
    openBrowser,
    onSignInState: () => undefined,
    onSessionChanged: () => undefined,
    logger: silentLogger,
    now: () => new Date(),
  });
  const graph = createGraphApi({ graphEndpoint: config.graphEndpoint, fetch, logger: silentLogger });
  const plain = await auth.acquire({ purpose: 'sign-in' });
  if (!plain.ok) {
    throw new Error(`serial baseline sign-in failed: ${plain.error.message}`);
  }
  const principal = (await auth.principalId()) ?? '';
  const baselinePromptsBefore = auth.prompts();
  const serial = await measure(tenant, async () => {
    for (const { roleId, context } of THREE_CONTEXTS) {
      const target = { kind: 'directoryRole' as const, roleDefinitionId: roleId, directoryScopeId: '/' };
      const stepUp = await auth.acquire({ purpose: 'step-up', claims: acrsClaimsRequest([context]) });
      if (!stepUp.ok) {
        throw new Error(`serial baseline step-up failed: ${stepUp.error.message}`);
      }
      await graph.post(
        requestsPath(target),
        requestBody(target, principal, 'selfActivate', {
          startDateTime: new Date().toISOString(),
          duration: 'PT1H',
          justification: 'Benchmark',
        }),
        stepUp.value.accessToken,
      );
      // Waits until this role is active before asking for the next context, polling like the engine.
      let wait = 150;
      for (let i = 0; i < 100; i += 1) {
        const active = await graph.getAll<{ roleDefinitionId?: string }>(PATHS.roleAssignmentInstances, plain.value.accessToken);
        if (active.some((a) => a.roleDefinitionId === roleId)) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(500, Math.round(wait * 1.6));
      }
    }
  });
  const serialPrompts = auth.prompts() - baselinePromptsBefore;
  await auth.dispose();
  log(`serial: ${String(serial.wallMs)} ms, ${String(serialPrompts)} prompts`);
  return {
    task: `Activate 3 roles behind 3 contexts, ${String(PROVISIONING_DELAY_MS / 1000)} s provisioning (pipelined vs serial)`,
    engine: { requests: pipelined.requests, prompts: pipelinedPrompts, wallMs: pipelined.wallMs, trips: pipelined.trips },
    naive: { requests: serial.requests, prompts: serialPrompts, wallMs: serial.wallMs, trips: serial.trips },
  };
}

export function formatBenchTable(rows: readonly BenchRow[], latencyMs: number): string {
  const header = [
    'Task',
    'Engine req',
    'Engine prompts',
    'Engine wall',
    'Engine trips',
    'Baseline req',
    'Baseline prompts',
    'Baseline wall',
    'Baseline trips',
    'Wall ratio',
    'Req ratio',
  ];
  const body = rows.map((r) => [
    r.task,
    String(r.engine.requests),
    String(r.engine.prompts),
    `${String(r.engine.wallMs)} ms`,
    String(r.engine.trips),
    String(r.naive.requests),
    String(r.naive.prompts),
    `${String(r.naive.wallMs)} ms`,
    String(r.naive.trips),
    `${(r.naive.wallMs / Math.max(1, r.engine.wallMs)).toFixed(1)}x`,
    `${(r.naive.requests / Math.max(1, r.engine.requests)).toFixed(1)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  const pipelined = rows.find((r) => r.task.includes('pipelined vs serial'));
  const ratio =
    pipelined === undefined
      ? []
      : [
          `Pipelined vs serial, 3 contexts: ${(pipelined.naive.wallMs / Math.max(1, pipelined.engine.wallMs)).toFixed(2)}x faster ` +
            `(${String(pipelined.engine.wallMs)} ms vs ${String(pipelined.naive.wallMs)} ms; prompts ${String(pipelined.engine.prompts)} vs ${String(pipelined.naive.prompts)}).`,
        ];
  return [
    `Injected latency: ${String(latencyMs)} ms per request (tenant side). Baseline: the naive client for listing and 5 roles, the serial engine for 3 contexts. Trips: sequential round trips (longest chain of request-after-answer in the tenant journal).`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...body.map(line),
    ...ratio,
  ].join('\n');
}
