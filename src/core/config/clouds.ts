/**
 * The national clouds the app knows, each with its sign-in authority host and Graph endpoint.
 *
 * Private or test clouds use custom `authorityHost`/`graphEndpoint` instead (see resolve-config).
 */
export const CLOUD_NAMES = ['public', 'usgov', 'usgov-dod', 'china'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

export type CloudEndpoints = { readonly authorityHost: string; readonly graphEndpoint: string };

export const CLOUDS: Readonly<Record<CloudName, CloudEndpoints>> = {
  public: { authorityHost: 'https://login.microsoftonline.com', graphEndpoint: 'https://graph.microsoft.com' },
  usgov: { authorityHost: 'https://login.microsoftonline.us', graphEndpoint: 'https://graph.microsoft.us' },
  'usgov-dod': { authorityHost: 'https://login.microsoftonline.us', graphEndpoint: 'https://dod-graph.microsoft.us' },
  china: { authorityHost: 'https://login.chinacloudapi.cn', graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn' },
};

/** Hosts MSAL and the Graph SDK recognise on their own; any other host needs explicit trust settings. */
const MICROSOFT_AUTHORITY_HOSTS = new Set(Object.values(CLOUDS).map((c) => new URL(c.authorityHost).host));
const MICROSOFT_GRAPH_HOSTS = new Set(Object.values(CLOUDS).map((c) => new URL(c.graphEndpoint).hostname));

export function isMicrosoftAuthorityHost(authorityHost: string): boolean {
  return MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).host);
}

export function isMicrosoftGraphHost(graphEndpoint: string): boolean {
  return MICROSOFT_GRAPH_HOSTS.has(new URL(graphEndpoint).hostname);
}
