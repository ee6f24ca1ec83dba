/**
 * Public API of the simulated tenant: a local HTTPS Entra ID v2 authority and Microsoft Graph PIM API (v1.0).
 *
 * Why it exists: Microsoft's cloud is unreachable from our machines and many users want to try or train on the tool
 * before pointing it at production. The tenant speaks the wire protocol documented in docs/protocol.md, so
 * the real `@azure/msal-node` and the real `@microsoft/microsoft-graph-client` work against it unmodified.
 *
 * Everything here is simulated: users, passwords and methods are demo data and may be printed.
 */
export type {
  SimulatedTenantOptions,
  SimulatedTenant,
  SimulatedUserInfo,
  TenantControl,
  JournalEntry,
  FaultSpec,
  FaultKind,
  AcrsChallengeForm,
  UnattendedSignIn,
  RequestSummary,
} from './api-types';
export { startSimulatedTenant } from './start-tenant';
export { SIGN_IN_METHODS, type SignInMethod } from './model/methods';
export { scenarioSchema, parseScenario, type Scenario, type ScenarioParseResult } from './scenario/schema';
export { shippedScenarioNames, loadShippedScenario } from './scenario/shipped';
