/** What the UI needs to know about how the app is running. */
export type AppInfo = {
  readonly version: string;
  readonly tenant: {
    /** `simulated` is the built-in demo tenant: nothing real is activated. */
    readonly kind: 'simulated' | 'configured';
    readonly tenantId: string;
    readonly cloud: string;
    readonly authorityHost: string;
    readonly graphEndpoint: string;
  };
  readonly mode: 'standard' | 'kiosk';
  /**
   * PIM's My roles page in the Microsoft Entra admin center of the configured cloud, for the
   * Done step and guided mode; null where none is offered (demo, custom or unconfirmed clouds, kiosk).
   */
  readonly adminCenterUrl: string | null;
  /** My Security Info, where sign-in methods are registered (a step-up's dead end links it); null where none is offered. */
  readonly securityInfoUrl: string | null;
  /**
   * True when the demo was chosen only because nothing was configured (no user config file, no
   * machine configuration, no tenant flags) and the user has not answered the first-run choice yet.
   */
  readonly firstRun: boolean;
  readonly signInSurface: 'system-browser' | 'in-app-window';
  /** Whether sign-in tokens survive a restart; `reason` says why not (kiosk mode, no OS encryption). */
  readonly signInStorage: { readonly persisted: boolean; readonly reason: string | null };
  /** What machine policy (or the defaults) asks of the UI. */
  readonly policy: AppPolicy;
};

/** Settings an administrator can set machine-wide that the UI follows. */
export type AppPolicy = {
  /** Justification texts offered for one click; empty when none are configured. */
  readonly justificationTemplates: readonly string[];
  /** Ticket system name to pre-fill, when the organisation uses one. */
  readonly ticketSystem: string | null;
  /** The session ends (kiosk purge) after an activation completes. */
  readonly endSessionAfterActivation: boolean;
  /** Minutes of inactivity after which the session ends; null when not configured. */
  readonly idleTimeoutMinutes: number | null;
  /** The wizard starts in guided mode (each step explained in plain words). */
  readonly guidedByDefault: boolean;
  /** True when machine policy limits which roles are offered (the catalog is already filtered). */
  readonly allowedRolesRestricted: boolean;
};
