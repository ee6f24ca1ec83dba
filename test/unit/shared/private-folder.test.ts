/**
 * The private state-folder rule walks every folder above the state folder, not only the last one: a private folder
 * inside a folder another user can write is no private folder (they can move it away and put their own in its
 * place). The walk is shared by the simulated tenant's TLS folder and the CLI's journal folder, and both are probed
 * here on real folders. Windows is judged from the report the PowerShell script prints (SIDs and numeric rights);
 * the reports below are written in that shape with the names Windows gives in English and in French, so the verdict
 * is shown not to depend on the system's language.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, win32 } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import { ensurePrivateStateDir as ensureCliStateDir } from '../../../src/core/fs/private-state-dir';
import { ancestorProblem, ancestorsOf, privateFolderPorts, privateFolderProblem } from '../../../src/shared/rules/private-folder';
import type { NodeFolderFacilities, PrivateFolderPorts } from '../../../src/shared/rules/private-folder';
import { parseWindowsAclReport, WINDOWS_ACL_SCRIPT, windowsAclCommand, windowsAclProblem } from '../../../src/shared/rules/windows-acl';
import type { WindowsAclReport } from '../../../src/shared/rules/windows-acl';
import { ensurePrivateStateDir as ensureTenantStateDir } from '../../../src/simulated-tenant/tls/state-dir';

const posixDirname = (path: string): string => posix.dirname(path);
const win32Dirname = (path: string): string => win32.dirname(path);
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

const DIR = 0o040000;

describe('state folder ancestors (POSIX)', () => {
  it('lists every folder above, nearest first, to the root', () => {
    expect(ancestorsOf('/home/ada/.cache/pim-stepup/simulated-tenant', posixDirname)).toEqual([
      '/home/ada/.cache/pim-stepup',
      '/home/ada/.cache',
      '/home/ada',
      '/home',
      '/',
    ]);
    expect(ancestorsOf('C:\\Users\\ada\\AppData\\Local\\pim-stepup', win32Dirname)).toEqual([
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
    };
    const ports: PrivateFolderPorts = {
      windows: false,
      ownUid: 1000,
      lstat: (path) => {
        visited.push(path);
        return { ...(infos[path] ?? { uid: 0, mode: DIR | 0o755 }), isDirectory: true, isSymbolicLink: false };
      },
      realpath: (path) => path,
      dirname: posixDirname,
      readWindowsAcls: () => 'not on Windows',
    };
    expect(privateFolderProblem('/srv/shared/ada/pim/state', ports)).toMatch(
      /\/srv\/shared, a folder above the state folder, belongs to another user/,
    );
    expect(visited).toEqual(['/srv/shared/ada/pim/state', '/srv/shared/ada/pim', '/srv/shared/ada', '/srv/shared']);
    infos['/srv/shared'] = { uid: 0, mode: DIR | 0o755 };
    expect(privateFolderProblem('/srv/shared/ada/pim/state', ports)).toBeNull();
  });
});

describe.skipIf(process.platform === 'win32')('both state folders on real folders (POSIX)', () => {
  function base(): string {
    const dir = mkdtempSync(join(tmpdir(), 'pim-state-'));
    made.push(dir);
    return dir;
  }

  it.each([
    [
      'the simulated tenant',
      (dir: string) =>
        Promise.resolve().then(() => {
          ensureTenantStateDir(dir);
        }),
      /PIM_SIM_STATE_DIR/,
    ],
    ['the CLI', (dir: string) => ensureCliStateDir(dir), /set XDG_STATE_HOME \(LOCALAPPDATA on Windows\)/],
  ])('%s refuses a folder below one anyone can write, and says what to do', async (_who, ensure, advice) => {
    const shared = join(base(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const refusal = ensure(join(shared, 'mine', 'pim-stepup'));
    await expect(refusal).rejects.toThrow(
      /shared, a folder above the state folder, can be written by other users \(mode 0777, not sticky\)/,
    );
    await expect(refusal).rejects.toThrow(advice);
    chmodSync(shared, 0o755);
    await expect(ensure(join(shared, 'mine', 'pim-stepup'))).resolves.toBeUndefined();
  });

  it.each([
    [
      'the simulated tenant',
      (dir: string) =>
        Promise.resolve().then(() => {
          ensureTenantStateDir(dir);
        }),
    ],
    ['the CLI', (dir: string) => ensureCliStateDir(dir)],
  ])('%s accepts a folder below a sticky folder anyone can write (as /tmp is)', async (_who, ensure) => {
    const sticky = join(base(), 'tmp-like');
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    await expect(ensure(join(sticky, 'ada', 'pim-stepup'))).resolves.toBeUndefined();
  });

  it('judges the folders above where they really are: a symbolic link on the way does not hide a shared folder', async () => {
    const root = base();
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    symlinkSync(shared, join(root, 'via-link'));
    await expect(ensureCliStateDir(join(root, 'via-link', 'mine', 'pim-stepup'))).rejects.toThrow(
      new RegExp(`${shared.replaceAll('/', '\\/')}, a folder above the state folder, can be written`),
    );
  });

  it('refuses a state folder that is itself a symbolic link', async () => {
    const root = base();
    mkdirSync(join(root, 'real'), { mode: 0o700 });
    symlinkSync(join(root, 'real'), join(root, 'state'));
    await expect(ensureCliStateDir(join(root, 'state'))).rejects.toThrow(/is a symbolic link; the state folder must be a real folder/);
  });
});

const ADA = 'S-1-5-21-1004336348-1177238915-682003330-1001';
const SYSTEM = 'S-1-5-18';
const ADMINS = 'S-1-5-32-544';
const USERS = 'S-1-5-32-545';
const EVERYONE = 'S-1-1-0';
const AUTHENTICATED = 'S-1-5-11';
const CREATOR_OWNER = 'S-1-3-0';
const TRUSTED_INSTALLER = 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464';
const FULL = '001F01FF';
const READ_EXECUTE = '001200A9';
const MODIFY = '001301BF';

type Names = Record<string, string>;
const ENGLISH: Names = {
  [ADA]: 'CONTOSO\\ada',
  [SYSTEM]: 'NT AUTHORITY\\SYSTEM',
  [ADMINS]: 'BUILTIN\\Administrators',
  [USERS]: 'BUILTIN\\Users',
  [EVERYONE]: 'Everyone',
  [AUTHENTICATED]: 'NT AUTHORITY\\Authenticated Users',
  [CREATOR_OWNER]: 'CREATOR OWNER',
  [TRUSTED_INSTALLER]: 'NT SERVICE\\TrustedInstaller',
};
const FRENCH: Names = {
  [ADA]: 'CONTOSO\\ada',
  [SYSTEM]: 'AUTORITE NT\\Système',
  [ADMINS]: 'BUILTIN\\Administrateurs',
  [USERS]: 'BUILTIN\\Utilisateurs',
  [EVERYONE]: 'Tout le monde',
  [AUTHENTICATED]: 'AUTORITE NT\\Utilisateurs authentifiés',
  [CREATOR_OWNER]: 'CREATEUR PROPRIETAIRE',
  [TRUSTED_INSTALLER]: 'NT SERVICE\\TrustedInstaller',
};

type RuleRow = [sid: string, rights: string, inheritOnly?: boolean, allow?: boolean];
type FolderRow = { owner: string; rules: RuleRow[] } | { error: string };

/** LOCALAPPDATA\pim-stepup and every folder above it, as a new Windows 11 profile has them. */
const LEAF = 'C:\\Users\\ada\\AppData\\Local\\pim-stepup';
const typical = (): FolderRow[] => [
  {
    owner: ADA,
    rules: [
      [ADA, FULL],
      [SYSTEM, FULL],
      [ADMINS, FULL],
    ],
  },
  {
    owner: ADA,
    rules: [
      [SYSTEM, FULL],
      [ADMINS, FULL],
      [ADA, FULL],
    ],
  },
  {
    owner: ADA,
    rules: [
      [SYSTEM, FULL],
      [ADMINS, FULL],
      [ADA, FULL],
    ],
  },
  {
    owner: SYSTEM,
    rules: [
      [SYSTEM, FULL],
      [ADMINS, FULL],
      [ADA, FULL],
    ],
  },
  {
    owner: SYSTEM,
    rules: [
      [SYSTEM, FULL],
      [ADMINS, FULL],
      [USERS, READ_EXECUTE],
      [EVERYONE, READ_EXECUTE],
      [CREATOR_OWNER, '10000000', true],
    ],
  },
  {
    owner: TRUSTED_INSTALLER,
    rules: [
      [ADMINS, FULL],
      [SYSTEM, FULL],
      [USERS, READ_EXECUTE],
      [AUTHENTICATED, 'E0010000', true],
      [AUTHENTICATED, '00000004'],
    ],
  },
];

