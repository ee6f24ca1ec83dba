/**
 * The CLI's per-user state folder (its activation intent journal lives there), and the checks it must pass.
 *
 * Why a state folder and not the config folder: the journal is state the CLI writes, not settings a person edits;
 * XDG puts that in `$XDG_STATE_HOME` (default `~/.local/state`), Windows in `%LOCALAPPDATA%`. macOS follows the XDG
 * layout too, as command-line tools there commonly do. The folder is refused unless it is a real folder owned by this
 * user and writable by nobody else (the rule the simulated tenant's folder follows: src/shared/rules/private-folder.ts).
 */
import { lstat, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { stateDirProblem } from '../../shared/rules/private-folder';
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

/** Creates the folder (0700) if needed and checks it; rejects with an Error saying what is wrong and what to do. */
export async function ensurePrivateStateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const stats = await lstat(dir);
  const ownUid = process.platform === 'win32' || process.getuid === undefined ? null : process.getuid();
  const problem = stateDirProblem(
    dir,
    { isDirectory: stats.isDirectory(), isSymbolicLink: stats.isSymbolicLink(), uid: stats.uid, mode: stats.mode },
    ownUid,
  );
  if (problem !== null) {
    throw new Error(
      `The state folder cannot be used: ${problem}. Remove it, or set XDG_STATE_HOME (LOCALAPPDATA on Windows) to a folder of your own.`,
    );
  }
}
