/**
 * Where the simulated tenant keeps its TLS material, and the checks that folder must pass.
 *
 * Why per user and checked: whoever can write this folder chooses the certificate the tenant serves and the CA the
 * tenant tells people to trust (`NODE_EXTRA_CA_CERTS`). A fixed folder in the shared temp directory could be
 * created first by another local user, with their own keys. So the default is in the user's own cache folder, and
 * any folder (default or given) is refused unless it is a real folder owned by this user and writable by nobody else,
 * and every folder above it is one that no other user can use to move it away and put another in its place (the
 * rule and its walk: src/shared/rules/private-folder.ts, shared with the CLI's state folder).
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import path, { join } from 'node:path';
import { privateFolderPorts, privateFolderProblem } from '../../shared/rules/private-folder';
import type { PrivateFolderPorts } from '../../shared/rules/private-folder';

/** The user's cache folder for the tenant: XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on Windows. */
export function defaultStateDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'pim-stepup', 'simulated-tenant');
  }
  if (platform === 'darwin') {
    return join(home, 'Library', 'Caches', 'pim-stepup', 'simulated-tenant');
  }
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg !== undefined && xdg.startsWith('/') ? xdg : join(home, '.cache'), 'pim-stepup', 'simulated-tenant');
}

const realPorts = (): PrivateFolderPorts =>
  privateFolderPorts({ process, lstatSync, realpathSync: realpathSync.native, path, execFileSync });

/** Creates the folder (0700) if needed and checks it and every folder above it; throws an Error that says what to do. */
export function ensurePrivateStateDir(dir: string, ports: PrivateFolderPorts = realPorts()): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const problem = privateFolderProblem(dir, ports);
  if (problem !== null) {
    throw new Error(
      `The simulated tenant will not use its state folder: ${problem}. Delete the folder (it holds only the demo certificates) or set PIM_SIM_STATE_DIR to a folder of your own.`,
    );
  }
}
