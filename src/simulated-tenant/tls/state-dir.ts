/**
 * Where the simulated tenant keeps its TLS material, and the checks that folder must pass.
 *
 * Why per user and checked: whoever can write this folder chooses the certificate the tenant serves and the CA the
 * tenant tells people to trust (`NODE_EXTRA_CA_CERTS`). A fixed folder in the shared temp directory could be
 * created first by another local user, with their own keys. So the default is in the user's own cache folder, and
 * any folder (default or given) is refused unless it is a real folder owned by this user and writable by nobody else,
 * and every folder above it is one that no other user can use to move it away and put another in its place: on
 * POSIX owned by this user or root, and not writable by others unless sticky (as /tmp is); on Windows, checked with
 * `icacls`, no one but the user, SYSTEM, Administrators and TrustedInstaller holds a right that could replace it.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, join, win32 } from 'node:path';
import { stateDirProblem } from '../../shared/rules/private-folder';

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

/** Why a state folder cannot be used (the one rule, shared with the CLI's state folder). */
export { stateDirProblem };

/** The folders above `dir`, nearest first, up to the root (`path` is path.posix or path.win32). */
export function ancestorsOf(dir: string, path: { dirname: (p: string) => string } = { dirname }): string[] {
  const out: string[] = [];
  let current = dir;
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) {
      return out;
    }
    out.push(parent);
    current = parent;
  }
}

/**
 * Why a folder above the state folder would let another user replace it (POSIX), or null: it must belong to this
 * user or root, and not be writable by others unless its sticky bit is set (then only an entry's owner may move it).
 */
export function ancestorProblem(dir: string, info: { readonly uid: number; readonly mode: number }, ownUid: number): string | null {
  if (info.uid !== ownUid && info.uid !== 0) {
    return `${dir}, a folder above the state folder, belongs to another user (uid ${String(info.uid)}), who could move the state folder away and put their own in its place`;
  }
  if ((info.mode & 0o022) !== 0 && (info.mode & 0o1000) === 0) {
    return `${dir}, a folder above the state folder, can be written by other users (mode ${(info.mode & 0o7777).toString(8).padStart(4, '0')}, not sticky), who could move the state folder away and put their own in its place`;
  }
  return null;
}

/** Principals that may hold any right on the user's own folders on Windows (the user is added by name). */
const WINDOWS_TRUSTED = ['nt authority\\system', 'builtin\\administrators', 'nt service\\trustedinstaller', 'creator owner'];
/** icacls rights that let a principal change the folder's contents (leaf) or replace a folder below it (ancestor). */
const LEAF_RIGHTS = new Set(['F', 'M', 'W', 'D', 'DC', 'WD', 'AD', 'WDAC', 'WO', 'GA', 'GW']);
const ANCESTOR_RIGHTS = new Set(['F', 'M', 'D', 'DC', 'WDAC', 'WO', 'GA', 'GW']);

/**
 * Why a Windows folder's ACL (the text `icacls <folder>` prints) lets someone other than `userName` write the state
 * folder (`role: 'leaf'`) or replace it (`role: 'ancestor'`), or null. Inherit-only entries (IO) do not apply to the
 * folder itself and are skipped.
 */
