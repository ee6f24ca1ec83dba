/**
 * THE IPC contract: every channel between renderer and main, with its argument and result
 * types, and every event main pushes to the renderer.
 *
 * Three thin adapters are built from this one map: the main-side router
 * (`src/main/ipc/ipc-router.ts`), the preload bridge (`src/preload/create-api.ts`) and the
 * renderer's `api` (`src/renderer/api.ts`). Argument schemas live beside it in
 * `schemas.ts`; a channel without a schema does not compile.
 */
import type {
  ActivationPlan,
  ActivationProgress,
  ActivationReport,
  ActivationRequest,
  DeactivationOutcome,
  ExtensionOutcome,
  ExtensionRequest,
  PendingRequest,
} from '../domain/activation';
import type { AppInfo } from '../domain/app-info';
import type { DeepLinkDelivery } from '../domain/deep-link';
import type { FavouriteRole } from '../domain/favourites';
import type { HistoryReadout, HistoryRequestUpdate } from '../domain/history';
import type { RoleStateModel } from '../domain/role-state';
import type { EligibleRole, RoleCatalog } from '../domain/roles';
import type { SessionSummary, SignInState } from '../domain/session';
import type { Result } from '../result';

export type InvokeContract = {
  'app:get-info': { args: []; result: AppInfo };
  'auth:get-session': { args: []; result: SessionSummary | null };
  'auth:sign-in': { args: []; result: SessionSummary };
  'auth:cancel-sign-in': { args: []; result: null };
  'auth:sign-out': { args: []; result: null };
  'roles:list': { args: []; result: RoleCatalog };
  /** Where each role stands (the role-state model) read afresh, without the policies: cheap enough to follow decisions. */
  'roles:states': { args: []; result: RoleStateModel };
  'activation:plan': { args: [ActivationRequest]; result: ActivationPlan };
  'activation:activate': { args: [ActivationRequest]; result: ActivationReport };
  'activation:deactivate': { args: [{ roleId: string }]; result: DeactivationOutcome };
  /** Asks an administrator to lengthen their time-bound assignment (`selfExtend`); it then waits among the pending requests. */
  'activation:request-extension': { args: [ExtensionRequest]; result: ExtensionOutcome };
  /** The signed-in user's requests still waiting for an approver. */
  'activation:list-pending': { args: []; result: readonly PendingRequest[] };
  /** Withdraws one of those requests. */
  'activation:cancel-request': { args: [{ requestId: string; kind: 'directoryRole' | 'group' | 'azureResource' }]; result: null };
  /** The newest help-desk link not yet shown (then null until another arrives); it only pre-fills the wizard. */
  'deep-link:take': { args: []; result: DeepLinkDelivery | null };
  /** Main writes the redacted diagnostics text to the clipboard; the renderer never sees it. */
  'diagnostics:copy': { args: []; result: { characters: number } };
  /** Main asks where to save and writes the redacted JSON bundle; null when the admin cancels the dialog. */
  'diagnostics:save-bundle': { args: []; result: { path: string } | null };
  'history:list': { args: []; result: HistoryReadout };
  'history:clear': { args: []; result: null };
  /**
   * What PIM says now about history entries that ended "Pending approval" (approved, denied,
   * cancelled, expired), as summaries; none without such entries, and none in kiosk mode.
   */
  'history:request-updates': { args: []; result: readonly HistoryRequestUpdate[] };
  /** The window's favourites (ids and names) for the tray's "Activate favourites"; refused in kiosk mode. */
  'tray:set-favourites': { args: [readonly FavouriteRole[]]; result: null };
  /** First run: validates and saves the tenant to the user config file; the app then restarts to connect to it. */
  'setup:connect-tenant': { args: [TenantConnection]; result: { restarting: true } };
  /** First run: records "Try the demo" so the choice is not offered again. */
  'setup:use-demo': { args: []; result: null };
};

/** What "Connect my tenant" submits. */
export type TenantConnection = {
  readonly tenant: string;
  readonly clientId: string;
  readonly cloud?: 'public' | 'usgov' | 'usgov-dod' | 'china';
};

export type EventContract = {
  'session:changed': SessionSummary | null;
  'sign-in:state': SignInState;
  'activation:progress': ActivationProgress;
  /** The role-state model, each time the engine reads it afresh (a listing, a refresh, after an activation). */
  'roles:states': RoleStateModel;
  /**
   * The role list while it is being read (`roles:list` still answers with the finished catalog): every eligibility
   * read so far, those whose policy is still being read marked `requirements.pending` (to show as "checking…").
   */
  'roles:progress': { readonly eligible: readonly EligibleRole[] };
  /** A link arrived (cold start, second instance, macOS open-url); the wizard may show it and must still ask for confirmation. */
  'deep-link:received': DeepLinkDelivery;
};

export type InvokeChannel = keyof InvokeContract;
export type EventChannel = keyof EventContract;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeResult<C extends InvokeChannel> = Result<InvokeContract[C]['result']>;

/** Names every event channel at runtime (the preload subscribes to exactly these). */
export const EVENT_CHANNELS = [
  'session:changed',
  'sign-in:state',
  'activation:progress',
  'roles:states',
  'roles:progress',
  'deep-link:received',
] as const satisfies readonly EventChannel[];

/**
 * What a bridge between the two sides must provide. Electron's ipcRenderer provides it in the
 * preload; the test harness provides it over Playwright bindings, so the same `createApi`
 * drives the renderer in plain Chromium against the real main-process services.
 */
export type BridgeTransport = {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>>;
  subscribe<E extends EventChannel>(event: E, listener: (payload: EventContract[E]) => void): () => void;
};
