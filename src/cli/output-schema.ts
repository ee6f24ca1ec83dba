/**
 * The `--json` contract as zod schemas: the one source of docs/cli-output.schema.json, which
 * `node scripts/cli-output-schema.mjs` writes from here with zod's JSON Schema export
 * (test/unit/cli/cli-output-schema.test.ts fails when the committed file differs). The CLI's
 * integration tests validate real outputs against the published file with Ajv.
 *
 * Objects are open (later versions of schemaVersion 1 may add fields, never remove or retype
 * them) except where a result's shape is closed on purpose.
 */
import { z } from 'zod';
import { requestStateSchema, roleStateModelSchema, roleStateSchema } from '../shared/ipc/role-state-schema';
import { COMMANDS } from './help';
import { SCHEMA_VERSION } from './json-output';

/** Definitions named in `$defs`, and the descriptions, kept out of zod's global registry. */
type Published = { id?: string; description?: string };
const published = z.registry<Published>();
const described = <S extends z.ZodType>(schema: S, description: string): S => {
  published.add(schema, { description });
  return schema;
};
const named = <S extends z.ZodType>(id: string, schema: S): S => {
  published.add(schema, { id });
  return schema;
};

const nullableString = z.string().nullable();
const strings = z.array(z.string());

const error = named(
  'error',
  z.looseObject({
    code: described(z.string(), 'One of the closed set in src/shared/errors.ts, e.g. input/invalid, auth/timed-out.'),
    message: z.string(),
    issues: z.array(z.looseObject({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
    serviceCode: z.string().optional(),
    retryable: z.boolean().optional(),
  }),
);

const version = named('version', z.strictObject({ version: z.string() }));
const signOut = named('signOut', z.strictObject({ signedOut: z.literal(true) }));

const activeAssignment = named(
  'activeAssignment',
  z.looseObject({
    id: z.string(),
    displayName: z.string(),
    assignmentType: z.string(),
    startDateTime: nullableString.optional(),
    endDateTime: nullableString,
  }),
);

// The role-state model as the desktop receives it (src/shared/ipc/role-state-schema.ts): one schema for both.
named('requestState', requestStateSchema);
const roleState = named('roleState', roleStateSchema);
const roleStates = named('roleStates', roleStateModelSchema);

const catalog = named(
  'catalog',
  z.looseObject({
    eligible: z.array(
      z.looseObject({
        id: z.string(),
        displayName: z.string(),
        scopeLabel: z.string(),
        requirements: z.looseObject({ known: z.boolean(), maximumDuration: nullableString }),
        active: activeAssignment.nullable(),
      }),
    ),
    active: z.array(activeAssignment),
    policiesReadable: z.boolean(),
    serverTime: z.string(),
    clockSkewSeconds: z.number(),
    states: described(roleStates, 'Where each role stands (the role-state model): the same read, what every surface shows.'),
  }),
);

const stepUp = z.looseObject({
  purpose: z.enum(['step-up', 'fresh-mfa']),
  asked: z.array(z.looseObject({ id: z.string(), displayName: z.string() })),
  contexts: strings,
  methods: strings,
  authenticatedAt: nullableString,
  obtainedAt: z.string(),
  interactive: z.boolean(),
  roleIds: strings,
});

const activationReport = named(
  'activationReport',
  z.looseObject({
    runId: z.string(),
    outcomes: z.array(
      z.looseObject({
        roleId: z.string(),
        displayName: z.string(),
        status: described(
          z.enum(['active', 'already-active', 'pending-approval', 'scheduled', 'denied', 'failed']),
          'scheduled: accepted with a later start (startDateTime); denied: an approver refused the request (exit 1).',
        ),
        alreadyRequested: described(
          z.boolean(),
          'True when PIM already held this activation (scheduled or waiting for approval): reported as it stands, nothing was sent.',
        ).optional(),
        unconfirmed: described(
          z.boolean(),
          'On failed: PIM may have accepted the request (its answer was lost and reading PIM back failed). Check with status before activating again.',
        ).optional(),
        requestId: described(z.string(), 'The PIM request id: follow it with status, end it with cancel --request-id.').optional(),
        startDateTime: nullableString.optional(),
        endDateTime: nullableString.optional(),
        activeAt: described(nullableString, "When PIM reported the role active (the service's clock); null for other statuses.").optional(),
        usableAt: described(nullableString, 'When the access was confirmed usable (ready check); null while not confirmed.').optional(),
        usableNote: described(z.string(), 'Why usableAt is null for an active role.').optional(),
        error: error.optional(),
        elapsedMs: z.number(),
      }),
    ),
    prompts: described(z.int(), 'Browser sign-ins of the whole run, the first one included.'),
    evidence: z.record(z.string(), z.unknown()).nullable(),
    contextsProven: described(strings, 'Every authentication context proven during the run, sorted.'),
    stepUps: described(
      z.array(stepUp),
      'Each step-up of the run, in the order obtained: what was asked, what the token proved, how and when.',
    ),
  }),
);

const deactivation = named(
  'deactivation',
  z.strictObject({
    outcomes: z.array(
      z.looseObject({
        roleId: z.string(),
        displayName: z.string(),
        status: z.enum(['deactivated', 'failed']),
        requestId: z.string().optional(),
        error: error.optional(),
      }),
    ),
  }),
);

const cancellation = named(
  'cancellation',
  z.strictObject({
    cancelled: z.array(
      z.looseObject({
        requestId: z.string(),
        roleId: z.string(),
        displayName: z.string(),
        status: z.enum(['canceled', 'failed']),
        error: error.optional(),
      }),
    ),
  }),
);

const openRequest = z.looseObject({
  id: described(
    z.string(),
    "Graph's request id; for an Azure role the request's full ARM id. cancel --request-id takes it (or an Azure request's last segment).",
  ),
  kind: z.enum(['directoryRole', 'group', 'azureResource']),
  status: described(z.string(), "PIM's status, e.g. PendingApproval, Granted."),
  action: z.string().optional(),
  roleId: z.string(),
  displayName: z.string(),
  scopeLabel: described(
    z.string().nullable(),
    'Where the role applies, e.g. Directory or Subscription · Contoso Prod; null when the role is no longer eligible.',
  ).optional(),
  createdDateTime: nullableString,
  startDateTime: nullableString,
  endDateTime: nullableString.optional(),
  justification: nullableString.optional(),
});

const status = named(
  'status',
  z.strictObject({
    session: z.looseObject({ username: z.string(), tenantId: z.string() }).nullable(),
    active: z.array(activeAssignment),
    requests: described(z.array(openRequest), 'Open activation requests: waiting for approval or scheduled.'),
    roles: described(
      z.array(roleState),
      'Every role where it stands (the role-state model): active, waiting, scheduled, or eligible with its last decision.',
    ),
  }),
);

export const EXIT_CODES = [0, 1, 2, 3, 130, 143] as const;

/** One document per run with --json, on stdout. */
export const cliDocumentSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  command: described(z.enum(COMMANDS).nullable(), 'The command that ran; null when the command line could not be read (or for --version).'),
  ok: described(z.boolean(), 'True exactly when exitCode is 0.'),
  exitCode: described(
    z.literal(EXIT_CODES),
    '0 success, 1 failed, 2 usage or configuration error, 3 pending approval, 130 SIGINT, 143 SIGTERM.',
  ),
  result: described(
    z.union([z.null(), version, catalog, activationReport, deactivation, cancellation, status, signOut]),
    "The command's result; null when the run failed before producing one.",
  ),
  error: error.nullable(),
  interrupted: z.enum(['SIGINT', 'SIGTERM']).nullable(),
});

/** docs/cli-output.schema.json, as zod exports it (Draft 2020-12). */
export function cliOutputJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(cliDocumentSchema, { metadata: published, target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'pim-stepup --json output',
    description:
      'Every pim-stepup run with --json prints exactly one document of this shape on stdout. Fields may be added in later versions of the same schemaVersion; none are removed or retyped without raising it. Generated from src/cli/output-schema.ts by scripts/cli-output-schema.mjs.',
    ...rest,
  };
}
