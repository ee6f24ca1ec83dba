/**
 * `pim-stepup`: the command-line interface on the same engine as the desktop app.
 *
 * Exit codes (in `--help` and src/cli/README.md): 0 success, 1 failed, 2 usage or configuration
 * error, 3 pending approval, 130/143 interrupted by SIGINT/SIGTERM. Results go to stdout (a
 * table, or one JSON document with `--json`); progress and prompts go to stderr, so scripts can
 * pipe the results.
 *
 * Everything that can be judged without the tenant is judged before any sign-in
 * (src/cli/check-input.ts), so a typo costs no browser round trip.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ActivationReport, ActivationRequest, DeactivationOutcome, StepUpGroup } from '../shared/domain/activation';
import type { EligibleRole } from '../shared/domain/roles';
import type { AppError } from '../shared/errors';
import { appError } from '../shared/errors';
import { parseStartTime } from '../shared/rules/start-time';
import type { EventChannel, EventContract } from '../shared/ipc/contract';
import type { ResolvedConfig } from '../core/config/resolve-config';
import { loadConfig } from '../core/config/load-config';
import type { DemoTenant } from '../demo/demo-tenant';
import { createFormFollowingBrowser } from '../demo/form-following-browser';
import type { Engine } from '../core/engine/create-engine';
import { createEngine } from '../core/engine/create-engine';
import { cliStateDir, ensurePrivateStateDir } from '../core/fs/private-state-dir';
import { createAppIntentJournal } from '../core/journal/app-intent-journal';
import type { IntentJournal } from '../core/journal/intent-journal';
import { createMemoryIntentJournal } from '../core/journal/intent-journal';
import type { Result } from '../shared/result';
import { err, ok } from '../shared/result';
import type { PlannedPrompt } from '../core/engine/step-up-coordinator';
import { createLogger, formatLogRecord } from '../core/logging/logger';
import type { ManagedSettings } from '../core/managed/managed-settings';
import type { FetchLike } from '../core/net/fetch-like';
import { createUndiciFetch } from '../core/net/undici-fetch';
import { checkCommandLine, issuesText } from './check-input';
import type { Shell } from './completion';
import { completionScript } from './completion';
import type { Command } from './help';
import { COMMANDS, DEFAULT_WAIT_SECONDS, EXIT, HELP, VERSION } from './help';
import { deactivationText, localTime, reportText, rolesText, statusText } from './human-output';
import { createSystemBrowserOpener } from './open-browser';
import { OPTIONS } from './options';
import type { OptionValues } from './options';
import { cancel } from './cancel-command';
import { followApprovals } from './follow-approval';
import { waitForUsable } from './wait-for-usable';
import { matchRoles, UsageError } from './match-roles';
import type { Interruption, Reporter } from './reporter';
import { reporter } from './reporter';
import type { CliIo } from './output';

export { EXIT, HELP } from './help';
export { consoleIo } from './output';
export { matchRoles } from './match-roles';

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
  /** Fires on SIGINT/SIGTERM; its reason is the signal's name. */
  readonly signal?: AbortSignal;
};

type Values = OptionValues;

function exitFor(report: ActivationReport, waitedForUsable = false): number {
  if (report.outcomes.some((o) => o.status === 'failed' || o.status === 'denied')) {
    return EXIT.failed;
  }
  if (report.outcomes.some((o) => o.status === 'pending-approval')) {
    return EXIT.pending;
  }
  const unconfirmed = report.outcomes.some(
    (o) => (o.status === 'active' || o.status === 'already-active') && (o.usableAt ?? null) === null,
  );
  return waitedForUsable && unconfirmed ? EXIT.pending : EXIT.ok;
}

const SIGN_IN_HINT =
  "If the browser shows an error page (AADSTS…), press Ctrl+C and check --tenant, --client-id and the app's redirect URI.";

/** What a sign-in time-out most often means, for the person who set the CLI up. */
function withSignInHints(error: AppError): AppError {
  if (error.code !== 'auth/timed-out') {
    return error;
  }
  return {
    ...error,
    message: `${error.message} If the browser showed an error page instead of a sign-in form, the likely causes are: a wrong --client-id (AADSTS700016), an app registration without the "http://localhost" redirect URI for mobile and desktop applications (AADSTS50011), or a wrong --tenant (AADSTS90002).`,
  };
}

