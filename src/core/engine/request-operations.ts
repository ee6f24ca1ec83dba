/**
 * The engine's operations on the user's PIM requests rather than on roles: listing what waits or is scheduled,
 * cancelling, following what became of the history's pending entries, and the plain reads the CLI follows one
 * request with. Graph holds the requests of directory roles and groups, ARM those of Azure roles; every listing reads
 * both side by side, and reads ARM only with a silent token (the session already holds ARM consent, or Azure is left
 * out rather than prompting).
 */
import type { PendingRequest } from '../../shared/domain/activation';
import { parseAzureRequestId } from '../../shared/domain/azure-request-id';
import type { HistoryRequestUpdate } from '../../shared/domain/history';
import { followedRequestIds } from '../../shared/domain/history';
import type { RequestState, RoleStateModel } from '../../shared/domain/role-state';
import { openActivations } from '../../shared/domain/role-state';
import { appError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { ok } from '../../shared/result';
import { cancelAzureRequest } from '../arm/arm-activation-surface';
import type { ArmApi } from '../arm/arm-api';
import { appErrorFromArm } from '../arm/arm-failure';
import { readAzureRequests } from '../arm/arm-requests';
import type { AuthService, TokenGrant, TokenResource } from '../auth/auth-service';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import type { ActivationHistory } from '../history/activation-history';
import { requestUpdates } from '../history/request-updates';
import { cancellationEntry } from '../history/role-events';
import type { Logger } from '../logging/logger';
import { recordRoleEvent } from './record-activation';
import { cancelPath } from '../pim/graph-paths';
import { pendingRequests } from '../pim/pending-requests';
import type { PimRequest } from '../pim/pim-requests';
import { readMyRequests } from '../pim/pim-requests';
import type { CatalogSnapshot } from '../pim/role-catalog';
import { AppFailure } from './app-failure';

/** A read-only use of Graph; the token is for that call only and is never kept. */
export type GraphRead<T> = (graph: Pick<GraphApi, 'get' | 'getAll'>, token: string) => Promise<T>;
export type ArmRead<T> = (arm: Pick<ArmApi, 'get' | 'getAll'>, token: string) => Promise<T>;

export type RequestOperations = {
  /**
   * Cancels a pending or scheduled request: directory and group requests by their Graph id, Azure requests by their
   * full ARM id (they are cancelled at their scope).
   */
  cancelRequest(requestId: string, kind: 'directoryRole' | 'group' | 'azureResource'): Promise<Result<null>>;
  /**
   * A read of Graph with the signed-in user's token, outside the catalog (the CLI follows one
   * request with the readers in src/core/pim/pim-requests.ts). Failures are data.
   */
  readGraph<T>(what: string, read: GraphRead<T>, options?: { readonly interactive?: boolean }): Promise<Result<T>>;
  /** The same for Azure Resource Manager, with a silent ARM token (the CLI follows an Azure request with it). */
  readArm<T>(what: string, read: ArmRead<T>): Promise<Result<T>>;
  /** The signed-in user's requests waiting for an approver, every kind, named from the catalog. */
  listPendingRequests(): Promise<Result<readonly PendingRequest[]>>;
  /**
   * The signed-in user's open activation requests (waiting for approval or scheduled: `openActivations`), every kind,
   * from the role-state model read afresh without the policies; Azure ones only when the session holds ARM consent
   * (read silently). The model comes with them, to name each request's role as every surface names it.
   */
  listOpenRequests(options?: {
    readonly interactive?: boolean;
  }): Promise<Result<{ readonly open: readonly RequestState[]; readonly model: RoleStateModel }>>;
  /**
   * What became of the requests the history recorded (decisions, scheduled starts, early ends), read silently from
   * the role-state model; none (and no network) when the history holds no request to follow.
   */
  historyRequestUpdates(): Promise<Result<readonly HistoryRequestUpdate[]>>;
};

/** What the operations borrow from the engine that owns them. */
export type RequestOperationsDeps = {
  readonly graph: GraphApi;
  readonly arm: ArmApi | null;
  readonly history: ActivationHistory;
  readonly log: Logger;
  /** When a cancellation is recorded. */
  readonly now: () => Date;
  /** The engine's boundary: runs a flow with the session, failures as data. */
  readonly guard: <T>(what: string, run: (auth: AuthService) => Promise<T>) => Promise<Result<T>>;
  readonly plainToken: (auth: AuthService, interactive: boolean, resource?: TokenResource) => Promise<TokenGrant>;
  /** The engine's catalog, reused when recent (names the pending requests). */
  readonly catalog: (auth: AuthService) => Promise<CatalogSnapshot>;
  /** The role-state model read afresh (the one reader, without policies): what History learns decisions from. */
  readonly states: (auth: AuthService, interactive?: boolean) => Promise<RoleStateModel>;
  /** The role-state model of the last catalog read, whatever its age; null when none is kept. */
  readonly lastStates: () => RoleStateModel | null;
  /** A cancelled request changes what the catalog shows. */
  readonly forgetCatalog: () => void;
};

export function createRequestOperations(deps: RequestOperationsDeps): RequestOperations {
  const { graph, arm, guard, plainToken } = deps;

  /** Azure requests; none when ARM is off or its token cannot be got silently (no ARM consent). */
  async function azureRequests(a: AuthService): Promise<PimRequest[]> {
    if (arm === null) {
      return [];
    }
    const grant = await a.acquire({ purpose: 'sign-in', resource: 'arm', allowInteractive: false });
    return grant.ok ? readAzureRequests(arm, grant.value.accessToken) : [];
  }

  /** Every request the user made, Graph's and ARM's, read side by side. */
  async function myRequests(a: AuthService, interactive: boolean): Promise<PimRequest[]> {
    const token = await plainToken(a, interactive);
    const [entra, azure] = await Promise.all([readMyRequests(graph, token.accessToken), azureRequests(a)]);
    return [...entra, ...azure];
  }

  /** Like `guard`, for calls to ARM: its failures are named with ARM's own codes, and a session without ARM says so. */
  const armGuard = <T>(what: string, run: (a: AuthService, armApi: ArmApi) => Promise<T>): Promise<Result<T>> =>
    guard(what, async (a) => {
      if (arm === null) {
        throw new AppFailure(
          appError('input/invalid', 'Azure roles are not available in this session: no Azure Resource Manager endpoint is configured.'),
        );
      }
      try {
        return await run(a, arm);
      } catch (cause) {
        throw cause instanceof GraphCallError ? new AppFailure(appErrorFromArm(cause.failure, what)) : cause;
      }
    });

  /**
   * The role-state model the cancelled request is named from in History: the last one read (the screen the person
   * cancelled from was built from it; a request's role and start do not change), else a light read without policies.
   * Not reading it never stops a cancellation.
   */
  const modelBefore = async (a: AuthService): Promise<RoleStateModel | null> => deps.lastStates() ?? deps.states(a).catch(() => null);

  /** After PIM accepted a cancellation: the catalog changed, and History keeps it. */
  const cancelled = async (requestId: string, model: RoleStateModel | null): Promise<null> => {
    deps.forgetCatalog();
    await recordRoleEvent(cancellationEntry(requestId, model, deps.now()), deps);
    return null;
  };

  /** An Azure request is cancelled at its scope, with an ARM token got silently: the session already holds ARM consent. */
  const cancelAzure = (requestId: string): Promise<Result<null>> =>
    armGuard('Cancelling the request', async (a, armApi) => {
      const ref = parseAzureRequestId(requestId);
      if (ref === null) {
        throw new AppFailure(appError('input/invalid', 'This is not an Azure request id.'));
      }
      const model = await modelBefore(a);
      await cancelAzureRequest(armApi, ref.scope, ref.name, (await plainToken(a, false, 'arm')).accessToken);
      return cancelled(requestId, model);
    });

  return {
    cancelRequest: (requestId, kind) =>
      kind === 'azureResource'
        ? cancelAzure(requestId)
        : guard('Cancelling the request', async (a) => {
            const model = await modelBefore(a);
            const token = await plainToken(a, false);
            await graph.post(cancelPath(kind, requestId), {}, token.accessToken);
            return cancelled(requestId, model);
          }),
    readGraph: (what, read, readOptions = {}) =>
      guard(what, async (a) => read(graph, (await plainToken(a, readOptions.interactive ?? false)).accessToken)),
    readArm: (what, read) => armGuard(what, async (a, armApi) => read(armApi, (await plainToken(a, false, 'arm')).accessToken)),
    listPendingRequests: () =>
      guard('Reading your pending requests', async (a) => {
        const snapshot = await deps.catalog(a);
        return pendingRequests(await myRequests(a, false), (id) => snapshot.byId.get(id)?.displayName);
      }),
    listOpenRequests: (openOptions = {}) =>
      guard('Reading your requests', async (a) => {
        const model = await deps.states(a, openOptions.interactive ?? false);
        return { open: openActivations(model), model };
      }),
    historyRequestUpdates: async () => {
      const listed = await deps.history.list();
      if (!listed.ok) {
        return listed;
      }
      const { entries } = listed.value;
      if (followedRequestIds(entries).size === 0) {
        return ok([]);
      }
      return guard('Reading what became of your requests', async (a) => requestUpdates(entries, (await deps.states(a)).requests));
    },
  };
}
