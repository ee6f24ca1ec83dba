/**
 * The one rule a per-user state folder must pass before anything is kept in it (the simulated tenant's TLS
 * material, the CLI's activation journal): a real folder, owned by this user, writable by nobody else, and every
 * folder above it one that no other user can use to move it away and put another in its place. Whoever can write the
 * folder, or replace it, chooses what is read back from it (a certificate to trust, an intent to reconcile).
 *
 * On POSIX a folder above must belong to this user or root and not be writable by others unless sticky (as /tmp is:
 * then only an entry's owner may move it). On Windows the folder and every folder above are judged by their access
 * rules, by SID (windows-acl.ts). Symbolic links: the state folder itself must not be one; the folders above are
 * judged where they really are (the real path), so a link on the way cannot hide a shared folder.
 *
 * The walk reaches the file system only through `PrivateFolderPorts` (shared code runs without Node);
 * `privateFolderPorts` builds them from Node's functions, which each caller passes in.
 */
import { parseWindowsAclReport, windowsAclCommand, windowsAclProblem } from './windows-acl';
import type { WindowsAclReport } from './windows-acl';

/** What is known of a folder (from `lstat`). */
export type FolderInfo = {
  readonly isDirectory: boolean;
  readonly isSymbolicLink: boolean;
  readonly uid: number;
  readonly mode: number;
};

/** Why a state folder cannot be used, or null when it can. `ownUid` is null where POSIX owners do not apply (Windows). */
export function stateDirProblem(dir: string, info: FolderInfo, ownUid: number | null): string | null {
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
    return `${dir} belongs to another user (uid ${String(info.uid)}), who could have placed their own files in it`;
  }
  if ((info.mode & 0o022) !== 0) {
    return `${dir} can be written by other users (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')})`;
  }
  return null;
}

/**
 * Why a folder above the state folder would let another user replace it (POSIX), or null: it must belong to this
 * user or root, and not be writable by others unless its sticky bit is set.
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

/** The folders above `dir`, nearest first, up to the root (`dirname` of the platform's path flavour). */
export function ancestorsOf(dir: string, dirname: (path: string) => string): string[] {
  const out: string[] = [];
  let current = dir;
  for (;;) {
    const parent = dirname(current);
    if (parent === current) {
      return out;
    }
    out.push(parent);
    current = parent;
  }
}

/** The file system as the walk sees it. */
export type PrivateFolderPorts = {
  readonly windows: boolean;
  /** This process's uid on POSIX; null on Windows. */
  readonly ownUid: number | null;
  readonly lstat: (path: string) => FolderInfo;
  readonly realpath: (path: string) => string;
  readonly dirname: (path: string) => string;
  /** Each folder's access rules (Windows), or why they could not be read. */
  readonly readWindowsAcls: (paths: readonly string[]) => WindowsAclReport | string;
};

function windowsTreeProblem(real: string, ports: PrivateFolderPorts): string | null {
  const folders = [real, ...ancestorsOf(real, ports.dirname)];
  const report = ports.readWindowsAcls(folders);
  if (typeof report === 'string') {
    return `the permissions of ${real} could not be checked (${report})`;
  }
  for (const [index, folder] of folders.entries()) {
    const acl = report.folders[index] ?? { ok: false, error: 'not reported' };
    const problem = windowsAclProblem(folder, acl, report.user, index === 0 ? 'leaf' : 'ancestor');
    if (problem !== null) {
      return problem;
    }
  }
  return null;
}

/** Why `dir` cannot serve as a private state folder (it, or a folder above it), or null when it can. */
export function privateFolderProblem(dir: string, ports: PrivateFolderPorts): string | null {
  const leaf = stateDirProblem(dir, ports.lstat(dir), ports.ownUid);
  if (leaf !== null) {
    return leaf;
  }
  const real = ports.realpath(dir);
  if (ports.windows) {
    return windowsTreeProblem(real, ports);
  }
  const ownUid = ports.ownUid;
  if (ownUid === null) {
    return null;
  }
  for (const ancestor of ancestorsOf(real, ports.dirname)) {
    const problem = ancestorProblem(ancestor, ports.lstat(ancestor), ownUid);
    if (problem !== null) {
      return problem;
    }
  }
  return null;
}

/** The few Node facilities the walk needs, passed in by the caller (process, node:fs, node:path, node:child_process). */
export type NodeFolderFacilities = {
  readonly process: {
    readonly platform: string;
    readonly getuid?: () => number;
    readonly env: Readonly<Record<string, string | undefined>>;
  };
  readonly lstatSync: (path: string) => { isDirectory(): boolean; isSymbolicLink(): boolean; uid: number; mode: number };
  readonly realpathSync: (path: string) => string;
  readonly path: { readonly posix: { dirname(path: string): string }; readonly win32: { dirname(path: string): string } };
  readonly execFileSync: (
    file: string,
    args: readonly string[],
    options: {
      env: Record<string, string | undefined>;
      encoding: 'utf8';
      windowsHide: boolean;
      timeout: number;
    },
  ) => string;
};

/** The ports on the real file system. */
export function privateFolderPorts(node: NodeFolderFacilities): PrivateFolderPorts {
  const windows = node.process.platform === 'win32';
  return {
    windows,
    ownUid: windows || node.process.getuid === undefined ? null : node.process.getuid(),
    lstat: (path) => {
      const stats = node.lstatSync(path);
      return { isDirectory: stats.isDirectory(), isSymbolicLink: stats.isSymbolicLink(), uid: stats.uid, mode: stats.mode };
    },
    realpath: node.realpathSync,
    dirname: (path) => (windows ? node.path.win32 : node.path.posix).dirname(path),
    readWindowsAcls: (paths) => {
      const command = windowsAclCommand(paths, node.process.env.SystemRoot);
      let output: string;
      try {
        output = node.execFileSync(command.file, command.args, {
          env: { ...node.process.env, ...command.env },
          encoding: 'utf8',
          windowsHide: true,
          timeout: 30_000,
        });
      } catch (error) {
        return `PowerShell: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'failed'}`;
      }
      return parseWindowsAclReport(output, paths.length) ?? 'PowerShell printed no report';
    },
  };
}