export function windowsAclProblem(folder: string, icaclsOutput: string, userName: string, role: 'leaf' | 'ancestor'): string | null {
  const rights = role === 'leaf' ? LEAF_RIGHTS : ANCESTOR_RIGHTS;
  const user = userName.toLowerCase();
  const lines = icaclsOutput.split(/\r?\n/);
  const entries: { principal: string; flags: string[] }[] = [];
  for (const [index, raw] of lines.entries()) {
    const line = index === 0 && raw.toLowerCase().startsWith(folder.toLowerCase()) ? raw.slice(folder.length) : raw;
    const match = /^\s*(.+?):((?:\([A-Z,]+\))+)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      entries.push({
        principal: match[1].trim(),
        flags: match[2]
          .slice(1, -1)
          .split(')(')
          .flatMap((group) => group.split(',')),
      });
    }
  }
  if (entries.length === 0) {
    return `the permissions of ${folder} could not be read (icacls printed no entry)`;
  }
  for (const { principal, flags } of entries) {
    const name = principal.toLowerCase();
    const trusted = WINDOWS_TRUSTED.includes(name) || name === user || name.endsWith(`\\${user}`);
    if (trusted || flags.includes('IO') || flags.includes('DENY')) {
      continue;
    }
    const granted = flags.filter((flag) => rights.has(flag));
    if (granted.length > 0) {
      const what = role === 'leaf' ? 'can write in it' : 'could move the state folder away and put their own in its place';
      return `${folder}${role === 'ancestor' ? ', a folder above the state folder,' : ''} grants ${principal} (${granted.join(', ')}), who ${what}`;
    }
  }
  return null;
}

export type StateDirPorts = {
  readonly platform: NodeJS.Platform;
  /** This process's uid on POSIX. */
  readonly ownUid: number | null;
  readonly userName: string;
  readonly lstat: (path: string) => { isDirectory(): boolean; isSymbolicLink(): boolean; uid: number; mode: number };
  readonly realpath: (path: string) => string;
  /** `icacls <path>`'s output (Windows). */
  readonly icacls: (path: string) => string;
};

const realPorts = (): StateDirPorts => ({
  platform: process.platform,
  ownUid: process.platform === 'win32' || process.getuid === undefined ? null : process.getuid(),
  userName: userInfo().username,
  lstat: (path) => lstatSync(path),
  realpath: (path) => realpathSync.native(path),
  icacls: (path) => execFileSync('icacls', [path], { encoding: 'utf8', windowsHide: true, timeout: 10_000 }),
});

/** Every problem-free check of the folder and the folders above it, or the first problem. */
export function stateDirTreeProblem(dir: string, ports: StateDirPorts): string | null {
  const stats = ports.lstat(dir);
  const leaf = stateDirProblem(
    dir,
    { isDirectory: stats.isDirectory(), isSymbolicLink: stats.isSymbolicLink(), uid: stats.uid, mode: stats.mode },
    ports.ownUid,
  );
  if (leaf !== null) {
    return leaf;
  }
  // The real path: a folder above reached through a symbolic link is judged where it really is.
  const real = ports.realpath(dir);
  if (ports.platform === 'win32') {
    const probe = (folder: string, role: 'leaf' | 'ancestor'): string | null => {
      let output: string;
      try {
        output = ports.icacls(folder);
      } catch (error) {
        return `the permissions of ${folder} could not be checked (icacls: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'failed'})`;
      }
      return windowsAclProblem(folder, output, ports.userName, role);
    };
    const own = probe(real, 'leaf');
    if (own !== null) {
      return own;
    }
    for (const ancestor of ancestorsOf(real, win32)) {
      const problem = probe(ancestor, 'ancestor');
      if (problem !== null) {
        return problem;
      }
    }
    return null;
  }
  if (ports.ownUid === null) {
    return null;
  }
  for (const ancestor of ancestorsOf(real)) {
    const info = ports.lstat(ancestor);
    const problem = ancestorProblem(ancestor, { uid: info.uid, mode: info.mode }, ports.ownUid);
    if (problem !== null) {
      return problem;
    }
  }
  return null;
}

/** Creates the folder (0700) if needed and checks it and every folder above it; throws an Error that says what to do. */
export function ensurePrivateStateDir(dir: string, ports: StateDirPorts = realPorts()): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const problem = stateDirTreeProblem(dir, ports);
  if (problem !== null) {
    throw new Error(
      `The simulated tenant will not use its state folder: ${problem}. Delete the folder (it holds only the demo certificates) or set PIM_SIM_STATE_DIR to a folder of your own.`,
    );
  }
}
