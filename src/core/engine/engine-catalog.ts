/**
 * What every engine operation starts from: the boundary that turns failures into data (`guard`), plain tokens, the
 * signed-in person's id, and the one reader of the role catalog (kept a minute for the operations that follow a
 * listing) with the tenant's sign-in facts the plan reads beside it. Each read of the role-state model is pushed as
 * `roles:states`, and a listing in progress as `roles:progress`.
 */
import { appError } from '../../shared/errors';
import type { RoleStateModel } from '../../shared/domain/role-state';
import type { RoleCatalog } from '../../shared/domain/roles';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { ArmApi } from '../arm/arm-api';
import type { AuthService, TokenGrant, TokenResource } from '../auth/auth-service';
import type { ResolvedConfig } from '../config/resolve-config';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import { appErrorFromGraph } from '../graph/graph-failure';
import type { Logger } from '../logging/logger';
import type { CatalogSnapshot } from '../pim/role-catalog';
import { readRoleCatalog } from '../pim/role-catalog';
import type { SignInFacts } from '../pim/sign-in-facts';
import { readSignInFacts } from '../pim/sign-in-facts';
import type { EventSink } from '../../shared/ipc/handlers';
import type { AllowedRoles } from './allowed-roles';
import { AppFailure, toAppError } from './app-failure';
import type { PlanFacts } from './plan-activation';
import { graphNow } from './run-context';

const CATALOG_REUSE_MS = 60_000;

export function notConfigured(): Result<never> {
  return err(
    appError('config/invalid', 'No tenant is configured: pass --tenant and --client-id, or run with --demo for the simulated tenant.'),
  );
}

export type CatalogAccessDeps = {
  readonly auth: AuthService | null;
  readonly graph: GraphApi;
  readonly arm: ArmApi | null;
  readonly config: ResolvedConfig;
  readonly roles: AllowedRoles;
  readonly emit: EventSink;
  readonly log: Logger;
};

export type CatalogAccess = {
  /** Runs a flow with the session, turning AppFailure and Graph errors into data. */
  readonly guard: <T>(what: string, run: (auth: AuthService) => Promise<T>) => Promise<Result<T>>;
  readonly plainToken: (a: AuthService, interactive: boolean, resource?: TokenResource) => Promise<TokenGrant>;
  readonly principal: (a: AuthService) => Promise<string>;
  /** Eligibilities, assignments, schedules, requests and (unless told not to) the policies, read afresh. */
  readonly readCatalog: (a: AuthService, interactive: boolean, policies: boolean) => Promise<CatalogSnapshot>;
  /** The catalog with its policies, reused within a minute unless `refresh`. */
  readonly freshCatalog: (a: AuthService, interactive: boolean, refresh: boolean) => Promise<CatalogSnapshot>;
  /** The role-state model of the catalog read last, if it is still kept (null after a change or sign-out). */
  readonly lastStates: () => RoleStateModel | null;
  /** What PIM holds changed (an activation, a cancel): the next operation reads afresh. */
  readonly forgetCatalog: () => void;
  /** Signing out: nothing read for the previous person is kept. */
  readonly forgetAll: () => void;
  readonly planFacts: (a: AuthService) => Promise<PlanFacts>;
  readonly listRoles: (options?: { readonly interactive?: boolean; readonly refresh?: boolean }) => Promise<Result<RoleCatalog>>;
  readonly roleStates: (options?: { readonly interactive?: boolean }) => Promise<Result<RoleStateModel>>;
};

/** The engine's boundary: runs a flow with the session, turning AppFailure and Graph errors into data. */
function guardFor(auth: AuthService | null, log: Logger): CatalogAccess['guard'] {
  return async (what, run) => {
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
}

const plainToken: CatalogAccess['plainToken'] = async (a, interactive, resource = 'graph') => {
  const grant = await a.acquire({ purpose: 'sign-in', allowInteractive: interactive, resource });
  if (!grant.ok) {
    throw new AppFailure(grant.error);
  }
  return grant.value;
};

const principal: CatalogAccess['principal'] = async (a) => {
  const id = await a.principalId();
  if (id === null) {
    throw new AppFailure(appError('auth/not-signed-in', 'You are not signed in; sign in to continue.'));
  }
  return id;
};

export function createCatalogAccess(deps: CatalogAccessDeps): CatalogAccess {
  const { auth, graph, arm, log, roles } = deps;
  let catalog: CatalogSnapshot | null = null;
  let facts: { readonly value: SignInFacts; readonly readAt: number } | null = null;

  const guard = guardFor(auth, log);

  const readCatalog: CatalogAccess['readCatalog'] = async (a, interactive, policies) => {
    const token = await plainToken(a, interactive);
    // Azure roles are listed with an ARM token got silently from the same session: listing never prompts for ARM.
    const armToken = async (): Promise<Result<string>> => {
      const grant = await a.acquire({ purpose: 'sign-in', resource: 'arm', allowInteractive: false });
      return grant.ok ? ok(grant.value.accessToken) : grant;
    };
    const snapshot = await readRoleCatalog(
      graph,
      token.accessToken,
      log,
      { arm, token: armToken },
      {
        policies,
        // The list while it is read, filtered like the finished one (machine policy's allowed roles).
        onProgress: (eligible) => {
          deps.emit('roles:progress', { eligible: roles.allowedEligible(eligible) });
        },
      },
    );
    deps.emit('roles:states', roles.toCatalog(snapshot).states);
    return snapshot;
  };

  const freshCatalog: CatalogAccess['freshCatalog'] = async (a, interactive, refresh) => {
    if (!refresh && catalog !== null && Date.now() - catalog.readAt < CATALOG_REUSE_MS) {
      return catalog;
    }
    catalog = await readCatalog(a, interactive, true);
    if (Math.abs(catalog.clockSkewSeconds) > 120) {
      log.warn('local clock differs from Graph by more than two minutes', { skewSeconds: catalog.clockSkewSeconds });
    }
    return catalog;
  };

  /** The tenant's Conditional Access policies and strengths, read with the catalog's plain token and kept as long. */
  const readFacts = async (a: AuthService): Promise<SignInFacts> => {
    if (facts !== null && Date.now() - facts.readAt < CATALOG_REUSE_MS) {
      return facts.value;
    }
    const value = await readSignInFacts(graph, (await plainToken(a, false)).accessToken, log);
    facts = { value, readAt: Date.now() };
    return value;
  };

  return {
    guard,
    plainToken,
    principal,
    readCatalog,
    freshCatalog,
    lastStates: () => catalog?.states ?? null,
    forgetCatalog: () => {
      catalog = null;
    },
    forgetAll: () => {
      catalog = null;
      facts = null;
    },
    planFacts: async (a) => {
      const [session, userId, value] = await Promise.all([a.session(), a.principalId(), readFacts(a)]);
      return {
        alwaysFresh: deps.config.alwaysFreshAuth,
        evidence: session?.evidence ?? null,
        facts: value,
        userId,
        now: graphNow(graph)(),
      };
    },
    listRoles: (options = {}) =>
      guard('Reading your roles', async (a) =>
        roles.toCatalog(await freshCatalog(a, options.interactive ?? false, options.refresh ?? true)),
      ),
    roleStates: (options = {}) =>
      guard(
        'Reading where your roles stand',
        async (a) => roles.toCatalog(await readCatalog(a, options.interactive ?? false, false)).states,
      ),
  };
}
