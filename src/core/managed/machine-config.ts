/**
 * Loads the machine-wide configuration file that administrators deploy with Intune, Group
 * Policy or an MDM profile.
 *
 * The file overrides user settings and can lock keys so users cannot change them. An invalid
 * file stops the app with a `config/invalid` error that names every problem (JSON path, what
 * is wrong, how to fix it): running with half of a policy applied is worse than not running,
 * because the admin would believe the workstation is managed when it is not.
 */
import type { FieldIssue } from '../../shared/errors';
import { appError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import { machineConfigPath } from './machine-config-path';
import { findDuplicateKeys } from '../../shared/json/duplicate-keys';
import { suggestKey } from './suggest-key';
import { ANNOTATION_KEYS, MANAGED_KEYS, machineConfigSchema } from './machine-config-schema';

/** What `resolveConfig({ machine })` consumes: the machine's values, which of them are locked, and where they came from. */
export type MachineConfig = {
  readonly values: Readonly<Record<string, unknown>>;
  readonly locked: readonly string[];
  /** The file's path, shown in messages such as "set by your administrator in …". */
  readonly source: string;
};

/** Reads a file as UTF-8 text; throws a Node-style error (with `code`, e.g. `ENOENT`) when it cannot. */
export type ReadTextFile = (path: string) => string;

export type LoadMachineConfigOptions = {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: ReadTextFile;
  /** Honour `PIM_STEPUP_MACHINE_CONFIG`; only for unpackaged builds (see `machineConfigPath`). */
  readonly allowOverride?: boolean;
};

/** Larger than any sensible policy; refuses a wrong file (a log, a binary) before parsing it. */
export const MAX_MACHINE_CONFIG_BYTES = 64 * 1024;

/** How many problems of one kind are listed (and "did you mean" suggestions computed); the rest are counted. */
export const MAX_LISTED_PROBLEMS = 20;

/** Keys that could reach an object's prototype if a later merge used them; refused anywhere in the file. */
const POISON_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads, parses and validates the machine configuration.
 *
 * Returns `ok(null)` when there is no file (an unmanaged machine), `ok(config)` for a valid
 * file, and `err(config/invalid)` for anything else, including a file that exists but cannot
 * be read: an unreadable policy must not quietly become "no policy".
 */
export function loadMachineConfig(options: LoadMachineConfigOptions): Result<MachineConfig | null> {
  const location = machineConfigPath(options.platform, options.env, { allowOverride: options.allowOverride ?? false });
  const source = location.path;

  let text: string;
  try {
    text = options.readFile(source);
  } catch (cause) {
    const code = errorCode(cause);
    // A missing file (or missing folder) means the machine is not managed. An override that
    // points nowhere is a mistake in the test setup, so it is reported rather than ignored.
    if ((code === 'ENOENT' || code === 'ENOTDIR') && location.origin === 'standard') {
      return ok(null);
    }
    return err(invalid(source, `it could not be read (${code ?? 'unknown error'}).`, [], readHint(code)));
  }
  return parseMachineConfig(text, source);
}

/** Validates the text of a machine configuration file; exported for tests and for a future `--check-config` command. */
export function parseMachineConfig(rawText: string, source: string): Result<MachineConfig> {
  if (typeof rawText !== 'string') {
    return err(invalid(source, 'it is not a text file.', [], 'Save it as UTF-8 JSON.'));
  }
  if (rawText.length > MAX_MACHINE_CONFIG_BYTES) {
    return err(
      invalid(
        source,
        `it is larger than ${String(MAX_MACHINE_CONFIG_BYTES / 1024)} KB.`,
        [],
        'Check that the right file was deployed; a configuration is a few lines of JSON.',
      ),
    );
  }
  // Windows PowerShell's Out-File and Notepad may write a UTF-8 byte order mark.
  const text = rawText.startsWith('\ufeff') ? rawText.slice(1) : rawText;
  if (text.trim() === '') {
    return err(
      invalid(source, 'it is empty.', [], 'Write a JSON object such as { "tenant": "contoso.onmicrosoft.com" }, or delete the file.'),
    );
  }

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return err(
      invalid(
        source,
        `it is not valid JSON: ${describeJsonError(message, text)}.`,
        [],
        'Fix the syntax (a JSON validator shows where); comments and trailing commas are not allowed.',
      ),
    );
  }

  const duplicates = findDuplicateKeys(text, MAX_LISTED_PROBLEMS).map((duplicate) => ({
    path: formatPath(duplicate.path),
    message: `"${shorten(duplicate.key)}" is set more than once in the same object; keep one (JSON readers disagree on which one wins).`,
  }));
  if (duplicates.length > 0) {
    return err(invalid(source, problemCount(duplicates.length), duplicates));
  }

  const poisoned = findPoisonKeys(data, '');
  if (poisoned.length > 0) {
    return err(invalid(source, problemCount(poisoned.length), poisoned));
  }

  const parsed = machineConfigSchema.safeParse(data);
  if (!parsed.success) {
    const issues = boundedIssues(parsed.error.issues.flatMap((issue) => toFieldIssues(issue, data)));
    return err(invalid(source, problemCount(issues.length), issues));
  }

  // Copy only the managed keys, onto a prototype-free object, so nothing else can ride along.
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of MANAGED_KEYS) {
    const value = parsed.data[key];
    if (value !== undefined) {
      values[key] = value;
    }
  }
  return ok({ values: Object.freeze(values), locked: Object.freeze([...(parsed.data.locked ?? [])]), source });
}

