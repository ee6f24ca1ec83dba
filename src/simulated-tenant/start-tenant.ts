/**
 * Starts a simulated tenant: TLS material, signing key, model, the authority, Graph and Azure Resource Manager HTTPS
 * servers and the loopback control server, and wires the in-process {@link TenantControl}.
 */
import { randomBytes } from 'node:crypto';
import type {
  AcrsChallengeForm,
  FaultSpec,
  RequestSummary,
  SimulatedTenant,
  SimulatedTenantOptions,
  TenantControl,
  UnattendedSignIn,
} from './api-types';
import { armFaultReply } from './arm/arm-errors';
import { withArmBatch } from './arm/arm-batch';
import { createArmRouter } from './arm/arm-router';
import { AuthorityStore } from './authority/authority-store';
import { createAuthorityRouter } from './authority/authority-router';
import { errorPage } from './authority/pages';
import { oauthError } from './authority/token-endpoint';
import { createSigningKey } from './auth/jwt';
import { startControlServer } from './control/control-server';
import { FaultInjector, Journal } from './control/journal-and-faults';
import { activate, refreshRequestStatuses } from './graph/activation-service';
import { newGraphCall } from './graph/graph-errors';
import { createGraphRouter, graphFaultReply } from './graph/graph-router';
import { html } from './http/http-kit';
import { closeServer, startSurface } from './http/surface-server';
import { isSignInMethod } from './model/methods';
import { TenantClock, TenantModel, type RequestRecord, type Target, type TenantSettings } from './model/tenant-model';
import { parseScenario, type Scenario } from './scenario/schema';
import { loadShippedScenario, shippedScenarioNames } from './scenario/shipped';
import { loadOrCreateTlsMaterial } from './tls/certificates';
import { defaultStateDir } from './tls/state-dir';

/** How the control API names a request's target: role id, `{groupId}:{accessId}`, or `{scope}:{roleDefinitionId}`. */
function requestTargetText(target: Target): string {
  switch (target.kind) {
    case 'directoryRole':
      return target.roleId;
    case 'group':
      return `${target.groupId}:${target.accessId}`;
    default:
      return `${target.scope}:${target.roleDefinitionId}`;
  }
}

/** Resolves a scenario name or object to a validated scenario; throws an Error listing every problem. */
export function resolveScenario(input: unknown): Scenario {
  let raw: unknown = input ?? 'demo';
  if (typeof raw === 'string') {
    const shipped = loadShippedScenario(raw);
    if (shipped === null) {
      throw new Error(`Unknown scenario "${raw}". Shipped scenarios: ${shippedScenarioNames.join(', ')}.`);
    }
    raw = shipped;
  }
  const parsed = parseScenario(raw);
  if (!parsed.ok) {
    throw new Error(`Invalid scenario:\n${parsed.errors.join('\n')}`);
  }
  return parsed.scenario;
}

function validateUnattended(model: TenantModel, unattended: UnattendedSignIn | null): void {
  if (unattended === null) {
    return;
  }
  if (model.userByName(unattended.username) === undefined) {
    throw new Error(`Unattended sign-in: unknown user "${unattended.username}".`);
  }
  const bad = unattended.methods.find((method) => !isSignInMethod(method));
  if (bad !== undefined) {
    throw new Error(`Unattended sign-in: unknown method "${bad}".`);
  }
}

