/**
 * `pim-stepup`: the command-line interface on the same engine as the desktop app.
 *
 * Exit codes (documented in `--help`): 0 success, 1 failed, 2 usage or configuration error,
 * 3 pending approval. Results go to stdout (a table, or JSON with `--json`); progress and
 * prompts go to stderr, so scripts can pipe the results.
 */
import { targetIdentifier } from '../shared/domain/role-target';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ActivationReport, ActivationRequest, DeactivationOutcome } from '../shared/domain/activation';
import type { EligibleRole, RoleCatalog } from '../shared/domain/roles';
import type { AppError } from '../shared/errors';
import type { EventChannel, EventContract } from '../shared/ipc/contract';
import type { ResolvedConfig } from '../core/config/resolve-config';
import { resolveConfig } from '../core/config/resolve-config';
import { startDemoTenant } from '../demo/demo-tenant';
import type { DemoTenant } from '../demo/demo-tenant';
import { createFormFollowingBrowser } from '../demo/form-following-browser';
import type { Engine } from '../core/engine/create-engine';
import { createEngine } from '../core/engine/create-engine';
import { createLogger, formatLogRecord } from '../core/logging/logger';
import { loadMachineConfig } from '../core/managed/machine-config';
import type { ManagedSettings } from '../core/managed/managed-settings';
import { managedSettings } from '../core/managed/managed-settings';
import { splitMachineConfig } from '../core/managed/split-machine-config';
import { createNodeFetch } from '../core/net/node-fetch';
import { describeIsoDuration } from '../shared/rules/duration';
import type { CliIo } from './output';
import { formatTable } from './output';
import { createSystemBrowserOpener } from './open-browser';

export const EXIT = { ok: 0, failed: 1, usage: 2, pending: 3 } as const;

export const HELP = `pim-stepup: activate Microsoft Entra PIM roles and groups, stepping up only when a role demands it.

Usage:
  pim-stepup roles [--json]
  pim-stepup activate <role or group, by name or id>... --duration PT2H [--justification TEXT]
                      [--ticket-number N --ticket-system S] [--scope SCOPE] [--wait] [--json]
  pim-stepup deactivate <role or group>... [--scope SCOPE] [--json]
  pim-stepup status [--json]
  pim-stepup sign-out

Global options:
  --demo                   Run against the built-in simulated tenant (nothing real is activated).
  --demo-user UPN          With --demo: sign in unattended as this simulated user (no browser).
  --demo-methods LIST      With --demo-user: comma-separated sign-in methods (default: password,authenticatorPush).
  --tenant ID|DOMAIN       Tenant id (GUID) or verified domain.
  --client-id GUID         Application (client) id of your public-client app registration.
  --cloud NAME             public (default), usgov, usgov-dod or china.
  --authority-host URL     Custom sign-in host (https), with --graph-endpoint, for private or test clouds.
  --graph-endpoint URL     Custom Microsoft Graph endpoint (https).
  --arm-endpoint URL       Custom Azure Resource Manager endpoint (https), for Azure resource roles.
  --config FILE            JSON configuration file (default: ~/.config/pim-stepup/config.json if present).
  --always-fresh-auth      Demand a fresh multifactor sign-in for every activation.
  --scope SCOPE            Azure roles: the scope id (/subscriptions/…) or its name ("Contoso Prod") to pick among
                           roles of the same name, e.g. activate Owner --scope /subscriptions/<id>.
  --json                   Machine-readable results on stdout.
  --verbose                Diagnostic log on stderr (tokens and codes are always redacted).
  --help                   This text.

Environment: PIM_STEPUP_TENANT, PIM_STEPUP_CLIENT_ID, PIM_STEPUP_CLOUD, PIM_STEPUP_AUTHORITY_HOST,
PIM_STEPUP_GRAPH_ENDPOINT, PIM_STEPUP_ALWAYS_FRESH_AUTH, ... ; BROWSER picks the browser (it gets the URL as argument).
Extra CA certificates: NODE_EXTRA_CA_CERTS=/path/to/ca.pem.

Exit codes: 0 success (active, already active, deactivated), 1 failed, 2 usage or configuration error,
3 pending approval (the request waits for an approver; its id is printed).
`;

