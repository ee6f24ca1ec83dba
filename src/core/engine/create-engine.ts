/**
 * The engine: one object that signs in, lists, plans, activates and deactivates, as plain
 * methods. The CLI calls them directly; the desktop shell maps them onto IPC channels
 * (src/main/ipc/engine-handlers.ts).
 *
 * Electron-free: the shell injects `fetch` (Electron `net.fetch`), `openBrowser`
 * (`shell.openExternal`), an encrypted cache plugin and an event sink; the CLI injects Node
 * equivalents. Every handler returns a Result; nothing is thrown across the boundary.
 */
import { randomUUID } from 'node:crypto';
import { appError } from '../../shared/errors';
import type {
  ActivationPlan,
  ActivationReport,
  ActivationRequest,
  DeactivationOutcome,
  ExtensionOutcome,
  ExtensionRequest,
} from '../../shared/domain/activation';
import type { AppInfo } from '../../shared/domain/app-info';
import type { RoleStateModel } from '../../shared/domain/role-state';
import type { RoleCatalog } from '../../shared/domain/roles';
import type { SessionSummary } from '../../shared/domain/session';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { AuthService, TokenGrant, TokenResource } from '../auth/auth-service';
import { GraphCallError } from '../graph/graph-api';
import { appErrorFromGraph } from '../graph/graph-failure';
import { DiagnosticsRecorder } from '../diagnostics/diagnostics-recorder';
import type { OsSummary } from '../diagnostics/os-summary';
import type { SupportBundle } from '../diagnostics/support-bundle';
import type { ActivationHistory } from '../history/activation-history';
import { NullHistory } from '../history/activation-history';
import type { ActivationIntent, IntentJournal } from '../journal/intent-journal';
import { createMemoryIntentJournal } from '../journal/intent-journal';
import type { ReconcileReport } from '../journal/reconcile-intents';
import type { ManagedSettings } from '../managed/managed-settings';
import type { CatalogSnapshot } from '../pim/role-catalog';
import { readRoleCatalog } from '../pim/role-catalog';
import { createGraphActivationSurface } from '../pim/graph-activation-surface';
import { runActivation } from './activation-runner';
import type { PlanFacts } from './plan-activation';
import { needsMfaFirst, planActivation } from './plan-activation';
import type { SignInFacts } from '../pim/sign-in-facts';
import { readSignInFacts } from '../pim/sign-in-facts';
import { createInteractiveLane } from './step-up-coordinator';
import type { PlannedPrompt } from './step-up-coordinator';
import { allowedRoles } from './allowed-roles';
import { AppFailure, toAppError } from './app-failure';
import type { EnginePorts } from './engine-wiring';
import { createTenantNames, silentGraphToken } from './tenant-names';
import { engineAuth, recordedArm, recordedGraph } from './engine-wiring';
import { createArmActivationSurface } from '../arm/arm-activation-surface';
import { createRoutedSurface } from '../pim/routed-surface';
import type { RequestOperations } from './request-operations';
import { createRequestOperations } from './request-operations';
import { deactivateRole } from './deactivate-role';
import { requestExtension } from './request-extension';
import { graphNow } from './run-context';
import { appInfoOf, supportBundleOf } from './engine-info';
import { createIntentReconciler } from './intent-reconciler';
import { recordActivation, recordRoleEvent } from './record-activation';
import { deactivationEntry, extensionEntry } from '../history/role-events';
import { createReadyCheck } from './ready-check';
import type { UsableWaitDeps, UsableWaitOptions } from './usable-wait';
import { waitUntilUsable } from './usable-wait';
import type { EligibleRole } from '../../shared/domain/roles';

export type EngineOptions = EnginePorts & {
  readonly now?: () => Date;
  /** App version for `app:get-info`. */
  readonly appVersion?: string;
  /** Polling bounds while following provisioning (tests shorten them). */
  readonly pollMinMs?: number;
  readonly pollMaxMs?: number;
  /** Polling bounds of the ready check's wait (default 1 s backing off to 15 s). */
  readonly readyPollMinMs?: number;
  readonly readyPollMaxMs?: number;
  /** The diagnostics timeline the engine feeds (default: a fresh one). Kiosk purges clear it. */
  readonly recorder?: DiagnosticsRecorder;
  /** Where finished activations are kept (default: nothing is kept, as in kiosk mode). */
  readonly history?: ActivationHistory;
  /** Intents recorded before each activation POST (default: memory only). */
  readonly journal?: IntentJournal;
  /** Machine policy (allowed roles, templates, ticket system, kiosk timings); default: unmanaged. */
  readonly managed?: ManagedSettings;
  /** The machine configuration file, for the support bundle; null when unmanaged. */
  readonly managedSource?: string | null;
  /** Whether tokens survive a restart, as the token cache decided (default: persisted when a cache plugin is given). */
  readonly signInStorage?: AppInfo['signInStorage'];
  readonly os?: OsSummary;
};

