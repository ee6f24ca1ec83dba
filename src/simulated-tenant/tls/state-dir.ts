/**
 * Where the simulated tenant keeps its TLS material, and the checks that folder must pass.
 *
 * Why per user and checked: whoever can write this folder chooses the certificate the tenant serves and the CA the
 * tenant tells people to trust (`NODE_EXTRA_CA_CERTS`). A fixed folder in the shared temp directory could be
 * created first by another local user, with their own keys. So the default is in the user's own cache folder, and
 * any folder (default or given) is refused unless it is a real folder owned by this user and writable by nobody else.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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

/** Why a state folder cannot be used, or null when it can (POSIX: ours, a real folder, not group/other-writable). */
export function stateDirProblem(
  dir: string,
  info: { readonly isDirectory: boolean; readonly isSymbolicLink: boolean; readonly uid: number; readonly mode: number },
  ownUid: number | null,
): string | null {
  if (info.isSymbolicLink) {
    return `${dir} is a symbolic link; the state folder must be a real folder`;
  }
  if (!info.isDirectory) {
    return `${dir} is not a folder`;
  }
  if (ownUid === null) {
    return null;
  }
  if (info.uid !== ownUid) {
    return `${dir} belongs to another user (uid ${String(info.uid)}), who could have placed their own keys in it`;
  }
  if ((info.mode & 0o022) !== 0) {
    return `${dir} can be written by other users (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')})`;
  }
  return null;
}

/**
 * Creates the folder (0700) if needed and checks it; throws an Error that says what is wrong and what to do.
 * Windows has no POSIX owner or mode here; the per-user LOCALAPPDATA folder is private by its ACL.
 */
export function ensurePrivateStateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stats = lstatSync(dir);
  const ownUid = process.platform === 'win32' || process.getuid === undefined ? null : process.getuid();
  const problem = stateDirProblem(
    dir,
    { isDirectory: stats.isDirectory(), isSymbolicLink: stats.isSymbolicLink(), uid: stats.uid, mode: stats.mode },
    ownUid,
  );
  if (problem !== null) {
    throw new Error(
      `The simulated tenant will not use its state folder: ${problem}. Delete the folder (it holds only the demo certificates) or set PIM_SIM_STATE_DIR to a folder of your own.`,
    );
  }
}
