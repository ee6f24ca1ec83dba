/**
 * The one rule a per-user state folder must pass before anything is kept in it (the simulated tenant's TLS
 * material, the CLI's activation journal): a real folder, owned by this user, writable by nobody else. Whoever can
 * write the folder chooses what is read back from it (a certificate to trust, an intent to reconcile).
 */

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
