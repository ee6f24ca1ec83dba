/**
 * The real-tenant smoke test's flow, on any engine: sign in, list, activate one harmless role with
 * its step-up, deactivate it, and report each step. `npm run smoke` runs it against a maintainer's
 * test tenant (test/smoke/real-tenant-smoke.ts); test/integration/smoke/smoke-flow.test.ts runs it
 * against the simulated tenant, so the flow itself is proven here even though Entra is not.
 *
 * Entra refuses to deactivate a role within five minutes of its activation
 * (`ActiveDurationTooShort`), so the flow waits and asks again, through a `wait` port the
 * simulated run answers by moving the tenant's clock.
 */
import type { Engine } from '../../src/core/engine/create-engine';
import type { AppError } from '../../src/shared/errors';
import type { EligibleRole } from '../../src/shared/domain/roles';
import { targetIdentifier } from '../../src/shared/domain/role-target';

export type SmokeSettings = {
  /** Display name or id of the role to activate: harmless, ideally behind an authentication context. */
  readonly role: string;
  /** ISO 8601 duration, e.g. `PT30M`. */
  readonly duration: string;
  readonly justification: string;
  readonly ticketNumber?: string;
  readonly ticketSystem?: string;
};

export type SmokeDeps = {
  /** Waits before the next deactivation attempt (the simulated run moves the tenant's clock instead). */
  readonly wait: (ms: number) => Promise<void>;
  /** Progress lines for the person running it. */
  readonly say: (line: string) => void;
  readonly now?: () => number;
};

export type SmokeStepName = 'sign-in' | 'list' | 'find role' | 'step-up' | 'activate' | 'deactivate';

export type SmokeStep = {
  readonly step: SmokeStepName;
  readonly outcome: 'passed' | 'failed' | 'warning';
  readonly detail: string;
  readonly ms: number;
};

export type SmokeReport = { readonly steps: readonly SmokeStep[]; readonly passed: boolean };

/** Entra's minimum time between activation and deactivation, plus a margin for clock skew. */
export const DEACTIVATE_AFTER_MS = 5 * 60_000 + 15_000;
const DEACTIVATE_ATTEMPTS = 4;

function describeError(error: AppError): string {
  return `${error.code}${error.serviceCode === undefined ? '' : ` (${error.serviceCode})`}: ${error.message}`;
}

/** The role definition id or group id the role's target names. */
function targetId(role: EligibleRole): string {
  return targetIdentifier(role.target).toLowerCase();
}

function findRole(eligible: readonly EligibleRole[], wanted: string): EligibleRole | undefined {
  const key = wanted.trim().toLowerCase();
  return (
    eligible.find((role) => role.id.toLowerCase() === key || targetId(role) === key) ??
    eligible.find((role) => role.displayName.toLowerCase() === key)
  );
}

