/**
 * Activates several roles at once: plans the step-ups (one per distinct authentication
 * context), validates input against each policy, submits, reacts to the service's answers and
 * follows each request until its assignment is active.
 *
 * Rules this module keeps (wire reference §3, security checklist §3.3 and §5.2):
 * - at most one step-up per context and per role: a second challenge for the same context is
 *   `auth/step-up-unsatisfied`, never a loop; the MFA rule gets one fresh sign-in, then
 *   `auth/mfa-unsatisfied`;
 * - the POST is never resent blindly: after a network error or a 5xx the user's requests and
 *   instances are read first, and the POST is sent again only if nothing took effect;
 * - `RoleAssignmentExists` and `PendingRoleAssignmentRequest` are reconciled into
 *   "already active" and "pending approval", which are not failures.
 */
import { appError } from '../../shared/errors';
import type { AppError, FieldIssue } from '../../shared/errors';
import type {
  ActivationOutcome,
  ActivationPhase,
  ActivationPlan,
  ActivationProgress,
  ActivationReport,
  ActivationRequest,
  ActivationStatus,
  StepUpGroup,
} from '../../shared/domain/activation';
import type { AuthContextInfo, EligibleRole, RoleTarget } from '../../shared/domain/roles';
import type { AuthEvidence } from '../../shared/domain/session';
import type { AcquireOptions, AuthService, TokenGrant } from '../auth/auth-service';
import { acrsClaimsRequest, claimsChallengeFromError, contextsFromClaims, mfaClaimsRequest } from '../auth/claims-challenge';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import { appErrorFromGraph, failedPolicyRules } from '../graph/graph-failure';
import type { Logger } from '../logging/logger';
import type { CatalogSnapshot } from '../pim/role-catalog';
import { PATHS, requestBody, requestsPath, targetKey } from '../pim/graph-paths';
import { isGraphTarget } from '../pim/target-key';
import { validateActivation } from '../pim/validate-activation';
import type { IntentJournal } from '../journal/intent-journal';
import { AppFailure, toAppError } from './app-failure';

/** Azure roles are listed; their activation through Azure Resource Manager joins this pipeline separately. */
const AZURE_NOT_ACTIVATED = appError(
  'input/invalid',
  'Azure resource roles are listed here but this version cannot activate them yet; use the Azure portal for this role.',
);

export type RunnerDeps = {
  readonly graph: GraphApi;
  readonly auth: AuthService;
  readonly logger: Logger;
  readonly principalId: string;
  readonly alwaysFreshAuth: boolean;
  readonly provisioningTimeoutMs: number;
  readonly emitProgress: (progress: ActivationProgress) => void;
  readonly newId: () => string;
  /**
   * Intents recorded before each activation POST and cleared on a definitive answer, so a run
   * killed mid-request is reconciled at the next start instead of re-sent.
   */
  readonly journal?: IntentJournal;
  /** Polling interval bounds while following provisioning. */
  readonly pollMinMs?: number;
  readonly pollMaxMs?: number;
};