/** Starts a simulated tenant (see index.ts for the public contract). */
export async function startSimulatedTenant(options: SimulatedTenantOptions = {}): Promise<SimulatedTenant> {
  const tls = loadOrCreateTlsMaterial(options.stateDir ?? defaultStateDir());
  const key = createSigningKey();
  const journal = new Journal();
  const faults = new FaultInjector();
  const store = new AuthorityStore();
  let clock = new TenantClock();
  let currentScenario = resolveScenario(options.scenario);
  const overrides = (): Partial<TenantSettings> => ({
    ...(options.graphPageSize === undefined ? {} : { graphPageSize: options.graphPageSize }),
    ...(options.activationDelayMs === undefined ? {} : { activationDelayMs: options.activationDelayMs }),
    ...(options.unattended === undefined ? {} : { unattended: options.unattended }),
    ...(options.strictSessions === undefined ? {} : { strictSessions: options.strictSessions }),
  });
  let model = new TenantModel(currentScenario, clock, overrides());
  validateUnattended(model, model.settings.unattended);
  let authorityHost = '';
  let graphOrigin = '';
  let armOrigin = '';

  /** What both HTTPS surfaces share: one certificate, one journal, one fault table, the scenario's clock. */
  const sharedSurface = {
    tls: { cert: tls.certPem, key: tls.keyPem },
    journal,
    faults,
    now: () => model.clock.now(),
  };

  const authorityRoute = createAuthorityRouter({ model: () => model, store, key: () => key, authorityHost: () => authorityHost });
  const authority = await startSurface({
    ...sharedSurface,
    surface: 'authority',
    port: options.ports?.authority ?? 0,
    route: authorityRoute,
    // Entra's answer to an authorize URL longer than it takes.
    headTooLarge: () =>
      html(400, errorPage(model.scenario.tenant.displayName, 'Sign-in error', 'AADSTS90015: Requested query string is too long.')),
    faultReply: (fault) => {
      const status = fault.kind === 'throttle' ? 429 : fault.kind === 'gateway-timeout' ? 504 : 503;
      const reply = oauthError(
        model.clock.now(),
        status,
        'temporarily_unavailable',
        90033,
        'A transient error has occurred. Please try again.',
      );
      const retry = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
      return fault.kind === 'throttle' && retry !== null
        ? { ...reply, headers: { ...reply.headers, 'retry-after': String(retry) } }
        : reply;
    },
    origin: () => authorityHost,
  });
  authorityHost = `https://localhost:${authority.port}`;

  const graphRoute = createGraphRouter({
    model: () => model,
    key: () => key,
    origin: () => graphOrigin,
    authorizationUri: () => `${authorityHost}/${model.scenario.tenant.id}/oauth2/v2.0/authorize`,
    journal,
    faults,
  });
  const graph = await startSurface({
    ...sharedSurface,
    surface: 'graph',
    port: options.ports?.graph ?? 0,
    route: graphRoute,
    faultReply: (fault, request) => graphFaultReply(fault, newGraphCall(request, model.clock.now())),
    origin: () => graphOrigin,
  });
  graphOrigin = `https://localhost:${graph.port}`;

  const armRoute = withArmBatch(
    createArmRouter({
      model: () => model,
      key: () => key,
      origin: () => armOrigin,
      authorizationUri: () => `${authorityHost}/${model.scenario.tenant.id}`,
    }),
    { origin: () => armOrigin, journal, faults, now: () => model.clock.now(), enabled: () => model.settings.armBatch },
  );
  const arm = await startSurface({
    ...sharedSurface,
    surface: 'arm',
    port: options.ports?.arm ?? 0,
    route: armRoute,
    faultReply: armFaultReply,
    origin: () => armOrigin,
  });
  armOrigin = `https://localhost:${arm.port}`;

  const summarize = (request: RequestRecord): RequestSummary => ({
    id: request.id,
    kind: request.target.kind,
    action: request.action,
    status: request.status,
    principalId: request.principalId,
    username: model.userById(request.principalId)?.userPrincipalName ?? request.principalId,
    target: requestTargetText(request.target),
    targetDisplayName: model.targetDisplayName(request.target),
    createdDateTime: request.createdAt.toISOString(),
  });
  const pendingRequest = (id: string): RequestRecord => {
    const request = model.requests.find((item) => item.id === id);
    if (request === undefined) {
      throw new Error(`No request with id ${id}.`);
    }
    if (request.status !== 'PendingApproval' && request.status !== 'PendingAdminDecision') {
      throw new Error(`Request ${id} is ${request.status}, not pending approval.`);
    }
    return request;
  };
  const userOrThrow = (username: string) => {
    const user = model.userByName(username);
    if (user === undefined) {
      throw new Error(`Unknown user "${username}".`);
    }
    return user;
  };

  const control: TenantControl = {
    reset(scenario) {
      if (scenario !== undefined && scenario !== null) {
        currentScenario = resolveScenario(scenario);
      }
      clock = new TenantClock();
      model = new TenantModel(currentScenario, clock, overrides());
      store.clear();
      faults.clear();
      journal.clear();
    },
    advanceClock(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new Error('advanceClock needs a non-negative number of milliseconds.');
      }
      model.clock.advance(ms);
    },
    setClockOffset(ms) {
      if (!Number.isFinite(ms)) {
        throw new Error('setClockOffset needs a finite number of milliseconds.');
      }
      model.clock.setOffset(ms);
    },
    now: () => model.clock.now(),
    approve(id) {
      const request = pendingRequest(id);
      const now = model.clock.now();
      const duration = request.durationMs ?? 3_600_000;
      if (request.action === 'selfExtend' && request.assignmentId !== null) {
        const assignment = model.assignments.find((item) => item.id === request.assignmentId);
        if (assignment?.end != null) {
          assignment.end = new Date(assignment.end.getTime() + duration);
        }
      } else {
        request.assignmentId = activate(model, request, now, duration, 0);
      }
      request.status = 'Provisioned';
      request.completedAt = now;
      return summarize(request);
    },
    deny(id) {
      const request = pendingRequest(id);
      request.status = 'Denied';
      request.completedAt = model.clock.now();
      return summarize(request);
    },
    requests() {
      refreshRequestStatuses(model);
      return model.requests.map(summarize);
    },
    journal: () => journal.list(),
    clearJournal: () => {
      journal.clear();
    },
    injectFault(fault: FaultSpec) {
      faults.add(fault);
    },
    clearFaults() {
      faults.clear();
    },
    setUnattended(unattended) {
      validateUnattended(model, unattended);
      model.settings.unattended = unattended;
    },
    setAcrsChallengeForm(form: AcrsChallengeForm) {
      if (!['plain', 'unknown-error', 'www-authenticate'].includes(form)) {
        throw new Error(`Unknown ACRS challenge form "${form}".`);
      }
      model.settings.acrsChallengeForm = form;
      model.settings.groupAcrsChallengeForm = null;
      model.settings.acrsChallengeFormByContext = {};
    },
    setRequireCp1ForAcrs(required) {
      model.settings.requireCp1ForAcrs = required;
    },
    setStrictSessions(strict) {
      model.settings.strictSessions = strict;
    },
    setPolicyReadable(username, readable) {
      model.setPolicyReadable(userOrThrow(username), readable);
    },
    setGraphPageSize(size) {
      if (!Number.isInteger(size) || size < 1 || size > 999) {
        throw new Error('Graph page size must be an integer from 1 to 999.');
      }
      model.settings.graphPageSize = size;
    },
    setArmPageSize(size) {
      if (!Number.isInteger(size) || size < 1 || size > 1000) {
        throw new Error('ARM page size must be an integer from 1 to 1000.');
      }
      model.settings.armPageSize = size;
    },
    setActivationDelayMs(ms) {
      model.settings.activationDelayMs = Math.max(0, ms);
    },
    setPropagationDelayMs(plane, ms) {
      model.settings.propagationDelayMs[plane] = Math.max(0, ms);
    },
    setConditionalAccessReadable(readable) {
      model.settings.conditionalAccessReadable = { ...model.settings.conditionalAccessReadable, ...readable };
    },
    revokeSessions(username) {
      store.revokeUser(userOrThrow(username).id);
    },
  };

  const users = () =>
    model.users.map((user) => ({
      username: user.userPrincipalName,
      displayName: user.displayName,
      password: user.password,
      description: user.description,
      methods: user.methods,
      pin: user.pin,
    }));
  // The control API runs only when asked for (never inside the desktop app), behind a fresh secret per run.
  const controlToken = options.controlApi === true ? randomBytes(32).toString('base64url') : null;
  const controlServer =
    controlToken === null
      ? null
      : await startControlServer({
          port: options.ports?.control ?? 0,
          control,
          journal,
          token: controlToken,
          summary: () => ({
            scenario: model.scenario.name,
            tenantId: model.scenario.tenant.id,
            tenantDomain: model.scenario.tenant.domain,
            clientId: model.scenario.clientApplications[0]?.appId,
            authority: `${authorityHost}/${model.scenario.tenant.id}`,
            graphBaseUrl: `${graphOrigin}/`,
            armBaseUrl: `${armOrigin}/`,
            caCertPath: tls.caCertPath,
            leafSpkiSha256: tls.leafSpkiSha256,
            users: users(),
          }),
        });

  // Tenant identity follows the current scenario (a reset may load another tenant); URLs and TLS never change.
  return {
    get tenantId() {
      return model.scenario.tenant.id;
    },
    get tenantDomain() {
      return model.scenario.tenant.domain;
    },
    get clientId() {
      return model.scenario.clientApplications[0]?.appId ?? '';
    },
    authorityHost,
    get authority() {
      return `${authorityHost}/${model.scenario.tenant.id}`;
    },
    graphBaseUrl: `${graphOrigin}/`,
    armBaseUrl: `${armOrigin}/`,
    controlUrl: controlServer === null ? null : `http://127.0.0.1:${String(controlServer.port)}/`,
    controlToken,
    caCertPem: tls.caCertPem,
    caCertPath: tls.caCertPath,
    leafSpkiSha256: tls.leafSpkiSha256,
    get users() {
      return users();
    },
    control,
    async close() {
      await Promise.all([
        closeServer(authority.server),
        closeServer(graph.server),
        closeServer(arm.server),
        ...(controlServer === null ? [] : [closeServer(controlServer.server)]),
      ]);
    },
  };
}
