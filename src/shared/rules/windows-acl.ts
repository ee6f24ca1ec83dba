/**
 * The Windows half of the private-folder rule: who may write a folder, judged by security identifier (SID), never by
 * account name.
 *
 * Why SIDs: Windows prints account names in the system's language (`VORDEFINIERT\Administratoren`,
 * `AUTORITE NT\Système`), so a check that compares names refuses every folder on a German or French system, and a
 * name can be spoofed by a local account called like a trusted one. The access rules are read by PowerShell's
 * `Get-Acl` with every identity as a SID and every right as a number (`WINDOWS_ACL_SCRIPT`), which reads the same in
 * every language; the localized names come along only to say who it is in the message.
 */

/** One access rule of a folder, as `WINDOWS_ACL_SCRIPT` reports it. */
export type WindowsAclRule = {
  readonly sid: string;
  /** The account's name in the system's language, for messages only; null when it could not be resolved. */
  readonly name: string | null;
  readonly allow: boolean;
  /** The access mask (FileSystemRights). */
  readonly rights: number;
  /** Inherited by children only: it does not apply to the folder itself. */
  readonly inheritOnly: boolean;
};

export type WindowsAcl =
  | { readonly ok: true; readonly owner: string; readonly ownerName: string | null; readonly rules: readonly WindowsAclRule[] }
  | { readonly ok: false; readonly error: string };

/** What the script reports: the signed-in user's SID and each folder's ACL, in the order asked. */
export type WindowsAclReport = { readonly user: string; readonly folders: readonly WindowsAcl[] };

/** SIDs that may hold any right on a user's own folders besides the user: the operating system and its administrators. */
export const WINDOWS_TRUSTED_SIDS: ReadonlyMap<string, string> = new Map([
  ['S-1-5-18', 'SYSTEM'],
  ['S-1-5-32-544', 'Administrators'],
  ['S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464', 'TrustedInstaller'],
  // CREATOR OWNER only ever stands in an inheritable rule; on a child it becomes the child's owner.
  ['S-1-3-0', 'CREATOR OWNER'],
]);

/** Access-mask bits, named for the message (FileSystemRights and the generic rights). */
const RIGHTS: readonly (readonly [number, string])[] = [
  [0x2, 'add files'],
  [0x4, 'add folders'],
  [0x40, 'delete what is inside'],
  [0x1_0000, 'delete'],
  [0x4_0000, 'change permissions'],
  [0x8_0000, 'take ownership'],
  [0x1000_0000, 'full control'],
  [0x4000_0000, 'write'],
];
/** Rights that let someone change the state folder's contents. */
const LEAF_MASK = 0x2 | 0x4 | 0x40 | 0x1_0000 | 0x4_0000 | 0x8_0000 | 0x1000_0000 | 0x4000_0000;
/** Rights on a folder above that let someone move the folder below away and put another in its place. */
const ANCESTOR_MASK = 0x40 | 0x1_0000 | 0x4_0000 | 0x8_0000 | 0x1000_0000 | 0x4000_0000;

function who(sid: string, name: string | null): string {
  return `${name ?? WINDOWS_TRUSTED_SIDS.get(sid) ?? 'an unknown account'} (${sid})`;
}

/**
 * Why a Windows folder lets someone other than the user (`userSid`), the system and administrators write the state
 * folder (`role: 'leaf'`) or replace it (`role: 'ancestor'`), or null. The owner counts too: an owner may always
 * rewrite the permissions. Deny rules only narrow access and inherit-only rules do not apply to the folder, so both
 * are skipped.
 */
export function windowsAclProblem(folder: string, acl: WindowsAcl, userSid: string, role: 'leaf' | 'ancestor'): string | null {
  const where = role === 'leaf' ? folder : `${folder}, a folder above the state folder,`;
  if (!acl.ok) {
    return `the permissions of ${folder} could not be checked (${acl.error})`;
  }
  const trusted = (sid: string): boolean => sid === userSid || WINDOWS_TRUSTED_SIDS.has(sid);
  if (!trusted(acl.owner)) {
    return `${where} belongs to ${who(acl.owner, acl.ownerName)}, who can change its permissions`;
  }
  const mask = role === 'leaf' ? LEAF_MASK : ANCESTOR_MASK;
  for (const rule of acl.rules) {
    if (!rule.allow || rule.inheritOnly || trusted(rule.sid) || (rule.rights & mask) === 0) {
      continue;
    }
    const granted = RIGHTS.filter(([bit]) => (rule.rights & mask & bit) !== 0).map(([, word]) => word);
    const what = role === 'leaf' ? 'who can write in it' : 'who could move the state folder away and put their own in its place';
    return `${where} lets ${who(rule.sid, rule.name)} ${granted.join(', ')}, ${what}`;
  }
  return null;
}

