/**
 * Resolves the engine's configuration from its layers and validates it with precise messages.
 *
 * Precedence, highest first: machine values for locked keys (an administrator's policy), then
 * command-line flags, environment (`PIM_STEPUP_*`), the user's JSON file, the machine's
 * unlocked values (organisation defaults the user may override), and built-in defaults. A
 * value for a locked key from any other layer is ignored and reported, never silently used.
 * Every problem names where the value came from, what is wrong and how to fix it.
 */
import { z } from 'zod';
import { appError } from '../../shared/errors';
import type { FieldIssue } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import { brokerSupported, brokerUnsupportedReason } from '../auth/broker';
import { armAudienceFor, CLOUD_NAMES, CLOUDS } from './clouds';
import type { CloudName } from './clouds';
import { parseJsonStrict } from '../../shared/json/duplicate-keys';
import { echoable } from '../../shared/rules/text';
import { PROVISIONING_TIMEOUT_SECONDS, SIGN_IN_TIMEOUT_SECONDS } from './timeout-bounds';

export type ConfigLayerName = 'machine' | 'flags' | 'env' | 'file' | 'machine-default' | 'default';

export type ResolvedConfig = {
  /** Tenant id (GUID) or verified domain; null means "use the built-in demo tenant". */
  readonly tenant: string | null;
  /** Application (client) id of the public-client app registration; null only in demo mode before the tenant starts. */
  readonly clientId: string | null;
  readonly cloud: CloudName | 'custom';
  /** `https://host[:port]`, no trailing slash. */
  readonly authorityHost: string;
  /** `https://host[:port]`, no trailing slash and no version segment. */
  readonly graphEndpoint: string;
  /**
   * Azure Resource Manager, `https://host[:port]` without a trailing slash; null for a custom cloud without one
   * (Azure roles are then not available).
   */
  readonly armEndpoint: string | null;
  /** The audience ARM tokens are requested for, e.g. `https://management.azure.com/` (exact, with its slash). */
  readonly armAudience: string;
  /**
   * The resource Graph tokens are requested for, when it is not the configured cloud's Microsoft Graph (absent: the
   * permissions' bare names, which the authority resolves to its own cloud's Graph).
   */
  readonly graphAudience?: string;
  readonly mode: 'standard' | 'kiosk';
  readonly signInTimeoutSeconds: number;
  /** Demand a fresh multifactor sign-in for every activation, even when the session already did MFA. */
  readonly alwaysFreshAuth: boolean;
  /** Sign in through the Windows account broker (WAM) instead of the browser; Windows only. Absent means off. */
  readonly broker?: boolean;
  /** Bound on following a request until its assignment is active. */
  readonly provisioningTimeoutSeconds: number;
  /** Run against the simulated tenant (explicit `--demo`, or no tenant configured). */
  readonly demo: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** PEM certificates to trust in addition to the system's (the demo tenant's runtime CA). */
  readonly extraCaPem: readonly string[];
  /** Where each key's value came from, for diagnostics. */
  readonly sources: Readonly<Record<string, ConfigLayerName>>;
  /** Values that were present but not used because an administrator locked the key. */
  readonly ignored: readonly { readonly key: string; readonly layer: ConfigLayerName; readonly reason: string }[];
};

export type ConfigInput = {
  readonly machine?: { readonly values: Record<string, unknown>; readonly locked: readonly string[]; readonly source: string };
  readonly file?: { readonly path: string; readonly text: string };
  readonly env: Record<string, string | undefined>;
  readonly flags: Record<string, unknown>;
  /** The operating system the settings are for (default: this process's); some settings exist on one system only. */
  readonly platform?: NodeJS.Platform;
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** A URL setting: parsed, then `problem` says what is wrong with it (null when nothing is). */
const urlSetting = (what: string, form: string, problem: (url: URL) => string | null) =>
  z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `is not a URL; give the ${what} as ${form}` });
      return;
    }
    const message = problem(url);
    if (message !== null) {
      ctx.addIssue({ code: 'custom', message });
    }
  });

