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
  readonly signInSurface: 'system-browser' | 'in-app-window';
};