export type CliDeps = {
  readonly io: CliIo;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform?: NodeJS.Platform;
  readonly readFile?: (file: string) => string;
  readonly homeDir?: string;
  /** Replaces the browser opener (tests). */
  readonly openBrowser?: (url: string) => Promise<void>;
  /** Called with the running demo tenant (tests steer it through its control API). */
  readonly onDemoTenant?: (demo: DemoTenant) => void | Promise<void>;
};

const OPTIONS = {
  demo: { type: 'boolean' },
  'demo-user': { type: 'string' },
  'demo-methods': { type: 'string' },
  'demo-scenario': { type: 'string' },
  tenant: { type: 'string' },
  'client-id': { type: 'string' },
  cloud: { type: 'string' },
  'authority-host': { type: 'string' },
  'graph-endpoint': { type: 'string' },
  'arm-endpoint': { type: 'string' },
  config: { type: 'string' },
  'always-fresh-auth': { type: 'boolean' },
  'sign-in-timeout': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  justification: { type: 'string' },
  'ticket-number': { type: 'string' },
  'ticket-system': { type: 'string' },
  duration: { type: 'string' },
  wait: { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  scope: { type: 'string' },
} as const;

const COMMANDS = ['roles', 'activate', 'deactivate', 'status', 'sign-out'] as const;
type Command = (typeof COMMANDS)[number];

class UsageError extends Error {}

function describeError(error: AppError): string {
  const trace = [error.requestId === undefined ? '' : `request id ${error.requestId}`, error.date === undefined ? '' : error.date]
    .filter((s) => s !== '')
    .join(', ');
  return `${error.message}${trace === '' || error.message.includes(error.requestId ?? '\u0000') ? '' : ` (${trace})`} [${error.code}]`;
}

/** Whether a role is at `scope`: an Azure scope id (any case, trailing slash ignored) or the scope's name. */
function atScope(role: EligibleRole, scope: string): boolean {
  const wanted = scope.trim().replace(/\/+$/, '').toLowerCase();
  return (
    role.target.kind === 'azureResource' &&
    (role.target.scope.toLowerCase() === wanted ||
      role.azure?.scopeDisplayName.toLowerCase() === wanted ||
      role.scopeLabel.toLowerCase() === wanted)
  );
}

/**
 * Finds roles by id, exact name, or a unique case-insensitive name fragment; with `scope`, only Azure roles at that
 * scope are considered (several Azure roles share a name: Owner of each subscription).
 */
export function matchRoles(names: readonly string[], all: readonly EligibleRole[], scope?: string): EligibleRole[] {
  const eligible = scope === undefined ? all : all.filter((role) => atScope(role, scope));
  if (scope !== undefined && eligible.length === 0) {
    throw new UsageError(`No eligible Azure role is at scope "${scope}". Run "pim-stepup roles" to see the scopes.`);
  }
  return names.map((name) => {
    const lower = name.toLowerCase();
    const exact = eligible.filter((r) => r.id === name || r.displayName.toLowerCase() === lower);
    if (exact.length === 1 && exact[0] !== undefined) {
      return exact[0];
    }
    const partial = eligible.filter((r) => r.displayName.toLowerCase().includes(lower) || targetIdentifier(r.target) === name);
    if (partial.length === 1 && partial[0] !== undefined) {
      return partial[0];
    }
    const candidates = (exact.length > 1 ? exact : partial).map((r) => `"${r.displayName}" at ${r.scopeLabel} (${r.id})`);
    throw new UsageError(
      candidates.length === 0
        ? `No eligible role or group matches "${name}". Run "pim-stepup roles" to see what you may activate.`
        : `"${name}" matches several: ${candidates.join(', ')}. Use the full name, the id, or --scope.`,
    );
  });
}

function requirementText(role: EligibleRole): string {
  const r = role.requirements;
  if (!r.known) {
    return 'unknown (policy not readable)';
  }
  const parts: string[] = [];
  if (r.authenticationContext !== null) {
    parts.push(`step-up: ${r.authenticationContext.displayName} (${r.authenticationContext.id})`);
  }
  if (r.mfa) {
    parts.push('MFA');
  }
  if (r.justification) {
    parts.push('justification');
  }
  if (r.ticket) {
    parts.push('ticket');
  }
  if (r.approval) {
    parts.push('approval');
  }
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function rolesTable(catalog: RoleCatalog): string {
  const rows = catalog.eligible.map((r) => [
    r.displayName,
    r.scopeLabel,
    r.active === null ? '-' : `active${r.active.endDateTime === null ? '' : ` until ${r.active.endDateTime}`}`,
    r.requirements.maximumDuration === null ? '?' : describeIsoDuration(r.requirements.maximumDuration),
    requirementText(r),
    r.id,
  ]);
  const notes = [
    catalog.policiesReadable ? '' : 'Some policies could not be read: their requirements will be learned when you activate.',
    Math.abs(catalog.clockSkewSeconds) > 120
      ? `Warning: this computer's clock differs from Microsoft Graph by ${String(catalog.clockSkewSeconds)} seconds.`
      : '',
  ].filter((n) => n !== '');
  return [formatTable(['Role or group', 'Scope', 'State', 'Max', 'Requires', 'Id'], rows), ...notes].join('\n');
}

function reportText(report: ActivationReport): string {
  const rows = report.outcomes.map((o) => [
    o.displayName,
    o.status,
    o.endDateTime ? `until ${o.endDateTime}` : o.requestId !== undefined && o.status === 'pending-approval' ? `request ${o.requestId}` : '',
    `${(o.elapsedMs / 1000).toFixed(1)} s`,
    o.error === undefined ? '' : describeError(o.error),
  ]);
  const evidence =
    report.evidence === null || report.stepUps.length > 0
      ? ''
      : `Signed in with: ${report.evidence.methods.join(', ') || 'unknown methods'}${report.evidence.contexts.length > 0 ? `; contexts ${report.evidence.contexts.join(', ')}` : ''}.`;
  // Every step-up of the run, not only the last: what each proved, how and when.
  const stepUps = report.stepUps.map(
    (s) =>
      `Step-up ${s.asked.map((c) => `${c.displayName} (${c.id})`).join(', ') || 'fresh multifactor sign-in'}: ` +
      `proved ${s.contexts.join(', ') || 'no context'} with ${s.methods.join(', ') || 'unknown methods'}` +
      `${s.authenticatedAt === null ? '' : ` at ${s.authenticatedAt}`}${s.interactive ? '' : ' (no prompt needed)'}.`,
  );
  return [
    formatTable(['Role or group', 'Result', 'Detail', 'Took', 'Problem'], rows),
    `Sign-in prompts: ${String(report.prompts)}.${report.contextsProven.length > 0 ? ` Contexts proven: ${report.contextsProven.join(', ')}.` : ''} ${evidence}`.trim(),
    ...stepUps,
  ].join('\n');
}

function exitFor(report: ActivationReport): number {
  if (report.outcomes.some((o) => o.status === 'failed')) {
    return EXIT.failed;
  }
  if (report.outcomes.some((o) => o.status === 'pending-approval')) {
    return EXIT.pending;
  }
  return EXIT.ok;
}

/** The configuration, and the machine policy (allowed roles apply to the CLI as they do to the app). */
function loadConfig(
  values: Record<string, unknown>,
  deps: CliDeps,
): { config: ResolvedConfig; managed: ManagedSettings; managedSource: string | null } {
  const readFile = deps.readFile ?? ((file: string) => readFileSync(file, 'utf8'));
  const machine = loadMachineConfig({ platform: deps.platform ?? process.platform, env: deps.env, readFile });
  if (!machine.ok) {
    throw new UsageError(describeError(machine.error));
  }
  let file: { path: string; text: string } | undefined;
  const explicit = typeof values.config === 'string' ? values.config : undefined;
  const candidate = explicit ?? path.join(deps.homeDir ?? os.homedir(), '.config', 'pim-stepup', 'config.json');
  try {
    file = { path: candidate, text: readFile(candidate) };
  } catch (cause) {
    if (explicit !== undefined) {
      throw new UsageError(`Cannot read the config file ${explicit}: ${cause instanceof Error ? cause.message : 'unknown error'}.`);
    }
  }
  const flags: Record<string, unknown> = {
    tenant: values.tenant,
    clientId: values['client-id'],
    cloud: values.cloud,
    authorityHost: values['authority-host'],
    graphEndpoint: values['graph-endpoint'],
    armEndpoint: values['arm-endpoint'],
    alwaysFreshAuth: values['always-fresh-auth'],
    signInTimeoutSeconds: values['sign-in-timeout'],
    demo: values.demo,
    ...(values.verbose === true ? { logLevel: 'debug' } : {}),
  };
  // Policy-only keys (allowed roles, templates, kiosk timings) are not the engine's settings.
  const { engine: machineForEngine } = splitMachineConfig(machine.value);
  const resolved = resolveConfig({
    ...(machineForEngine === undefined ? {} : { machine: machineForEngine }),
    ...(file === undefined ? {} : { file }),
    env: { ...deps.env },
    flags,
  });
  if (!resolved.ok) {
    throw new UsageError(resolved.error.message);
  }
  return { config: resolved.value, managed: managedSettings(machine.value), managedSource: machine.value?.source ?? null };
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const { io } = deps;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (cause) {
    io.err(`${cause instanceof Error ? cause.message : String(cause)}\nRun "pim-stepup --help" for usage.`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help === true || positionals.length === 0) {
    (values.help === true ? io.out : io.err)(HELP);
    return values.help === true ? EXIT.ok : EXIT.usage;
  }
  const [commandName, ...targets] = positionals;
  if (!(COMMANDS as readonly string[]).includes(commandName ?? '')) {
    io.err(`Unknown command "${commandName ?? ''}". Commands: ${COMMANDS.join(', ')}. Run "pim-stepup --help".`);
    return EXIT.usage;
  }
  const command = commandName as Command;
  const json = values.json === true;

  let config: ResolvedConfig;
  let managed: ManagedSettings;
  let managedSource: string | null;
  try {
    ({ config, managed, managedSource } = loadConfig(values, deps));
    if (command === 'activate') {
      if (targets.length === 0) {
        throw new UsageError('Name at least one role or group to activate.');
      }
      if (values.duration === undefined) {
        throw new UsageError('Give --duration, e.g. --duration PT2H for two hours.');
      }
    }
    if (command === 'deactivate' && targets.length === 0) {
      throw new UsageError('Name at least one role or group to deactivate.');
    }
  } catch (cause) {
    if (cause instanceof UsageError) {
      io.err(cause.message);
      return EXIT.usage;
    }
    throw cause;
  }

  const logger = createLogger({
    level: values.verbose === true ? 'debug' : 'error',
    sink: (record) => {
      if (values.verbose === true) {
        io.err(formatLogRecord(record));
      }
    },
  });

  let demo: DemoTenant | null = null;
  let engine: Engine | null = null;
  try {
    if (config.demo) {
      const username = values['demo-user'];
      const methods = (values['demo-methods'] ?? 'password,authenticatorPush')
        .split(',')
        .map((m) => m.trim())
        .filter((m) => m !== '');
      io.err('Starting the simulated demo tenant (nothing real is activated)…');
      demo = await startDemoTenant(config, {
        ...(values['demo-scenario'] === undefined ? {} : { scenario: values['demo-scenario'] }),
        ...(username === undefined ? {} : { unattended: { username, methods } }),
      });
      config = demo.config;
      await deps.onDemoTenant?.(demo);
      if (username === undefined) {
        io.err(`Demo users: ${demo.tenant.users.map((u) => `${u.username} (password ${u.password})`).join(', ')}`);
      }
    }
    const fetch = createNodeFetch({ extraCaPem: config.extraCaPem });
    const openBrowser =
      deps.openBrowser ??
      (config.demo && values['demo-user'] !== undefined
        ? createFormFollowingBrowser(fetch, logger)
        : createSystemBrowserOpener(deps.platform, deps.env));
    const emit = <E extends EventChannel>(event: E, payload: EventContract[E]): void => {
      if (event === 'sign-in:state') {
        const state = payload as EventContract['sign-in:state'];
        if (state.phase === 'waiting') {
          const what =
            state.contexts.length > 0
              ? ` to satisfy ${state.contexts.map((c) => c.displayName).join(', ')}`
              : state.purpose === 'fresh-mfa'
                ? ' with multifactor authentication'
                : '';
          io.err(`Waiting for you to sign in${what} in your browser (until ${state.timeoutAt})…`);
        }
      } else if (event === 'activation:progress' && !json) {
        const progress = payload as EventContract['activation:progress'];
        if (progress.phase !== 'queued') {
          io.err(`  ${progress.roleId}: ${progress.phase}${progress.requestId === undefined ? '' : ` (request ${progress.requestId})`}`);
        }
      }
    };
    engine = createEngine({ config, fetch, openBrowser, emit, logger, managed, managedSource });
    return await runCommand(command, targets, values, engine, io, json);
  } finally {
    await engine?.dispose();
    await demo?.close();
  }
}

async function runCommand(
  command: Command,
  targets: readonly string[],
  values: Record<string, unknown>,
  engine: Engine,
  io: CliIo,
  json: boolean,
): Promise<number> {
  const print = (value: unknown, text: () => string): void => {
    io.out(json ? JSON.stringify(value, null, 2) : text());
  };
  const fail = (error: AppError): number => {
    if (json) {
      io.out(JSON.stringify({ error }, null, 2));
    } else {
      io.err(describeError(error));
    }
    return error.code === 'config/invalid' || error.code === 'input/invalid'
      ? EXIT.usage
      : error.code === 'pim/pending-request'
        ? EXIT.pending
        : EXIT.failed;
  };
  /** The eligible roles the command line names (read interactively), or the exit code when they cannot be resolved. */
  const targetRoles = async (): Promise<EligibleRole[] | number> => {
    const catalog = await engine.listRoles({ interactive: true });
    if (!catalog.ok) {
      return fail(catalog.error);
    }
    try {
      return matchRoles(targets, catalog.value.eligible, typeof values.scope === 'string' ? values.scope : undefined);
    } catch (cause) {
      if (cause instanceof UsageError) {
        io.err(cause.message);
        return EXIT.usage;
      }
      throw cause;
    }
  };

  switch (command) {
    case 'sign-out': {
      // The CLI keeps no token cache on disk, so there is nothing stored to remove.
      const result = await engine.signOut();
      if (!result.ok) {
        return fail(result.error);
      }
      print({ signedOut: true }, () => 'Signed out. (The CLI keeps no tokens on disk; the browser session ends when you sign out there.)');
      return EXIT.ok;
    }
    case 'roles':
    case 'status': {
      const catalog = await engine.listRoles({ interactive: true });
      if (!catalog.ok) {
        return fail(catalog.error);
      }
      const session = await engine.session();
      if (command === 'roles') {
        print(catalog.value, () => rolesTable(catalog.value));
      } else {
        const active = catalog.value.active;
        print({ session, active }, () =>
          [
            session === null ? 'Not signed in.' : `Signed in as ${session.username} (tenant ${session.tenantId}).`,
            active.length === 0
              ? 'No active roles.'
              : formatTable(
                  ['Active role or group', 'Type', 'Until', 'Id'],
                  active.map((a) => [a.displayName, a.assignmentType, a.endDateTime ?? 'permanent', a.id]),
                ),
          ].join('\n'),
        );
      }
      return EXIT.ok;
    }
    case 'activate': {
      const roles = await targetRoles();
      if (typeof roles === 'number') {
        return roles;
      }
      const request: ActivationRequest = {
        roleIds: roles.map((r) => r.id),
        duration: String(values.duration),
        justification: typeof values.justification === 'string' ? values.justification : '',
        ...(typeof values['ticket-number'] === 'string' ? { ticketNumber: values['ticket-number'] } : {}),
        ...(typeof values['ticket-system'] === 'string' ? { ticketSystem: values['ticket-system'] } : {}),
      };
      const plan = await engine.plan(request);
      if (plan.ok && plan.value.problems.length > 0) {
        for (const problem of plan.value.problems) {
          const role = roles.find((r) => r.id === problem.roleId);
          io.err(`${role?.displayName ?? problem.roleId}: ${problem.issues.map((i) => `${i.path}: ${i.message}`).join(' ')}`);
        }
        return EXIT.usage;
      }
      if (plan.ok && plan.value.stepUps.length > 0 && !json) {
        io.err(
          `Step-ups needed: ${plan.value.stepUps.map((s) => `${s.context === null ? 'fresh MFA' : s.context.displayName} (${String(s.roleIds.length)} role${s.roleIds.length === 1 ? '' : 's'})`).join('; ')}.`,
        );
      }
      const report = await engine.activate(request);
      if (!report.ok) {
        return fail(report.error);
      }
      let final = report.value;
      if (values.wait === true && final.outcomes.some((o) => o.status === 'pending-approval')) {
        final = await waitForApproval(engine, final, Number(values['wait-timeout'] ?? 900), io);
      }
      print(final, () => reportText(final));
      return exitFor(final);
    }
    case 'deactivate': {
      const roles = await targetRoles();
      if (typeof roles === 'number') {
        return roles;
      }
      const outcomes: (DeactivationOutcome & { displayName: string })[] = [];
      for (const role of roles) {
        const outcome = await engine.deactivate(role.id, { interactive: true });
        outcomes.push(
          outcome.ok
            ? { ...outcome.value, displayName: role.displayName }
            : { roleId: role.id, displayName: role.displayName, status: 'failed' as const, error: outcome.error },
        );
      }
      print({ outcomes }, () =>
        formatTable(
          ['Role or group', 'Result', 'Problem'],
          outcomes.map((o) => [o.displayName, o.status, o.error === undefined ? '' : describeError(o.error)]),
        ),
      );
      return outcomes.some((o) => o.status === 'failed') ? EXIT.failed : EXIT.ok;
    }
  }
}

/** Polls until pending requests are approved (active) or the wait ends. */
async function waitForApproval(engine: Engine, report: ActivationReport, timeoutSeconds: number, io: CliIo): Promise<ActivationReport> {
  const deadline = Date.now() + Math.max(5, timeoutSeconds) * 1000;
  let outcomes = report.outcomes;
  io.err('Waiting for approval…');
  while (Date.now() < deadline && outcomes.some((o) => o.status === 'pending-approval')) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const catalog = await engine.listRoles({ interactive: false });
    if (!catalog.ok) {
      continue;
    }
    outcomes = outcomes.map((o) => {
      if (o.status !== 'pending-approval') {
        return o;
      }
      const active = catalog.value.active.find((a) => a.id === o.roleId);
      return active === undefined
        ? o
        : { ...o, status: 'active' as const, startDateTime: active.startDateTime, endDateTime: active.endDateTime };
    });
  }
  return { ...report, outcomes };
}