export type Engine = RequestOperations & {
  /** What the app reports about itself and its policy (`app:get-info`). */
  appInfo(): AppInfo;
  readonly recorder: DiagnosticsRecorder;
  readonly history: ActivationHistory;
  /** What "Copy diagnostics" and "Save support bundle" are built from, right now. */
  supportBundle(): Promise<SupportBundle>;
  /**
   * Reconciles intents a previous run left in the journal (read only, never a resend). Runs at
   * start; runs again before an activation when the start found no silent token. Null when there
   * was nothing to do or no silent token yet.
   */
  reconcileIntents(): Promise<ReconcileReport | null>;
  /** Lists roles; `interactive: true` opens the browser when no silent sign-in works (the CLI). */
  listRoles(options?: { readonly interactive?: boolean; readonly refresh?: boolean }): Promise<Result<RoleCatalog>>;
  /**
   * Where each role stands (the role-state model), read afresh without the policies: eligibilities, assignments,
   * schedules and requests. Every read of the model is also pushed as the `roles:states` event.
   */
  roleStates(options?: { readonly interactive?: boolean }): Promise<Result<RoleStateModel>>;
  plan(request: ActivationRequest): Promise<Result<ActivationPlan>>;
  /**
   * Activates, then asks once whether each role PIM reported active is usable yet (`usableAt`). `hooks.onPlan` hears
   * the prompts that follow, in order, before the first of them (the CLI prints it).
   */
  activate(request: ActivationRequest, hooks?: ActivationHooks): Promise<Result<ActivationReport>>;
  /**
   * Waits (bounded by `timeoutMs`) until every role of the report that PIM reported active is confirmed usable
   * (the ready check, docs/protocol.md "Active and usable"); returns the report with `usableAt` stamped.
   */
  waitUntilUsable(report: ActivationReport, options: Omit<UsableWaitOptions, 'pollMinMs' | 'pollMaxMs'>): Promise<Result<ActivationReport>>;
  /** `refresh: false` reuses a catalog read within the last minute (the CLI deactivates several roles from one read). */
  deactivate(
    roleId: string,
    options?: { readonly interactive?: boolean; readonly refresh?: boolean },
  ): Promise<Result<DeactivationOutcome>>;
  /**
   * Asks an administrator to lengthen a time-bound assignment they made (`selfExtend`); directory roles only. The
   * request waits for their decision (`PendingAdminDecision`) and shows among the pending requests.
   */
  requestExtension(request: ExtensionRequest): Promise<Result<ExtensionOutcome>>;
  session(): Promise<SessionSummary | null>;
  /** The session as a Result: "not configured" and read failures are data (`auth:get-session`). */
  readSession(): Promise<Result<SessionSummary | null>>;
  signIn(): Promise<Result<SessionSummary>>;
  /** Abandons the interactive sign-in in flight, if any. */
  cancelSignIn(): void;
  signOut(): Promise<Result<null>>;
  /** Interactive prompts so far (benchmarks). */
  prompts(): number;
  /** Graph HTTP requests so far (benchmarks). */
  graphRequests(): number;
  dispose(): Promise<void>;
};

export type { ArmRead, GraphRead } from './request-operations';

export type ActivationHooks = {
  readonly onPlan?: (prompts: readonly PlannedPrompt[]) => void;
};

const CATALOG_REUSE_MS = 60_000;

function notConfigured(): Result<never> {
  return err(
    appError('config/invalid', 'No tenant is configured: pass --tenant and --client-id, or run with --demo for the simulated tenant.'),
  );
}

