/**
 * Test fixture: the simulated tenant, the REAL engine (real MSAL, real Graph client, real
 * HTTPS through our node fetch) and a real Chromium playing the system browser.
 *
 * The tenant's unattended mode completes its sign-in pages as the configured user and methods;
 * Chromium loads the authorize URL exactly as the system browser would and its page posts the
 * result to MSAL's loopback. Chromium trusts the tenant's leaf certificate by SPKI pin.
 */
import { chromium } from 'playwright-core';
import { afterAll, afterEach, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ResolvedConfig } from '../../../src/core/config/resolve-config';
import type { Engine, EngineOptions } from '../../../src/core/engine/create-engine';
import type { ActivationReport } from '../../../src/shared/domain/activation';
import type { IpcHandlers } from '../../../src/shared/ipc/handlers';
import type { LogRecord } from '../../../src/core/logging/logger';
import { loadShippedScenario, startSimulatedTenant } from '../../../src/simulated-tenant';
import type { SimulatedTenant, UnattendedSignIn } from '../../../src/simulated-tenant';
import { signInBrowserLaunchOptions } from '../../support/chromium';
import { activationPostsSince, createSimulatedEngine, lastJournalSeq, simulatedTenantConfig } from '../../support/simulated-engine';
import type { CapturedEvent } from '../../support/simulated-engine';

export const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
export const NORA = 'nora.noread@contoso-sim.onmicrosoft.com';
export const PAUL = 'paul.password@contoso-sim.onmicrosoft.com';

export const ROLE = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdmin: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  securityAdmin: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  exchangeAdmin: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  sharePointAdmin: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  userAdmin: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  helpdeskAdmin: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  reportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  applicationAdmin: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  authenticationAdmin: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
} as const;

export const roleKey = (roleDefinitionId: string): string => `role:${roleDefinitionId}:/`;

/** The demo tenant's Azure scopes and the built-in Azure role definitions the engine tests activate there. */
export const AZURE_SCOPE = {
  prod: '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11',
  dev: '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22',
  platformMg: '/providers/Microsoft.Management/managementGroups/contoso-platform',
} as const;

export const AZURE_ROLE = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  userAccessAdmin: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
} as const;

/** The engine's key for an Azure role at a scope. */
export const azureKey = (scope: string, roleDefinitionId: string): string => `azure:${scope.toLowerCase()}:${roleDefinitionId}`;

type ScenarioRole = { id: string; displayName: string; policy?: Record<string, unknown> };
type Scenario = { roles: ScenarioRole[]; settings?: Record<string, unknown>; [key: string]: unknown };

/** The shipped demo scenario with some role policies changed. */
export function demoScenario(policies: Record<string, Record<string, unknown>> = {}, settings: Record<string, unknown> = {}): Scenario {
  const scenario = loadShippedScenario('demo') as Scenario;
  scenario.roles = scenario.roles.map((role) => {
    const override = policies[role.id];
    return override === undefined ? role : { ...role, policy: { ...(role.policy ?? {}), ...override } };
  });
  scenario.settings = { ...(scenario.settings ?? {}), ...settings };
  return scenario;
}

export type Fixture = {
  readonly tenant: SimulatedTenant;
  /** The configuration the engine runs with (pointing at the simulated tenant). */
  readonly config: ResolvedConfig;
  readonly engine: Engine;
  /** The IPC handlers the desktop shell serves for this engine. */
  readonly handlers: IpcHandlers;
  readonly events: CapturedEvent[];
  readonly logs: LogRecord[];
  readonly opened: string[];
  /** How many Chromium sign-in pages completed (each is one interactive prompt). */
  readonly browserSignIns: () => number;
  /** Activation POSTs (directory roles and groups) in the tenant's journal since `fromSeq`. */
  activationPosts(fromSeq?: number): { status: number; action: string | null; seq: number }[];
  lastSeq(): number;
  close(): Promise<void>;
};

let sharedBrowser: Promise<Browser> | null = null;

/** One Chromium per test file (started lazily, closed by `closeBrowser`). */
export function browser(): Promise<Browser> {
  sharedBrowser ??= chromium.launch(signInBrowserLaunchOptions());
  return sharedBrowser;
}

export async function closeBrowser(): Promise<void> {
  idleTabs = [];
  if (sharedBrowser !== null) {
    const b = await sharedBrowser;
    sharedBrowser = null;
    await b.close();
  }
}

/** A browser profile with one tab, used by one sign-in at a time. */
type Tab = { readonly context: BrowserContext; readonly page: Page };

/** Tabs whose sign-in completed, kept for the next sign-in of any fixture of this file. */
let idleTabs: Tab[] = [];

/**
 * A tab for one sign-in: a kept one with its cookies cleared, so the tenant sees a browser without a session exactly
 * as with a new profile, or a new one. A new page costs Chromium a renderer process (about 0.35 s of CPU here, a third
 * of what the integration tests spent in Chromium); navigating a kept tab costs a fraction of that. Sign-ins in
 * flight together each have a tab of their own.
 */
async function takeTab(b: Browser): Promise<Tab> {
  const kept = idleTabs.pop();
  if (kept !== undefined && !kept.page.isClosed()) {
    await kept.context.clearCookies();
    return kept;
  }
  // The tenant's CA is created at runtime; trust is scoped to this one context.
  const context = await b.newContext({ ignoreHTTPSErrors: true });
  return { context, page: await context.newPage() };
}

