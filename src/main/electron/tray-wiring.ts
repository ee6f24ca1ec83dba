/**
 * Puts the app in the tray / menu bar: Electron's Tray, Menu and the tray icon passed into the Electron-free presence
 * (tray.ts), which reads the role-state model and lists the active roles with their time left, Re-activate for those
 * ending soon or recently ended, warns before expiry, offers the favourites, Open and Quit. Its actions only pre-fill
 * the wizard through the help-desk links' inbox (whose delivery listener pushes the event and focuses the window);
 * nothing is activated from the tray.
 */
import { app, Menu, nativeImage, Tray } from 'electron';
import type { DeepLinkInbox } from '../../core/deep-link/deep-link-inbox';
import type { Engine } from '../../core/engine/create-engine';
import { showNotice } from './os-notice';
import { createTrayPresence } from './tray';
import type { TrayPresence } from './tray';
import { TRAY_ICON_DATA_URL } from './tray-icon';

export type TrayWiring = {
  readonly engine: Pick<Engine, 'roleStates'>;
  readonly inbox: Pick<DeepLinkInbox, 'receiveTrayRoles'>;
  readonly showWindow: () => void;
};

/** Builds the tray, reads the active roles once, and returns the presence (its `dispose` removes the tray). */
export function startTray(wiring: TrayWiring): TrayPresence {
  const presence = createTrayPresence({
    createTray: () => new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL)),
    buildMenu: (items) => Menu.buildFromTemplate([...items]),
    notify: showNotice,
    readStates: () => wiring.engine.roleStates({ interactive: false }),
    showWindow: wiring.showWindow,
    prefill: (roleIds) => {
      wiring.inbox.receiveTrayRoles(roleIds);
    },
    quit: () => {
      app.quit();
    },
  });
  void presence.refresh();
  return presence;
}
