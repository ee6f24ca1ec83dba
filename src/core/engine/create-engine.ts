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
import type { ICachePlugin } from '@azure/msal-node';
import { appError } from '../../shared/errors';
import type { ActivationPlan, ActivationReport, ActivationRequest, DeactivationOutcome } from '../../shared/domain/activation';
import type { AppInfo } from '../../shared/domain/app-info';
import type { EligibleRole, RoleCatalog } from '../../shared/domain/roles';
import type { SessionSummary } from '../../shared/domain/session';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { AuthService, TokenGrant } from '../auth/auth-service';
import { createAuthService } from '../auth/auth-service';
import { graphScopes } from '../auth/scopes';
import type { ArmApi } from '../arm/arm-api';
import { createArmApi } from '../arm/arm-api';
import { armScope } from '../config/clouds';
import type { ResolvedConfig } from '../config/resolve-config';
import type { GraphApi } from '../graph/graph-api';
import { createGraphApi, GraphCallError } from '../graph/graph-api';
import { appErrorFromGraph } from '../graph/graph-failure';
import { DiagnosticsRecorder } from '../diagnostics/diagnostics-recorder';
import type { OsSummary } from '../diagnostics/os-summary';
import { osSummary } from '../diagnostics/os-summary';
import type { SupportBundle } from '../diagnostics/support-bundle';
import { buildSupportBundle } from '../diagnostics/support-bundle';
import type { ActivationHistory } from '../history/activation-history';
import { NullHistory } from '../history/activation-history';
import { historyEntriesFromReport } from '../history/history-entry';
import type { EventSink } from '../../shared/ipc/handlers';
import { createGraphIntentReader } from '../journal/graph-intent-reader';
import type { IntentJournal } from '../journal/intent-journal';
import { createMemoryIntentJournal } from '../journal/intent-journal';
import type { ReconcileReport } from '../journal/reconcile-intents';
import { reconcilePendingIntents } from '../journal/reconcile-intents';
import type { ManagedSettings } from '../managed/managed-settings';
import { isRoleAllowed } from '../managed/managed-settings';
import type { Logger } from '../logging/logger';
import type { FetchLike } from '../net/fetch-like';
import { cancelPath, requestBody, requestsPath } from '../pim/graph-paths';
import { isGraphTarget } from '../pim/target-key';
import type { CatalogSnapshot } from '../pim/role-catalog';
import { readRoleCatalog } from '../pim/role-catalog';
import { planActivation, runActivation } from './activation-runner';
import { AppFailure, toAppError } from './app-failure';
import { recordingAuth } from './recording-auth';