function invalid(source: string, what: string, issues: readonly FieldIssue[], hint?: string): ReturnType<typeof appError> {
  const first = issues[0];
  const detail = first === undefined ? '' : ` First: ${first.path === '' ? '' : `${first.path}: `}${first.message}`;
  return appError(
    'config/invalid',
    `The machine configuration ${source} is invalid: ${what}${detail} ${hint ?? 'Ask your administrator to correct the file.'} PIM Step-Up will not start until it is fixed.`,
    { issues },
  );
}

function problemCount(count: number): string {
  return count === 1 ? '1 problem.' : `${String(count)} problems.`;
}

function readHint(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'Make the file readable by all users (administrators write it, everyone reads it).';
    case 'EISDIR':
      return 'The path is a folder; the configuration must be a file named config.json.';
    default:
      return 'Check the file exists and is readable.';
  }
}

function errorCode(cause: unknown): string | undefined {
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  return undefined;
}

/** Turns V8's "… at position 42" into a line and column an admin can find in an editor. */
function describeJsonError(message: string, text: string): string {
  const match = /position (\d+)/.exec(message);
  const base = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/,\s*".*" is not valid JSON$/s, '');
  if (match?.[1] === undefined) {
    return base.slice(0, 200);
  }
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${base.slice(0, 200)} at line ${String(line)}, column ${String(column)}`;
}

function findPoisonKeys(value: unknown, path: string, depth = 0): FieldIssue[] {
  if (depth > 64 || typeof value !== 'object' || value === null) {
    return [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findPoisonKeys(item, `${path}[${String(index)}]`, depth + 1));
  }
  return Object.keys(value).flatMap((key) => {
    const childPath = joinPath(path, key);
    if (POISON_KEYS.has(key)) {
      return [{ path: childPath, message: `"${key}" is not allowed as a key (it can alter how objects behave); remove it.` }];
    }
    return findPoisonKeys((value as Record<string, unknown>)[key], childPath, depth + 1);
  });
}

function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${path}[${String(key)}]`;
  }
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  return path === '' ? safe : /^[A-Za-z_$]/.test(safe) ? `${path}.${safe}` : `${path}[${safe}]`;
}

function formatPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((acc, segment) => joinPath(acc, typeof segment === 'number' ? segment : String(segment)), '');
}

function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function valueAt(data: unknown, segments: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, segment)) {
      return undefined;
    }
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

type ZodIssueLike = {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
};

function toFieldIssues(issue: ZodIssueLike, data: unknown): FieldIssue[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys ?? [];
    const listed = keys.slice(0, MAX_LISTED_PROBLEMS).map((key) => ({ path: joinPath(path, key), message: unknownKeyMessage(key) }));
    const more = keys.length - listed.length;
    return more > 0 ? [...listed, { path, message: `…and ${String(more)} more unknown settings; remove them.` }] : listed;
  }
  if (issue.code === 'invalid_type' || issue.code === 'invalid_value') {
    const found = valueAt(data, issue.path);
    const shown = typeof found === 'string' ? `"${found.slice(0, 60)}"` : describeType(found);
    return [{ path, message: `${issue.message} Found ${shown}.` }];
  }
  return [{ path, message: issue.message }];
}

function shorten(key: string): string {
  return key.length > 60 ? `${key.slice(0, 60)}…` : key;
}

/**
 * The first {@link MAX_LISTED_PROBLEMS} issues and a count of the rest. Why: a wrong file can hold thousands of
 * unknown keys, and each "did you mean" suggestion costs an edit-distance pass; a person fixes the first few anyway.
 */
function boundedIssues(issues: readonly FieldIssue[]): FieldIssue[] {
  if (issues.length <= MAX_LISTED_PROBLEMS) {
    return [...issues];
  }
  return [
    ...issues.slice(0, MAX_LISTED_PROBLEMS),
    { path: '', message: `…and ${String(issues.length - MAX_LISTED_PROBLEMS)} more problems of the same kinds.` },
  ];
}

function unknownKeyMessage(key: string): string {
  const known = [...MANAGED_KEYS, 'locked', ...ANNOTATION_KEYS];
  const suggestion = suggestKey(key, known);
  const shownKey = shorten(key);
  return suggestion === undefined
    ? `"${shownKey}" is not a known setting; remove it. Known settings: ${[...MANAGED_KEYS, 'locked'].join(', ')}.`
    : `"${shownKey}" is not a known setting; did you mean "${suggestion}"?`;
}
