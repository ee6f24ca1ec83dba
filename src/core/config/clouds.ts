/**
 * The national clouds the app knows, each with its sign-in authority host, Graph endpoint, and Azure Resource Manager
 * endpoint with the token audience ARM accepts there (ARM compares `aud` exactly, trailing slash included).
 *
 * Private or test clouds use custom `authorityHost`/`graphEndpoint`/`armEndpoint` instead (see resolve-config).
 */
export const CLOUD_NAMES = ['public', 'usgov', 'usgov-dod', 'china'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

export type CloudEndpoints = {
  readonly authorityHost: string;
  readonly graphEndpoint: string;
  readonly armEndpoint: string;
  /** The identifier URI ARM tokens are requested for (`<audience>user_impersonation`). */
  readonly armAudience: string;
};

export const CLOUDS: Readonly<Record<CloudName, CloudEndpoints>> = {
  public: {
    authorityHost: 'https://login.microsoftonline.com',
    graphEndpoint: 'https://graph.microsoft.com',
    armEndpoint: 'https://management.azure.com',
    armAudience: 'https://management.azure.com/',
  },
  usgov: {
    authorityHost: 'https://login.microsoftonline.us',
    graphEndpoint: 'https://graph.microsoft.us',
    armEndpoint: 'https://management.usgovcloudapi.net',
    armAudience: 'https://management.usgovcloudapi.net/',
  },
  // DoD tenants use US Government's Resource Manager; only Graph has a DoD endpoint of its own.
  'usgov-dod': {
    authorityHost: 'https://login.microsoftonline.us',
    graphEndpoint: 'https://dod-graph.microsoft.us',
    armEndpoint: 'https://management.usgovcloudapi.net',
    armAudience: 'https://management.usgovcloudapi.net/',
  },
  china: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
    armEndpoint: 'https://management.chinacloudapi.cn',
    armAudience: 'https://management.chinacloudapi.cn/',
  },
};

/**
 * The ARM token audience for an ARM endpoint: its cloud's for a Microsoft endpoint, else the endpoint's own (a token
 * for Microsoft's Resource Manager is never sent to another host; a proxy in front of it sets `armAudience`).
 */
export function armAudienceFor(armEndpoint: string): string {
  const origin = new URL(armEndpoint).origin;
  return Object.values(CLOUDS).find((cloud) => cloud.armEndpoint === origin)?.armAudience ?? `${origin}/`;
}

/** The delegated scope for Azure Resource Manager ("Azure Service Management / user_impersonation"). */
export function armScope(armAudience: string): string {
  return `${armAudience.endsWith('/') ? armAudience : `${armAudience}/`}user_impersonation`;
}

/** Hosts MSAL and the Graph SDK recognise on their own; any other host needs explicit trust settings. */
const MICROSOFT_AUTHORITY_HOSTS = new Set(Object.values(CLOUDS).map((c) => new URL(c.authorityHost).host));
const MICROSOFT_GRAPH_HOSTS = new Set(Object.values(CLOUDS).map((c) => new URL(c.graphEndpoint).hostname));

export function isMicrosoftAuthorityHost(authorityHost: string): boolean {
  return MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).host);
}

export function isMicrosoftGraphHost(graphEndpoint: string): boolean {
  return MICROSOFT_GRAPH_HOSTS.has(new URL(graphEndpoint).hostname);
}
