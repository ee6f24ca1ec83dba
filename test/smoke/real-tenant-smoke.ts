/**
 * `npm run smoke`: the opt-in smoke test against a real Entra tenant, for maintainers with a test
 * tenant (docs/smoke-tenant.md says how to set one up). Signs in through the system browser,
 * lists, activates one harmless role with its step-up, deactivates it, and prints a report.
 *
 * It reads its own PIM_STEPUP_SMOKE_* variables, not the app's PIM_STEPUP_TENANT/CLIENT_ID, so a
 * maintainer's everyday configuration never sends it to a production tenant by accident. Other
 * PIM_STEPUP_* settings (cloud, endpoints, broker, sign-in timeout) apply as usual. Not configured:
 * it prints why it skipped and exits 0.
 */
import { createSystemBrowserOpener } from '../../src/cli/open-browser';
import { resolveConfig } from '../../src/core/config/resolve-config';
import { createEngine } from '../../src/core/engine/create-engine';
import { createLogger, formatLogRecord } from '../../src/core/logging/logger';
import { createUndiciFetch } from '../../src/core/net/undici-fetch';
import type { SmokeSettings } from './smoke-flow';
import { formatSmokeReport, runSmoke } from './smoke-flow';

type Env = Readonly<Record<string, string | undefined>>;

export const SMOKE_VARIABLES = {
  tenant: 'PIM_STEPUP_SMOKE_TENANT',
  clientId: 'PIM_STEPUP_SMOKE_CLIENT_ID',
  role: 'PIM_STEPUP_SMOKE_ROLE',
} as const;

export type SmokeSetup =
  | { readonly run: true; readonly tenant: string; readonly clientId: string; readonly settings: SmokeSettings; readonly verbose: boolean }
  | { readonly run: false; readonly reason: string };

/** What the environment asks for: a full setup, or why the smoke test skips. */
export function smokeSetupFromEnv(env: Env): SmokeSetup {
  const value = (name: string): string | undefined => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const missing = Object.values(SMOKE_VARIABLES).filter((name) => value(name) === undefined);
  if (missing.length > 0) {
    return {
      run: false,
      reason: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. It needs a test tenant: see docs/smoke-tenant.md.`,
    };
  }
  const ticketNumber = value('PIM_STEPUP_SMOKE_TICKET_NUMBER');
  const ticketSystem = value('PIM_STEPUP_SMOKE_TICKET_SYSTEM');
  return {
    run: true,
    tenant: value(SMOKE_VARIABLES.tenant) ?? '',
    clientId: value(SMOKE_VARIABLES.clientId) ?? '',
    settings: {
      role: value(SMOKE_VARIABLES.role) ?? '',
      duration: value('PIM_STEPUP_SMOKE_DURATION') ?? 'PT1H',
      justification: value('PIM_STEPUP_SMOKE_JUSTIFICATION') ?? 'PIM Step-Up smoke test (activated and deactivated by the test)',
      ...(ticketNumber === undefined ? {} : { ticketNumber }),
      ...(ticketSystem === undefined ? {} : { ticketSystem }),
    },
    verbose: value('PIM_STEPUP_SMOKE_VERBOSE') !== undefined,
  };
}

/** Runs the smoke test as `npm run smoke` does; returns the exit code. */
export async function main(env: Env, out: (line: string) => void): Promise<number> {
  const setup = smokeSetupFromEnv(env);
  if (!setup.run) {
    out(`[smoke] skipped: ${setup.reason}`);
    return 0;
  }
  const config = resolveConfig({ env: { ...env }, flags: { tenant: setup.tenant, clientId: setup.clientId } });
  if (!config.ok) {
    out(`[smoke] ${config.error.message}`);
    return 2;
  }
  const logger = createLogger({
    level: setup.verbose ? 'debug' : 'error',
    sink: (record) => {
      if (setup.verbose) {
        out(formatLogRecord(record));
      }
    },
  });
  // Proxies (HTTPS_PROXY, NO_PROXY) and extra CAs apply as in the CLI.
  const fetch = createUndiciFetch({ env: { ...env } });
  const engine = createEngine({
    config: config.value,
    fetch,
    openBrowser: createSystemBrowserOpener({ ...env }),
    emit: (channel, payload) => {
      if (channel === 'sign-in:state' && (payload as { phase: string }).phase === 'waiting') {
        out('[smoke] waiting for the sign-in in your browser…');
      }
    },
    logger,
  });
  try {
    const report = await runSmoke(engine, setup.settings, {
      wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      say: (line) => {
        out(`[smoke] ${line}`);
      },
    });
    out(formatSmokeReport(report));
    return report.passed ? 0 : 1;
  } finally {
    await engine.dispose();
    await fetch.close();
  }
}