export function createEngine(options: EngineOptions): Engine {
  const { config } = options;
  const log = options.logger.child({ area: 'engine' });
  const now = options.now ?? (() => new Date());
  const recorder = options.recorder ?? new DiagnosticsRecorder({ now });
  const history = options.history ?? new NullHistory();
  const journal = options.journal ?? createMemoryIntentJournal({ now });
  const managed: ManagedSettings = options.managed ?? { locked: [] };

  const graph = recordedGraph(options, recorder, now);
  // The tenant by name on every session the engine hands out; the token is got silently when asked for.
  const names = createTenantNames({
    graph,
    token: async () => (auth === null ? null : await silentGraphToken(auth)),
    configuredTenant: config.tenant,
    logger: options.logger,
  });
  const auth = engineAuth({ ...options, emit: names.sink(options.emit) }, recorder, now);
  const arm = recordedArm(options, recorder, now);
  // Directory roles and groups on Graph, Azure roles on ARM: one pipeline, the surface and token chosen per role.
  const surface = createRoutedSurface(
    createGraphActivationSurface(graph, options.logger),
    arm === null ? null : createArmActivationSurface(arm),
  );
  /** Interrupted activations PIM still holds, by role id (filled by reconciling the journal, used once). */
  const resumable = new Map<string, ActivationIntent>();
  /** One interactive sign-in at a time across every run of this engine. */
  const lane = createInteractiveLane();
  let catalog: CatalogSnapshot | null = null;
  let facts: { readonly value: SignInFacts; readonly readAt: number } | null = null;

  /** Runs a flow, turning AppFailure and Graph errors into data. */
  const guard = async <T>(what: string, run: (auth: AuthService) => Promise<T>): Promise<Result<T>> => {
    if (auth === null) {
      return notConfigured();
    }
    try {
      return ok(await run(auth));
    } catch (cause) {
      if (cause instanceof GraphCallError) {
        return err(appErrorFromGraph(cause.failure, what));
      }
      if (!(cause instanceof AppFailure)) {
        log.error(`${what} failed unexpectedly`, { error: cause });
      }
      return err(toAppError(cause));
    }
  };

  const plainToken = async (a: AuthService, interactive: boolean, resource: TokenResource = 'graph'): Promise<TokenGrant> => {
    const grant = await a.acquire({ purpose: 'sign-in', allowInteractive: interactive, resource });
    if (!grant.ok) {
      throw new AppFailure(grant.error);
    }
    return grant.value;
  };

  const principal = async (a: AuthService): Promise<string> => {
    const id = await a.principalId();
    if (id === null) {
      throw new AppFailure(appError('auth/not-signed-in', 'You are not signed in; sign in to continue.'));
    }
    return id;
  };

  /** The one reader: eligibilities, assignments, schedules, requests and (unless told not to) the policies. */
  const readCatalog = async (a: AuthService, interactive: boolean, policies: boolean): Promise<CatalogSnapshot> => {
    const token = await plainToken(a, interactive);
    // Azure roles are listed with an ARM token got silently from the same session: listing never prompts for ARM.
    const snapshot = await readRoleCatalog(
      graph,
      token.accessToken,
      log,
      {
        arm,
        token: async () => {
          const grant = await a.acquire({ purpose: 'sign-in', resource: 'arm', allowInteractive: false });
          return grant.ok ? ok(grant.value.accessToken) : grant;
        },
      },
      {
        policies,
        // The list while it is read, filtered like the finished one (machine policy's allowed roles).
        onProgress: (eligible) => {
          options.emit('roles:progress', { eligible: roles.allowedEligible(eligible) });
        },
      },
    );
    options.emit('roles:states', toCatalog(snapshot).states);
    return snapshot;
  };

  const freshCatalog = async (a: AuthService, interactive: boolean, refresh: boolean): Promise<CatalogSnapshot> => {
    if (!refresh && catalog !== null && Date.now() - catalog.readAt < CATALOG_REUSE_MS) {
      return catalog;
    }
    catalog = await readCatalog(a, interactive, true);
    if (Math.abs(catalog.clockSkewSeconds) > 120) {
      log.warn('local clock differs from Graph by more than two minutes', { skewSeconds: catalog.clockSkewSeconds });
    }
    return catalog;
  };

  const roles = allowedRoles(managed);
  const { toCatalog, permitted } = roles;

  const roleStates: Engine['roleStates'] = (stateOptions = {}) =>
    guard('Reading where your roles stand', async (a) => toCatalog(await readCatalog(a, stateOptions.interactive ?? false, false)).states);

  const listRoles: Engine['listRoles'] = (listOptions = {}) =>
    guard('Reading your roles', async (a) =>
      toCatalog(await freshCatalog(a, listOptions.interactive ?? false, listOptions.refresh ?? true)),
    );

  /** The tenant's Conditional Access policies and strengths, read with the catalog's plain token and kept as long. */
  const readFacts = async (a: AuthService): Promise<SignInFacts> => {
    if (facts !== null && Date.now() - facts.readAt < CATALOG_REUSE_MS) {
      return facts.value;
    }
    const value = await readSignInFacts(graph, (await plainToken(a, false)).accessToken, log);
    facts = { value, readAt: Date.now() };
    return value;
  };

  const planFacts = async (a: AuthService): Promise<PlanFacts> => {
    const [session, userId, value] = await Promise.all([a.session(), a.principalId(), readFacts(a)]);
    return { alwaysFresh: config.alwaysFreshAuth, evidence: session?.evidence ?? null, facts: value, userId, now: graphNow(graph)() };
  };

  /** Roles of the activations this engine ran, for the ready check. */
  const activatedRoles = new Map<string, EligibleRole>();
  const usableDeps = (a: AuthService): UsableWaitDeps => ({
    check: createReadyCheck({
      graph,
      arm,
      logger: options.logger,
      token: async (resource, fresh) => {
        const grant = await a.acquire({ purpose: 'sign-in', resource, allowInteractive: false, ...(fresh ? { forceRefresh: true } : {}) });
        if (!grant.ok) {
          throw new AppFailure(grant.error);
        }
        return grant.value.accessToken;
      },
    }),
    roles: (roleId) => activatedRoles.get(roleId),
    serverNow: (role) => (role.target.kind === 'azureResource' && arm !== null ? graphNow(arm) : graphNow(graph))(),
    logger: options.logger,
  });

  const plan: Engine['plan'] = (request) =>
    guard('Planning the activation', async (a) => {
      const snapshot = permitted(request, await freshCatalog(a, false, false));
      return planActivation(request, snapshot, await planFacts(a));
    });

  const activate: Engine['activate'] = (request, hooks = {}) =>
    guard('The activation', async (a) => {
      await reconciler.beforeActivation();
      const snapshot = permitted(request, await freshCatalog(a, true, false));
      recorder.record({ step: `activation of ${String(request.roleIds.length)} role(s) for ${request.duration}`, outcome: 'started' });
      const known = await planFacts(a);
      const resuming = new Map([...resumable].filter(([roleId]) => request.roleIds.includes(roleId)));
      for (const roleId of resuming.keys()) {
        resumable.delete(roleId);
      }
      const report = await runActivation(request, snapshot, {
        mfaFirst: (role) => needsMfaFirst(role, known),
        journal,
        resumable: resuming,
        graph,
        surface,
        lane,
        auth: a,
        logger: options.logger,
        principalId: await principal(a),
        alwaysFreshAuth: config.alwaysFreshAuth,
        provisioningTimeoutMs: config.provisioningTimeoutSeconds * 1000,
        emitProgress: (progress) => {
          options.emit('activation:progress', progress);
        },
        newId: randomUUID,
        ...(hooks.onPlan === undefined ? {} : { onPlan: hooks.onPlan }),
        ...(options.pollMinMs === undefined ? {} : { pollMinMs: options.pollMinMs }),
        ...(options.pollMaxMs === undefined ? {} : { pollMaxMs: options.pollMaxMs }),
      });
      catalog = null;
      for (const role of snapshot.eligible) {
        activatedRoles.set(role.id, role);
      }
      // One look, no waiting: a role honoured at once says so; the rest say "not yet confirmed".
      const checked = await waitUntilUsable(report, usableDeps(a), { timeoutMs: 0 });
      await recordActivation(checked, request, { recorder, history, log, now: now() });
      return checked;
    });

  const waitUsable: Engine['waitUntilUsable'] = (report, waitOptions) =>
    guard('Checking that the roles are usable', (a) =>
      waitUntilUsable(report, usableDeps(a), {
        ...waitOptions,
        ...(options.readyPollMinMs === undefined ? {} : { pollMinMs: options.readyPollMinMs }),
        ...(options.readyPollMaxMs === undefined ? {} : { pollMaxMs: options.readyPollMaxMs }),
      }),
    );

  const deactivate: Engine['deactivate'] = (roleId, deactivateOptions = {}) =>
    guard('The deactivation', async (a) => {
      const interactive = deactivateOptions.interactive ?? false;
      const snapshot = await freshCatalog(a, interactive, deactivateOptions.refresh ?? true);
      const outcome = await deactivateRole(roleId, snapshot, {
        graph,
        arm,
        journal,
        recorder,
        log,
        token: async (resource) => (await plainToken(a, interactive, resource)).accessToken,
        principalId: () => principal(a),
      });
      if (outcome.status === 'deactivated') {
        catalog = null;
      }
      const assignment = snapshot.active.find((x) => x.id === roleId);
      await recordRoleEvent(deactivationEntry(outcome, assignment, now()), { history, log });
      return outcome;
    });

  const extend: Engine['requestExtension'] = (request) =>
    guard('The extension request', async (a) => {
      const snapshot = await freshCatalog(a, true, true);
      const outcome = await requestExtension(request, snapshot, {
        surface,
        auth: a,
        lane,
        journal,
        logger: options.logger,
        principalId: () => principal(a),
        newId: randomUUID,
        serverNow: graphNow(graph),
      });
      recorder.record({ step: `extension request for ${request.roleId}`, outcome: 'succeeded', requestId: outcome.requestId });
      const name = snapshot.active.find((x) => x.id === request.roleId)?.displayName ?? request.roleId;
      await recordRoleEvent(extensionEntry(outcome, request, name, now()), { history, log });
      return outcome;
    });

  const requests = createRequestOperations({
    graph,
    arm,
    history,
    log,
    now,
    guard,
    plainToken,
    catalog: (a) => freshCatalog(a, false, false),
    states: async (a, interactive = false) => toCatalog(await readCatalog(a, interactive, false)).states,
    lastStates: () => catalog?.states ?? null,
    forgetCatalog: () => {
      catalog = null;
    },
  });

  const reconciler = createIntentReconciler({
    auth,
    journal,
    graph,
    arm,
    recorder,
    log,
    onReconciled: (report) => {
      catalog = null;
      for (const item of report.reconciled) {
        // PIM holds the request an interrupted run sent: the next activation of that role follows it instead of writing.
        if (item.intent.action === 'selfActivate' && item.state === 'pending') {
          resumable.set(item.intent.roleId, item.intent);
        }
      }
    },
  });
  const reconcileIntents = (): Promise<ReconcileReport | null> => reconciler.reconcile();
  // At start: in the background, so a slow or absent network never delays the window.
  void reconcileIntents();

  const info = {
    config,
    managed,
    cachePersisted: options.cachePlugin !== undefined,
    ...(options.appVersion === undefined ? {} : { appVersion: options.appVersion }),
    ...(options.signInStorage === undefined ? {} : { signInStorage: options.signInStorage }),
  };
  const supportBundle = async (): Promise<SupportBundle> =>
    supportBundleOf({
      ...info,
      session: auth === null ? null : await auth.session().catch(() => null),
      recorder,
      history,
      managedSource: options.managedSource ?? null,
      ...(options.os === undefined ? {} : { os: options.os }),
      now: now(),
    });
  const appInfo = (): AppInfo => appInfoOf(info);
  const namedOrNull = async (session: SessionSummary | null): Promise<SessionSummary | null> =>
    session === null ? null : names.named(session);

  const signOut = (): Promise<Result<null>> =>
    guard('Signing out', async (a) => {
      await a.signOut();
      catalog = null;
      facts = null;
      return null;
    });

  return {
    appInfo,
    recorder,
    history,
    supportBundle,
    reconcileIntents,
    listRoles,
    roleStates,
    plan,
    activate,
    waitUntilUsable: waitUsable,
    deactivate,
    requestExtension: extend,
    ...requests,
    session: async () => (auth === null ? null : namedOrNull(await auth.session())),
    readSession: () => guard('Reading the session', async (a) => namedOrNull(await a.session())),
    signIn: async () => {
      const result = auth === null ? notConfigured() : await auth.signIn();
      return result.ok ? ok(await names.named(result.value)) : result;
    },
    cancelSignIn: () => {
      auth?.cancel();
    },
    signOut,
    prompts: () => auth?.prompts() ?? 0,
    graphRequests: () => graph.requestCount(),
    dispose: async () => {
      await auth?.dispose();
    },
  };
}
