/**
 * The desktop-only IPC channels: help-desk deep links, "Copy diagnostics", "Save support
 * bundle" and the local activation history.
 *
 * Electron-free on purpose: the clipboard, the save dialog and the file write arrive as
 * ports, so these handlers run under plain Node in unit tests and in the Chromium harness,
 * and the composition root passes Electron's `clipboard` and `dialog`. Every handler returns
 * a Result; a failing port becomes an AppError, never an exception across IPC. The renderer
 * never receives the diagnostics text itself: main writes it where the admin asked.
 */
import type { InvokeChannel } from '../../shared/ipc/contract';
import { appError } from '../../shared/errors';
import { err, ok } from '../../shared/result';
import type { DeepLinkDelivery } from '../deep-link/deep-link-inbox';
import type { SupportBundle } from '../diagnostics/support-bundle';
import { formatDiagnosticsText, serializeSupportBundle, supportBundleFileName } from '../diagnostics/support-bundle';
import type { ActivationHistory } from '../history/activation-history';
import type { IpcHandlers } from '../ipc/ipc-router';

/** The channels served here; every other channel is the engine's. */
export const DESKTOP_CHANNELS = [
  'deep-link:take',
  'diagnostics:copy',
  'diagnostics:save-bundle',
  'history:list',
  'history:clear',
] as const satisfies readonly InvokeChannel[];

export type DesktopChannel = (typeof DESKTOP_CHANNELS)[number];
export type DesktopHandlers = Pick<IpcHandlers, DesktopChannel>;

/** What the host provides: Electron in the app, recording fakes in tests. */
export type DesktopHostPorts = {
  /** Electron `clipboard.writeText`. */
  writeClipboard(text: string): void | Promise<void>;
  /** Electron `dialog.showSaveDialog`; null when the admin cancels. */
  chooseSavePath(defaultName: string): Promise<string | null>;
  writeFile(path: string, text: string): Promise<void>;
};

export type DesktopHandlerPorts = DesktopHostPorts & {
  /** The deep-link inbox's `take` (the newest delivery not yet shown). */
  readonly takeDeepLink: () => DeepLinkDelivery | null;
  readonly history: ActivationHistory;
  /** Builds the current support bundle (the engine knows configuration, evidence and timeline). */
  readonly supportBundle: () => Promise<SupportBundle>;
  /**
   * False in kiosk mode: nothing about the session may reach a disk, so only Copy diagnostics is
   * offered; a save is refused before any dialog opens. Default true.
   */
  readonly saveBundleAllowed?: boolean;
  readonly now?: () => Date;
};

export function createDesktopHandlers(ports: DesktopHandlerPorts): DesktopHandlers {
  const now = ports.now ?? (() => new Date());
  return {
    'deep-link:take': () => Promise.resolve(ok(ports.takeDeepLink())),
    'diagnostics:copy': async () => {
      try {
        const text = formatDiagnosticsText(await ports.supportBundle());
        await ports.writeClipboard(text);
        return ok({ characters: text.length });
      } catch (cause) {
        return err(appError('unexpected', `The diagnostics could not be copied to the clipboard (${reasonOf(cause)}).`));
      }
    },
    'diagnostics:save-bundle': async () => {
      if (ports.saveBundleAllowed === false) {
        return err(
          appError(
            'input/invalid',
            'This kiosk workstation writes nothing about the session to disk, so a support bundle cannot be saved here; use Copy diagnostics instead.',
          ),
        );
      }
      let path: string | null;
      try {
        path = await ports.chooseSavePath(supportBundleFileName(now()));
      } catch (cause) {
        return err(appError('unexpected', `The save dialog could not be shown (${reasonOf(cause)}).`));
      }
      if (path === null) {
        return ok(null);
      }
      try {
        await ports.writeFile(path, serializeSupportBundle(await ports.supportBundle()));
        return ok({ path });
      } catch (cause) {
        return err(
          appError(
            'unexpected',
            `The support bundle could not be saved to ${path} (${reasonOf(cause)}); choose another folder and try again.`,
            {
              retryable: true,
            },
          ),
        );
      }
    },
    'history:list': () => ports.history.list(),
    'history:clear': () => ports.history.clear(),
  };
}

/** Ports for a host without a desktop (the CLI, engine tests): copying and saving are refused with a clear message. */
export const HEADLESS_HOST_PORTS: DesktopHostPorts = {
  writeClipboard: () => Promise.reject(new Error('no clipboard in this host')),
  chooseSavePath: () => Promise.reject(new Error('no save dialog in this host')),
  writeFile: () => Promise.reject(new Error('no file output in this host')),
};

function reasonOf(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  // Bounded: OS error messages can carry long paths.
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
