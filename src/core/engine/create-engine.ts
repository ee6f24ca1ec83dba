/**
 * The engine: one object that signs in, lists, plans, activates and deactivates, as plain
 * methods. The CLI calls them directly; the desktop shell maps them onto IPC channels
 * (src/main/ipc/engine-handlers.ts).
 *
 * Electron-free: the shell injects `fetch` (Electron `net.fetch`), `openBrowser`
 * (`shell.openExternal`), an encrypted cache plugin and an event sink; the CLI injects Node
 * equivalents. Every handler returns a Result; nothing is thrown across the boundary.
 */
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
import { ok } from '../../shared/result';
import type { AuthService } from '../auth/auth-service';
import { DiagnosticsRecorder } from '../diagnostics/diagnostics-recorder';
import type { OsSummary } from '../diagnostics/os-summary';
import type { SupportBundle } from '../diagnostics/support-bundle';
import type { ActivationHistory } from '../history/activation-history';
import { NullHistory } from '../history/activation-history';
import type { ActivationIntent, IntentJournal } from '../journal/intent-journal';
import { createMemoryIntentJournal } from '../journal/intent-journal';
import type { ReconcileReport } from '../journal/reconcile-intents';
import type { ManagedSettings } from '../managed/managed-settings';
import { createGraphActivationSurface } from '../pim/graph-activation-surface';
import { createInteractiveLane } from './step-up-coordinator';
import type { PlannedPrompt } from './step-up-coordinator';
import { allowedRoles } from './allowed-roles';
import type { EnginePorts } from './engine-wiring';
import { createTenantNames, silentGraphToken } from './tenant-names';
import { engineAuth, recordedArm, recordedGraph } from './engine-wiring';
import { createArmActivationSurface } from '../arm/arm-activation-surface';
import { createRoutedSurface } from '../pim/routed-surface';
import type { ResolvedConfig } from '../config/resolve-config';
import { createCatalogAccess, notConfigured, type CatalogAccess } from './engine-catalog';
import { createEngineRuns } from './engine-runs';
import type { RequestOperations } from './request-operations';
import { createRequestOperations } from './request-operations';
import { appInfoOf, supportBundleOf } from './engine-info';
import { createIntentReconciler } from './intent-reconciler';
import type { UsableWaitOptions } from './usable-wait';

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
    // The name is a courtesy: one try, so an unreachable Graph never holds a sign-in through the read retries' back-off
    // (a failed read leaves the name unknown and is tried again at the next ask).
    graph: recordedGraph(options, recorder, now, { maxReadRetries: 0 }),
    token: async () => (auth === null ? null : await silentGraphToken(auth)),
    configuredTenant: config.tenant,
    logger: options.logger,
  });
  const auth = engineAuth({ ...options, emit: names.sink(options.emit) }, recorder, now);
  const arm = recordedArm(options, recorder, now);
  const roles = allowedRoles(managed);
  const access = createCatalogAccess({ auth, graph, arm, config, roles, emit: options.emit, log });
  const { guard } = access;
  /** Interrupted activations PIM still holds, by role id (filled by reconciling the journal, used once). */
  const resumable = new Map<string, ActivationIntent>();
  const runs = createEngineRuns({
    options,
    config,
    access,
    roles,
    graph,
    arm,
    // Directory roles and groups on Graph, Azure roles on ARM: one pipeline, the surface and token chosen per role.
    surface: createRoutedSurface(
      createGraphActivationSurface(graph, options.logger),
      arm === null ? null : createArmActivationSurface(arm),
    ),
    // One interactive sign-in at a time across every run of this engine.
    lane: createInteractiveLane(),
    journal,
    recorder,
    history,
    log,
    now,
    resumable,
    beforeActivation: () => reconciler.beforeActivation(),
  });
  const requests = createRequestOperations({
    graph,
    arm,
    history,
    log,
    now,
    guard,
    plainToken: access.plainToken,
    catalog: (a) => access.freshCatalog(a, false, false),
    states: async (a, interactive = false) => roles.toCatalog(await access.readCatalog(a, interactive, false)).states,
    lastStates: access.lastStates,
    forgetCatalog: access.forgetCatalog,
  });
  const reconciler = reconcilerFor({ auth, journal, graph, arm, recorder, log }, access, resumable);
  const reconcileIntents = (): Promise<ReconcileReport | null> => reconciler.reconcile();
  // At start: in the background, so a slow or absent network never delays the window.
  void reconcileIntents();

  const namedOrNull = async (session: SessionSummary | null): Promise<SessionSummary | null> =>
    session === null ? null : names.named(session);
  return {
    ...engineInfo(options, { config, managed, auth, recorder, history, now }),
    recorder,
    history,
    reconcileIntents,
    listRoles: access.listRoles,
    roleStates: access.roleStates,
    ...runs,
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
    signOut: () =>
      guard('Signing out', async (a) => {
        await a.signOut();
        access.forgetAll();
        return null;
      }),
    prompts: () => auth?.prompts() ?? 0,
    graphRequests: () => graph.requestCount(),
    dispose: async () => {
      await auth?.dispose();
    },
  };
}

/**
 * Reconciles intents a previous run left in the journal; what PIM still holds of an interrupted activation is kept in
 * `resumable`, so the next activation of that role follows it instead of writing.
 */
function reconcilerFor(
  deps: Omit<Parameters<typeof createIntentReconciler>[0], 'onReconciled'>,
  access: CatalogAccess,
  resumable: Map<string, ActivationIntent>,
): ReturnType<typeof createIntentReconciler> {
  return createIntentReconciler({
    ...deps,
    onReconciled: (report) => {
      access.forgetCatalog();
      for (const item of report.reconciled) {
        if (item.intent.action === 'selfActivate' && item.state === 'pending') {
          resumable.set(item.intent.roleId, item.intent);
        }
      }
    },
  });
}

/** What the app reports about itself (`app:get-info`) and what the support bundle is built from. */
function engineInfo(
  options: EngineOptions,
  parts: {
    readonly config: ResolvedConfig;
    readonly managed: ManagedSettings;
    readonly auth: AuthService | null;
    readonly recorder: DiagnosticsRecorder;
    readonly history: ActivationHistory;
    readonly now: () => Date;
  },
): Pick<Engine, 'appInfo' | 'supportBundle'> {
  const info = {
    config: parts.config,
    managed: parts.managed,
    cachePersisted: options.cachePlugin !== undefined,
    ...(options.appVersion === undefined ? {} : { appVersion: options.appVersion }),
    ...(options.signInStorage === undefined ? {} : { signInStorage: options.signInStorage }),
  };
  return {
    appInfo: (): AppInfo => appInfoOf(info),
    supportBundle: async (): Promise<SupportBundle> =>
      supportBundleOf({
        ...info,
        session: parts.auth === null ? null : await parts.auth.session().catch(() => null),
        recorder: parts.recorder,
        history: parts.history,
        managedSource: options.managedSource ?? null,
        ...(options.os === undefined ? {} : { os: options.os }),
        now: parts.now(),
      }),
  };
}