const httpsOrigin = (what: string) =>
  urlSetting(what, 'https://host[:port]', (url) =>
    url.protocol !== 'https:'
      ? `must use https (MSAL and Graph refuse plain http); use https://${url.host}`
      : url.pathname !== '/' || url.search !== '' || url.hash !== ''
        ? `must be only scheme, host and port, e.g. ${url.origin} (no path)`
        : null,
  );

/** A token audience (an application ID URI): https, no query, fragment or credentials; a path is allowed. */
const audienceUri = (what: string) =>
  urlSetting(what, 'https://host[/path]', (url) =>
    url.protocol !== 'https:' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== ''
      ? 'must be an https:// application ID URI without query, fragment or credentials'
      : null,
  );

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };

/** A boolean, or a word for one (environment variables are text); anything else says what is expected. */
const booleanLike = z.unknown().transform((value, ctx): boolean => {
  if (typeof value === 'boolean') {
    return value;
  }
  const word = typeof value === 'string' ? BOOLEAN_WORDS[value.trim().toLowerCase()] : undefined;
  if (word === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return false;
  }
  return word;
});

/** Whole seconds within bounds, as a number or digits (environment variables are text). */
const numberLike = (min: number, max: number) =>
  z.unknown().transform((value, ctx): number => {
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
    const problem = Number.isNaN(n)
      ? 'must be a whole number of seconds'
      : n > max
        ? `must be at most ${String(max)} seconds`
        : n < min
          ? `must be at least ${String(min)} seconds`
          : Number.isInteger(n)
            ? null
            : 'must be a whole number of seconds';
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', message: problem });
    }
    return n;
  });

/** One schema per key: the single place a key's rules and fix-it hints live. */
const KEY_SCHEMAS = {
  tenant: z
    .string()
    .trim()
    .refine((v) => GUID.test(v) || DOMAIN.test(v), 'must be the tenant id (a GUID) or a verified domain such as contoso.onmicrosoft.com'),
  clientId: z.string().trim().regex(GUID, 'must be the Application (client) id GUID shown on the app registration overview page'),
  cloud: z.enum(CLOUD_NAMES, {
    message: `must be one of ${CLOUD_NAMES.join(', ')} (or set authorityHost and graphEndpoint for a custom cloud)`,
  }),
  authorityHost: httpsOrigin('authority host'),
  graphEndpoint: httpsOrigin('Graph endpoint'),
  armEndpoint: httpsOrigin('Azure Resource Manager endpoint'),
  graphAudience: audienceUri('Graph token audience'),
  armAudience: audienceUri('Azure Resource Manager token audience'),
  mode: z.enum(['standard', 'kiosk'], { message: 'must be standard or kiosk' }),
  signInTimeoutSeconds: numberLike(SIGN_IN_TIMEOUT_SECONDS.min, SIGN_IN_TIMEOUT_SECONDS.max),
  alwaysFreshAuth: booleanLike,
  broker: booleanLike,
  provisioningTimeoutSeconds: numberLike(PROVISIONING_TIMEOUT_SECONDS.min, PROVISIONING_TIMEOUT_SECONDS.max),
  demo: booleanLike,
  logLevel: z.enum(['debug', 'info', 'warn', 'error'], { message: 'must be debug, info, warn or error' }),
} as const;

type ConfigKey = keyof typeof KEY_SCHEMAS;
const CONFIG_KEYS = Object.keys(KEY_SCHEMAS) as ConfigKey[];

const DEFAULTS: Partial<Record<ConfigKey, unknown>> = {
  cloud: 'public',
  mode: 'standard',
  signInTimeoutSeconds: 300,
  alwaysFreshAuth: false,
  broker: false,
  provisioningTimeoutSeconds: 120,
  demo: false,
  logLevel: 'info',
};

