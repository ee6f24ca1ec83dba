/**
 * The desktop's host ports, wired to Electron: the clipboard, the save dialog (support bundles, owner-only files),
 * and the restart after the first-run choice is saved.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, clipboard, dialog } from 'electron';
import type { BrowserWindow } from 'electron';
import type { DesktopHostPorts } from '../desktop/desktop-handlers';

export function desktopHostPorts(mainWindow: () => BrowserWindow | null): DesktopHostPorts {
  return {
    writeClipboard: (text) => clipboard.writeText(text),
    chooseSavePath: async (defaultName) => {
      const options = {
        title: 'Save support bundle',
        defaultPath: join(app.getPath('documents'), defaultName),
        filters: [{ name: 'Support bundle', extensions: ['json'] }],
      };
      const parent = mainWindow();
      const chosen = parent === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(parent, options);
      return chosen.canceled || chosen.filePath === '' ? null : chosen.filePath;
    },
    writeFile: (path, text) => writeFile(path, text, { encoding: 'utf8', mode: 0o600 }),
  };
}

/** Relaunches after the reply has left: the renderer shows "Saved — restarting" first. */
export function restartSoon(): void {
  setTimeout(() => {
    app.relaunch();
    app.exit(0);
  }, 1500);
}
