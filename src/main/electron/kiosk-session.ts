/**
 * Kiosk mode's end of session, wired to Electron: every way a session ends (End session, idle, screen lock or suspend,
 * quit) runs the same full purge (kiosk.ts): the sign-in window closed, Entra signed out, MSAL's accounts and the token
 * cache gone, the diagnostics timeline cleared, both sessions' storage cleared, the UI reloaded.
 */
import { powerMonitor, session } from 'electron';
import type { Session } from 'electron';
import type { Logger } from '../../core/logging/logger';
import { APP_ENTRY_URL } from './app-protocol';
import { clearSessionData, createSessionPurger, endSessionUrl, installKioskTriggers } from './kiosk';
import type { KioskPolicy, PurgeReport } from './kiosk';

export type KioskSessionPorts = {
  readonly policy: KioskPolicy;
  /** `https://login…/<tenant or organizations>`: where Entra's session is ended. */
  readonly authority: string;
  readonly signInSession: Session;
  readonly closeSignIn: () => void;
  readonly signOut: () => Promise<unknown>;
  readonly clearDiagnostics: () => void;
  readonly clearTokenCache: () => Promise<unknown>;
  /** Loads the UI's entry page again in the main window, if there is one. */
  readonly reloadUi: (url: string) => Promise<unknown>;
  readonly logger: Logger;
};

export type KioskSession = {
  /** Runs the purge, logging its report; `trigger` names why (end-session, idle, lock, quit). */
  readonly end: (trigger: string) => Promise<PurgeReport>;
  /** Removes the idle, lock and suspend triggers. */
  readonly stopTriggers: () => void;
};

export function wireKioskSession(ports: KioskSessionPorts): KioskSession {
  const purge = createSessionPurger([
    {
      name: 'close-sign-in',
      run: () => {
        ports.closeSignIn();
        return Promise.resolve();
      },
    },
    {
      name: 'entra-sign-out',
      run: () => ports.signInSession.fetch(endSessionUrl(ports.authority), { redirect: 'manual', signal: AbortSignal.timeout(5000) }),
    },
    { name: 'msal-sign-out', run: ports.signOut },
    {
      name: 'diagnostics',
      run: () => {
        ports.clearDiagnostics();
        return Promise.resolve();
      },
    },
    { name: 'token-cache', run: ports.clearTokenCache },
    { name: 'sign-in-storage', run: () => clearSessionData(ports.signInSession) },
    { name: 'app-storage', run: () => clearSessionData(session.defaultSession) },
    { name: 'reload-ui', run: () => ports.reloadUi(APP_ENTRY_URL) },
  ]);
  const end = async (trigger: string): Promise<PurgeReport> => {
    const report = await purge(trigger);
    ports.logger.info('Kiosk session ended', { ...report });
    return report;
  };
  const stopTriggers = installKioskTriggers({ powerMonitor, policy: ports.policy, purge: end });
  return { end, stopTriggers };
}
