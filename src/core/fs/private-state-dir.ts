/**
 * The CLI's per-user state folder (its activation intent journal lives there), and the checks it must pass.
 *
 * Why a state folder and not the config folder: the journal is state the CLI writes, not settings a person edits;
 * XDG puts that in `$XDG_STATE_HOME` (default `~/.local/state`), Windows in `%LOCALAPPDATA%`. macOS follows the XDG
 * layout too, as command-line tools there commonly do. The folder is refused unless it is a real folder owned by this
 * user and writable by nobody else, inside folders no other user can replace it from (the rule and its walk, shared
 * with the simulated tenant's folder: src/shared/rules/private-folder.ts).
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, realpathSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path, { isAbsolute, join } from 'node:path';
import { privateFolderPorts, privateFolderProblem } from '../../shared/rules/private-folder';
import type { PrivateFolderPorts } from '../../shared/rules/private-folder';
import { PRIVATE_DIR_MODE } from './atomic-write';

/** `$XDG_STATE_HOME/pim-stepup` (default `~/.local/state/pim-stepup`); `%LOCALAPPDATA%\pim-stepup` on Windows. */
export function cliStateDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA;
    return join(local !== undefined && local !== '' ? local : join(home, 'AppData', 'Local'), 'pim-stepup');
  }
  // XDG: a relative value is invalid and must be ignored.
  const xdg = env.XDG_STATE_HOME;
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.local', 'state'), 'pim-stepup');
}

const realPorts = (): PrivateFolderPorts =>
  privateFolderPorts({ process, lstatSync, realpathSync: realpathSync.native, path, execFileSync });

/**
 * Creates the folder (0700) if needed and checks it and every folder above it; rejects with an Error saying what is
 * wrong and what to do.
 */
export async function ensurePrivateStateDir(dir: string, ports: PrivateFolderPorts = realPorts()): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const problem = privateFolderProblem(dir, ports);
  if (problem !== null) {
    throw new Error(
      `The state folder cannot be used: ${problem}. Remove it, or set XDG_STATE_HOME (LOCALAPPDATA on Windows) to a folder of your own.`,
    );
  }
}
