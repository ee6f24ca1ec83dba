/**
 * Standalone entry (`npm run tenant`): starts the simulated tenant and prints how to reach it and who can sign in.
 *
 * Environment (all optional):
 * - `PIM_SIM_SCENARIO` — shipped scenario name (`demo`, `large`) or a path to a scenario JSON file
 * - `PIM_SIM_STATE_DIR` — where the CA and certificate are cached
 * - `PIM_SIM_AUTHORITY_PORT`, `PIM_SIM_GRAPH_PORT`, `PIM_SIM_CONTROL_PORT` — fixed ports (default: free ports)
 * - `PIM_SIM_UNATTENDED` — `user@domain:method,method` completes sign-ins unattended (e.g. `adele.admin@contoso-sim.onmicrosoft.com:windowsHello`)
 * - `PIM_SIM_ACTIVATION_DELAY_MS`, `PIM_SIM_PAGE_SIZE`
 *
 * Everything printed is simulated demo data; the passwords are not secrets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { startSimulatedTenant } from './start-tenant';
import { loadShippedScenario } from './scenario/shipped';
import type { SimulatedTenantOptions, UnattendedSignIn } from './api-types';
import { parseJsonStrict } from '../shared/json/duplicate-keys';

function numberFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') {
    return undefined;
  }
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`${name} must be a non-negative integer.`);
  }
  return parsed;
}

function unattendedFromEnv(): UnattendedSignIn | null | undefined {
  const value = process.env.PIM_SIM_UNATTENDED;
  if (value === undefined || value === '') {
    return undefined;
  }
  const [username = '', methods = ''] = value.split(':');
  return { username, methods: methods.split(',').filter((method) => method !== '') };
}

async function main(): Promise<void> {
  const printIndex = process.argv.indexOf('--print-scenario');
  if (printIndex !== -1) {
    const name = process.argv[printIndex + 1] ?? 'demo';
    const shipped = loadShippedScenario(name);
    if (shipped === null) {
      throw new Error(`Unknown scenario "${name}".`);
    }
    console.log(JSON.stringify(shipped, null, 2));
    return;
  }
  const scenarioSetting = process.env.PIM_SIM_SCENARIO ?? 'demo';
  const scenario: unknown = existsSync(scenarioSetting) ? parseJsonStrict(readFileSync(scenarioSetting, 'utf8')) : scenarioSetting;
  const unattended = unattendedFromEnv();
  const options: SimulatedTenantOptions = {
    scenario,
    controlApi: true,
    ...(process.env.PIM_SIM_STATE_DIR === undefined ? {} : { stateDir: process.env.PIM_SIM_STATE_DIR }),
    ...(unattended === undefined ? {} : { unattended }),
    ports: {
      authority: numberFromEnv('PIM_SIM_AUTHORITY_PORT') ?? 0,
      graph: numberFromEnv('PIM_SIM_GRAPH_PORT') ?? 0,
      arm: numberFromEnv('PIM_SIM_ARM_PORT') ?? 0,
      control: numberFromEnv('PIM_SIM_CONTROL_PORT') ?? 0,
    },
  };
  const delay = numberFromEnv('PIM_SIM_ACTIVATION_DELAY_MS');
  const pageSize = numberFromEnv('PIM_SIM_PAGE_SIZE');
  if (delay !== undefined) {
    options.activationDelayMs = delay;
  }
  if (pageSize !== undefined) {
    options.graphPageSize = pageSize;
  }
  const tenant = await startSimulatedTenant(options);
  const lines = [
    'PIM Step-Up — SIMULATED TENANT (not Microsoft; demo data only)',
    '',
    `Tenant:        ${tenant.tenantDomain} (${tenant.tenantId})`,
    `Client id:     ${tenant.clientId}`,
    `Authority:     ${tenant.authority}`,
    `Graph:         ${tenant.graphBaseUrl}v1.0`,
    `Azure (ARM):   ${tenant.armBaseUrl}`,
    `Control API:   ${tenant.controlUrl ?? '(not started)'}`,
    `Control token: ${tenant.controlToken ?? '(none)'}   (send: Authorization: Bearer <token>, Content-Type: application/json)`,
    `CA cert:       ${tenant.caCertPath}`,
    `Leaf SPKI:     ${tenant.leafSpkiSha256}   (chromium --ignore-certificate-errors-spki-list=<this>)`,
    `Trust for Node: NODE_EXTRA_CA_CERTS=${tenant.caCertPath}`,
    unattended === undefined || unattended === null
      ? 'Sign-in:       interactive pages'
      : `Sign-in:       UNATTENDED as ${unattended.username} with ${unattended.methods.join(', ')}`,
    '',
    'Demo users (simulated credentials):',
    ...tenant.users.map(
      (user) =>
        `  ${user.username}\n    password: ${user.password}${user.pin === null ? '' : `   PIN (Windows Hello / security key): ${user.pin}`}\n    methods: ${user.methods.join(', ')}\n    ${user.description}`,
    ),
    '',
    'Press Ctrl+C to stop.',
  ];
  console.log(lines.join('\n'));
  const stop = (): void => {
    void tenant.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
