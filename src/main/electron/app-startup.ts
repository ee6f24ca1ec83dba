/**
 * What the app needs before anything else: its layered configuration (the loader the CLI shares, src/core/config), a
 * start-up failure shown as a dialog, and the main-process log.
 */
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, dialog } from 'electron';
import { loadConfig } from '../../core/config/load-config';
import type { ResolvedConfig } from '../../core/config/resolve-config';
import { createLogger, formatLogRecord } from '../../core/logging/logger';
import type { Logger } from '../../core/logging/logger';
import type { AppError } from '../../shared/errors';
import { configFlagsFromArgv } from './shell-wiring';

/** Shows why the app cannot start and exits (the dialog lists each configuration issue). */
export function failStartup(error: AppError): never {
  const details = (error.issues ?? []).map((issue) => `• ${issue.path}: ${issue.message}`).join('\n');
  dialog.showErrorBox('PIM Step-Up cannot start', details === '' ? error.message : `${error.message}\n\n${details}`);
  app.exit(1);
  throw new Error(error.message);
}

/** The configuration from the machine file, the user's `<userData>/config.json`, the environment and the command line. */
export function loadAppConfiguration() {
  const userFile = join(app.getPath('userData'), 'config.json');
  const loaded = loadConfig({
    platform: process.platform,
    env: process.env,
    readFile: (file) => readFileSync(file, 'utf8'),
    allowOverride: !app.isPackaged,
    userFile: { path: userFile, explicit: false },
    flags: configFlagsFromArgv(process.argv.slice(app.isPackaged ? 1 : 2)),
  });
  if (!loaded.ok) {
    failStartup(loaded.error);
  }
  const { config, policy, managed, managedSource, machine, machineLocked, userFileRead } = loaded.value;
  // The first-run choice is offered only when the demo was the default, not anyone's decision.
  const firstRun = !userFileRead && machine === null && config.sources.tenant === undefined && config.sources.demo === 'default';
  return {
    config,
    policy,
    managed,
    managedSource,
    setup: { userConfigPath: userFile, firstRun, machineLocked, machineSource: managedSource },
  };
}

/**
 * The main-process log: a file in the OS's log folder, or nothing at all in kiosk mode, where
 * nothing about the user may reach the disk (account names appear in engine logs).
 */
export function createAppLogger(level: ResolvedConfig['logLevel'], kiosk: boolean): Logger {
  if (kiosk) {
    return createLogger({ level, sink: () => undefined });
  }
  const folder = app.getPath('logs');
  mkdirSync(folder, { recursive: true });
  const stream = createWriteStream(join(folder, 'main.log'), { flags: 'a', mode: 0o600 });
  // A full disk or a revoked folder must not take the app down; the log is best effort.
  stream.on('error', () => undefined);
  return createLogger({ level, sink: (record) => stream.write(`${formatLogRecord(record)}\n`) });
}
