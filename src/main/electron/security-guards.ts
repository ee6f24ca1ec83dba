/**
 * The guards every window and session gets before any window exists: permissions denied by default on every session
 * (partitions included), navigation guards on every webContents, the app: protocol serving the UI, and the UI's
 * session cut off from the network (the engine's traffic uses its own partition). Order matters: main calls this
 * before it creates a window.
 */
import { app, session, shell } from 'electron';
import type { WebContents } from 'electron';
import type { ResolvedConfig } from '../../core/config/resolve-config';
import type { Logger } from '../../core/logging/logger';
import { APP_ORIGIN, registerAppProtocol } from './app-protocol';
import { createPolicyRegistry, installNavigationGuards } from './navigation-guard';
import { blockNetworkRequests } from './network-lockdown';
import { appExternalTargets, createOpenExternalSafe } from './open-external';
import type { OpenExternalSafe } from './open-external';
import { denyPermissionsByDefault } from './permissions';

export type SecurityGuards = {
  /** Navigation policies by webContents id (the sign-in window registers its own). */
  readonly policies: ReturnType<typeof createPolicyRegistry>;
  /** The one way to the system browser: only the authority and, where offered, the admin center. */
  readonly openExternalSafe: OpenExternalSafe;
};

export function installSecurityGuards(options: {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  /** Folder the app: protocol serves the UI from. */
  readonly rendererRoot: string;
  /** True for the main window's webContents: only its target=_blank links go to the system browser. */
  readonly isMainWindow: (contentsId: number) => boolean;
}): SecurityGuards {
  const { logger } = options;
  const onDenied = (permission: string, kind: string) => {
    logger.warn('Permission denied', { permission, kind });
  };
  denyPermissionsByDefault(session.defaultSession, onDenied);
  app.on('session-created', (created) => {
    denyPermissionsByDefault(created, onDenied);
  });
  const policies = createPolicyRegistry({ allowedOrigins: [APP_ORIGIN], loopbackPort: null });
  const openExternalSafe = createOpenExternalSafe(shell, {
    allowed: appExternalTargets(options.config),
    onRefused: (reason) => {
      logger.warn('Refused to open an external URL', { reason });
    },
  });
  installNavigationGuards<WebContents>(app, (contents) => ({
    policyFor: () => policies.get(contents.id),
    onOpenRequest: (url) => {
      if (options.isMainWindow(contents.id)) {
        void openExternalSafe(url);
      }
    },
    onBlocked: (kind, url) => {
      logger.warn('Blocked navigation', { kind, url: url.slice(0, 200) });
    },
  }));
  registerAppProtocol(session.defaultSession.protocol, { root: options.rendererRoot });
  blockNetworkRequests(session.defaultSession, (url) => {
    logger.warn('Blocked a network request from the UI session', { url: url.slice(0, 200) });
  });
  return { policies, openExternalSafe };
}
