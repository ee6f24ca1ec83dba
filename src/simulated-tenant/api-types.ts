/**
 * Types of the simulated tenant's public API (see index.ts). Kept apart so that the implementation modules and the
 * other helpers' code can import the types without pulling in the servers.
 */
import type { SignInMethod } from './model/methods';

/**
 * How a missing authentication context (`acrs`) is reported by the Graph activation endpoints: a plain error, inside
 * an `UnknownError` wrapper, or a `WWW-Authenticate` challenge.
 */
export type AcrsChallengeForm = 'plain' | 'unknown-error' | 'www-authenticate';

/** Unattended sign-in: the authorize pages complete themselves as this user with these methods (in order). */
export type UnattendedSignIn = { readonly username: string; readonly methods: readonly string[] };

/** Options for {@link startSimulatedTenant}. Every field is optional; the defaults give the interactive demo tenant. */
export type SimulatedTenantOptions = {
  /** A shipped scenario name (`'demo'` by default, `'large'`, ...) or a scenario object (validated with the scenario schema). */
  scenario?: unknown;
  /**
   * Folder where the CA certificate and the localhost certificate and key are cached; default the user's cache folder
   * (`~/.cache/pim-stepup/simulated-tenant` on Linux). Refused unless owned by this user and writable by nobody else.
   */
  stateDir?: string;
  /** Complete the authorize pages automatically (still through the same protocol); `null` keeps them interactive. */
  unattended?: UnattendedSignIn | null;
  /** Page size of Graph collections (`@odata.nextLink` paging); default from the scenario (100 if unset). */
  graphPageSize?: number;
  /** How long a self-activation stays `Granted` before its instance appears; default from the scenario (0). */
  activationDelayMs?: number;
  /**
   * Strict sessions (default from the scenario, false): each interactive sign-in starts a new session that carries
   * only what that sign-in proved, as an identity provider that starts a new session per interactive sign-in does.
   */
  strictSessions?: boolean;
  /**
   * Start the HTTP control API (default false). It is for `npm run tenant` and tests; an app hosting the tenant
   * in-process steers it through {@link SimulatedTenant.control} and must not open it.
   */
  controlApi?: boolean;
  /** Fixed ports (0 or unset = any free port). All servers bind to 127.0.0.1 only. */
  ports?: { readonly authority?: number; readonly graph?: number; readonly arm?: number; readonly control?: number };
};

/** A simulated user as shown to people (the demo users and their simulated passwords may be printed). */
export type SimulatedUserInfo = {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  readonly description: string;
  readonly methods: readonly SignInMethod[];
  /** Windows Hello / security key PIN of the simulated device, when the user has one. */
  readonly pin: string | null;
};

/** One request the tenant received. Never contains tokens, codes, passwords or request bodies. */
export type JournalEntry = {
  readonly seq: number;
  /** Tenant-clock time the request arrived (ISO 8601). */
  readonly at: string;
  readonly surface: 'authority' | 'graph' | 'arm' | 'control';
  readonly method: string;
  /** Path without the query, as received (e.g. `/v1.0/roleManagement/directory/roleAssignmentScheduleRequests`). */
  readonly path: string;
  /** Query string with secrets removed (`code`, `refresh_token`, `code_verifier`, `password` are never kept). */
  readonly query: string;
  /** HTTP status sent; 0 when the connection was reset by an injected fault. */
  readonly status: number;
  readonly requestId: string | null;
  readonly clientRequestId: string | null;
  /** `oid` of the bearer token's user when the token was valid. */
  readonly principalId: string | null;
  /** For requests inside a `$batch`: the item id (the outer `$batch` request has its own entry). */
  readonly batchItemId: string | null;
  /** Graph: the `action` of a roleAssignmentScheduleRequests / assignmentScheduleRequests POST (e.g. `selfActivate`). */
  readonly action: string | null;
  /** The fault injected into this request, if any. */
  readonly fault: FaultKind | null;
  readonly durationMs: number;
};

/** What an injected fault does. */
export type FaultKind =
  | 'latency' // delay the response by latencyMs, then answer normally
  | 'throttle' // 429 TooManyRequests, with Retry-After unless retryAfterSeconds is null
  | 'unavailable' // 503 ServiceUnavailable, nothing applied
  | 'gateway-timeout' // 504 GatewayTimeout, nothing applied
  | 'reset-after-apply' // the request IS processed (state changes), then the connection is destroyed without a response
  | 'malformed-json'; // the request is processed, the body sent is truncated JSON

/** A fault injected into matching requests. */
export type FaultSpec = {
  readonly kind: FaultKind;
  /**
   * Substring of the request path (percent-decoded); a leading `^` anchors it to the start and a trailing `$` to the
   * end (`^/v1.0/me$` is that path exactly). Never a regular expression.
   */
  readonly path: string;
  /** HTTP method to match (any when unset). */
  readonly method?: string;
  /**
   * Which server. Unset: the authority or Graph, never ARM (ARM's collections share Graph's names such as
   * `roleAssignmentScheduleRequests`; an ARM fault says `surface: 'arm'`).
   */
  readonly surface?: 'authority' | 'graph' | 'arm';
  /** How many matching requests to affect; default 1; `null` = until cleared. */
  readonly times?: number | null;
  readonly latencyMs?: number;
  /**
   * For throttle / unavailable / gateway-timeout: process the request first (state changes) and then answer with the
   * error, like a gateway that timed out while the backend completed the change. Default false (nothing applied).
   */
  readonly afterApply?: boolean;
  /** Seconds for `Retry-After` on a throttle fault; default 1; `null` omits the header. */
  readonly retryAfterSeconds?: number | null;
};

