/**
 * Step-up by context, in the simulated tenant's strict session mode (each interactive sign-in starts a new session
 * that carries only what it proved): the run plans its contexts once, prompts once per distinct context in the
 * plan's order, and redeems each sign-in for Graph and ARM right away, so a later sign-in cannot cost an earlier
 * context a second prompt. Real MSAL, real Graph client, real HTTPS, Chromium as the system browser; sign-ins and
 * failed token requests are counted from the tenant's own journal.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationReport } from '../../../src/shared/domain/activation';
import type { PlannedPrompt } from '../../../src/core/engine/step-up-coordinator';
import type { Fixture } from './engine-fixture';
import {
  ADELE,
  AZURE_ROLE,
  AZURE_SCOPE,
  azureKey,
  demoScenario,
  NORA,
  ROLE,
  roleKey,
  startFixture,
  closeFixturesAfterEachTest,
} from './engine-fixture';

let fixture: Fixture | null = null;
closeFixturesAfterEachTest();

const RG_APP = `${AZURE_SCOPE.prod}/resourceGroups/rg-app`;
const CONTRIBUTOR = AZURE_ROLE.contributor;

const OWNER_PROD = azureKey(AZURE_SCOPE.prod, AZURE_ROLE.owner);
const CONTRIBUTOR_APP = azureKey(RG_APP, CONTRIBUTOR);
const GA = roleKey(ROLE.globalAdmin);
const EXCHANGE = roleKey(ROLE.exchangeAdmin);
const SECURITY = roleKey(ROLE.securityAdmin);

type Scenario = ReturnType<typeof demoScenario> & {
  conditionalAccessPolicies: { authenticationContext: string; signInFrequency: unknown }[];
  eligibilities: Record<string, unknown>[];
};

/**
 * The tenant, in strict session mode: Owner on Contoso Prod and Global Administrator behind c1, Exchange
 * Administrator behind c3 (and c2 where a third context is needed), every context needing a sign-in every time (so
 * no refresh outside its own sign-in satisfies it), each Graph context answered in its own challenge form (ARM has
 * one form), and Nora (who cannot read policies) eligible for five roles across Graph and ARM.
 */
function strictTenant(exchangeContext: 'c2' | 'c3'): Scenario {
  const scenario = demoScenario(
    { [ROLE.exchangeAdmin]: { authenticationContext: exchangeContext } },
    {
      strictSessions: true,
      acrsChallengeFormByContext: { c1: 'plain', c2: 'unknown-error', c3: 'www-authenticate' },
    },
  ) as Scenario;
  scenario.conditionalAccessPolicies = scenario.conditionalAccessPolicies.map((policy) =>
    policy.authenticationContext === 'c3' ? { ...policy, signInFrequency: 'everyTime' } : policy,
  );
  scenario.eligibilities.push(
    { kind: 'directoryRole', user: NORA, roleId: ROLE.securityAdmin },
    { kind: 'azureRole', user: NORA, scope: RG_APP, roleDefinitionId: CONTRIBUTOR },
  );
  return scenario;
}

async function signedIn(scenario: Scenario, username: string): Promise<Fixture> {
  fixture = await startFixture({ scenario, unattended: { username, methods: ['password', 'passkey'] } });
  const session = await fixture.handlers['auth:sign-in']();
  expect(session.ok, JSON.stringify(session)).toBe(true);
  const roles = await fixture.engine.listRoles();
  expect(roles.ok && roles.value.azure, JSON.stringify(roles)).toEqual({ status: 'available' });
  return fixture;
}

type Run = { report: ActivationReport; planned: string[]; prompted: string[] };

/** Activates in the given order, capturing the plan events and the prompts (sign-in waits) that followed. */
async function activate(f: Fixture, roleIds: readonly string[]): Promise<Run> {
  const eventsBefore = f.events.length;
  const plans: (readonly PlannedPrompt[])[] = [];
  const result = await f.engine.activate(
    { roleIds: [...roleIds], duration: 'PT1H', justification: 'Step-up by context CHG-19' },
    { onPlan: (prompts) => plans.push(prompts) },
  );
  expect(result.ok, JSON.stringify(result)).toBe(true);
  if (!result.ok) {
    throw new Error('activation failed');
  }
  const prompted = f.events
    .slice(eventsBefore)
    .filter((e) => e.channel === 'sign-in:state' && (e.payload as { phase: string }).phase === 'waiting')
    .map((e) => (e.payload as { contexts: { id: string }[] }).contexts.map((c) => c.id).join(','));
  const planned = plans.flat().map((p) => p.contexts.map((c) => c.id).join(','));
  return { report: result.value, planned, prompted };
}