export type EngineOptions = {
  readonly config: ResolvedConfig;
  readonly fetch: FetchLike;
  readonly openBrowser: (url: string) => Promise<void>;
  readonly cachePlugin?: ICachePlugin;
  readonly emit: EventSink;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** App version for `app:get-info`. */
  readonly appVersion?: string;
  /** Polling bounds while following provisioning (tests shorten them). */
  readonly pollMinMs?: number;
  readonly pollMaxMs?: number;
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

export type Engine = {
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
  plan(request: ActivationRequest): Promise<Result<ActivationPlan>>;
  activate(request: ActivationRequest): Promise<Result<ActivationReport>>;
  deactivate(roleId: string, options?: { readonly interactive?: boolean }): Promise<Result<DeactivationOutcome>>;
  /** Cancels a pending request (e.g. one awaiting approval). */
  cancelRequest(requestId: string, kind: 'directoryRole' | 'group'): Promise<Result<null>>;
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
  const { tenant, clientId } = config;
  const recorder = options.recorder ?? new DiagnosticsRecorder({ now });
  const history = options.history ?? new NullHistory();
  const journal = options.journal ?? createMemoryIntentJournal({ now });
  const managed: ManagedSettings = options.managed ?? { locked: [] };

  const rawAuth: AuthService | null =
    tenant !== null && clientId !== null
      ? createAuthService({
          clientId,
          authority: `${config.authorityHost}/${tenant}`,
          scopes: graphScopes(),
          ...(config.armEndpoint === null ? {} : { armScopes: [armScope(config.armAudience)] }),
          signInTimeoutSeconds: config.signInTimeoutSeconds,
          fetch: options.fetch,
          openBrowser: options.openBrowser,
          ...(options.cachePlugin === undefined ? {} : { cachePlugin: options.cachePlugin }),
          onSignInState: (state) => {
            options.emit('sign-in:state', state);
          },
          onSessionChanged: (session) => {
            options.emit('session:changed', session);
          },
          logger: options.logger,
          now,
        })
      : null;
  const auth = rawAuth === null ? null : recordingAuth(rawAuth, recorder);
  const graph: GraphApi = createGraphApi({
    graphEndpoint: config.graphEndpoint,
    fetch: options.fetch,
    logger: options.logger,
    now,
    onCall: (call) => {
      recorder.record({
        step: `${call.method} ${call.path.replace(/^\/(v1\.0|beta)\//, '/')}`,
        outcome: call.status >= 200 && call.status < 400 ? 'succeeded' : 'failed',
        ...(call.status === -1 ? { detail: 'no answer (connection failed or timed out)' } : { httpStatus: call.status }),
        ...(call.requestId === undefined ? {} : { requestId: call.requestId }),
        ...(call.serviceCode === undefined ? {} : { serviceCode: call.serviceCode }),
        durationMs: call.durationMs,
      });
    },
  });
  const arm: ArmApi | null =
    config.armEndpoint === null
      ? null
      : createArmApi({
          armEndpoint: config.armEndpoint,
          fetch: options.fetch,
          logger: options.logger,
          now,
          onCall: (call) => {
            recorder.record({
              step: `${call.method} ${call.path}`,
              outcome: call.status >= 200 && call.status < 400 ? 'succeeded' : 'failed',
              ...(call.status === -1 ? { detail: 'no answer (connection failed or timed out)' } : { httpStatus: call.status }),
              ...(call.requestId === undefined ? {} : { requestId: call.requestId }),
              durationMs: call.durationMs,
            });
          },
        });
  let catalog: CatalogSnapshot | null = null;

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

  const plainToken = async (a: AuthService, interactive: boolean): Promise<TokenGrant> => {
    const grant = await a.acquire({ purpose: 'sign-in', allowInteractive: interactive });
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

  const freshCatalog = async (a: AuthService, interactive: boolean, refresh: boolean): Promise<CatalogSnapshot> => {
    if (!refresh && catalog !== null && Date.now() - catalog.readAt < CATALOG_REUSE_MS) {
      return catalog;
    }
    const token = await plainToken(a, interactive);
    // Azure roles are listed with an ARM token got silently from the same session: listing never prompts for ARM.
    catalog = await readRoleCatalog(graph, token.accessToken, log, {
      arm,
      token: async () => {
        const grant = await a.acquire({ purpose: 'sign-in', resource: 'arm', allowInteractive: false });
        return grant.ok ? ok(grant.value.accessToken) : grant;
      },
    });
    if (Math.abs(catalog.clockSkewSeconds) > 120) {
      log.warn('local clock differs from Graph by more than two minutes', { skewSeconds: catalog.clockSkewSeconds });
    }
    return catalog;
  };

  const allowed = (role: Pick<EligibleRole, 'id' | 'displayName' | 'target'>): boolean => isRoleAllowed(role, managed.allowedRoles);

  const toCatalog = (snapshot: CatalogSnapshot): RoleCatalog => ({
    eligible: snapshot.eligible.filter(allowed),
    active: snapshot.active,
    policiesReadable: snapshot.policiesReadable,
    serverTime: snapshot.serverTime,
    clockSkewSeconds: snapshot.clockSkewSeconds,
    ...(snapshot.azure === undefined ? {} : { azure: snapshot.azure }),
  });

  /**
   * Machine policy: roles outside the allowed list are neither shown nor activatable here. A
   * request naming one is refused as a whole, before any sign-in or Graph write, with the
   * role's name, so the admin learns it is the workstation's policy and not their eligibility.
   */
  const permitted = (request: ActivationRequest, snapshot: CatalogSnapshot): CatalogSnapshot => {
    if (managed.allowedRoles === undefined) {
      return snapshot;
    }
    const refused = request.roleIds
      .map((id) => snapshot.byId.get(id))
      .filter((role): role is EligibleRole => role !== undefined && !allowed(role));
    if (refused.length > 0) {
      throw new AppFailure(
        appError(
          'input/invalid',
          `This workstation's policy does not allow activating ${refused.map((r) => r.displayName).join(', ')} here; use a workstation where it is allowed, or ask your administrator.`,
          { issues: refused.map((r) => ({ path: 'roleIds', message: `"${r.displayName}" is not in this machine's allowed roles.` })) },
        ),
      );
    }
    const eligible = snapshot.eligible.filter(allowed);
    return { ...snapshot, eligible, byId: new Map(eligible.map((role) => [role.id, role])) };
  };

  const listRoles: Engine['listRoles'] = (listOptions = {}) =>
    guard('Reading your roles', async (a) =>
      toCatalog(await freshCatalog(a, listOptions.interactive ?? false, listOptions.refresh ?? true)),
    );

  const plan: Engine['plan'] = (request) =>
    guard('Planning the activation', async (a) => {
      const snapshot = permitted(request, await freshCatalog(a, false, false));
      const session = await a.session();
      return planActivation(request, snapshot, config.alwaysFreshAuth, session?.evidence ?? null);
    });

  const activate: Engine['activate'] = (request) =>
    guard('The activation', async (a) => {
      await reconcileBeforeActivation();
      const snapshot = permitted(request, await freshCatalog(a, true, false));
      recorder.record({ step: `activation of ${String(request.roleIds.length)} role(s) for ${request.duration}`, outcome: 'started' });
      const report = await runActivation(request, snapshot, {
        journal,
        graph,
        auth: a,
        logger: options.logger,
        principalId: await principal(a),
        alwaysFreshAuth: config.alwaysFreshAuth,
        provisioningTimeoutMs: config.provisioningTimeoutSeconds * 1000,
        emitProgress: (progress) => {
          options.emit('activation:progress', progress);
        },
        newId: randomUUID,
        ...(options.pollMinMs === undefined ? {} : { pollMinMs: options.pollMinMs }),
        ...(options.pollMaxMs === undefined ? {} : { pollMaxMs: options.pollMaxMs }),
      });
      catalog = null;
      for (const outcome of report.outcomes) {
        const step = `activate ${outcome.displayName}`;
        if (outcome.error === undefined) {
          recorder.record({
            step,
            outcome: 'succeeded',
            detail: outcome.status,
            ...(outcome.requestId === undefined ? {} : { requestId: outcome.requestId }),
            durationMs: outcome.elapsedMs,
          });
        } else {
          recorder.recordError(step, outcome.error);
        }
      }
      const kept = await history.append(historyEntriesFromReport(report, request, now()));
      if (!kept.ok) {
        log.warn('The activation history could not be updated', { code: kept.error.code, reason: kept.error.message });
      }
      return report;
    });

  const deactivate: Engine['deactivate'] = (roleId, deactivateOptions = {}) =>
    guard('The deactivation', async (a) => {
      const snapshot = await freshCatalog(a, deactivateOptions.interactive ?? false, true);
      const assignment = snapshot.active.find((x) => x.id === roleId);
      if (assignment === undefined) {
        return {
          roleId,
          status: 'failed',
          error: appError('pim/not-active', 'This role is not active for you, so there is nothing to deactivate.'),
        } as const;
      }
      if (assignment.assignmentType !== 'Activated') {
        return {
          roleId,
          status: 'failed',
          error: appError('pim/not-active', 'This role is permanently assigned, not activated through PIM; it cannot be deactivated here.'),
        } as const;
      }
      const target = assignment.target;
      if (!isGraphTarget(target)) {
        return {
          roleId,
          status: 'failed',
          error: appError('input/invalid', 'Azure resource roles cannot be deactivated by this version yet; use the Azure portal.'),
        } as const;
      }
      // PIM refuses deactivation within 5 minutes of activation (ActiveDurationTooShort); the
      // service decides, because only its clock counts, and its answer is mapped to a clear message.
      const token = await plainToken(a, deactivateOptions.interactive ?? false);
      const principalId = await principal(a);
      // Like activations: the intent is on record before the POST, and cleared once PIM answered definitively.
      const clientRequestId = randomUUID();
      await journal.record({ id: clientRequestId, roleId, target: assignment.target, action: 'selfDeactivate' }).catch((cause: unknown) => {
        log.warn('the deactivation intent could not be recorded', { roleId, error: cause });
      });
      const settle = () =>
        journal.clear(clientRequestId).catch((cause: unknown) => {
          log.warn('the deactivation intent could not be cleared', { roleId, error: cause });
        });
      try {
        const resource = await graph.post<{ id?: string; status?: string }>(
          requestsPath(target),
          requestBody(target, principalId, 'selfDeactivate'),
          token.accessToken,
          { clientRequestId },
        );
        await settle();
        catalog = null;
        recorder.record({
          step: `deactivate ${assignment.displayName}`,
          outcome: 'succeeded',
          ...(resource.id === undefined ? {} : { requestId: resource.id }),
        });
        return { roleId, status: 'deactivated', ...(resource.id === undefined ? {} : { requestId: resource.id }) } as const;
      } catch (cause) {
        if (cause instanceof GraphCallError) {
          if (cause.failure.status >= 400 && cause.failure.status < 500) {
            await settle();
          }
          const error = appErrorFromGraph(cause.failure, 'The deactivation');
          recorder.recordError(`deactivate ${assignment.displayName}`, error);
          return { roleId, status: 'failed', error } as const;
        }
        throw cause;
      }
    });

  const cancelRequest: Engine['cancelRequest'] = (requestId, kind) =>
    guard('Cancelling the request', async (a) => {
      const token = await plainToken(a, false);
      await graph.post(cancelPath(kind, requestId), {}, token.accessToken);
      catalog = null;
      return null;
    });

  /**
   * Reconciles the intents a previous run left behind, reading only. Needs a silent token; when
   * there is none yet (nobody signed in), it is tried again before the next activation, so an
   * interrupted activation is always known before anything new is sent.
   */
  let reconciled = false;
  let reconciling: Promise<ReconcileReport | null> | null = null;
  const reconcileIntents = (): Promise<ReconcileReport | null> => {
    reconciling ??= (async () => {
      if (auth === null || reconciled) {
        return null;
      }
      const pending = await journal.read();
      if (pending.intents.length === 0 && pending.problems.length === 0) {
        reconciled = true;
        return null;
      }
      const grant = await auth.acquire({ purpose: 'sign-in', allowInteractive: false });
      if (!grant.ok) {
        log.info('Interrupted activations found; they will be checked after sign-in', { intents: pending.intents.length });
        return null;
      }
      const report = await reconcilePendingIntents(
        journal,
        createGraphIntentReader({ graph, token: () => Promise.resolve(grant.value.accessToken) }),
      );
      reconciled = report.reconciled.every((r) => r.state !== 'unknown');
      for (const problem of report.problems) {
        recorder.record({ step: 'intent journal', outcome: 'failed', detail: problem });
        log.warn('Intent journal problem', { problem });
      }
      for (const item of report.reconciled) {
        recorder.record({
          step: `reconcile interrupted ${item.intent.action} ${item.intent.roleId}`,
          outcome: item.state === 'unknown' ? 'failed' : 'info',
          detail: `${item.state}: ${item.message}`,
        });
        log.info('Reconciled an interrupted activation without resending it', {
          roleId: item.intent.roleId,
          clientRequestId: item.intent.id,
          state: item.state,
          message: item.message,
        });
      }
      if (report.reconciled.length > 0) {
        catalog = null;
      }
      return report;
    })()
      .catch((cause: unknown) => {
        log.warn('Interrupted activations could not be checked', { error: cause });
        return null;
      })
      .finally(() => {
        reconciling = null;
      });
    return reconciling;
  };
  const reconcileBeforeActivation = async (): Promise<void> => {
    if (!reconciled) {
      await reconcileIntents();
    }
  };
  // At start: in the background, so a slow or absent network never delays the window.
  void reconcileIntents();

  const supportBundle = async (): Promise<SupportBundle> => {
    const session = auth === null ? null : await auth.session().catch(() => null);
    return buildSupportBundle({
      app: { version: options.appVersion ?? '0.1.0', mode: config.mode },
      os: options.os ?? osSummary(),
      tenant: { id: config.tenant, simulated: config.demo, cloud: config.cloud },
      configuration: {
        tenant: config.tenant,
        clientId: config.clientId,
        cloud: config.cloud,
        authorityHost: config.authorityHost,
        graphEndpoint: config.graphEndpoint,
        mode: config.mode,
        signInTimeoutSeconds: config.signInTimeoutSeconds,
        alwaysFreshAuth: config.alwaysFreshAuth,
        provisioningTimeoutSeconds: config.provisioningTimeoutSeconds,
        logLevel: config.logLevel,
        extraCaCertificates: config.extraCaPem.length,
        allowedRoles: managed.allowedRoles ?? null,
        historyKept: history.enabled,
      },
      managed: { source: options.managedSource ?? null, locked: managed.locked },
      evidence: session?.evidence ?? null,
      timeline: recorder.entries(),
      droppedSteps: recorder.dropped,
      generatedAt: now(),
    });
  };

  const appInfo = (): AppInfo => ({
    version: options.appVersion ?? '0.1.0',
    tenant: {
      kind: config.demo ? 'simulated' : 'configured',
      tenantId: config.tenant ?? '',
      cloud: config.cloud,
      authorityHost: config.authorityHost,
      graphEndpoint: config.graphEndpoint,
    },
    mode: config.mode,
    // The shell decorates this (createSetupHandlers); the engine alone never asks the first-run question.
    firstRun: false,
    signInSurface: 'system-browser',
    signInStorage: options.signInStorage ?? {
      persisted: options.cachePlugin !== undefined,
      reason: options.cachePlugin === undefined ? 'Tokens are kept in memory only: no token cache was configured.' : null,
    },
    policy: {
      justificationTemplates: managed.justificationTemplates ?? [],
      ticketSystem: managed.ticketSystem ?? null,
      endSessionAfterActivation: config.mode === 'kiosk' && managed.endSessionAfterActivation !== false,
      idleTimeoutMinutes: config.mode === 'kiosk' ? (managed.idleTimeoutMinutes ?? null) : null,
      // Kiosk workstations are where a help desk talks an admin through the steps.
      guidedByDefault: config.mode === 'kiosk',
      allowedRolesRestricted: managed.allowedRoles !== undefined,
    },
  });

  const signOut = (): Promise<Result<null>> =>
    guard('Signing out', async (a) => {
      await a.signOut();
      catalog = null;
      return null;
    });

  return {
    appInfo,
    recorder,
    history,
    supportBundle,
    reconcileIntents,
    listRoles,
    plan,
    activate,
    deactivate,
    cancelRequest,
    session: async () => (auth === null ? null : auth.session()),
    readSession: () => guard('Reading the session', (a) => a.session()),
    signIn: async () => (auth === null ? notConfigured() : auth.signIn()),
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