/** The JSON text the PowerShell script prints for these folders, with the names in one language. */
function printed(folders: FolderRow[], names: Names): string {
  return JSON.stringify({
    user: ADA,
    folders: folders.map((folder) =>
      'error' in folder
        ? { ok: false, error: folder.error }
        : {
            ok: true,
            owner: folder.owner,
            ownerName: names[folder.owner] ?? null,
            rules: folder.rules.map(([sid, rights, inheritOnly = false, allow = true]) => ({
              sid,
              name: names[sid] ?? null,
              allow,
              rights,
              inheritOnly,
            })),
          },
    ),
  });
}

function windowsPorts(output: string | Error, asked: string[][] = []): PrivateFolderPorts {
  const node: NodeFolderFacilities = {
    process: { platform: 'win32', env: { SystemRoot: 'C:\\Windows' } },
    lstatSync: () => ({ uid: 0, mode: DIR | 0o777, isDirectory: () => true, isSymbolicLink: () => false }),
    realpathSync: (path) => path,
    path: { posix, win32 },
    execFileSync: (file, args, options) => {
      expect(file).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
      expect(args).toContain(WINDOWS_ACL_SCRIPT);
      expect(options.encoding).toBe('utf8');
      asked.push(JSON.parse(options.env.PIM_STEPUP_ACL_PATHS ?? '[]') as string[]);
      if (output instanceof Error) {
        throw output;
      }
      return output;
    },
  };
  return privateFolderPorts(node);
}