/** Authorize requests (one per interactive sign-in) and refused token requests in the whole journal. */
function tokenTraffic(f: Fixture): { signIns: number; failedTokens: number } {
  const authority = f.tenant.control.journal().filter((entry) => entry.surface === 'authority');
  return {
    signIns: authority.filter((entry) => entry.method === 'GET' && entry.path.endsWith('/authorize')).length,
    failedTokens: authority.filter((entry) => entry.path.endsWith('/token') && entry.status >= 400).length,
  };
}

const statuses = (report: ActivationReport): string[] => report.outcomes.map((o) => o.status);

describe('step-up by context in strict session mode', () => {
  it.each([
    { name: 'Owner, Exchange, GA', order: [OWNER_PROD, EXCHANGE, GA], plan: ['c1', 'c3'] },
    { name: 'Exchange, GA, Owner', order: [EXCHANGE, GA, OWNER_PROD], plan: ['c3', 'c1'] },
    { name: 'GA, Owner, Exchange', order: [GA, OWNER_PROD, EXCHANGE], plan: ['c1', 'c3'] },
  ])('policies readable, $name: one initial sign-in and one per context, at most two refused token requests', async (c) => {
    const f = await signedIn(strictTenant('c3'), ADELE);
    const run = await activate(f, c.order);
    expect(statuses(run.report), JSON.stringify(run.report.outcomes)).toEqual(['active', 'active', 'active']);
    // The plan is the prompts that followed, in order, and it follows the request's order.
    expect(run.planned).toEqual(c.plan);
    expect(run.prompted).toEqual(c.plan);
    expect(run.report.prompts).toBe(2);
    const traffic = tokenTraffic(f);
    expect(traffic.signIns).toBe(3);
    // One silent attempt per context before its prompt, nothing more.
    expect(traffic.failedTokens).toBeLessThanOrEqual(2);
    expect(run.report.contextsProven).toEqual(['c1', 'c3']);
    // One write per role: nothing was resent.
    expect(f.tenant.control.requests().filter((r) => r.action.toLowerCase() === 'selfactivate')).toHaveLength(3);
  });

  it.each([
    { name: 'directory roles first', order: [GA, EXCHANGE, SECURITY, OWNER_PROD, CONTRIBUTOR_APP], plan: ['c1', 'c2', 'c3'] },
    { name: 'Azure roles first', order: [CONTRIBUTOR_APP, OWNER_PROD, SECURITY, EXCHANGE, GA], plan: ['c3', 'c1', 'c2'] },
  ])(
    'policies unreadable, five roles across Graph and ARM ($name), every challenge form at once: one prompt per distinct context',
    async (c) => {
      const f = await signedIn(strictTenant('c2'), NORA);
      const roles = await f.engine.listRoles();
      expect(roles.ok && roles.value.eligible.filter((r) => c.order.includes(r.id)).every((r) => !r.requirements.known)).toBe(true);
      const run = await activate(f, c.order);
      expect(statuses(run.report), JSON.stringify(run.report.outcomes)).toEqual(['active', 'active', 'active', 'active', 'active']);
      expect(run.planned).toEqual(c.plan);
      expect(run.prompted).toEqual(c.plan);
      const traffic = tokenTraffic(f);
      expect(traffic.signIns).toBe(1 + c.plan.length);
      expect(traffic.failedTokens).toBeLessThanOrEqual(c.plan.length);
      expect(run.report.contextsProven).toEqual(['c1', 'c2', 'c3']);
      const writes = f.tenant.control.requests().filter((r) => r.action.toLowerCase() === 'selfactivate');
      expect(writes).toHaveLength(5);
    },
  );
});

describe('following one request', () => {
  it.each([
    { name: 'a directory role (Graph)', roleId: EXCHANGE },
    { name: 'an Azure role (ARM)', roleId: azureKey(AZURE_SCOPE.dev, AZURE_ROLE.reader) },
  ])('$name: the fault-free path never lists the person’s requests, it reads its own request by id', async ({ roleId }) => {
    const f = await signedIn(demoScenario({}, { activationDelayMs: 1500 }) as Scenario, ADELE);
    const from = f.lastSeq();
    const run = await activate(f, [roleId]);
    expect(statuses(run.report), JSON.stringify(run.report.outcomes)).toEqual(['active']);
    const gets = f.tenant.control.journal().filter((entry) => entry.seq > from && entry.method === 'GET');
    const lists = gets.filter(
      (entry) =>
        /roleAssignmentScheduleRequests\/filterByCurrentUser|assignmentScheduleRequests\/filterByCurrentUser/.test(entry.path) ||
        (entry.surface === 'arm' && entry.path.endsWith('/roleAssignmentScheduleRequests')),
    );
    expect(lists).toEqual([]);
    // It did follow (the request stayed Granted for a while): by the request's own id.
    const byId = gets.filter((entry) => /roleAssignmentScheduleRequests\/[0-9a-f-]{36}$/i.test(entry.path));
    expect(byId.length).toBeGreaterThan(0);
  });
});