/**
 * Windows PowerShell 5.1 (present on every supported Windows) reads the ACL of each folder named in the JSON array
 * in `PIM_STEPUP_ACL_PATHS` and prints one JSON report in UTF-8: identities as SIDs, rights as hexadecimal masks.
 * A folder that cannot be read is reported with its error, never skipped. One line without double quotes or
 * backslashes, so it passes through the Windows command line unchanged; the paths travel in the environment, never
 * in the script.
 */
export const WINDOWS_ACL_SCRIPT = [
  `$ErrorActionPreference = 'Stop'`,
  `[Console]::OutputEncoding = [System.Text.Encoding]::UTF8`,
  `$sidType = [System.Security.Principal.SecurityIdentifier]`,
  `$inheritOnly = [System.Security.AccessControl.PropagationFlags]::InheritOnly`,
  `function NameOf($id) { try { $id.Translate([System.Security.Principal.NTAccount]).Value } catch { $null } }`,
  `$folders = foreach ($path in @(ConvertFrom-Json $env:PIM_STEPUP_ACL_PATHS)) { try { ` +
    `$acl = Get-Acl -LiteralPath $path; $owner = $acl.GetOwner($sidType); ` +
    `$rules = foreach ($rule in $acl.GetAccessRules($true, $true, $sidType)) { [pscustomobject]@{ ` +
    `sid = $rule.IdentityReference.Value; name = NameOf $rule.IdentityReference; ` +
    `allow = ($rule.AccessControlType -eq 'Allow'); rights = ([int]$rule.FileSystemRights).ToString('X8'); ` +
    `inheritOnly = (($rule.PropagationFlags -band $inheritOnly) -ne 0) } }; ` +
    `[pscustomobject]@{ ok = $true; owner = $owner.Value; ownerName = NameOf $owner; rules = @($rules) } ` +
    `} catch { [pscustomobject]@{ ok = $false; error = $_.Exception.Message } } }`,
  `$user = [System.Security.Principal.WindowsIdentity]::GetCurrent().User.Value`,
  `[pscustomobject]@{ user = $user; folders = @($folders) } | ConvertTo-Json -Depth 6 -Compress`,
].join('; ');

/** How to run the script for `paths`: the program, its arguments and the environment it adds. */
export function windowsAclCommand(
  paths: readonly string[],
  systemRoot: string | undefined,
): { readonly file: string; readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> } {
  // The full path: a powershell.exe earlier on PATH (the current folder, a user-writable folder) is not ours.
  const root = systemRoot !== undefined && /^[A-Za-z]:\\[^"]*$/.test(systemRoot) ? systemRoot : 'C:\\Windows';
  return {
    file: `${root}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`,
    args: ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_ACL_SCRIPT],
    env: { PIM_STEPUP_ACL_PATHS: JSON.stringify(paths) },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const optionalName = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const SID = /^S-1-\d+(?:-\d+)+$/;

function parseRule(raw: unknown): WindowsAclRule | null {
  if (!isRecord(raw) || typeof raw.sid !== 'string' || !SID.test(raw.sid) || typeof raw.allow !== 'boolean') {
    return null;
  }
  if (typeof raw.rights !== 'string' || !/^[0-9A-Fa-f]{1,8}$/.test(raw.rights) || typeof raw.inheritOnly !== 'boolean') {
    return null;
  }
  return {
    sid: raw.sid,
    name: optionalName(raw.name),
    allow: raw.allow,
    rights: Number.parseInt(raw.rights, 16),
    inheritOnly: raw.inheritOnly,
  };
}

function parseFolder(raw: unknown): WindowsAcl {
  if (isRecord(raw) && raw.ok === false) {
    return { ok: false, error: typeof raw.error === 'string' ? raw.error : 'unreadable' };
  }
  if (!isRecord(raw) || typeof raw.owner !== 'string' || !SID.test(raw.owner) || !Array.isArray(raw.rules)) {
    return { ok: false, error: 'the report could not be read' };
  }
  const rules = raw.rules.map(parseRule);
  if (rules.some((rule) => rule === null)) {
    return { ok: false, error: 'an access rule could not be read' };
  }
  return { ok: true, owner: raw.owner, ownerName: optionalName(raw.ownerName), rules: rules.filter((rule) => rule !== null) };
}

/**
 * The script's output for `count` folders, or null when it is not such a report. Anything unexpected in one folder
 * makes that folder unreadable (and so refused), never silently allowed.
 */
export function parseWindowsAclReport(text: string, count: number): WindowsAclReport | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (!isRecord(raw) || typeof raw.user !== 'string' || !SID.test(raw.user)) {
    return null;
  }
  // ConvertTo-Json in Windows PowerShell writes a one-element array as the element itself.
  const folders = Array.isArray(raw.folders) ? raw.folders : [raw.folders];
  if (folders.length !== count) {
    return null;
  }
  return { user: raw.user, folders: folders.map(parseFolder) };
}