describe('state folder ACLs (Windows, by SID)', () => {
  it.each([
    ['English', ENGLISH],
    ['French', FRENCH],
  ])(
    "accepts the user's own LOCALAPPDATA tree on a %s system, asking for the folder and every folder above it at once",
    (_language, names) => {
      const asked: string[][] = [];
      expect(privateFolderProblem(LEAF, windowsPorts(printed(typical(), names), asked))).toBeNull();
      expect(asked).toEqual([[LEAF, ...ancestorsOf(LEAF, win32Dirname)]]);
    },
  );

  it.each<[string, number, FolderRow, RegExp, RegExp]>([
    [
      'the folder writable by Users',
      0,
      {
        owner: ADA,
        rules: [
          [ADA, FULL],
          [USERS, '00000116'],
        ],
      },
      /pim-stepup lets BUILTIN\\Users \(S-1-5-32-545\) add files, add folders, who can write in it/,
      /pim-stepup lets BUILTIN\\Utilisateurs \(S-1-5-32-545\) add files/,
    ],
    [
      'the folder open to Everyone',
      0,
      { owner: ADA, rules: [[EVERYONE, FULL]] },
      /lets Everyone \(S-1-1-0\) add files, add folders, delete what is inside, delete, change permissions, take ownership/,
      /lets Tout le monde \(S-1-1-0\)/,
    ],
    [
      'an ancestor where Authenticated Users may modify',
      2,
      {
        owner: ADA,
        rules: [
          [ADA, FULL],
          [AUTHENTICATED, MODIFY],
        ],
      },
      /AppData, a folder above the state folder, lets NT AUTHORITY\\Authenticated Users \(S-1-5-11\) delete, who could move/,
      /AppData, a folder above the state folder, lets AUTORITE NT\\Utilisateurs authentifiés \(S-1-5-11\) delete/,
    ],
    [
      "another domain's account that shares the user's name (a name check would trust it)",
      4,
      {
        owner: SYSTEM,
        rules: [
          [SYSTEM, FULL],
          ['S-1-5-21-9-9-9-1105', '00000040'],
        ],
      },
      /C:\\Users, a folder above the state folder, lets an unknown account \(S-1-5-21-9-9-9-1105\) delete what is inside/,
      /lets an unknown account \(S-1-5-21-9-9-9-1105\)/,
    ],
    [
      'a folder above owned by another user',
      3,
      { owner: 'S-1-5-21-1004336348-1177238915-682003330-1002', rules: [[SYSTEM, FULL]] },
      /C:\\Users\\ada, a folder above the state folder, belongs to an unknown account \(S-1-5-21-[-\d]+1002\), who can change its permissions/,
      /belongs to an unknown account/,
    ],
  ])('refuses %s, whatever the language', (_name, index, folder, english, french) => {
    const folders = typical();
    folders[index] = folder;
    expect(privateFolderProblem(LEAF, windowsPorts(printed(folders, ENGLISH)))).toMatch(english);
    expect(privateFolderProblem(LEAF, windowsPorts(printed(folders, FRENCH)))).toMatch(french);
  });

  it('skips rules that do not open the folder: deny, inherit-only, and rights that cannot replace a folder below', () => {
    const acl = (rules: RuleRow[]) => parseWindowsAclReport(printed([{ owner: ADA, rules }], ENGLISH), 1)?.folders[0];
    const denied = acl([[EVERYONE, FULL, false, false]]);
    const inheritOnly = acl([[EVERYONE, FULL, true]]);
    const addFolder = acl([[AUTHENTICATED, '00000004']]);
    expect(denied && windowsAclProblem('C:\\x', denied, ADA, 'leaf')).toBeNull();
    expect(inheritOnly && windowsAclProblem('C:\\x', inheritOnly, ADA, 'leaf')).toBeNull();
    // Creating a folder beside ours cannot remove ours; in the state folder itself it is writing.
    expect(addFolder && windowsAclProblem('C:\\x', addFolder, ADA, 'ancestor')).toBeNull();
    expect(addFolder && windowsAclProblem('C:\\x', addFolder, ADA, 'leaf')).toMatch(/add folders/);
  });

  it('refuses when the permissions cannot be read, rather than assuming the folder is private', () => {
    const folders = typical();
    folders[4] = { error: 'Attempted to perform an unauthorized operation.' };
    expect(privateFolderProblem(LEAF, windowsPorts(printed(folders, ENGLISH)))).toMatch(
      /permissions of C:\\Users could not be checked \(Attempted to perform an unauthorized operation\.\)/,
    );
    expect(privateFolderProblem(LEAF, windowsPorts(new Error('spawnSync powershell.exe ENOENT\nmore')))).toMatch(
      /permissions of .*pim-stepup could not be checked \(PowerShell: spawnSync powershell.exe ENOENT\)/,
    );
    expect(privateFolderProblem(LEAF, windowsPorts('Get-Acl : not recognized'))).toMatch(/PowerShell printed no report/);
    const malformed = JSON.parse(printed(typical(), ENGLISH)) as { folders: { rules: { rights: string }[] }[] };
    const firstRule = malformed.folders[1]?.rules[0];
    if (firstRule !== undefined) {
      firstRule.rights = 'full';
    }
    expect(privateFolderProblem(LEAF, windowsPorts(JSON.stringify(malformed)))).toMatch(
      /permissions of C:\\Users\\ada\\AppData\\Local could not be checked \(an access rule could not be read\)/,
    );
  });

  it("reads the script's report: a byte-order mark, a lone folder printed as an object, and a count that does not match", () => {
    const one: WindowsAclReport | null = parseWindowsAclReport(
      `\uFEFF${JSON.stringify({ user: ADA, folders: { ok: true, owner: ADA, ownerName: null, rules: [] } })}`,
      1,
    );
    expect(one).toEqual({ user: ADA, folders: [{ ok: true, owner: ADA, ownerName: null, rules: [] }] });
    expect(parseWindowsAclReport(printed(typical(), ENGLISH), 5)).toBeNull();
    expect(parseWindowsAclReport(JSON.stringify({ user: 'ada', folders: [] }), 0)).toBeNull();
  });

  it('runs one PowerShell by its full path, with the paths in the environment and a script the command line cannot change', () => {
    const paths = ['C:\\Users\\Zoë "Q" Ångström\\AppData', 'C:\\'];
    const command = windowsAclCommand(paths, 'D:\\WINNT');
    expect(command.file).toBe('D:\\WINNT\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(windowsAclCommand(paths, 'relative\\path').file).toMatch(/^C:\\Windows\\/);
    expect(JSON.parse(command.env.PIM_STEPUP_ACL_PATHS ?? '')).toEqual(paths);
    expect(WINDOWS_ACL_SCRIPT).not.toMatch(/["\\\n]/);
    expect(WINDOWS_ACL_SCRIPT).toContain('GetAccessRules($true, $true, $sidType)');
  });
});