/** The configuration, and the machine policy (allowed roles apply to the CLI as they do to the app). */
function loadCliConfig(values: Values, deps: CliDeps): { config: ResolvedConfig; managed: ManagedSettings; managedSource: string | null } {
  const explicit = typeof values.config === 'string' ? values.config : undefined;
  const flags: Record<string, unknown> = {
    tenant: values.tenant,
    clientId: values['client-id'],
    cloud: values.cloud,
    authorityHost: values['authority-host'],
    graphEndpoint: values['graph-endpoint'],
    armEndpoint: values['arm-endpoint'],
    alwaysFreshAuth: values['always-fresh-auth'],
    broker: values.broker,
    signInTimeoutSeconds: values['sign-in-timeout'],
    demo: values.demo,
    ...(values.verbose === true ? { logLevel: 'debug' } : {}),
  };
  const loaded = loadConfig({
    platform: deps.platform ?? process.platform,
    env: deps.env,
    readFile: deps.readFile ?? ((file: string) => readFileSync(file, 'utf8')),
    userFile: {
      path: explicit ?? path.join(deps.homeDir ?? os.homedir(), '.config', 'pim-stepup', 'config.json'),
      explicit: explicit !== undefined,
    },
    flags,
  });
  if (!loaded.ok) {
    throw new UsageError(loaded.error.message, loaded.error);
  }
  const { config, managed, managedSource } = loaded.value;
  return { config, managed, managedSource };
}

/**
 * The activation intent journal, on disk like the desktop app's, so an activation killed mid-request is reconciled
 * by the next run instead of written again. The demo keeps it in memory: its tenant ends with the process, so no
 * later run could reconcile against it.
 */
async function cliJournal(config: ResolvedConfig, deps: CliDeps): Promise<Result<IntentJournal>> {
  if (config.demo) {
    return ok(createMemoryIntentJournal());
  }
  const dir = cliStateDir(deps.env, deps.platform ?? process.platform, deps.homeDir ?? os.homedir());
  try {
    await ensurePrivateStateDir(dir);
  } catch (cause) {
    return err(appError('config/invalid', cause instanceof Error ? cause.message : String(cause)));
  }
  return ok(createAppIntentJournal({ mode: 'standard', userDataDir: dir }));
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const { io } = deps;
  const jsonAsked = argv.includes('--json');
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (cause) {
    const message = `${cause instanceof Error ? cause.message : String(cause)} Run "pim-stepup --help" for usage.`;
    return reporter(io, jsonAsked, false, deps.signal).failed(null, appError('input/invalid', message));
  }
  const { values, positionals } = parsed;
  const out = reporter(io, values.json === true, values.verbose === true, deps.signal);
  if (values.version === true) {
    return out.done(null, EXIT.ok, { version: VERSION }, () => VERSION);
  }
  if (values.help === true) {
    io.out(HELP);
    return EXIT.ok;
  }
  const [commandName, ...targets] = positionals;
  if (commandName === undefined) {
    io.err(HELP);
    return out.failed(null, appError('input/invalid', 'Name a command. Run "pim-stepup --help" for usage.'));
  }
  if (!(COMMANDS as readonly string[]).includes(commandName)) {
    return out.failed(
      null,
      appError('input/invalid', `Unknown command "${commandName}". Commands: ${COMMANDS.join(', ')}. Run "pim-stepup --help".`),
    );
  }
  const command = commandName as Command;
  const issues = checkCommandLine({ command, targets, values });
  if (issues.length > 0) {
    return out.failed(command, appError('input/invalid', issuesText(issues), { issues }));
  }
  if (command === 'completion') {
    io.out(completionScript(targets[0] as Shell));
    return EXIT.ok;
  }

  let config: ResolvedConfig;
  let managed: ManagedSettings;
  let managedSource: string | null;
  try {
    ({ config, managed, managedSource } = loadCliConfig(values, deps));
  } catch (cause) {
    if (cause instanceof UsageError) {
      return out.failed(command, cause.error);
    }
    throw cause;
  }
  return runWithEngine(command, targets, values, { config, managed, managedSource }, deps, out);
}

