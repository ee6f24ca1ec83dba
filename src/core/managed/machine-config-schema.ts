/**
 * The shape of the machine-wide configuration file, with messages written for the
 * administrator who has to fix it.
 *
 * Every message says what is wrong and what a valid value looks like; the loader adds the
 * JSON path. The schema is strict: an unknown key is an error, not ignored, because a
 * misspelt `lockd` or `idleTimeoutMinute` would otherwise leave a workstation silently
 * unmanaged.
 */
import { z } from 'zod';
import { CLOUD_NAMES } from '../config/clouds';
import { PROVISIONING_TIMEOUT_SECONDS, SIGN_IN_TIMEOUT_SECONDS } from '../config/timeout-bounds';
import { findUnsafeCharacter } from '../../shared/rules/text';
import { suggestKey } from './suggest-key';

/**
 * Keys an administrator may set, and therefore lock. `locked` itself is not lockable.
 *
 * The first group is what the engine's `resolveConfig` reads (the same keys a user may put in
 * their own file, environment or command line); the second group is policy only a machine
 * file can set, read by the shell and the wizard through `managedSettings`.
 */
export const ENGINE_KEYS = [
  'tenant',
  'clientId',
  'cloud',
  'authorityHost',
  'graphEndpoint',
  'armEndpoint',
  'graphAudience',
  'armAudience',
  'mode',
  'signInTimeoutSeconds',
  'alwaysFreshAuth',
  'broker',
  'provisioningTimeoutSeconds',
  'demo',
  'logLevel',
] as const;

export const POLICY_KEYS = [
  'allowedRoles',
  'justificationTemplates',
  'ticketSystem',
  'idleTimeoutMinutes',
  'endSessionAfterActivation',
  'signInSurface',
] as const;

export const MANAGED_KEYS = [...ENGINE_KEYS, ...POLICY_KEYS] as const;

export type ManagedKey = (typeof MANAGED_KEYS)[number];

/** Keys editors and admins use for annotation; accepted and dropped (JSON has no comments). */
export const ANNOTATION_KEYS = ['$schema', '$comment'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A verified domain such as contoso.onmicrosoft.com or contoso.com.
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);