type GroupSpec = {
  readonly key: string;
  readonly context: AuthContextInfo | null;
  readonly roles: EligibleRole[];
  readonly acquire: Omit<AcquireOptions, 'purpose'> & { purpose: AcquireOptions['purpose'] };
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Finds the eligible roles a request names, or an input error listing the unknown ids. */
export function resolveRoles(request: ActivationRequest, catalog: CatalogSnapshot): EligibleRole[] {
  const missing = request.roleIds.filter((id) => !catalog.byId.has(id));
  if (missing.length > 0) {
    throw new AppFailure(
      appError(
        'pim/not-eligible',
        `You are not eligible for ${missing.length === 1 ? 'this role' : 'these roles'} (${missing.join(', ')}); refresh the list and choose again.`,
        {
          issues: missing.map((id) => ({ path: 'roleIds', message: `No eligibility "${id}".` })),
        },
      ),
    );
  }
  return [...new Set(request.roleIds)].map((id) => catalog.byId.get(id)).filter((r): r is EligibleRole => r !== undefined);
}

function groupsFor(roles: readonly EligibleRole[], alwaysFresh: boolean): GroupSpec[] {
  const byContext = new Map<string, GroupSpec>();
  const plain: EligibleRole[] = [];
  for (const role of roles) {
    const context = role.requirements.authenticationContext;
    if (context !== null) {
      const existing = byContext.get(context.id);
      if (existing === undefined) {
        byContext.set(context.id, {
          key: context.id,
          context,
          roles: [role],
          acquire: {
            purpose: 'step-up',
            claims: alwaysFresh ? mfaClaimsRequest([context.id]) : acrsClaimsRequest([context.id]),
            contexts: [context],
            ...(alwaysFresh ? { prompt: 'login' as const } : {}),
          },
        });
      } else {
        existing.roles.push(role);
      }
    } else {
      plain.push(role);
    }
  }
  const groups = [...byContext.values()].sort((a, b) => a.key.localeCompare(b.key));
  if (plain.length > 0) {
    groups.push(
      alwaysFresh
        ? { key: 'fresh', context: null, roles: plain, acquire: { purpose: 'fresh-mfa', claims: mfaClaimsRequest(), prompt: 'login' } }
        : { key: 'plain', context: null, roles: plain, acquire: { purpose: 'sign-in' } },
    );
  }
  return groups;
}

/** What the activation will ask of the person, before anything is sent. */
export function planActivation(
  request: ActivationRequest,
  catalog: CatalogSnapshot,
  alwaysFresh: boolean,
  evidence: AuthEvidence | null,
): ActivationPlan {
  const roles = resolveRoles(request, catalog);
  const problems: { roleId: string; issues: FieldIssue[] }[] = [];
  for (const role of roles) {
    const issues = validateActivation(request, role.requirements);
    if (issues.length > 0) {
      problems.push({ roleId: role.id, issues });
    }
  }
  const stepUps: StepUpGroup[] = groupsFor(roles, alwaysFresh)
    .filter((g) => g.key !== 'plain')
    .map((g) => ({
      context: g.context,
      roleIds: g.roles.map((r) => r.id),
      // Display hint only: the service decides; the token's claims are never trusted for decisions.
      satisfied: !alwaysFresh && g.context !== null && (evidence?.contexts.includes(g.context.id) ?? false),
    }));
  return { stepUps, unknownRequirements: roles.filter((r) => !r.requirements.known).map((r) => r.id), problems };
}

type RequestResource = {
  id?: string;
  status?: string;
  action?: string;
  createdDateTime?: string;
  roleDefinitionId?: string;
  directoryScopeId?: string | null;
  groupId?: string;
  accessId?: string;
  scheduleInfo?: { startDateTime?: string | null; expiration?: { endDateTime?: string | null; duration?: string | null } | null } | null;
};

type InstanceResource = {
  roleDefinitionId?: string;
  directoryScopeId?: string | null;
  groupId?: string;
  accessId?: string;
  startDateTime?: string | null;
  endDateTime?: string | null;
  assignmentType?: string;
};

function matchesTarget(item: RequestResource | InstanceResource, target: RoleTarget): boolean {
  return target.kind === 'directoryRole'
    ? item.roleDefinitionId === target.roleDefinitionId && (item.directoryScopeId ?? '/') === target.directoryScopeId
    : target.kind === 'group' && item.groupId === target.groupId && item.accessId === target.accessId;
}

const PENDING_APPROVAL = new Set(['PendingApproval', 'PendingAdminDecision']);
const IN_PROGRESS = new Set(['Granted', 'PendingProvisioning', 'ScheduleCreated', 'PendingScheduleCreation', 'Accepted', 'Provisioned']);

/** Runs a whole activation and reports each role's outcome. */
export async function runActivation(request: ActivationRequest, catalog: CatalogSnapshot, deps: RunnerDeps): Promise<ActivationReport> {
  const runId = deps.newId();
  const log = deps.logger.child({ area: 'activation', runId });
  const roles = resolveRoles(request, catalog);
  const invalid = roles
    .map((role) => ({ role, issues: validateActivation(request, role.requirements) }))
    .filter((entry) => entry.issues.length > 0);
  if (invalid.length > 0) {
    throw new AppFailure(
      appError('input/invalid', invalid.map((e) => `${e.role.displayName}: ${e.issues.map((i) => i.message).join(' ')}`).join(' '), {
        issues: invalid.flatMap((e) => e.issues.map((i) => ({ path: `${e.role.id}.${i.path}`, message: i.message }))),
      }),
    );
  }
  const promptsBefore = deps.auth.prompts();
  let lastEvidence: AuthEvidence | null = null;
  const progress = (roleId: string, phase: ActivationPhase, extra: { requestId?: string; error?: AppError } = {}): void => {
    deps.emitProgress({ runId, roleId, phase, at: new Date().toISOString(), ...extra });
  };
  for (const role of roles) {
    progress(role.id, 'queued');
  }

  /** Tells the UI a role reached its final phase and returns the matching outcome, so the two never disagree. */
  const settle = (
    role: EligibleRole,
    status: ActivationStatus,
    started: number,
    requestId: string | undefined,
    details: Pick<ActivationOutcome, 'startDateTime' | 'endDateTime' | 'error'> = {},
  ): ActivationOutcome => {
    const withRequestId = requestId === undefined ? {} : { requestId };
    progress(role.id, status, details.error === undefined ? withRequestId : { ...withRequestId, error: details.error });
    return {
      roleId: role.id,
      displayName: role.displayName,
      status,
      ...withRequestId,
      ...details,
      elapsedMs: Date.now() - started,
    };
  };

  const contextName = (id: string): string =>
    catalog.contextNames.get(id)?.displayName ??
    roles.find((r) => r.requirements.authenticationContext?.id === id)?.requirements.authenticationContext?.displayName ??
    id;

  const serverNow = (): Date => new Date(Date.now() - deps.graph.clock().skewSeconds * 1000);

  /** Claims for which a fresh (prompt=login) sign-in already succeeded in this run: one is enough for all roles. */
  const freshDone = new Set<string>();
  const token = async (options: AcquireOptions): Promise<TokenGrant> => {
    const claimsKey = options.claims ?? '';
    const effective = options.prompt === 'login' && freshDone.has(claimsKey) ? withoutPrompt(options) : options;
    const grant = await deps.auth.acquire(effective);
    if (!grant.ok) {
      throw new AppFailure(grant.error);
    }
    if (effective.prompt === 'login') {
      freshDone.add(claimsKey);
    }
    return grant.value;
  };

  /**
   * The user's current instances of one kind, shared by every role being followed at the same
   * moment: concurrent callers join the read in flight instead of each sending their own.
   */
  const instancesInFlight = new Map<RoleTarget['kind'], Promise<InstanceResource[]>>();
  const currentInstances = (target: RoleTarget, plainToken: string): Promise<InstanceResource[]> => {
    let read = instancesInFlight.get(target.kind);
    if (read === undefined) {
      read = deps.graph
        .getAll<InstanceResource>(
          target.kind === 'directoryRole' ? PATHS.roleAssignmentInstances : PATHS.groupAssignmentInstances,
          plainToken,
        )
        .finally(() => {
          instancesInFlight.delete(target.kind);
        });
      instancesInFlight.set(target.kind, read);
    }
    return read.then((items) => items.filter((i) => matchesTarget(i, target)));
  };

  const readMine = async (
    target: RoleTarget,
    plainToken: string,
  ): Promise<{ requests: RequestResource[]; instances: InstanceResource[] }> => {
    const [requests, instances] = await Promise.all([
      deps.graph.getAll<RequestResource>(
        target.kind === 'directoryRole' ? PATHS.roleAssignmentRequestsMine : PATHS.groupAssignmentRequestsMine,
        plainToken,
      ),
      deps.graph.getAll<InstanceResource>(
        target.kind === 'directoryRole' ? PATHS.roleAssignmentInstances : PATHS.groupAssignmentInstances,
        plainToken,
      ),
    ]);
    return { requests: requests.filter((r) => matchesTarget(r, target)), instances: instances.filter((i) => matchesTarget(i, target)) };
  };

  /** Follows a request until its instance is active, bounded, with backoff. */
  const follow = async (
    role: EligibleRole,
    requestId: string | undefined,
    plainToken: string,
    started: number,
  ): Promise<ActivationOutcome> => {
    progress(role.id, 'provisioning', requestId === undefined ? {} : { requestId });
    let wait = deps.pollMinMs ?? 150;
    const deadline = Date.now() + deps.provisioningTimeoutMs;
    for (;;) {
      // Instances first (shared across roles); the requests only when the role is not active yet.
      const instance = (await currentInstances(role.target, plainToken))[0];
      if (instance !== undefined) {
        return settle(role, 'active', started, requestId, {
          startDateTime: instance.startDateTime ?? null,
          endDateTime: instance.endDateTime ?? null,
        });
      }
      const { requests } = await readMine(role.target, plainToken);
      const request = requests.find((r) => r.id === requestId);
      if (request?.status !== undefined && ['Denied', 'Failed', 'Canceled', 'Revoked'].includes(request.status)) {
        const error = appError('pim/policy-violation', `PIM ended the request with status ${request.status}.`, {
          serviceCode: request.status,
        });
        return settle(role, 'failed', started, requestId, { error });
      }
      if (Date.now() + wait > deadline) {
        return settle(role, 'scheduled', started, requestId, { startDateTime: request?.scheduleInfo?.startDateTime ?? null });
      }
      await sleep(wait);
      wait = Math.min(deps.pollMaxMs ?? 2000, Math.round(wait * 1.6));
    }
  };

  const fromRequest = async (
    role: EligibleRole,
    resource: RequestResource,
    plainToken: string,
    started: number,
  ): Promise<ActivationOutcome> => {
    const status = resource.status ?? '';
    const requestId = resource.id;
    if (PENDING_APPROVAL.has(status)) {
      return settle(role, 'pending-approval', started, requestId);
    }
    const start = resource.scheduleInfo?.startDateTime;
    if (start !== undefined && start !== null && Date.parse(start) > serverNow().getTime() + 120_000) {
      return settle(role, 'scheduled', started, requestId, { startDateTime: start });
    }
    if (IN_PROGRESS.has(status)) {
      return follow(role, requestId, plainToken, started);
    }
    const error = appError('pim/policy-violation', `PIM answered the request with status ${status || 'unknown'}; it was not activated.`, {
      serviceCode: status,
    });
    return settle(role, 'failed', started, requestId, { error });
  };

  const failed = (role: EligibleRole, error: AppError, started: number, requestId?: string): ActivationOutcome =>
    settle(role, 'failed', started, requestId, { error });

  /** The journal is a safety net: failing to write it is logged, and the activation goes on. */
  const journalRecord = async (role: EligibleRole, clientRequestId: string): Promise<void> => {
    try {
      await deps.journal?.record({ id: clientRequestId, roleId: role.id, target: role.target, action: 'selfActivate' });
    } catch (cause) {
      log.warn('the activation intent could not be recorded', { role: role.id, clientRequestId, error: cause });
    }
  };
  const journalClear = async (clientRequestId: string): Promise<void> => {
    try {
      await deps.journal?.clear(clientRequestId);
    } catch (cause) {
      log.warn('the activation intent could not be cleared', { clientRequestId, error: cause });
    }
  };

  const activateOne = async (role: EligibleRole, group: GroupSpec): Promise<ActivationOutcome> => {
    const started = Date.now();
    const target = role.target;
    if (!isGraphTarget(target)) {
      return failed(role, AZURE_NOT_ACTIVATED, started);
    }
    const clientRequestId = deps.newId();
    let acquire: AcquireOptions = group.acquire;
    const challenged = new Set<string>();
    let mfaRetried = false;
    let resent = false;
    let throttled = false;
    let refreshed = false;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      let grant: TokenGrant;
      let plain: TokenGrant;
      try {
        if (acquire.claims !== undefined || acquire.prompt !== undefined) {
          progress(role.id, 'stepping-up');
        }
        grant = await token(acquire);
        if (acquire.forceRefresh === true) {
          acquire = { ...acquire, forceRefresh: false };
        }
        // The evidence shown is that of the token the activation is sent with.
        lastEvidence = grant.evidence ?? lastEvidence;
        plain = acquire.claims === undefined ? grant : await token({ purpose: 'sign-in' });
      } catch (cause) {
        if (cause instanceof AppFailure) {
          return failed(
            role,
            acquire.purpose === 'sign-in' ? cause.error : stepUpFailure(cause.error, acquire.contexts ?? [], acquire.purpose),
            started,
          );
        }
        throw cause;
      }
      // A fresh sign-in is needed once; the grant it produced is reused by claims from now on.
      if (acquire.prompt !== undefined) {
        acquire = withoutPrompt(acquire);
      }
      progress(role.id, 'submitting');
      const submittedAt = serverNow();
      let resource: RequestResource;
      await journalRecord(role, clientRequestId);
      try {
        resource = await deps.graph.post<RequestResource>(
          requestsPath(target),
          requestBody(target, deps.principalId, 'selfActivate', {
            startDateTime: submittedAt.toISOString(),
            duration: request.duration,
            justification: request.justification.trim(),
            ...(request.ticketNumber === undefined ? {} : { ticketNumber: request.ticketNumber.trim() }),
            ...(request.ticketSystem === undefined ? {} : { ticketSystem: request.ticketSystem.trim() }),
          }),
          grant.accessToken,
          { clientRequestId },
        );
      } catch (cause) {
        if (!(cause instanceof GraphCallError)) {
          if (cause instanceof AppFailure) {
            return failed(role, cause.error, started);
          }
          throw cause;
        }
        const f = cause.failure;
        if (f.status >= 400 && f.status < 500) {
          // A 4xx (429 included) means the request was not applied: nothing is in doubt.
          await journalClear(clientRequestId);
        }
        log.info('activation answered with an error', {
          role: role.id,
          clientRequestId,
          status: f.status,
          code: f.code,
          requestId: f.requestId,
        });
        const challenge = claimsChallengeFromError({
          status: f.status,
          code: f.code,
          message: f.message,
          wwwAuthenticate: f.wwwAuthenticate ?? null,
          fallbackContexts: role.requirements.authenticationContext === null ? [] : [role.requirements.authenticationContext.id],
        });
        if (challenge.kind === 'challenge') {
          const contexts = challenge.challenge.contexts;
          const key = contexts.length > 0 ? contexts.join(',') : challenge.challenge.claims;
          if (challenged.has(key)) {
            const names = contexts.map(contextName).join(' and ') || 'the sign-in requirement Microsoft Graph asked for';
            return failed(
              role,
              appError(
                'auth/step-up-unsatisfied',
                `Your sign-in could not satisfy ${names}. Your organisation's Conditional Access policy may need a method or device this sign-in did not use; ask your administrator.`,
                {
                  serviceCode: f.code,
                  ...(f.requestId === undefined ? {} : { requestId: f.requestId }),
                  ...(f.date === undefined ? {} : { date: f.date }),
                },
              ),
              started,
            );
          }
          challenged.add(key);
          // Canonical claims for plain acrs challenges, so roles sharing a context share one step-up.
          const onlyAcrs =
            contexts.length > 0 &&
            contextsFromClaims(challenge.challenge.claims) !== null &&
            !/"(nbf|xms_rp_ipaddr|amr)"/.test(challenge.challenge.claims);
          const claims = onlyAcrs
            ? acquire.prompt === 'login' || mfaRetried
              ? mfaClaimsRequest(contexts)
              : acrsClaimsRequest(contexts)
            : challenge.challenge.claims;
          acquire = {
            purpose: 'step-up',
            claims,
            contexts: contexts.map(
              (id) =>
                catalog.contextNames.get(id) ??
                (role.requirements.authenticationContext?.id === id ? role.requirements.authenticationContext : { id, displayName: id }),
            ),
          };
          continue;
        }
        if (challenge.kind === 'unreadable') {
          return failed(
            role,
            appError(
              'auth/step-up-unsatisfied',
              "This role needs an authentication context, but the service did not say which and the role's policy could not be read. Ask your administrator which context applies.",
              {
                serviceCode: f.code,
                ...(f.requestId === undefined ? {} : { requestId: f.requestId }),
              },
            ),
            started,
          );
        }
        const rules = f.code === 'RoleAssignmentRequestPolicyValidationFailed' ? failedPolicyRules(f.message) : [];
        if (rules.includes('MfaRule')) {
          if (mfaRetried) {
            return failed(
              role,
              appError(
                'auth/mfa-unsatisfied',
                'This role requires multifactor authentication, and even a fresh sign-in did not prove it. Sign in with an MFA method (not only a password); ask your administrator if you have none.',
                { rules },
              ),
              started,
            );
          }
          if (rules.length === 1) {
            mfaRetried = true;
            const current = acquire.claims === undefined ? [] : (contextsFromClaims(acquire.claims) ?? []);
            acquire = {
              purpose: 'fresh-mfa',
              claims: mfaClaimsRequest(current),
              prompt: 'login',
              contexts: current.map((id) => catalog.contextNames.get(id) ?? { id, displayName: id }),
            };
            continue;
          }
        }
        if (f.code === 'RoleAssignmentExists' || f.code === 'PendingRoleAssignmentRequest') {
          progress(role.id, 'reconciling');
          const mine = await readMine(role.target, plain.accessToken);
          const instance = mine.instances[0];
          if (instance !== undefined) {
            return settle(role, 'already-active', started, undefined, {
              startDateTime: instance.startDateTime ?? null,
              endDateTime: instance.endDateTime ?? null,
            });
          }
          const pending = mine.requests.find((r) => PENDING_APPROVAL.has(r.status ?? ''));
          if (pending !== undefined) {
            return fromRequest(role, pending, plain.accessToken, started);
          }
          return failed(role, appErrorFromGraph(f, 'The activation'), started);
        }
        if (f.status === 401 && !refreshed) {
          // Refused as expired or invalid (e.g. a local clock far off): a 401 applied nothing, so get a
          // token from the refresh token, bypassing every cached access token, and send once more.
          refreshed = true;
          log.info('activation refused our token; refreshing it once', { role: role.id, code: f.code });
          acquire = { ...acquire, forceRefresh: true };
          continue;
        }
        if (f.status === 429 && !throttled) {
          // A 429 means nothing was applied, so one wait-and-resend is safe; Retry-After is honoured (bounded).
          throttled = true;
          const waitMs = Math.min(30, f.retryAfterSeconds ?? 2) * 1000;
          log.info('activation throttled; waiting as asked before one more try', { role: role.id, waitMs });
          await sleep(waitMs);
          continue;
        }
        // No answer, a server error, or a success whose body could not be read: the POST may have committed.
        if (f.status === -1 || f.status >= 500 || (f.status >= 200 && f.status < 300)) {
          // The POST may have committed: learn before any resend.
          progress(role.id, 'reconciling');
          log.warn('activation POST had no clear answer; reconciling before any resend', {
            role: role.id,
            clientRequestId,
            status: f.status,
            code: f.code,
          });
          let mine: { requests: RequestResource[]; instances: InstanceResource[] };
          try {
            mine = await readMine(role.target, plain.accessToken);
          } catch (readCause) {
            const error = readCause instanceof GraphCallError ? appErrorFromGraph(readCause.failure) : appErrorFromGraph(f);
            return failed(
              role,
              {
                ...error,
                message: `${error.message} Whether the activation took effect is unknown; check the role list before trying again.`,
              },
              started,
            );
          }
          const since = submittedAt.getTime() - 120_000;
          const ours = mine.requests
            .filter((r) => r.action?.toLowerCase() === 'selfactivate' && Date.parse(r.createdDateTime ?? '') >= since)
            .sort((a, b) => Date.parse(b.createdDateTime ?? '') - Date.parse(a.createdDateTime ?? ''))[0];
          if (ours !== undefined || mine.instances[0] !== undefined) {
            await journalClear(clientRequestId);
          }
          if (ours !== undefined) {
            log.info('the activation had taken effect; not resending', { role: role.id, requestId: ours.id });
            return fromRequest(role, ours, plain.accessToken, started);
          }
          if (mine.instances[0] !== undefined) {
            return fromRequest(role, { status: 'Provisioned' }, plain.accessToken, started);
          }
          if (!resent) {
            resent = true;
            log.info('the activation had not taken effect; sending it once more', { role: role.id });
            continue;
          }
          // Read back and found absent twice: nothing took effect, so nothing is left in doubt.
          await journalClear(clientRequestId);
          return failed(role, appErrorFromGraph(f, 'The activation'), started);
        }
        return failed(role, appErrorFromGraph(f, 'The activation'), started);
      }
      // The POST was accepted: from here on, read failures must never lead to a resend.
      await journalClear(clientRequestId);
      try {
        return await fromRequest(role, resource, plain.accessToken, started);
      } catch (cause) {
        const base = cause instanceof GraphCallError ? appErrorFromGraph(cause.failure) : toAppError(cause);
        const which = resource.id === undefined ? '' : ` (request ${resource.id})`;
        return failed(
          role,
          {
            ...base,
            message: `The request was accepted${which}, but following it failed: ${base.message} Check the role list before trying again.`,
          },
          started,
          resource.id,
        );
      }
    }
    return failed(
      role,
      appError('unexpected', 'The activation did not settle after several attempts; check the role list before trying again.'),
      started,
    );
  };

  const outcomes = new Map<string, ActivationOutcome>();
  for (const group of groupsFor(roles, deps.alwaysFreshAuth)) {
    // The group's token first (one prompt at most), then its roles in parallel.
    if (group.acquire.claims !== undefined || group.acquire.prompt !== undefined) {
      for (const role of group.roles) {
        progress(role.id, 'stepping-up');
      }
      const first = await deps.auth.acquire(group.acquire);
      if (first.ok && group.acquire.prompt === 'login') {
        freshDone.add(group.acquire.claims ?? '');
      }
      if (!first.ok) {
        const started = Date.now();
        const error = stepUpFailure(first.error, group.acquire.contexts ?? [], group.acquire.purpose);
        for (const role of group.roles) {
          outcomes.set(role.id, failed(role, error, started));
        }
        continue;
      }
      lastEvidence = first.value.evidence ?? lastEvidence;
    }
    // The group's fresh sign-in (if any) is done: its roles reuse that grant by claims.
    const results = await Promise.all(
      group.roles.map((role) => {
        const started = Date.now();
        // A read failing while reconciling ends that role's attempt, not the whole run.
        return activateOne(role, stripPrompt(group)).catch((cause: unknown) =>
          failed(role, cause instanceof GraphCallError ? appErrorFromGraph(cause.failure, 'The activation') : toAppError(cause), started),
        );
      }),
    );
    for (const outcome of results) {
      outcomes.set(outcome.roleId, outcome);
    }
  }
  return {
    runId,
    outcomes: roles.map((r) => outcomes.get(r.id)).filter((o): o is ActivationOutcome => o !== undefined),
    prompts: deps.auth.prompts() - promptsBefore,
    evidence: lastEvidence,
  };
}

