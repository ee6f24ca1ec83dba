/**
 * The control API's inputs, validated and bounded with zod. The in-process {@link TenantControl} uses the same rules
 * (a fault injected from a test goes through {@link parseFaultSpec} too), so a hostile value is refused at the door
 * instead of failing later inside a request handler.
 */
import { z } from 'zod';
import type { FaultKind, FaultSpec } from '../api-types';
import { MAX_CLOCK_SHIFT_MS } from '../model/tenant-model';

export const FAULT_KINDS = [
  'latency',
  'throttle',
  'unavailable',
  'gateway-timeout',
  'reset-after-apply',
  'malformed-json',
] as const satisfies readonly FaultKind[];

export const MAX_FAULT_PATH_LENGTH = 512;
export const MAX_LATENCY_MS = 120_000;

const clockShift = z
  .number()
  .min(-MAX_CLOCK_SHIFT_MS, 'must be within 100 years of the machine clock')
  .max(MAX_CLOCK_SHIFT_MS, 'must be within 100 years of the machine clock');

export const clockOffsetInput = z.strictObject({ offsetMs: clockShift });
export const clockAdvanceInput = z.strictObject({ ms: clockShift.min(0, 'must not be negative') });

/** Methods are HTTP tokens; letters only is all the tenant's routes use. */
const httpMethod = z.string().regex(/^[A-Za-z]{1,16}$/, 'must be an HTTP method such as GET or POST');

export const faultSpecInput = z.strictObject({
  kind: z.enum(FAULT_KINDS, { message: `must be one of ${FAULT_KINDS.join(', ')}` }),
  path: z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_FAULT_PATH_LENGTH, `must be at most ${String(MAX_FAULT_PATH_LENGTH)} characters`),
  method: httpMethod.optional(),
  surface: z.enum(['authority', 'graph', 'arm'], { message: 'must be authority, graph or arm' }).optional(),
  times: z.number().int().min(1).max(100_000).nullable().optional(),
  latencyMs: z.number().int().min(0).max(MAX_LATENCY_MS).optional(),
  afterApply: z.boolean().optional(),
  retryAfterSeconds: z.number().int().min(0).max(3_600).nullable().optional(),
});

export const resetInput = z.strictObject({
  scenario: z
    .union([z.string().min(1).max(256), z.record(z.string(), z.unknown())])
    .nullable()
    .optional(),
});

export const unattendedInput = z.strictObject({
  username: z.string().min(1).max(256),
  methods: z.array(z.string().min(1).max(64)).max(16),
});

export const settingsInput = z.strictObject({
  acrsChallengeForm: z.enum(['plain', 'unknown-error', 'www-authenticate']).optional(),
  requireCp1ForAcrs: z.boolean().optional(),
  strictSessions: z.boolean().optional(),
  graphPageSize: z.number().int().min(1).max(999).optional(),
  armPageSize: z.number().int().min(1).max(1000).optional(),
  activationDelayMs: z.number().int().min(0).max(MAX_LATENCY_MS).optional(),
  /** Per plane; a day at most (Microsoft documents minutes to hours). */
  propagationDelayMs: z
    .strictObject({
      directory: z.number().int().min(0).max(86_400_000).optional(),
      groups: z.number().int().min(0).max(86_400_000).optional(),
      arm: z.number().int().min(0).max(86_400_000).optional(),
    })
    .optional(),
  conditionalAccessPoliciesReadable: z.boolean().optional(),
  authenticationStrengthsReadable: z.boolean().optional(),
});

export const policyReadableInput = z.strictObject({ readable: z.boolean() });

/** A request id or user name taken from a path segment. */
export const MAX_SEGMENT_LENGTH = 256;

/** One line naming every problem, e.g. `method: must be an HTTP method such as GET or POST`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length === 0 ? 'body' : issue.path.map(String).join('.')}: ${issue.message}`)
    .join('; ');
}

/** Parses with `schema` or throws an Error that names every problem (the control server answers it with 400). */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(`Invalid ${what}: ${describeIssues(parsed.error)}.`);
  }
  return parsed.data;
}

/** A refused input: the control server answers 400 with its message (any other error is a 500). */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export function parseFaultSpec(value: unknown): FaultSpec {
  return parseInput(faultSpecInput, value, 'fault');
}
