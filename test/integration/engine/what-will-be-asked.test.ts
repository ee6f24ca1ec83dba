/**
 * "What will be asked" keeps its word: for every demo user and every demo authentication context (and the MFA rule),
 * the plan's expectation, made from the tenant's Conditional Access policies and authentication strengths read over
 * Graph and the session's `amr`, names exactly the methods the simulated tenant's sign-in page then offers and
 * accepts, and a prompt comes exactly when the plan says one will. Real engine, real MSAL, real Graph client, real
 * HTTPS; the sign-in pages are completed over HTTPS as a person would.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { StepUpGroup } from '../../../src/shared/domain/activation';
import { ORGANISATION_DECIDES } from '../../../src/core/engine/prompt-expectation';
import { createUndiciFetch } from '../../../src/core/net/undici-fetch';
import { loadShippedScenario, startSimulatedTenant } from '../../../src/simulated-tenant';
import type { SimulatedTenant, SimulatedUserInfo } from '../../../src/simulated-tenant';
import { METHOD_MODE } from '../../../src/simulated-tenant/model/strengths';
import { createHttpSignInBrowser } from '../../support/http-sign-in';
import { createSimulatedEngine, simulatedTenantConfig } from '../../support/simulated-engine';
import { ROLE, roleKey } from './engine-fixture';

/** One role per demo context, and one behind the MFA rule only. */
const CASES = [
  { what: 'c1 (phishing-resistant, every time)', roleId: ROLE.globalAdmin },
  { what: 'c2 (custom strength, every time)', roleId: ROLE.privilegedRoleAdmin },
  { what: 'c3 (passwordless within an hour)', roleId: ROLE.securityAdmin },
  { what: 'c4 (no CA policy: backup MFA)', roleId: '3a2c62db-5318-420d-8d74-23affee5d9d5' },
  { what: 'c5 (MFA strength)', roleId: ROLE.applicationAdmin },
  { what: 'c6 (report-only policy)', roleId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe' },
  { what: 'MFA rule', roleId: ROLE.exchangeAdmin },
] as const;

type Eligibility = { kind: string; user: string; roleId?: string };

/** The demo, with every user eligible for every case's role. */
function everyoneEligible(): unknown {
  const scenario = loadShippedScenario('demo') as { users: { userPrincipalName: string }[]; eligibilities: Eligibility[] };
  for (const user of scenario.users) {
    for (const { roleId } of CASES) {
      const known = scenario.eligibilities.some(
        (e) => e.kind === 'directoryRole' && e.user === user.userPrincipalName && e.roleId === roleId,
      );
      if (!known) {
        scenario.eligibilities.push({ kind: 'directoryRole', user: user.userPrincipalName, roleId });
      }
    }
  }
  return scenario;
}

const METHOD_OF_MODE = new Map(Object.entries(METHOD_MODE).map(([method, mode]) => [mode, method]));

/** The simulated methods of a combination, or null when one of its modes has none. */
const methodsOf = (combination: readonly string[]): string[] | null => {
  const methods = combination.map((mode) => METHOD_OF_MODE.get(mode));
  return methods.every((m): m is string => m !== undefined) ? methods : null;
};

/**
 * What the plan's accepted combinations mean on this user's sign-in page: for a step-up, every registered method
 * that is part of a combination the user can complete; for a second factor after the password, every registered
 * method that completes a combination together with it.
 */
function offeredPerPlan(group: StepUpGroup, user: SimulatedUserInfo, purpose: string): string[] {
  const combinations = (group.expect?.accepts ?? []).map(methodsOf).filter((c): c is string[] => c !== null);
  const registered: readonly string[] = user.methods;
  if (purpose === 'mfa') {
    return registered.filter(
      (m) => m !== 'password' && combinations.some((c) => c.every((method) => method === m || method === 'password')),
    );
  }
  const useful = new Set(combinations.filter((c) => c.every((m) => registered.includes(m))).flat());
  return registered.filter((m) => useful.has(m));
}

const tenants: SimulatedTenant[] = [];
afterAll(async () => {
  await Promise.all(tenants.map((t) => t.close()));
});

async function signedInEngine(tenant: SimulatedTenant, user: SimulatedUserInfo) {
  const config = simulatedTenantConfig(tenant, { logLevel: 'warn' });
  const fetch = createUndiciFetch({ extraCaPem: config.extraCaPem });
  const browser = createHttpSignInBrowser(fetch, { username: user.username, password: user.password, pin: user.pin });
  const { engine } = createSimulatedEngine({ config, fetch, logLevel: 'warn', openBrowser: (url) => browser.open(url) });
  const session = await engine.signIn();
  await browser.settled();
  expect(session.ok, JSON.stringify([session, browser.failures.map(String)])).toBe(true);
  return { engine, browser };
}

const USERS = ['adele.admin', 'henry.helpdesk', 'paul.password', 'pat.approver'];

describe('what will be asked, from facts, for every demo user and context', () => {
  for (const name of USERS) {
    it(`${name}: the plan names the methods the sign-in then offers, and prompts exactly as planned`, async () => {
      const tenant = await startSimulatedTenant({ scenario: everyoneEligible(), unattended: null });
      tenants.push(tenant);
      const user = tenant.users.find((u) => u.username.startsWith(`${name}@`));
      if (user === undefined) {
        throw new Error(`no demo user ${name}`);
      }
      for (const { what, roleId } of CASES) {
        // A fresh engine and browser per case: each case starts from the user's plain sign-in.
        const { engine, browser } = await signedInEngine(tenant, user);
        const request = { roleIds: [roleKey(roleId)], duration: 'PT1H', justification: 'What will be asked' };
        const plan = await engine.plan(request);
        expect(plan.ok, `${what}: ${JSON.stringify(plan)}`).toBe(true);
        const group = plan.ok ? plan.value.stepUps.find((g) => g.roleIds.includes(roleKey(roleId))) : undefined;
        const before = browser.choices.length;
        const report = await engine.activate(request);
        await browser.settled();
        const seen = browser.choices.slice(before);
        const label = `${name} · ${what} · plan ${JSON.stringify(group)} · seen ${JSON.stringify(seen)}`;
        expect(browser.failures.map(String), label).toEqual([]);
        expect(report.ok, label).toBe(true);
        const outcome = report.ok ? report.value.outcomes[0] : undefined;
        if (group === undefined || group.satisfied) {
          // No prompt planned: none comes, and no page asks for anything.
          expect(seen, label).toEqual([]);
          expect(report.ok && report.value.prompts, label).toBe(0);
          expect(['active', 'already-active', 'pending-approval'], label).toContain(outcome?.status);
        } else {
          expect(group.expect?.accepts, label).not.toBeNull();
          expect(seen, label).toHaveLength(1);
          const purpose = group.context === null ? 'mfa' : 'stepup';
          expect(seen[0]?.purpose, label).toBe(purpose);
          expect(seen[0]?.offered, label).toEqual(offeredPerPlan(group, user, purpose));
          if (seen[0]?.blocked === true) {
            // Nothing this user has satisfies the strength: the plan said which methods, the page refuses them all.
            expect(outcome?.status, label).toBe('failed');
          } else {
            expect(report.ok && report.value.prompts, label).toBe(1);
            expect(['active', 'pending-approval'], label).toContain(outcome?.status);
          }
        }
        await engine.dispose();
      }
      // Seven sign-ins and activations in turn: a loaded two-core machine needs more than the default minute.
    }, 300_000);
  }

  it('says it plainly: phishing-resistant methods by name, and an MFA sign-in for a password-only session', async () => {
    const tenant = await startSimulatedTenant({ scenario: everyoneEligible(), unattended: null });
    tenants.push(tenant);
    const adele = tenant.users.find((u) => u.username.startsWith('adele.admin@'));
    const paul = tenant.users.find((u) => u.username.startsWith('paul.password@'));
    if (adele === undefined || paul === undefined) {
      throw new Error('demo users missing');
    }
    const a = await signedInEngine(tenant, adele);
    const tier0 = await a.engine.plan({ roleIds: [roleKey(ROLE.globalAdmin)], duration: 'PT1H', justification: 'x' });
    expect(tier0.ok && tier0.value.stepUps[0]?.expect?.text).toBe('a phishing-resistant sign-in (Windows Hello, passkey or certificate)');
    const c2 = await a.engine.plan({ roleIds: [roleKey(ROLE.privilegedRoleAdmin)], duration: 'PT1H', justification: 'x' });
    expect(c2.ok && c2.value.stepUps[0]?.expect?.text).toBe('a passwordless sign-in (passkey or Authenticator passwordless)');
    await a.engine.dispose();

    const p = await signedInEngine(tenant, paul);
    const exchange = await p.engine.plan({ roleIds: [roleKey(ROLE.exchangeAdmin)], duration: 'PT1H', justification: 'x' });
    expect(exchange.ok && exchange.value.stepUps).toEqual([
      expect.objectContaining({
        context: null,
        satisfied: false,
        expect: expect.objectContaining({ text: 'an MFA sign-in (your current one used only a password)' }) as unknown,
      }),
    ]);
    await p.engine.dispose();
  });

  it('an unreadable strength policy yields "your organisation decides", never a guess, and the step-up still happens', async () => {
    const tenant = await startSimulatedTenant({ scenario: everyoneEligible(), unattended: null });
    tenants.push(tenant);
    tenant.control.setConditionalAccessReadable({ strengths: false });
    const adele = tenant.users.find((u) => u.username.startsWith('adele.admin@'));
    if (adele === undefined) {
      throw new Error('demo user missing');
    }
    const { engine, browser } = await signedInEngine(tenant, adele);
    const request = { roleIds: [roleKey(ROLE.globalAdmin)], duration: 'PT1H', justification: 'Strengths unreadable' };
    const plan = await engine.plan(request);
    expect(plan.ok && plan.value.stepUps).toEqual([
      expect.objectContaining({ satisfied: false, expect: { text: ORGANISATION_DECIDES, accepts: null } }),
    ]);
    const strengthReads = tenant.control.journal().filter((j) => j.path.endsWith('/policies/authenticationStrengthPolicies'));
    expect(strengthReads.map((j) => j.status)).toContain(403);
    const before = browser.choices.length;
    const report = await engine.activate(request);
    await browser.settled();
    expect(report.ok && report.value.outcomes[0]?.status).toBe('active');
    expect(browser.choices.slice(before).map((c) => c.purpose)).toEqual(['stepup']);
    await engine.dispose();
  });
});
