/**
 * The MSAL public client the auth service signs in with: `clientCapabilities: ['cp1']` declares that we handle claims
 * challenges; a custom authority (sovereign or simulated) is listed as known; the token cache plugin and the Windows
 * broker when configured; every request over the engine's FetchLike (msal-network-client.ts); MSAL's own log lines
 * without personal data, errors as warnings.
 */
import { LogLevel as MsalLogLevel, PublicClientApplication } from '@azure/msal-node';
import type { ICachePlugin, INetworkModule } from '@azure/msal-node';
import { isMicrosoftAuthorityHost } from '../config/clouds';
import type { Logger } from '../logging/logger';
import type { BrokerSetup } from './broker';

export function createMsalApp(options: {
  readonly clientId: string;
  readonly authority: string;
  readonly cachePlugin?: ICachePlugin;
  readonly broker?: BrokerSetup;
  readonly networkClient: INetworkModule;
  readonly log: Logger;
}): PublicClientApplication {
  const authorityUrl = new URL(options.authority);
  const custom = !isMicrosoftAuthorityHost(authorityUrl.origin);
  const { log } = options;
  return new PublicClientApplication({
    auth: {
      clientId: options.clientId,
      authority: options.authority,
      clientCapabilities: ['cp1'],
      ...(custom ? { knownAuthorities: [authorityUrl.host] } : {}),
    },
    ...(options.cachePlugin === undefined ? {} : { cache: { cachePlugin: options.cachePlugin } }),
    ...(options.broker === undefined ? {} : { broker: { nativeBrokerPlugin: options.broker.plugin } }),
    system: {
      networkClient: options.networkClient,
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: MsalLogLevel.Warning,
        loggerCallback: (level, message, containsPii) => {
          if (containsPii) {
            return;
          }
          const text = `msal: ${message}`;
          if (level === MsalLogLevel.Error) {
            log.warn(text);
          } else {
            log.debug(text);
          }
        },
      },
    },
  });
}