/**
 * A sign-in that the authority refused while stepping up (e.g. Conditional Access blocked it:
 * no method the policy accepts) means the context cannot be satisfied from here. Cancellation,
 * time-outs and a busy sign-in keep their own codes.
 */
function stepUpFailure(error: AppError, contexts: readonly AuthContextInfo[], purpose: AcquireOptions['purpose'] = 'step-up'): AppError {
  if (error.code !== 'auth/failed') {
    return error;
  }
  if (purpose === 'fresh-mfa' && contexts.length === 0) {
    return appError(
      'auth/mfa-unsatisfied',
      `This role requires multifactor authentication and the fresh sign-in did not provide it. Sign in with an MFA method (not only a password). ${error.message}`,
      {
        ...(error.serviceCode === undefined ? {} : { serviceCode: error.serviceCode }),
      },
    );
  }
  if (contexts.length === 0) {
    return error;
  }
  const names = contexts.map((c) => c.displayName).join(' and ');
  return appError('auth/step-up-unsatisfied', `Your sign-in could not satisfy ${names}. ${error.message}`, {
    ...(error.serviceCode === undefined ? {} : { serviceCode: error.serviceCode }),
  });
}

function withoutPrompt(acquire: AcquireOptions): AcquireOptions {
  return Object.fromEntries(Object.entries(acquire).filter(([key]) => key !== 'prompt')) as AcquireOptions;
}

function stripPrompt(group: GroupSpec): GroupSpec {
  return { ...group, acquire: withoutPrompt(group.acquire) };
}

/** Key of a target, re-exported for callers that match CLI names to ids. */
export { targetKey };
