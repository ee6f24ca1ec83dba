/**
 * The desktop-only IPC channels: help-desk deep links, "Copy diagnostics", "Save support
 * bundle", the local activation history, and the first-run choice (demo or own tenant).
 *
 * Electron-free on purpose: the clipboard, the save dialog and the file write arrive as
 * ports, so these handlers run under plain Node in unit tests and in the Chromium harness,
 * and the composition root passes Electron's `clipboard` and `dialog`. Every handler returns
 * a Result; a failing port becomes an AppError, never an exception across IPC. The renderer
 * never receives the diagnostics text itself: main writes it where the admin asked.
 */
import type { InvokeChannel } from '../../shared/ipc/contract';
import { appError } from '../../shared/errors';
import { resolveConfig } from '../../core/config/resolve-config';
import { err, ok } from '../../shared/result';
import type { DeepLinkDelivery } from '../../core/deep-link/deep-link-inbox';
import type { SupportBundle } from '../../core/diagnostics/support-bundle';
import { formatDiagnosticsText, serializeSupportBundle, supportBundleFileName } from '../../core/diagnostics/support-bundle';
import type { ActivationHistory } from '../../core/history/activation-history';
import type { IpcHandlers } from '../../shared/ipc/handlers';
import { echoable } from '../../shared/rules/text';

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
  return echoable(text, { max: 200 });
}

/** The first-run channels: "Connect my tenant" and "Try the demo". */
export const SETUP_CHANNELS = ['setup:connect-tenant', 'setup:use-demo'] as const satisfies readonly InvokeChannel[];

export type SetupChannel = (typeof SETUP_CHANNELS)[number];
export type SetupHandlers = Pick<IpcHandlers, SetupChannel | 'app:get-info'>;

/** What the shell provides for the first-run choice: the user config file and a restart. */
export type SetupPorts = {
  /** The user's config file (`<userData>/config.json`), the one `resolveConfig` reads as its `file` layer. */
  readonly userConfigPath: string;
  /** True when the demo was chosen only because nothing was configured (no user file, no machine config, no tenant flags). */
  readonly firstRun: boolean;
  /** Keys an administrator locked in the machine configuration, and where. */
  readonly machineLocked: readonly string[];
  readonly machineSource: string | null;
  /** Replaces a file whole, owner-only, flushed (`writeFileAtomic` from src/core/fs in the app). */
  writeFileAtomic(path: string, text: string): Promise<void>;
  /** Electron's `app.relaunch(); app.exit(0)` in the app; a recording fake in tests. */
  restart(): void;
};

/** Keys a tenant connection writes; a machine lock on any of them refuses the first-run choice. */
const TENANT_KEYS = ['tenant', 'clientId'] as const;

/**
 * The first-run handlers, and `app:get-info` decorated with `firstRun`.
 *
 * Why here and not in the engine: saving the choice and restarting are the shell's business; the
 * engine only validates. The tenant is checked by `resolveConfig` (the same rules the engine
 * starts with), so what is saved always starts; nothing is written unless it validates.
 */
export function createSetupHandlers(ports: SetupPorts, getInfo: IpcHandlers['app:get-info']): SetupHandlers {
  let firstRun = ports.firstRun;
  const lockedRefusal = () => {
    const locked = TENANT_KEYS.filter((key) => ports.machineLocked.includes(key));
    return locked.length === 0
      ? null
      : err(
          appError(
            'config/invalid',
            `Your administrator locked ${locked.join(' and ')} in ${ports.machineSource ?? 'the machine configuration'}, so the tenant cannot be chosen here; ask your administrator to change it.`,
            { issues: locked.map((key) => ({ path: key, message: 'is locked by your administrator.' })) },
          ),
        );
  };
  /**
   * The choice is offered once. Afterwards the window may not rewrite the configuration: a
   * compromised or confused renderer must not be able to point the app at another tenant.
   */
  const notFirstRunRefusal = () =>
    firstRun
      ? null
      : err(
          appError(
            'input/invalid',
            `The tenant is chosen only when PIM Step-Up first starts. To change it, edit ${ports.userConfigPath} or ask your administrator.`,
          ),
        );
  /** Whole or not at all, so a crash never leaves a half-written config file. */
  const saveAtomically = (values: Record<string, unknown>): Promise<void> =>
    ports.writeFileAtomic(ports.userConfigPath, `${JSON.stringify(values, null, 2)}\n`);
  return {
    'app:get-info': async () => {
      const info = await getInfo();
      return info.ok ? ok({ ...info.value, firstRun }) : info;
    },
    'setup:connect-tenant': async (connection) => {
      const refused = notFirstRunRefusal() ?? lockedRefusal();
      if (refused !== null) {
        return refused;
      }
      const values: Record<string, unknown> = { tenant: connection.tenant.trim(), clientId: connection.clientId.trim() };
      if (connection.cloud !== undefined) {
        values.cloud = connection.cloud;
      }
      const text = JSON.stringify(values);
      const checked = resolveConfig({ env: {}, flags: {}, file: { path: ports.userConfigPath, text } });
      if (!checked.ok) {
        // resolveConfig names the key first ("clientId (in …/config.json)"); the form needs the bare key.
        const issues = (checked.error.issues ?? []).map((issue) => ({
          path: issue.path.split(' ')[0] ?? issue.path,
          message: issue.message,
        }));
        return err(appError('config/invalid', `Check ${issues.map((i) => i.path).join(' and ')}: nothing was saved.`, { issues }));
      }
      try {
        await saveAtomically(values);
      } catch (cause) {
        return err(
          appError('unexpected', `The configuration could not be saved to ${ports.userConfigPath} (${reasonOf(cause)}).`, {
            retryable: true,
          }),
        );
      }
      firstRun = false;
      ports.restart();
      return ok({ restarting: true as const });
    },
    'setup:use-demo': async () => {
      const refused = notFirstRunRefusal() ?? lockedRefusal();
      if (refused !== null) {
        return refused;
      }
      try {
        await saveAtomically({ demo: true });
      } catch (cause) {
        return err(
          appError('unexpected', `The choice could not be saved to ${ports.userConfigPath} (${reasonOf(cause)}).`, { retryable: true }),
        );
      }
      firstRun = false;
      return ok(null);
    },
  };
}

/** Setup in a host that cannot save or restart (the CLI, engine tests): refused with a clear message. */
export const HEADLESS_SETUP_HANDLERS: Pick<IpcHandlers, SetupChannel> = {
  'setup:connect-tenant': () =>
    Promise.resolve(err(appError('input/invalid', 'This host cannot save a tenant; pass --tenant and --client-id instead.'))),
  'setup:use-demo': () => Promise.resolve(ok(null)),
};
