/**
 * The engine: one object that signs in, lists, plans, activates and deactivates, exposed as
 * the IPC handlers of every channel (the desktop app) and as plain methods (the CLI).
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
import type { RoleCatalog } from '../../shared/domain/roles';
import type { SessionSummary } from '../../shared/domain/session';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { AuthService, TokenGrant } from '../auth/auth-service';
import { createAuthService } from '../auth/auth-service';
import { graphScopes } from '../auth/scopes';
import type { ResolvedConfig } from '../config/resolve-config';
import type { GraphApi } from '../graph/graph-api';
import { createGraphApi, GraphCallError } from '../graph/graph-api';
import { appErrorFromGraph } from '../graph/graph-failure';
import type { EventSink, IpcHandlers } from '../ipc/ipc-router';
import type { Logger } from '../logging/logger';
import type { FetchLike } from '../net/fetch-like';
import { cancelPath, requestBody, requestsPath } from '../pim/graph-paths';
import type { CatalogSnapshot } from '../pim/role-catalog';
import { readRoleCatalog } from '../pim/role-catalog';
import { planActivation, runActivation } from './activation-runner';
import { AppFailure, toAppError } from './app-failure';

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
};

export type Engine = {
  readonly handlers: IpcHandlers;
  /** Lists roles; `interactive: true` opens the browser when no silent sign-in works (the CLI). */
  listRoles(options?: { readonly interactive?: boolean; readonly refresh?: boolean }): Promise<Result<RoleCatalog>>;
  plan(request: ActivationRequest): Promise<Result<ActivationPlan>>;
  activate(request: ActivationRequest): Promise<Result<ActivationReport>>;
  deactivate(roleId: string, options?: { readonly interactive?: boolean }): Promise<Result<DeactivationOutcome>>;
  /** Cancels a pending request (e.g. one awaiting approval). */
  cancelRequest(requestId: string, kind: 'directoryRole' | 'group'): Promise<Result<null>>;
  session(): Promise<SessionSummary | null>;
  signIn(): Promise<Result<SessionSummary>>;
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

  const auth: AuthService | null =
    tenant !== null && clientId !== null
      ? createAuthService({
          clientId,
          authority: `${config.authorityHost}/${tenant}`,
          scopes: graphScopes(),
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
  const graph: GraphApi = createGraphApi({ graphEndpoint: config.graphEndpoint, fetch: options.fetch, logger: options.logger, now });
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
    catalog = await readRoleCatalog(graph, token.accessToken, log);
    if (Math.abs(catalog.clockSkewSeconds) > 120) {
      log.warn('local clock differs from Graph by more than two minutes', { skewSeconds: catalog.clockSkewSeconds });
    }
    return catalog;
  };

  const toCatalog = (snapshot: CatalogSnapshot): RoleCatalog => ({
    eligible: snapshot.eligible,
    active: snapshot.active,
    policiesReadable: snapshot.policiesReadable,
    serverTime: snapshot.serverTime,
    clockSkewSeconds: snapshot.clockSkewSeconds,
  });

  const listRoles: Engine['listRoles'] = (listOptions = {}) =>
    guard('Reading your roles', async (a) =>
      toCatalog(await freshCatalog(a, listOptions.interactive ?? false, listOptions.refresh ?? true)),
    );

  const plan: Engine['plan'] = (request) =>
    guard('Planning the activation', async (a) => {
      const snapshot = await freshCatalog(a, false, false);
      const session = await a.session();
      return planActivation(request, snapshot, config.alwaysFreshAuth, session?.evidence ?? null);
    });

  const activate: Engine['activate'] = (request) =>
    guard('The activation', async (a) => {
      const snapshot = await freshCatalog(a, true, false);
      const report = await runActivation(request, snapshot, {
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
      // PIM refuses deactivation within 5 minutes of activation (ActiveDurationTooShort); the
      // service decides, because only its clock counts, and its answer is mapped to a clear message.
      const token = await plainToken(a, deactivateOptions.interactive ?? false);
      try {
        const resource = await graph.post<{ id?: string; status?: string }>(
          requestsPath(assignment.target),
          requestBody(assignment.target, await principal(a), 'selfDeactivate'),
          token.accessToken,
          { clientRequestId: randomUUID() },
        );
        catalog = null;
        return { roleId, status: 'deactivated', ...(resource.id === undefined ? {} : { requestId: resource.id }) } as const;
      } catch (cause) {
        if (cause instanceof GraphCallError) {
          return { roleId, status: 'failed', error: appErrorFromGraph(cause.failure, 'The deactivation') } as const;
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

  const handlers: IpcHandlers = {
    'app:get-info': () => {
      const info: AppInfo = {
        version: options.appVersion ?? '0.1.0',
        tenant: {
          kind: config.demo ? 'simulated' : 'configured',
          tenantId: config.tenant ?? '',
          cloud: config.cloud,
          authorityHost: config.authorityHost,
          graphEndpoint: config.graphEndpoint,
        },
        mode: config.mode,
        signInSurface: 'system-browser',
      };
      return Promise.resolve(ok(info));
    },
    'auth:get-session': () => guard('Reading the session', (a) => a.session()),
    'auth:sign-in': async () => (auth === null ? notConfigured() : auth.signIn()),
    'auth:cancel-sign-in': () => {
      auth?.cancel();
      return Promise.resolve(ok(null));
    },
    'auth:sign-out': () =>
      guard('Signing out', async (a) => {
        await a.signOut();
        catalog = null;
        return null;
      }),
    'roles:list': () => listRoles({ interactive: false, refresh: true }),
    'activation:plan': (request) => plan(request),
    'activation:activate': (request) => activate(request),
    'activation:deactivate': ({ roleId }) => deactivate(roleId),
  };

  return {
    handlers,
    listRoles,
    plan,
    activate,
    deactivate,
    cancelRequest,
    session: async () => (auth === null ? null : auth.session()),
    signIn: async () => (auth === null ? notConfigured() : auth.signIn()),
    signOut: () => handlers['auth:sign-out'](),
    prompts: () => auth?.prompts() ?? 0,
    graphRequests: () => graph.requestCount(),
    dispose: async () => {
      await auth?.dispose();
    },
  };
}