async function runWithEngine(
  command: Command,
  targets: readonly string[],
  values: Values,
  setup: { config: ResolvedConfig; managed: ManagedSettings; managedSource: string | null },
  deps: CliDeps,
  out: Reporter,
): Promise<number> {
  const { io } = deps;
  const verbose = values.verbose === true;
  const logger = createLogger({
    level: verbose ? 'debug' : 'error',
    sink: (record) => {
      if (verbose) {
        io.err(formatLogRecord(record));
      }
    },
  });
  let config = setup.config;
  let demo: DemoTenant | null = null;
  let engine: Engine | null = null;
  let fetch: (FetchLike & { close(): Promise<void> }) | null = null;
  try {
    const demoUser = typeof values['demo-user'] === 'string' ? values['demo-user'] : undefined;
    if (config.demo) {
      const methods = (typeof values['demo-methods'] === 'string' ? values['demo-methods'] : 'password,authenticatorPush')
        .split(',')
        .map((m) => m.trim())
        .filter((m) => m !== '');
      io.err('Starting the simulated demo tenant (nothing real is activated)…');
      // Loaded only here: the simulated tenant is most of the CLI's code, and no real run needs it.
      const { startDemoTenant } = await import('../demo/demo-tenant');
      demo = await startDemoTenant(config, {
        ...(typeof values['demo-scenario'] === 'string' ? { scenario: values['demo-scenario'] } : {}),
        ...(demoUser === undefined ? {} : { unattended: { username: demoUser, methods } }),
      });
      config = demo.config;
      await deps.onDemoTenant?.(demo);
      if (demoUser === undefined) {
        io.err(`Demo users: ${demo.tenant.users.map((u) => `${u.username} (password ${u.password})`).join(', ')}`);
      }
    }
    fetch = createUndiciFetch({ extraCaPem: config.extraCaPem, env: deps.env, loopbackDirect: config.demo });
    const openBrowser =
      deps.openBrowser ??
      (config.demo && demoUser !== undefined ? createFormFollowingBrowser(fetch, logger) : createSystemBrowserOpener(deps.env));
    const requestIds = new Map<string, string>();
    // Role ids to names, filled once the command line's roles are matched, for readable progress lines.
    const names = new Map<string, string>();
    const nameOf = (roleId: string): string => names.get(roleId) ?? roleId;
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
          out.progress(
            'sign-in',
            { purpose: state.purpose, contexts: state.contexts.map((c) => c.id), timeoutAt: state.timeoutAt, hint: SIGN_IN_HINT },
            `Waiting for you to sign in${what} in your browser (until ${localTime(state.timeoutAt)}). ${SIGN_IN_HINT}`,
          );
        }
      } else if (event === 'activation:progress') {
        const progress = payload as EventContract['activation:progress'];
        if (progress.requestId !== undefined) {
          requestIds.set(progress.roleId, progress.requestId);
        }
        if (progress.phase !== 'queued') {
          out.progress(
            'progress',
            {
              roleId: progress.roleId,
              phase: progress.phase,
              ...(progress.requestId === undefined ? {} : { requestId: progress.requestId }),
            },
            progress.phase === 'pending-approval' && progress.requestId !== undefined
              ? `  ${nameOf(progress.roleId)}: waiting for approval, request ${progress.requestId}`
              : `  ${nameOf(progress.roleId)}: ${progress.phase}${progress.requestId === undefined ? '' : ` (request ${progress.requestId})`}`,
          );
        }
      }
    };
    const journal = await cliJournal(config, deps);
    if (!journal.ok) {
      return out.failed(command, journal.error);
    }
    engine = createEngine({
      config,
      fetch,
      openBrowser,
      emit,
      logger,
      managed: setup.managed,
      managedSource: setup.managedSource,
      journal: journal.value,
    });
    return await interruptible(engine, deps.signal, out, command, requestIds, (signal) =>
      runCommand(command, targets, values, engine as Engine, out, signal, names),
    );
  } finally {
    await engine?.dispose();
    await fetch?.close();
    await demo?.close();
  }
}

/**
 * Runs the command; on SIGINT/SIGTERM cancels any sign-in, lets a `--wait` print what it knows,
 * and otherwise reports the request ids seen so far, exiting 130 or 143.
 */