/** A PIM request as the control API lists it (for approving, denying and asserting). */
export type RequestSummary = {
  readonly id: string;
  readonly kind: 'directoryRole' | 'group' | 'azureRole';
  /** Graph's `action` (`selfActivate`) or ARM's `requestType` (`SelfActivate`). */
  readonly action: string;
  readonly status: string;
  readonly principalId: string;
  readonly username: string;
  /** Role definition id, `{groupId}:{accessId}` for groups, `{scope}:{roleDefinitionId GUID}` for Azure roles. */
  readonly target: string;
  readonly targetDisplayName: string;
  readonly createdDateTime: string;
};

/**
 * In-process twin of the HTTP control API. Tests and demos use it to steer the tenant. Every method acts immediately.
 */
export type TenantControl = {
  /** Reset all state (sessions, tokens, requests, activations, faults, journal, clock) to a scenario (default: the current one). */
  reset(scenario?: unknown): void;
  /** Move the tenant clock forward (tokens expire, activations end, sign-in frequency windows pass). */
  advanceClock(ms: number): void;
  /**
   * Sets the tenant clock's offset from the machine clock in ms (may be negative: a tenant behind the machine is how a
   * fast local clock is simulated). Responses' `Date` headers follow the tenant clock.
   */
  setClockOffset(ms: number): void;
  /** The tenant clock now. */
  now(): Date;
  /** Approve a request in `PendingApproval` (it becomes active) — throws when there is no such pending request. */
  approve(requestId: string): RequestSummary;
  /** Deny a request in `PendingApproval`. */
  deny(requestId: string): RequestSummary;
  /** PIM requests, newest last. */
  requests(): readonly RequestSummary[];
  /** Every request received, oldest first. */
  journal(): readonly JournalEntry[];
  clearJournal(): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Turn unattended sign-in on (as this user with these methods) or off. */
  setUnattended(unattended: UnattendedSignIn | null): void;
  setAcrsChallengeForm(form: AcrsChallengeForm): void;
  /** When on, an `acrs` claim counts for PIM only if the token also carries `xms_cc` with `cp1` (the client declared it handles claims challenges). */
  setRequireCp1ForAcrs(required: boolean): void;
  /** Strict sessions on or off (see {@link SimulatedTenantOptions.strictSessions}); applies to the next sign-in. */
  setStrictSessions(strict: boolean): void;
  /** Whether this user may read `roleManagementPolicyAssignments` (403 otherwise). */
  setPolicyReadable(username: string, readable: boolean): void;
  setGraphPageSize(size: number): void;
  /** Page size of ARM collections (`nextLink` paging). */
  setArmPageSize(size: number): void;
  setActivationDelayMs(ms: number): void;
  /**
   * How long after provisioning a new activation is honoured by a plane (directory roles, groups, Azure RBAC):
   * until then PIM shows it active but the directory, a new token and ARM's effective permissions do not.
   */
  setPropagationDelayMs(plane: 'directory' | 'groups' | 'arm', ms: number): void;
  /** Whether Graph serves the Conditional Access policies and the authentication strengths (403 otherwise). */
  setConditionalAccessReadable(readable: { readonly policies?: boolean; readonly strengths?: boolean }): void;
  /** Revoke every refresh token and browser session of a user (forces interactive sign-in). */
  revokeSessions(username: string): void;
};

/** A running simulated tenant. */
export type SimulatedTenant = {
  readonly tenantId: string;
  readonly tenantDomain: string;
  /** The demo public-client application id registered in the scenario. */
  readonly clientId: string;
  /** `https://localhost:<port>` (MSAL `knownAuthorities` wants `localhost:<port>`). */
  readonly authorityHost: string;
  /** `${authorityHost}/${tenantId}`. */
  readonly authority: string;
  /** `https://localhost:<port>/`; the Graph SDK appends `v1.0` (give it `customHosts: new Set(['localhost'])`). */
  readonly graphBaseUrl: string;
  /**
   * `https://localhost:<port>/`: the Azure Resource Manager surface (`providers/Microsoft.Authorization/...`). It
   * accepts access tokens for `https://management.azure.com/user_impersonation` (or `…core.windows.net//.default`).
   */
  readonly armBaseUrl: string;
  /** `http://127.0.0.1:<port>/`: the loopback control API (see control/control-server.ts), or null when not started. */
  readonly controlUrl: string | null;
  /** The control API's per-run secret (`Authorization: Bearer <token>`), or null when it is not started. */
  readonly controlToken: string | null;
  readonly caCertPem: string;
  readonly caCertPath: string;
  /** base64 SHA-256 of the leaf certificate's SubjectPublicKeyInfo, for Chromium's `--ignore-certificate-errors-spki-list`. */
  readonly leafSpkiSha256: string;
  readonly users: readonly SimulatedUserInfo[];
  readonly control: TenantControl;
  close(): Promise<void>;
};