export async function runSmoke(engine: Engine, settings: SmokeSettings, deps: SmokeDeps): Promise<SmokeReport> {
  const now = deps.now ?? Date.now;
  const steps: SmokeStep[] = [];
  const record = (step: SmokeStepName, outcome: SmokeStep['outcome'], detail: string, startedAt: number): void => {
    steps.push({ step, outcome, detail, ms: now() - startedAt });
    deps.say(`${outcome === 'passed' ? 'ok  ' : outcome === 'warning' ? 'warn' : 'FAIL'} ${step}: ${detail}`);
  };
  const report = (): SmokeReport => ({ steps, passed: steps.every((s) => s.outcome !== 'failed') });

  let started = now();
  deps.say('Signing in: finish the sign-in in your browser.');
  const session = await engine.signIn();
  if (!session.ok) {
    record('sign-in', 'failed', describeError(session.error), started);
    return report();
  }
  record('sign-in', 'passed', `${session.value.username} in tenant ${session.value.tenantId}`, started);

  started = now();
  const catalog = await engine.listRoles({ interactive: true, refresh: true });
  if (!catalog.ok) {
    record('list', 'failed', describeError(catalog.error), started);
    return report();
  }
  const { eligible, active, policiesReadable } = catalog.value;
  record(
    'list',
    'passed',
    `${String(eligible.length)} eligible, ${String(active.length)} active; policies ${policiesReadable ? 'readable' : 'not readable (requirements learned from PIM answers)'}`,
    started,
  );

  started = now();
  const role = findRole(eligible, settings.role);
  if (role === undefined) {
    record('find role', 'failed', `no eligible role or group named or with id "${settings.role}"`, started);
    return report();
  }
  if (role.active !== null) {
    record('find role', 'failed', `${role.displayName} is already active; deactivate it (or wait for it to end) and run again`, started);
    return report();
  }
  const context = role.requirements.authenticationContext;
  record(
    'find role',
    'passed',
    `${role.displayName} (${role.scopeLabel}); requires ${context === null ? (role.requirements.known ? 'no authentication context' : 'unknown (policy not readable)') : `context ${context.id} (${context.displayName})`}`,
    started,
  );

  started = now();
  const activation = await engine.activate({
    roleIds: [role.id],
    duration: settings.duration,
    justification: settings.justification,
    ...(settings.ticketNumber === undefined ? {} : { ticketNumber: settings.ticketNumber }),
    ...(settings.ticketSystem === undefined ? {} : { ticketSystem: settings.ticketSystem }),
  });
  if (!activation.ok) {
    record('activate', 'failed', describeError(activation.error), started);
    return report();
  }
  const outcome = activation.value.outcomes[0];
  const proved = activation.value.evidence?.contexts ?? [];
  if (context === null && proved.length === 0) {
    record('step-up', 'warning', 'this role asks for no authentication context, so no step-up was exercised; pick one that does', started);
  } else if (context !== null && !proved.includes(context.id)) {
    record('step-up', 'failed', `the token does not carry context ${context.id} (acrs: ${proved.join(', ') || 'none'})`, started);
  } else {
    record(
      'step-up',
      'passed',
      `${String(activation.value.prompts)} prompt(s); token proves ${proved.join(', ')} with ${(activation.value.evidence?.methods ?? []).join(', ') || 'unknown methods'}`,
      started,
    );
  }
  if (outcome?.status !== 'active') {
    record(
      'activate',
      'failed',
      `${outcome?.status ?? 'no outcome'}${outcome?.error === undefined ? '' : `: ${describeError(outcome.error)}`}`,
      started,
    );
    return report();
  }
  record('activate', 'passed', `active until ${outcome.endDateTime ?? 'unknown'} (request ${outcome.requestId ?? 'unknown'})`, started);

  started = now();
  for (let attempt = 1; ; attempt += 1) {
    const wait = attempt === 1 ? DEACTIVATE_AFTER_MS : 60_000;
    deps.say(`Waiting ${String(Math.round(wait / 1000))} s: Entra refuses to deactivate a role in its first five minutes.`);
    await deps.wait(wait);
    const deactivation = await engine.deactivate(role.id, { interactive: true });
    if (!deactivation.ok) {
      record('deactivate', 'failed', describeError(deactivation.error), started);
      break;
    }
    if (deactivation.value.status === 'deactivated') {
      record('deactivate', 'passed', `request ${deactivation.value.requestId ?? 'unknown'}`, started);
      break;
    }
    const error = deactivation.value.error;
    if (error?.code !== 'pim/active-duration-too-short' || attempt === DEACTIVATE_ATTEMPTS) {
      record(
        'deactivate',
        'failed',
        `${error === undefined ? 'failed' : describeError(error)}; deactivate ${role.displayName} by hand in the Entra admin center`,
        started,
      );
      break;
    }
  }
  return report();
}

/** The report as a table for the terminal. */
export function formatSmokeReport(report: SmokeReport): string {
  const rows = report.steps.map(
    (s) => `${s.step.padEnd(10)} ${s.outcome.padEnd(7)} ${(s.ms / 1000).toFixed(1).padStart(6)} s  ${s.detail}`,
  );
  return [
    'Real-tenant smoke test',
    `${'step'.padEnd(10)} ${'result'.padEnd(7)} ${'time'.padStart(8)}  detail`,
    ...rows,
    report.passed ? 'PASSED' : 'FAILED',
  ].join('\n');
}