async function interruptible(
  engine: Engine,
  signal: AbortSignal | undefined,
  out: Reporter,
  command: Command,
  requestIds: ReadonlyMap<string, string>,
  run: (signal: AbortSignal | undefined) => Promise<number>,
): Promise<number> {
  if (signal === undefined) {
    return run(undefined);
  }
  const running = run(signal);
  const interrupted = new Promise<Interruption>((resolve) => {
    const fire = (): void => {
      engine.cancelSignIn();
      resolve(signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
    };
    if (signal.aborted) {
      fire();
    } else {
      signal.addEventListener('abort', fire, { once: true });
    }
  });
  const first = await Promise.race([running.then((code) => ({ code })), interrupted.then((name) => ({ name }))]);
  if ('code' in first) {
    return first.code;
  }
  // The command may still finish on its own (a cancelled sign-in settles at once; --wait stops
  // polling and prints): give it a moment, then say what is known and leave.
  const settled = await Promise.race([
    running,
    new Promise<null>((resolve) =>
      setTimeout(() => {
        resolve(null);
      }, 2000).unref(),
    ),
  ]);
  if (settled !== null) {
    return settled;
  }
  const known = [...requestIds].map(([roleId, requestId]) => ({ roleId, requestId }));
  const message =
    known.length === 0
      ? 'Interrupted before any request was sent.'
      : `Interrupted. Requests already sent: ${known.map((k) => `${k.roleId} (request ${k.requestId})`).join(', ')}; see "pim-stepup status".`;
  return out.failed(command, appError('auth/cancelled', message));
}

/** What a prompt will ask for, from the engine's plan (the group for its context, or the multifactor one). */
function askedFor(prompt: PlannedPrompt, groups: readonly StepUpGroup[]): string | null {
  const context = prompt.contexts[0]?.id ?? null;
  return groups.find((g) => (g.context?.id ?? null) === context)?.expect?.text ?? null;
}

/** The plan's JSON fields: each prompt's contexts (null for a fresh multifactor sign-in), the roles waiting on it, and what it asks for. */
function planEvent(prompts: readonly PlannedPrompt[], groups: readonly StepUpGroup[]): Record<string, unknown> {
  return {
    stepUps: prompts.map((p) => {
      const asks = askedFor(p, groups);
      return {
        context: p.contexts[0]?.id ?? null,
        contexts: p.contexts.map((c) => c.id),
        roleIds: p.roleIds,
        ...(asks === null ? {} : { asks }),
      };
    }),
  };
}

function planText(prompts: readonly PlannedPrompt[], groups: readonly StepUpGroup[]): string {
  const one = (p: PlannedPrompt): string => {
    const what = p.contexts.length === 0 ? 'fresh multifactor sign-in' : p.contexts.map((c) => c.displayName).join(' and ');
    const asks = askedFor(p, groups);
    return `${what} (${String(p.roleIds.length)} role${p.roleIds.length === 1 ? '' : 's'})${asks === null ? '' : `: ${asks}`}`;
  };
  return `Sign-ins to follow, in this order: ${prompts.map(one).join('; ')}.`;
}

async function runCommand(
  command: Command,
  targets: readonly string[],
  values: Values,
  engine: Engine,
  out: Reporter,
  signal: AbortSignal | undefined,
  names: Map<string, string>,
): Promise<number> {
  const fail = (error: AppError): number => out.failed(command, withSignInHints(error));
  /** The eligible roles the command line names (read interactively), or the exit code when they cannot be resolved. */
  const targetRoles = async (): Promise<EligibleRole[] | number> => {
    const catalog = await engine.listRoles({ interactive: true });
    if (!catalog.ok) {
      return fail(catalog.error);
    }
    try {
      const azure = catalog.value.azure;
      const matched = matchRoles(
        targets,
        catalog.value.eligible,
        typeof values.scope === 'string' ? values.scope : undefined,
        azure?.status === 'failed' ? azure.message : undefined,
      );
      for (const role of matched) {
        names.set(role.id, role.displayName);
      }
      return matched;
    } catch (cause) {
      if (cause instanceof UsageError) {
        return fail(cause.error);
      }
      throw cause;
    }
  };

  switch (command) {
    case 'completion':
      return EXIT.ok;
    case 'sign-out': {
      // The CLI keeps no token cache on disk, so there is nothing stored to remove.
      const result = await engine.signOut();
      if (!result.ok) {
        return fail(result.error);
      }
      return out.done(
        command,
        EXIT.ok,
        { signedOut: true },
        () => 'Signed out. (The CLI keeps no tokens on disk; the browser session ends when you sign out there.)',
      );
    }
    case 'roles': {
      const catalog = await engine.listRoles({ interactive: true });
      if (!catalog.ok) {
        return fail(catalog.error);
      }
      return out.done(command, EXIT.ok, catalog.value, () => rolesText(catalog.value));
    }
    case 'status': {
      // One read, the role-state model: what is active, waiting, scheduled, and the last decisions.
      const catalog = await engine.listRoles({ interactive: true });
      if (!catalog.ok) {
        return fail(catalog.error);
      }
      const { states } = catalog.value;
      const byId = new Map(catalog.value.eligible.map((r) => [r.id, r]));
      const requests = states.requests
        .filter((r) => (r.phase === 'pending' || r.phase === 'scheduled') && r.action.toLowerCase() === 'selfactivate')
        .map((r) => ({
          id: r.id,
          kind: r.kind,
          status: r.status,
          action: r.action,
          roleId: r.roleId,
          displayName: byId.get(r.roleId)?.displayName ?? states.roles.find((s) => s.roleId === r.roleId)?.displayName ?? r.roleId,
          scopeLabel: byId.get(r.roleId)?.scopeLabel ?? null,
          createdDateTime: r.createdDateTime,
          startDateTime: r.startDateTime,
          endDateTime: r.endDateTime,
        }));
      const session = await engine.session();
      return out.done(command, EXIT.ok, { session, active: catalog.value.active, requests, roles: states.roles }, () =>
        statusText(session, states.roles),
      );
    }
    case 'cancel':
      return cancel(values, engine, targetRoles, out, fail);
    case 'activate': {
      const roles = await targetRoles();
      if (typeof roles === 'number') {
        return roles;
      }
      // Checked before sign-in (check-input.ts); read again here with the same rule for the instant to send.
      const start = typeof values.start === 'string' ? parseStartTime(values.start, Date.now()) : null;
      const request: ActivationRequest = {
        roleIds: roles.map((r) => r.id),
        duration: String(values.duration),
        ...(start?.ok === true ? { startDateTime: start.iso } : {}),
        justification: typeof values.justification === 'string' ? values.justification : '',
        ...(typeof values['ticket-number'] === 'string' ? { ticketNumber: values['ticket-number'] } : {}),
        ...(typeof values['ticket-system'] === 'string' ? { ticketSystem: values['ticket-system'] } : {}),
      };
      const plan = await engine.plan(request);
      if (plan.ok && plan.value.problems.length > 0) {
        const issues = plan.value.problems.flatMap((problem) => {
          const name = roles.find((r) => r.id === problem.roleId)?.displayName ?? problem.roleId;
          return problem.issues.map((i) => ({ path: i.path, message: `${name}: ${i.message}` }));
        });
        return fail(appError('input/invalid', issues.map((i) => i.message).join('\n'), { issues }));
      }
      // The plan comes from the run itself, once its step-ups are known, so it lists exactly the prompts that follow;
      // what each will ask for comes from the tenant's facts (the engine's plan).
      const expected = plan.ok ? plan.value.stepUps : [];
      const report = await engine.activate(request, {
        onPlan: (prompts) => {
          out.progress('plan', planEvent(prompts, expected), planText(prompts, expected));
        },
      });
      if (!report.ok) {
        return fail(report.error);
      }
      // Every browser sign-in of the run counts, the one that read the catalog included.
      let final: ActivationReport = { ...report.value, prompts: engine.prompts() };
      const timeoutSeconds = typeof values['wait-timeout'] === 'string' ? Number(values['wait-timeout']) : DEFAULT_WAIT_SECONDS;
      if (values.wait === true && final.outcomes.some((o) => o.status === 'pending-approval')) {
        final = await followApprovals(final, engine, out, timeoutSeconds, signal);
      }
      const waitUsable = values['wait-usable'] === true;
      if (waitUsable) {
        final = await waitForUsable(final, engine, out, timeoutSeconds, signal);
      }
      return out.done(command, exitFor(final, waitUsable), final, () => reportText(final, { verbose: out.verbose }));
    }
    case 'deactivate': {
      const roles = await targetRoles();
      if (typeof roles === 'number') {
        return roles;
      }
      // All from the catalog just read, in parallel: one catalog read for the command, not one per role.
      const outcomes: (DeactivationOutcome & { displayName: string })[] = await Promise.all(
        roles.map(async (role) => {
          const outcome = await engine.deactivate(role.id, { interactive: true, refresh: false });
          return outcome.ok
            ? { ...outcome.value, displayName: role.displayName }
            : { roleId: role.id, displayName: role.displayName, status: 'failed' as const, error: outcome.error };
        }),
      );
      const code = outcomes.some((o) => o.status === 'failed') ? EXIT.failed : EXIT.ok;
      return out.done(command, code, { outcomes }, () => deactivationText(outcomes, out.verbose));
    }
  }
}
