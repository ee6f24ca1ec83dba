/**
 * Reads what the signed-in user may activate and what is active, with each eligibility's requirements, in a handful
 * of sequential round trips whatever the count: directory roles and groups from Graph (`readGraphCatalog`: pages at
 * once with the context names, each page's policies through `$batch` as it arrives) and, when an ARM source is given,
 * Azure resource roles from Azure Resource Manager at the same time (`readArmCatalog`: policies twenty scopes per
 * batch), merged into one list; ARM being unavailable never fails the Graph listing. Schedules and requests, for the
 * role-state model, are read in the same first trip.
 * `onProgress` hears the list while it is read: eligibilities as soon as each page arrives, requirements marked as
 * still being read until their policy answers. A 403 on policies (or on context names) is not a failure:
 * requirements become "unknown" and the activation learns them from the service's answer.
 */
import type { ActiveAssignment, AuthContextInfo, AzureAvailability, EligibleRole, RoleCatalog } from '../../shared/domain/roles';
import type { AppError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { ArmApi } from '../arm/arm-api';
import { readArmCatalog, type ArmCatalog } from '../arm/arm-catalog';
import { appErrorFromArm } from '../arm/arm-failure';
import { isPermissionMissing } from '../auth/auth-service';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import type { GraphFailure } from '../graph/graph-failure';
import type { Logger } from '../logging/logger';
import { buildRoleStates, type RoleFacts } from '../state/build-role-states';
import { readGraphSchedules } from '../state/schedule-reads';
import { byNameThenScope, createCatalogBoard, type CatalogBoard } from './catalog-board';
import { readGraphCatalog } from './graph-catalog';
import { readMyRequests, type PimRequest } from './pim-requests';

export type CatalogSnapshot = RoleCatalog & {
  /** Eligible roles by id, for activation. */
  readonly byId: ReadonlyMap<string, EligibleRole>;
  readonly contextNames: ReadonlyMap<string, AuthContextInfo>;
  readonly readAt: number;
};

/** Where Azure roles come from: the ARM client and a way to get an ARM token silently. */
export type AzureSource = {
  readonly arm: ArmApi | null;
  readonly token: () => Promise<Result<string>>;
};

type AzureRead = { readonly catalog: ArmCatalog | null; readonly availability: AzureAvailability };

/** Reads the Azure roles; every way it can fail becomes an availability, never an error of the whole list. */
async function readAzure(
  source: AzureSource,
  contextNames: Promise<ReadonlyMap<string, AuthContextInfo>>,
  logger: Logger,
  options: CatalogOptions,
  board: CatalogBoard,
): Promise<AzureRead> {
  if (source.arm === null) {
    return {
      catalog: null,
      availability: { status: 'not-configured', message: 'No Azure Resource Manager endpoint is configured for this cloud.' },
    };
  }
  const token = await source.token();
  if (!token.ok) {
    return { catalog: null, availability: tokenRefusal(token.error) };
  }
  try {
    return {
      catalog: await readArmCatalog(source.arm, token.value, contextNames, logger, {
        policies: options.policies !== false,
        onEligible: board.add,
        onRequirements: board.settle,
      }),
      availability: { status: 'available' },
    };
  } catch (cause) {
    if (!(cause instanceof GraphCallError)) {
      throw cause;
    }
    logger.warn('Azure roles could not be listed', { status: cause.failure.status, code: cause.failure.code });
    return { catalog: null, availability: { status: 'failed', message: armUnavailable(cause.failure) } };
  }
}

/** The one sentence every surface shows when ARM could not list Azure roles: the cause, and what the list still holds. */
export function armUnavailable(failure: GraphFailure): string {
  const unreachable = failure.status === -1 || failure.status >= 500;
  const detail = appErrorFromArm(failure, 'Listing Azure roles').message.replace(/\.$/, '');
  return `Azure Resource Manager ${unreachable ? 'could not be reached' : 'refused the listing'} (${detail}): your directory roles and groups are listed; Azure roles are not.`;
}

function tokenRefusal(error: AppError): AzureAvailability {
  return isPermissionMissing(error)
    ? {
        status: 'permission-missing',
        message:
          'Not available: permission missing. The app registration needs "Azure Service Management / user_impersonation" to list Azure roles.',
      }
    : { status: 'failed', message: error.message };
}

export type CatalogOptions = {
  /** False: eligibilities, assignments, schedules and requests only (the role-state model), no policy reads. */
  readonly policies?: boolean;
  /** Hears the eligibilities read so far, as they are read (requirements not yet read are marked `pending`). */
  readonly onProgress?: (eligible: readonly EligibleRole[]) => void;
};

/** The facts the role-state model is built from, out of what the catalog read. */
function roleFacts(
  at: Date,
  eligible: readonly EligibleRole[],
  active: readonly ActiveAssignment[],
  schedules: RoleFacts['schedules'],
  requests: readonly PimRequest[],
): RoleFacts {
  return {
    at: at.toISOString(),
    eligibilities: eligible.map((role) => ({
      roleId: role.id,
      kind: role.target.kind,
      displayName: role.azure === undefined ? role.displayName : `${role.displayName} (${role.azure.scopeDisplayName})`,
      startDateTime: null,
      endDateTime: role.eligibleUntil,
    })),
    instances: active.map((item) => ({
      roleId: item.id,
      kind: item.target.kind,
      displayName: item.displayName,
      startDateTime: item.startDateTime,
      endDateTime: item.endDateTime,
      assignmentType: item.assignmentType,
    })),
    schedules,
    requests: requests.map((request) => ({
      id: request.id,
      kind: request.kind,
      roleId: request.roleId,
      action: request.action,
      status: request.status,
      createdDateTime: request.createdDateTime,
      startDateTime: request.startDateTime,
      duration: request.duration,
      endDateTime: request.endDateTime,
    })),
  };
}

export async function readRoleCatalog(
  graph: GraphApi,
  token: string,
  logger: Logger,
  azureSource?: AzureSource,
  options: CatalogOptions = {},
): Promise<CatalogSnapshot> {
  const policies = options.policies !== false;
  const board = createCatalogBoard(policies ? options.onProgress : undefined);
  const graphRead = readGraphCatalog(graph, token, logger, { policies, onEligible: board.add, onRequirements: board.settle });
  // A Graph failure must not leave the Azure read waiting for names forever.
  const names = graphRead.contextNames.catch(() => new Map<string, AuthContextInfo>());
  const azure = azureSource === undefined ? Promise.resolve(null) : readAzure(azureSource, names, logger, options, board);
  // Schedules and requests, for the role-state model, in the same first trip.
  const stateReads = Promise.all([readGraphSchedules(graph, token), readMyRequests(graph, token)]);
  stateReads.catch(() => undefined);
  azure.catch(() => undefined);
  try {
    const [graphCatalog, azureRead, [graphSchedules, graphRequests]] = await Promise.all([graphRead.catalog, azure, stateReads]);
    return snapshotOf(graph, graphCatalog, azureRead, { schedules: [...graphSchedules], requests: [...graphRequests] }, policies);
  } finally {
    board.close();
  }
}

/** The finished catalog: both lists merged in one order, and the role-state model built from the same read. */
function snapshotOf(
  graph: GraphApi,
  graphCatalog: Awaited<ReturnType<typeof readGraphCatalog>['catalog']>,
  azureRead: AzureRead | null,
  graphState: { readonly schedules: RoleFacts['schedules']; readonly requests: readonly PimRequest[] },
  policies: boolean,
): CatalogSnapshot {
  const eligible: EligibleRole[] = [...graphCatalog.eligible, ...(azureRead?.catalog?.eligible ?? [])].sort(byNameThenScope);
  const active: ActiveAssignment[] = [...graphCatalog.active, ...(azureRead?.catalog?.active ?? [])];
  const clock = graph.clock();
  const states = buildRoleStates(
    roleFacts(
      new Date(Date.now() - clock.skewSeconds * 1000),
      eligible,
      active,
      [...graphState.schedules, ...(azureRead?.catalog?.schedules ?? [])],
      [...graphState.requests, ...(azureRead?.catalog?.requests ?? [])],
    ),
  );
  return {
    eligible,
    active,
    states,
    policiesReadable: policies && graphCatalog.policiesReadable && (azureRead?.catalog?.policiesReadable ?? true),
    ...(azureRead === null ? {} : { azure: azureRead.availability }),
    serverTime: clock.serverTime.toISOString(),
    clockSkewSeconds: clock.skewSeconds,
    byId: new Map(eligible.map((e) => [e.id, e])),
    contextNames: graphCatalog.contextNames,
    readAt: Date.now(),
  };
}
