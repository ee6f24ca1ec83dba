/**
 * The simulated tenant's state folder check walks every folder above the state folder, not only the last one: a
 * private folder inside a folder another user can write is no private folder (they can move it away and put their
 * own, with their own CA, in its place). POSIX is probed on real folders; Windows through `icacls` output (a fake
 * probe returning what icacls prints for typical and hostile ACLs).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ancestorProblem,
  ancestorsOf,
  ensurePrivateStateDir,
  stateDirTreeProblem,
  windowsAclProblem,
} from '../../../src/simulated-tenant/tls/state-dir';
import type { StateDirPorts } from '../../../src/simulated-tenant/tls/state-dir';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

const DIR = 0o040000;

describe('state folder ancestors (POSIX)', () => {
  it('lists every folder above, nearest first, to the root', () => {
    expect(ancestorsOf('/home/ada/.cache/pim-stepup/simulated-tenant')).toEqual([
      '/home/ada/.cache/pim-stepup',
      '/home/ada/.cache',
      '/home/ada',
      '/home',
      '/',
    ]);
    expect(ancestorsOf('C:\\Users\\ada\\AppData\\Local\\pim-stepup', win32)).toEqual([
      'C:\\Users\\ada\\AppData\\Local',
      'C:\\Users\\ada\\AppData',
      'C:\\Users\\ada',
      'C:\\Users',
      'C:\\',
    ]);
  });

  it.each<[string, { uid: number; mode: number }, RegExp | null]>([
    ['own, 0755', { uid: 1000, mode: DIR | 0o755 }, null],
    ['root, 0755', { uid: 0, mode: DIR | 0o755 }, null],
    ['root, 1777 (sticky, like /tmp)', { uid: 0, mode: DIR | 0o1777 }, null],
    ['another user, 0755', { uid: 1001, mode: DIR | 0o755 }, /belongs to another user \(uid 1001\)/],
    ['another user, sticky 1777', { uid: 1001, mode: DIR | 0o1777 }, /belongs to another user/],
    ['own, 0777 without the sticky bit', { uid: 1000, mode: DIR | 0o777 }, /mode 0777, not sticky/],
    ['root, group-writable 0775', { uid: 0, mode: DIR | 0o775 }, /mode 0775/],
  ])('an ancestor %s', (_name, info, expected) => {
    const problem = ancestorProblem('/x', info, 1000);
    if (expected === null) {
      expect(problem).toBeNull();
    } else {
      expect(problem).toMatch(expected);
    }
  });

  it('checks every ancestor, not only the last folder: a private folder two levels inside a shared one is refused', () => {
    const visited: string[] = [];
    const infos: Record<string, { uid: number; mode: number }> = {
      '/srv/shared/ada/pim/state': { uid: 1000, mode: DIR | 0o700 },
      '/srv/shared/ada/pim': { uid: 1000, mode: DIR | 0o700 },
      '/srv/shared/ada': { uid: 1000, mode: DIR | 0o700 },
      '/srv/shared': { uid: 1001, mode: DIR | 0o775 },
      '/srv': { uid: 0, mode: DIR | 0o755 },
      '/': { uid: 0, mode: DIR | 0o755 },
    };
    const ports: StateDirPorts = {
      platform: 'linux',
      ownUid: 1000,
      userName: 'ada',
      lstat: (path) => {
        visited.push(path);
        const info = infos[path] ?? { uid: 0, mode: DIR | 0o755 };
        return { ...info, isDirectory: () => true, isSymbolicLink: () => false };
      },
      realpath: (path) => path,
      icacls: () => {
        throw new Error('not on Windows');
      },
    };
    expect(stateDirTreeProblem('/srv/shared/ada/pim/state', ports)).toMatch(
      /\/srv\/shared, a folder above the state folder, belongs to another user/,
    );
    expect(visited).toEqual(['/srv/shared/ada/pim/state', '/srv/shared/ada/pim', '/srv/shared/ada', '/srv/shared']);
    infos['/srv/shared'] = { uid: 0, mode: DIR | 0o755 };
    expect(stateDirTreeProblem('/srv/shared/ada/pim/state', ports)).toBeNull();
  });

  it.skipIf(process.platform === 'win32')('refuses, on real folders, a state folder below a folder anyone can write', () => {
    const base = mkdtempSync(join(tmpdir(), 'pim-state-'));
    made.push(base);
    const shared = join(base, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(() => {
      ensurePrivateStateDir(join(shared, 'mine', 'simulated-tenant'));
    }).toThrow(/shared, a folder above the state folder, can be written by other users \(mode 0777, not sticky\)/);
    chmodSync(shared, 0o755);
    expect(() => {
      ensurePrivateStateDir(join(shared, 'mine', 'simulated-tenant'));
    }).not.toThrow();
  });
});

describe('state folder ACLs (Windows, through icacls)', () => {
  const LEAF = 'C:\\Users\\ada\\AppData\\Local\\pim-stepup\\simulated-tenant';
  const typical: Record<string, string> = {
    [LEAF]: `${LEAF} CONTOSO\\ada:(OI)(CI)(F)\n    NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n    BUILTIN\\Administrators:(OI)(CI)(F)\n\nSuccessfully processed 1 files; Failed processing 0 files`,
    'C:\\Users\\ada\\AppData\\Local\\pim-stepup':
      'C:\\Users\\ada\\AppData\\Local\\pim-stepup CONTOSO\\ada:(I)(OI)(CI)(F)\n NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)',
    'C:\\Users\\ada\\AppData\\Local': 'C:\\Users\\ada\\AppData\\Local CONTOSO\\ada:(I)(OI)(CI)(F)',
    'C:\\Users\\ada\\AppData': 'C:\\Users\\ada\\AppData CONTOSO\\ada:(I)(OI)(CI)(F)',
    'C:\\Users\\ada': 'C:\\Users\\ada NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n BUILTIN\\Administrators:(OI)(CI)(F)\n CONTOSO\\ada:(OI)(CI)(F)',
    'C:\\Users': 'C:\\Users NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n BUILTIN\\Administrators:(OI)(CI)(F)\n BUILTIN\\Users:(RX)\n Everyone:(RX)',
    'C:\\':
      'C:\\ BUILTIN\\Administrators:(OI)(CI)(F)\n NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n BUILTIN\\Users:(OI)(CI)(RX)\n NT AUTHORITY\\Authenticated Users:(OI)(CI)(IO)(M)\n NT AUTHORITY\\Authenticated Users:(AD)',
  };

  function windowsPorts(acls: Record<string, string>, probed: string[] = []): StateDirPorts {
    return {
      platform: 'win32',
      ownUid: null,
      userName: 'ada',
      lstat: () => ({ uid: 0, mode: DIR | 0o777, isDirectory: () => true, isSymbolicLink: () => false }),
      realpath: (path) => path,
      icacls: (path) => {
        probed.push(path);
        const output = acls[path];
        if (output === undefined) {
          throw new Error(`${path}: The system cannot find the file specified.`);
        }
        return output;
      },
    };
  }

  it("accepts the user's own LOCALAPPDATA tree, checking the folder and every folder above it", () => {
    const probed: string[] = [];
    expect(stateDirTreeProblem(LEAF, windowsPorts(typical, probed))).toBeNull();
    expect(probed).toEqual([LEAF, ...ancestorsOf(LEAF, win32)]);
  });

  it.each<[string, string, string, RegExp]>([
    [
      'the folder writable by Users',
      LEAF,
      `${LEAF} CONTOSO\\ada:(F)\n BUILTIN\\Users:(OI)(CI)(W)`,
      /grants BUILTIN\\Users \(W\), who can write in it/,
    ],
    ['the folder open to Everyone', LEAF, `${LEAF} Everyone:(OI)(CI)(F)`, /grants Everyone \(F\)/],
    [
      'an ancestor where Authenticated Users may modify',
      'C:\\Users\\ada\\AppData',
      'C:\\Users\\ada\\AppData CONTOSO\\ada:(F)\n NT AUTHORITY\\Authenticated Users:(OI)(CI)(M)',
      /AppData, a folder above the state folder, grants NT AUTHORITY\\Authenticated Users \(M\)/,
    ],
    [
      'an ancestor where another user may delete children',
      'C:\\Users',
      'C:\\Users CONTOSO\\mallory:(DC)',
      /grants CONTOSO\\mallory \(DC\)/,
    ],
  ])('refuses %s', (_name, path, acl, expected) => {
    expect(stateDirTreeProblem(LEAF, windowsPorts({ ...typical, [path]: acl }))).toMatch(expected);
  });

  it('refuses when icacls cannot report a folder, rather than assuming it is private', () => {
    const rest = Object.fromEntries(Object.entries(typical).filter(([path]) => path !== 'C:\\Users'));
    expect(stateDirTreeProblem(LEAF, windowsPorts(rest))).toMatch(
      /permissions of C:\\Users could not be checked \(icacls: C:\\Users: The system/,
    );
    expect(windowsAclProblem('C:\\x', 'Successfully processed 0 files', 'ada', 'leaf')).toMatch(/printed no entry/);
  });
});