/** `clientId` → `PIM_STEPUP_CLIENT_ID`. */
export function envVarName(key: string): string {
  return `PIM_STEPUP_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** The command-line flags not spelt as their key: the CLI's sign-in timeout leaves the unit out. */
const FLAG_SPELLINGS: Readonly<Partial<Record<string, string>>> = { signInTimeoutSeconds: '--sign-in-timeout' };

/** `clientId` → `--client-id`. */
export function flagName(key: string): string {
  return FLAG_SPELLINGS[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

type Layer = { readonly name: ConfigLayerName; readonly label: string; readonly values: Partial<Record<ConfigKey, unknown>> };

function describe(layer: Layer, key: ConfigKey): string {
  switch (layer.name) {
    case 'env':
      return `${key} (environment variable ${envVarName(key)})`;
    case 'flags':
      return `${key} (command-line flag ${flagName(key)})`;
    case 'file':
    case 'machine':
    case 'machine-default':
      return `${key} (in ${layer.label})`;
    case 'default':
      return `${key} (built-in default)`;
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? Number.POSITIVE_INFINITY;
}

/** The known key nearest to a misspelt one (case and separators ignored), if it is close. */
function closestKey(unknownKey: string): string | undefined {
  const normal = (k: string): string => k.toLowerCase().replace(/[-_]/g, '');
  const scored = CONFIG_KEYS.map((k) => ({ k, d: editDistance(normal(unknownKey), normal(k)) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  return best !== undefined && best.d <= Math.max(2, Math.floor(best.k.length / 4)) ? best.k : undefined;
}

/**
 * A layer from an object. Keys the engine does not know are reported, except in the machine
 * layers: the machine file also carries shell settings (allowed roles, idle timeout, …) that
 * its own reader validates.
 */
function objectLayer(name: ConfigLayerName, label: string, raw: Record<string, unknown>, issues: FieldIssue[]): Layer {
  const reportUnknown = name !== 'machine' && name !== 'machine-default';
  const values: Partial<Record<ConfigKey, unknown>> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) {
      continue;
    }
    if ((CONFIG_KEYS as string[]).includes(key)) {
      values[key as ConfigKey] = value;
    } else if (reportUnknown) {
      const guess = closestKey(key);
      // The key is the file's text: shown bounded and without characters that rewrite a terminal line.
      issues.push({
        path: `${echoable(key, { max: 60 })} (in ${label})`,
        message: `is not a setting PIM Step-Up knows${guess === undefined ? '' : `; did you mean "${guess}"`}. Known settings: ${CONFIG_KEYS.join(', ')}.`,
      });
    }
  }
  return { name, label, values };
}

function fileLayer(file: { readonly path: string; readonly text: string }, issues: FieldIssue[]): Layer | null {
  let parsed: unknown;
  try {
    parsed = parseJsonStrict(file.text);
  } catch (cause) {
    issues.push({
      path: file.path,
      message: `is not valid JSON (${cause instanceof Error ? cause.message : 'parse error'}); fix the syntax or remove the file.`,
    });
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    issues.push({ path: file.path, message: 'must contain one JSON object, e.g. {"tenant": "contoso.onmicrosoft.com", "clientId": "…"}.' });
    return null;
  }
  return objectLayer('file', file.path, parsed as Record<string, unknown>, issues);
}

function envLayer(env: Record<string, string | undefined>): Layer {
  const values: Partial<Record<ConfigKey, unknown>> = {};
  for (const key of CONFIG_KEYS) {
    const value = env[envVarName(key)];
    if (value !== undefined && value !== '') {
      values[key] = value;
    }
  }
  return { name: 'env', label: 'environment', values };
}

function layerNamed(layers: readonly Layer[], name: ConfigLayerName): Layer {
  return layers.find((layer) => layer.name === name) ?? { name, label: name, values: {} };
}

function toBoolean(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 'yes';
}

function stripSlash(url: string): string {
  return new URL(url).origin;
}

/** Resolves and validates the configuration; errors are `config/invalid` with one issue per problem. */
/** The layers, highest precedence first: locked machine values, flags, environment, the user's file, the rest. */
function layersOf(input: ConfigInput, locked: ReadonlySet<string>, machineLabel: string, issues: FieldIssue[]): Layer[] {
  const machineRaw = input.machine?.values ?? {};
  const lockedValues = Object.fromEntries(Object.entries(machineRaw).filter(([k]) => locked.has(k)));
  const unlockedValues = Object.fromEntries(Object.entries(machineRaw).filter(([k]) => !locked.has(k)));
  const layers: Layer[] = [
    objectLayer('machine', machineLabel, lockedValues, issues),
    objectLayer('flags', 'command line', input.flags, issues),
    envLayer(input.env),
  ];
  if (input.file !== undefined) {
    const layer = fileLayer(input.file, issues);
    if (layer !== null) {
      layers.push(layer);
    }
  }
  layers.push(objectLayer('machine-default', machineLabel, unlockedValues, issues));
  layers.push({ name: 'default', label: 'defaults', values: DEFAULTS });
  return layers;
}

type Chosen = {
  readonly chosen: Partial<Record<ConfigKey, unknown>>;
  readonly sources: Record<string, ConfigLayerName>;
  readonly ignored: { key: string; layer: ConfigLayerName; reason: string }[];
};

/** Each key from the highest layer that has it, validated; a lower layer's value for a locked key is reported as ignored. */
function chooseValues(layers: readonly Layer[], locked: ReadonlySet<string>, machineLabel: string, issues: FieldIssue[]): Chosen {
  const chosen: Partial<Record<ConfigKey, unknown>> = {};
  const sources: Record<string, ConfigLayerName> = {};
  const ignored: { key: string; layer: ConfigLayerName; reason: string }[] = [];
  for (const key of CONFIG_KEYS) {
    for (const layer of layers) {
      if (!(key in layer.values)) {
        continue;
      }
      if (key in chosen) {
        if (locked.has(key) && layer.name !== 'machine') {
          ignored.push({ key, layer: layer.name, reason: `locked by your administrator in ${machineLabel}` });
        }
        continue;
      }
      const parsed = KEY_SCHEMAS[key].safeParse(layer.values[key]);
      if (!parsed.success) {
        const message = parsed.error.issues[0]?.message ?? 'is not valid';
        issues.push({
          path: describe(layer, key),
          message: `${message}${locked.has(key) ? ' (this key is locked; ask your administrator)' : ''}.`.replace(/\.\.$/, '.'),
        });
        chosen[key] = null;
      } else {
        chosen[key] = parsed.data;
      }
      sources[key] = layer.name;
    }
  }
  return { chosen, sources, ignored };
}

/** Rules across keys: a custom cloud needs both endpoints, a tenant needs a client id, the broker needs Windows. */
function crossKeyIssues(values: Chosen, layers: readonly Layer[], platform: NodeJS.Platform, demo: boolean, issues: FieldIssue[]): void {
  const { chosen, sources } = values;
  const hasCustom = chosen.authorityHost != null || chosen.graphEndpoint != null;
  if (hasCustom && (chosen.authorityHost == null || chosen.graphEndpoint == null) && issues.length === 0) {
    const missing = chosen.authorityHost == null ? 'authorityHost' : 'graphEndpoint';
    issues.push({
      path: missing,
      message: `is required when ${missing === 'authorityHost' ? 'graphEndpoint' : 'authorityHost'} is set: a custom cloud needs both endpoints (${flagName('authorityHost')} and ${flagName('graphEndpoint')}).`,
    });
  }
  const tenant = (chosen.tenant as string | null | undefined) ?? null;
  const clientId = (chosen.clientId as string | null | undefined) ?? null;
  if (!demo && tenant !== null && clientId === null && sources.clientId === undefined) {
    issues.push({
      path: 'clientId',
      message: `is required for tenant ${tenant}: register a public-client app (see README, "Register an app") and pass ${flagName('clientId')}, set ${envVarName('clientId')}, or add "clientId" to your config file.`,
    });
  }
  if (!demo && toBoolean(chosen.broker) && !brokerSupported(platform) && sources.broker !== undefined) {
    issues.push({ path: describe(layerNamed(layers, sources.broker), 'broker'), message: brokerUnsupportedReason(platform) });
  }
}

/** The cloud's endpoints and the audience each token is asked for. */
function endpointsOf(chosen: Chosen['chosen']) {
  const hasCustom = chosen.authorityHost != null || chosen.graphEndpoint != null;
  const cloud = chosen.cloud as CloudName;
  const endpoints = hasCustom
    ? { authorityHost: stripSlash(chosen.authorityHost as string), graphEndpoint: stripSlash(chosen.graphEndpoint as string) }
    : CLOUDS[cloud];
  // An explicit ARM endpoint wins; a known cloud has its own; a custom cloud without one has no Azure roles.
  const armEndpoint = chosen.armEndpoint != null ? stripSlash(chosen.armEndpoint as string) : hasCustom ? null : CLOUDS[cloud].armEndpoint;
  // A token goes only to the host its audience belongs to: another endpoint gets a token for its own audience, unless
  // an audience was configured on purpose (a proxy in front of Microsoft's service).
  const graphAudience = (chosen.graphAudience as string | null | undefined) ?? (hasCustom ? endpoints.graphEndpoint : undefined);
  const armAudience =
    (chosen.armAudience as string | null | undefined) ??
    (armEndpoint === null
      ? CLOUDS[cloud].armAudience
      : armEndpoint === CLOUDS[cloud].armEndpoint
        ? CLOUDS[cloud].armAudience
        : armAudienceFor(armEndpoint));
  return {
    cloud: hasCustom ? ('custom' as const) : cloud,
    authorityHost: endpoints.authorityHost,
    graphEndpoint: endpoints.graphEndpoint,
    armEndpoint,
    armAudience,
    ...(graphAudience === undefined ? {} : { graphAudience }),
  };
}

export function resolveConfig(input: ConfigInput): Result<ResolvedConfig> {
  const issues: FieldIssue[] = [];
  const locked = new Set(input.machine?.locked ?? []);
  const machineLabel = input.machine?.source ?? 'machine configuration';
  const layers = layersOf(input, locked, machineLabel, issues);
  const values = chooseValues(layers, locked, machineLabel, issues);
  const { chosen, sources, ignored } = values;
  const tenant = (chosen.tenant as string | null | undefined) ?? null;
  const clientId = (chosen.clientId as string | null | undefined) ?? null;
  const demo = toBoolean(chosen.demo) || (tenant === null && sources.tenant === undefined);
  crossKeyIssues(values, layers, input.platform ?? process.platform, demo, issues);
  if (issues.length > 0) {
    return err(
      appError(
        'config/invalid',
        `The configuration has ${String(issues.length)} problem${issues.length === 1 ? '' : 's'}: ${issues.map((i) => `${i.path} ${i.message}`).join(' ')}`,
        {
          issues,
        },
      ),
    );
  }
  return ok({
    tenant: demo ? null : tenant,
    clientId: demo ? null : clientId,
    ...endpointsOf(chosen),
    mode: chosen.mode as 'standard' | 'kiosk',
    signInTimeoutSeconds: chosen.signInTimeoutSeconds as number,
    alwaysFreshAuth: toBoolean(chosen.alwaysFreshAuth),
    broker: toBoolean(chosen.broker),
    provisioningTimeoutSeconds: chosen.provisioningTimeoutSeconds as number,
    demo,
    logLevel: chosen.logLevel as ResolvedConfig['logLevel'],
    extraCaPem: [],
    sources,
    ignored,
  });
}