export type FixtureOptions = {
  readonly scenario?: unknown;
  readonly unattended: UnattendedSignIn | null;
  readonly config?: Partial<ResolvedConfig>;
  /** Replaces Chromium as the system browser (cancel and time-out tests). */
  readonly openBrowser?: (url: string) => Promise<void>;
  /**
   * Sees each sign-in first and decides: `chromium(url)` completes it in Chromium as usual; not
   * calling it leaves the sign-in waiting (to cancel it, for instance). Ignored with `openBrowser`.
   */
  readonly browseVia?: (url: string, chromium: (url: string) => Promise<void>) => Promise<void>;
  /** Engine options beyond the fixture's own (history, journal, machine policy, cache plugin, recorder). */
  readonly engine?: Partial<Pick<EngineOptions, 'history' | 'journal' | 'managed' | 'recorder' | 'cachePlugin'>>;
};

/** Fixtures started and not closed yet: `closeFixturesAfterEachTest` closes them after each test. */
const openFixtures = new Set<Fixture>();

/**
 * The one lifecycle of the engine test files: every fixture a test started is closed after it (whatever the test
 * did with it), and the shared Chromium after the file.
 */
export function closeFixturesAfterEachTest(): void {
  afterEach(async () => {
    for (const fixture of [...openFixtures]) {
      await fixture.close();
    }
  });
  afterAll(async () => {
    await closeBrowser();
  });
}

export async function startFixture(options: FixtureOptions): Promise<Fixture> {
  const tenant = await startSimulatedTenant({ scenario: options.scenario ?? 'demo', unattended: options.unattended });
  // Overrides apply after the tenant's own settings, so a test may replace any of them.
  const config = { ...simulatedTenantConfig(tenant, { signInTimeoutSeconds: 30 }), ...options.config };
  const opened: string[] = [];
  const logs: LogRecord[] = [];
  let signIns = 0;
  const b = options.openBrowser === undefined ? await browser() : null;
  // Tabs whose sign-in has not finished: closed with the fixture, never kept.
  const busyTabs = new Set<Tab>();
  let closing: Promise<void> | null = null;
  const openInChromium = async (url: string): Promise<void> => {
    if (b === null) {
      return;
    }
    const tab = await takeTab(b);
    busyTabs.add(tab);
    await tab.page.goto(url);
    // The tenant's page auto-submits to MSAL's loopback, which answers with our success or error template.
    await tab.page.waitForURL(/^http:\/\/(localhost|127\.0\.0\.1):\d+\/?/, { timeout: 15_000 });
    signIns += 1;
    busyTabs.delete(tab);
    // A fixture closing closes the tabs it was using, this one included when its sign-in ended in between.
    if (closing === null) {
      idleTabs.push(tab);
    }
  };
  const { engine, handlers, events } = createSimulatedEngine({
    config,
    logs,
    openBrowser: async (url) => {
      opened.push(url);
      if (options.openBrowser !== undefined) {
        await options.openBrowser(url);
        return;
      }
      const inChromium = (target: string): Promise<void> =>
        openInChromium(target).catch((cause: unknown) => {
          logs.push({ level: 'error', time: new Date().toISOString(), message: `chromium: ${String(cause)}` });
        });
      if (options.browseVia !== undefined) {
        await options.browseVia(url, (target) => {
          void inChromium(target);
          return Promise.resolve();
        });
        return;
      }
      void inChromium(url);
    },
    pollMaxMs: 400,
    ...(options.engine === undefined ? {} : { engine: options.engine }),
  });
  const fixture: Fixture = {
    tenant,
    config,
    engine,
    handlers,
    events,
    logs,
    opened,
    browserSignIns: () => signIns,
    activationPosts: (fromSeq = 0) =>
      activationPostsSince(tenant, fromSeq).map((j) => ({ status: j.status, action: j.action, seq: j.seq })),
    lastSeq: () => lastJournalSeq(tenant),
    // Once, however often it is asked (a test may close its fixture before the lifecycle does).
    close: () => {
      openFixtures.delete(fixture);
      closing ??= (async () => {
        await engine.dispose();
        for (const tab of busyTabs) {
          await tab.context.close().catch(() => undefined);
        }
        await tenant.close();
      })();
      return closing;
    },
  };
  openFixtures.add(fixture);
  return fixture;
}

/**
 * A fixture whose person is signed in (and, with `readRoles`, whose role list was read once), failing the test with the
 * answer when either is refused: the one sign-in set-up of the engine tests.
 */
export async function startSignedIn(options: FixtureOptions, check: { readonly readRoles?: boolean } = {}): Promise<Fixture> {
  const fixture = await startFixture(options);
  const session = await fixture.handlers['auth:sign-in']();
  expect(session.ok, JSON.stringify(session)).toBe(true);
  if (check.readRoles === true) {
    const roles = await fixture.engine.listRoles();
    expect(roles.ok, JSON.stringify(roles)).toBe(true);
  }
  return fixture;
}

/** The report of an activation that must have run (the test fails with the answer otherwise). */
export function activated(result: { ok: true; value: ActivationReport } | { ok: false; error: unknown }): ActivationReport {
  expect(result.ok, JSON.stringify(result)).toBe(true);
  if (!result.ok) {
    throw new Error('activation failed');
  }
  return result.value;
}

/**
 * For a test file whose tests each sign in afresh: starts a fixture per test with the given unattended sign-in,
 * closed after the test (and the shared browser after the file).
 */
export function signedInPerTest(username: string, methods: readonly string[]): () => Promise<Fixture> {
  closeFixturesAfterEachTest();
  return () => startSignedIn({ unattended: { username, methods: [...methods] } });
}