function plainText(max: number, what: string) {
  return z
    .string({ error: `${what} must be text.` })
    .trim()
    .min(1, `${what} must not be empty.`)
    .max(max, `${what} is longer than ${String(max)} characters; shorten it.`)
    .superRefine((value, ctx) => {
      const bad = findUnsafeCharacter(value);
      if (bad !== null) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} contains the invisible or control character ${bad.codePoint} at position ${String(bad.index + 1)}; remove it.`,
        });
      }
    });
}

function httpsOrigin(what: string, example: string) {
  return z.string({ error: `${what} must be text, e.g. "${example}".` }).superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${what} is not a URL; use the form "${example}".` });
      return;
    }
    if (url.protocol !== 'https:') {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must use https:// (sign-in and Graph never run over plain HTTP), e.g. "${example}".`,
      });
      return;
    }
    if (
      url.username !== '' ||
      url.password !== '' ||
      url.search !== '' ||
      url.hash !== '' ||
      (url.pathname !== '/' && url.pathname !== '')
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be only scheme and host (no path, query, fragment or credentials), e.g. "${example}".`,
      });
    }
  });
}

function wholeNumber(key: string, unit: string, min: number, max: number) {
  return z
    .number({ error: `${key} must be a number of ${unit}, e.g. ${String(Math.min(max, Math.max(min, 15)))}.` })
    .int(`${key} must be a whole number of ${unit}.`)
    .min(min, `${key} must be at least ${String(min)}.`)
    .max(max, `${key} must be at most ${String(max)}.`);
}

const tenant = z
  .string({ error: 'tenant must be text: the directory (tenant) ID GUID or a verified domain.' })
  .superRefine((value, ctx) => {
    if (MULTI_TENANT.has(value.toLowerCase())) {
      ctx.addIssue({
        code: 'custom',
        message: `tenant "${value}" is a multi-tenant alias; PIM needs one directory. Use the tenant ID GUID or a verified domain such as contoso.onmicrosoft.com.`,
      });
      return;
    }
    if (!GUID.test(value) && !DOMAIN.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'tenant must be the directory (tenant) ID, e.g. "72f988bf-86f1-41af-91ab-2d7cd011db47", or a verified domain such as contoso.onmicrosoft.com.',
      });
    }
  });

const allowedRole = plainText(400, 'A role name or id');

export const machineConfigSchema = z
  .strictObject(
    {
      $schema: z.string({ error: '$schema must be text.' }).max(2000, '$schema is too long.').optional(),
      $comment: z.string({ error: '$comment must be text.' }).max(10_000, '$comment is longer than 10000 characters.').optional(),
      tenant: tenant.optional(),
      clientId: z
        .string({ error: 'clientId must be text: the application (client) ID GUID of your app registration.' })
        .regex(
          GUID,
          'clientId must be the application (client) ID GUID from the app registration, e.g. "04b07795-8ddb-461a-bbee-02f9e1bf7b46".',
        )
        .optional(),
      cloud: z.enum(CLOUD_NAMES, { error: `cloud must be one of ${CLOUD_NAMES.map((c) => `"${c}"`).join(', ')}.` }).optional(),
      authorityHost: httpsOrigin('authorityHost', 'https://login.microsoftonline.com').optional(),
      graphEndpoint: httpsOrigin('graphEndpoint', 'https://graph.microsoft.com').optional(),
      armEndpoint: httpsOrigin('armEndpoint', 'https://management.azure.com').optional(),
      graphAudience: z
        .url({ protocol: /^https$/, error: 'graphAudience must be an https:// application ID URI, e.g. "https://graph.microsoft.com".' })
        .optional(),
      armAudience: z
        .url({ protocol: /^https$/, error: 'armAudience must be an https:// application ID URI, e.g. "https://management.azure.com/".' })
        .optional(),
      mode: z.enum(['standard', 'kiosk'], { error: 'mode must be "standard" or "kiosk".' }).optional(),
      signInTimeoutSeconds: wholeNumber(
        'signInTimeoutSeconds',
        'seconds',
        SIGN_IN_TIMEOUT_SECONDS.min,
        SIGN_IN_TIMEOUT_SECONDS.max,
      ).optional(),
      alwaysFreshAuth: z.boolean({ error: 'alwaysFreshAuth must be true or false (without quotes).' }).optional(),
      broker: z.boolean({ error: 'broker must be true or false (without quotes).' }).optional(),
      provisioningTimeoutSeconds: wholeNumber(
        'provisioningTimeoutSeconds',
        'seconds',
        PROVISIONING_TIMEOUT_SECONDS.min,
        PROVISIONING_TIMEOUT_SECONDS.max,
      ).optional(),
      demo: z.boolean({ error: 'demo must be true or false (without quotes).' }).optional(),
      logLevel: z.enum(['debug', 'info', 'warn', 'error'], { error: 'logLevel must be "debug", "info", "warn" or "error".' }).optional(),
      allowedRoles: z
        .array(allowedRole, {
          error:
            'allowedRoles must be a list of role names or ids, e.g. ["Exchange Administrator", "62e90394-69f5-4237-9190-012177145e10"].',
        })
        .min(1, 'allowedRoles is empty, which would allow no role at all; remove the key to allow every eligible role.')
        .max(200, 'allowedRoles lists more than 200 roles; list at most 200.')
        .superRefine((roles, ctx) => {
          const seen = new Set<string>();
          roles.forEach((role, index) => {
            const key = role.toLowerCase();
            if (seen.has(key)) {
              ctx.addIssue({ code: 'custom', path: [index], message: `"${role}" is listed twice; list each role once.` });
            }
            seen.add(key);
          });
        })
        .optional(),
      justificationTemplates: z
        .array(plainText(500, 'A justification template'), { error: 'justificationTemplates must be a list of texts.' })
        .max(50, 'justificationTemplates has more than 50 entries; keep at most 50.')
        .optional(),
      ticketSystem: plainText(100, 'ticketSystem').optional(),
      idleTimeoutMinutes: wholeNumber('idleTimeoutMinutes', 'minutes', 1, 1440).optional(),
      endSessionAfterActivation: z.boolean({ error: 'endSessionAfterActivation must be true or false (without quotes).' }).optional(),
      signInSurface: z
        .enum(['system-browser', 'in-app-window'], { error: 'signInSurface must be "system-browser" or "in-app-window".' })
        .optional(),
      locked: z
        .array(
          z
            .string({ error: 'Each entry of locked must be a key name.' })
            .refine((key) => (MANAGED_KEYS as readonly string[]).includes(key), {
              error: (issue) => lockedKeyMessage(String(issue.input)),
            }),
          { error: `locked must be a list of key names, e.g. ["tenant", "clientId", "mode"].` },
        )
        .max(MANAGED_KEYS.length, 'locked lists more keys than exist.')
        .superRefine((keys, ctx) => {
          const seen = new Set<string>();
          keys.forEach((key, index) => {
            if (seen.has(key)) {
              ctx.addIssue({ code: 'custom', path: [index], message: `"${key}" is listed twice in locked; list it once.` });
            }
            seen.add(key);
          });
        })
        .optional(),
    },
    { error: 'The configuration must be a JSON object, e.g. { "tenant": "contoso.onmicrosoft.com" }.' },
  )
  .superRefine((config, ctx) => {
    // A kiosk may have no usable external browser, and the browser's session would outlive ours.
    if (config.mode === 'kiosk' && config.signInSurface === 'system-browser') {
      ctx.addIssue({
        code: 'custom',
        path: ['signInSurface'],
        message: 'Kiosk mode signs in inside the app; remove signInSurface or set it to "in-app-window".',
      });
    }
  });

function lockedKeyMessage(key: string): string {
  const shown = key.length > 60 ? `${key.slice(0, 60)}…` : key;
  const suggestion = suggestKey(key, MANAGED_KEYS);
  return suggestion === undefined
    ? `"${shown}" is not a setting that can be locked; use one of: ${MANAGED_KEYS.join(', ')}.`
    : `"${shown}" is not a setting that can be locked; did you mean "${suggestion}"?`;
}

export type MachineConfigFile = z.infer<typeof machineConfigSchema>;
