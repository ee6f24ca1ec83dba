/**
 * The pipelined activation and its step-up coordinator against the simulated tenant: real MSAL,
 * real Graph client, real HTTPS, Chromium as the system browser. Three roles behind three
 * distinct contexts, each context answered in a different challenge form at once; every claim
 * is proven from the tenant's own journal (POSTs per role by client-request-id, sign-ins by
 * the authority's authorize requests) and the engine's sign-in events.
 */
import { describe, expect, it } from 'vitest';
import type { Fixture, FixtureOptions } from './engine-fixture';
import { activated, ADELE, demoScenario, NORA, ROLE, roleKey, startSignedIn, closeFixturesAfterEachTest } from './engine-fixture';

let fixture: Fixture | null = null;

closeFixturesAfterEachTest();

const THREE = [ROLE.globalAdmin, ROLE.privilegedRoleAdmin, ROLE.securityAdmin];
const CONTEXT_OF: Record<string, string> = {
  [ROLE.globalAdmin]: 'c1',
  [ROLE.privilegedRoleAdmin]: 'c2',
  [ROLE.securityAdmin]: 'c3',
};

type Scenario = ReturnType<typeof demoScenario> & {
  conditionalAccessPolicies: { authenticationContext: string; signInFrequency: unknown }[];
  eligibilities: Record<string, unknown>[];
};

/**
 * The demo tenant where Nora (who cannot read policies) is eligible for the three roles too, each
 * context needs a sign-in every time (so each needs its own prompt: none can be satisfied by a
 * refresh), and each context's challenge comes in a different form.
 */
function threeContexts(): Scenario {
  const scenario = demoScenario(
    {},
    { acrsChallengeFormByContext: { c1: 'plain', c2: 'unknown-error', c3: 'www-authenticate' }, activationDelayMs: 1000 },
  ) as Scenario;
  scenario.conditionalAccessPolicies = scenario.conditionalAccessPolicies.map((policy) =>
    policy.authenticationContext === 'c3' ? { ...policy, signInFrequency: 'everyTime' } : policy,
  );
  for (const roleId of [ROLE.privilegedRoleAdmin, ROLE.securityAdmin]) {
    scenario.eligibilities.push({ kind: 'directoryRole', user: NORA, roleId });
  }
  return scenario;
}

const signedIn = async (options: FixtureOptions): Promise<Fixture> => (fixture = await startSignedIn(options, { readRoles: true }));

const request = (roleIds: readonly string[]) => ({ roleIds: roleIds.map(roleKey), duration: 'PT1H', justification: 'Pipeline test CHG-7' });

/** The contexts each interactive sign-in after event `from` waited for, in order. */
function promptedContexts(f: Fixture, from: number): string[] {
  return f.events
    .slice(from)
    .filter((e) => e.channel === 'sign-in:state' && (e.payload as { phase: string }).phase === 'waiting')
    .map((e) => (e.payload as { contexts: { id: string }[] }).contexts.map((c) => c.id).join(','));
}

/** Activation POSTs since `from`, grouped by client-request-id (one id per role and run). */
function postsPerRole(f: Fixture, from: number): number[][] {
  const byId = new Map<string, number[]>();
  for (const entry of f.tenant.control.journal()) {
    if (entry.seq > from && entry.surface === 'graph' && entry.method === 'POST' && entry.action === 'selfActivate') {
      const key = entry.clientRequestId ?? `?${String(entry.seq)}`;
      byId.set(key, [...(byId.get(key) ?? []), entry.status]);
    }
  }
  return [...byId.values()];
}

describe('three roles behind three contexts', () => {
  it('policies unreadable, every challenge form at once: all active, one prompt per context, at most two POSTs per role', async () => {
    const f = await signedIn({ scenario: threeContexts(), unattended: { username: NORA, methods: ['password', 'passkey'] } });
    const roles = await f.engine.listRoles();
    expect(roles.ok && roles.value.policiesReadable).toBe(false);
    const from = f.lastSeq();
    const eventsBefore = f.events.length;
    const promptsBefore = f.engine.prompts();
    const report = activated(await f.engine.activate(request(THREE)));

    expect(
      report.outcomes.map((o) => o.status),
      JSON.stringify(report.outcomes),
    ).toEqual(['active', 'active', 'active']);
    expect(report.outcomes.every((o) => o.error === undefined)).toBe(true);
    // Exactly one prompt per distinct context, none refused as busy.
    expect(report.prompts).toBe(3);
    expect(f.engine.prompts() - promptsBefore).toBe(3);
    expect(promptedContexts(f, eventsBefore).sort()).toEqual(['c1', 'c2', 'c3']);
    expect(JSON.stringify(report)).not.toContain('auth/busy');
    // Per role: the plain POST was challenged (each in its own form), the step-up POST was accepted.
    const perRole = postsPerRole(f, from);
    expect(perRole).toHaveLength(3);
    for (const statuses of perRole) {
      expect(statuses.length).toBeLessThanOrEqual(2);
      expect(statuses.at(-1)).toBe(201);
    }
    expect(
      perRole
        .map((s) => s[0])
        .sort()
        .join(),
    ).toBe('400,400,401');
    // The three plain POSTs went out together, before the first step-up was answered.
    const posts = f.activationPosts(from);
    expect(posts.slice(0, 3).every((p) => p.status === 400 || p.status === 401)).toBe(true);
    // One request per role at the tenant: nothing was sent twice.
    const requests = f.tenant.control.requests().filter((r) => r.action === 'selfActivate');
    expect(requests).toHaveLength(3);
    // The run's evidence: every context proven, each step-up with its methods and times.
    expect(report.contextsProven).toEqual(['c1', 'c2', 'c3']);
    expect(report.stepUps.map((s) => s.asked.map((c) => c.id).join()).sort()).toEqual(['c1', 'c2', 'c3']);
    for (const stepUp of report.stepUps) {
      expect(stepUp.interactive).toBe(true);
      expect(stepUp.methods).toEqual(expect.arrayContaining(['fido', 'mfa']));
      expect(stepUp.contexts).toContain(stepUp.asked[0]?.id);
      expect(Date.parse(stepUp.authenticatedAt ?? '')).not.toBeNaN();
      expect(stepUp.roleIds).toEqual([roleKey(THREE.find((id) => CONTEXT_OF[id] === stepUp.asked[0]?.id) ?? '')]);
    }
    // The help desk's timeline: one interactive step-up per context, and no "failure" for the
    // silent tries the coordinator makes before each prompt.
    const stepUpEntries = f.engine.recorder.entries().filter((e) => e.step.startsWith('step-up'));
    expect(stepUpEntries.filter((e) => e.outcome === 'failed')).toEqual([]);
    expect(
      stepUpEntries
        .filter((e) => e.detail?.startsWith('interactive') === true)
        .map((e) => e.step)
        .sort(),
    ).toEqual(['step-up c1', 'step-up c2', 'step-up c3']);
  });

  it('policies readable: step-ups back to back, one POST per role, each submitted as soon as its token is ready', async () => {
    const f = await signedIn({ scenario: threeContexts(), unattended: { username: ADELE, methods: ['password', 'passkey'] } });
    const from = f.lastSeq();
    const eventsBefore = f.events.length;
    const report = activated(await f.engine.activate(request(THREE)));
    expect(
      report.outcomes.map((o) => o.status),
      JSON.stringify(report.outcomes),
    ).toEqual(['active', 'active', 'active']);
    expect(report.prompts).toBe(3);
    expect(promptedContexts(f, eventsBefore).sort()).toEqual(['c1', 'c2', 'c3']);
    const perRole = postsPerRole(f, from);
    expect(perRole).toEqual([[201], [201], [201]]);
    // Pipelined: a role was submitted before the last step-up's sign-in began.
    const journal = f.tenant.control.journal().filter((j) => j.seq > from);
    const authorizeSeqs = journal.filter((j) => j.surface === 'authority' && /\/authorize$/.test(j.path)).map((j) => j.seq);
    expect(authorizeSeqs).toHaveLength(3);
    const firstPost = f.activationPosts(from)[0]?.seq ?? Number.POSITIVE_INFINITY;
    expect(firstPost).toBeLessThan(Math.max(...authorizeSeqs));
    expect(report.contextsProven).toEqual(['c1', 'c2', 'c3']);
  });

  it('a role the catalog shows active is reported already-active, without a prompt or a POST', async () => {
    const f = await signedIn({ scenario: threeContexts(), unattended: { username: ADELE, methods: ['password', 'passkey'] } });
    activated(await f.engine.activate(request([ROLE.privilegedRoleAdmin])));
    const listed = await f.engine.listRoles();
    expect(listed.ok && listed.value.active.some((a) => a.id === roleKey(ROLE.privilegedRoleAdmin))).toBe(true);
    const from = f.lastSeq();
    const promptsBefore = f.engine.prompts();
    const again = activated(await f.engine.activate(request([ROLE.privilegedRoleAdmin])));
    expect(again.outcomes[0]?.status).toBe('already-active');
    expect(again.outcomes[0]?.endDateTime).toMatch(/.+/);
    expect(again.prompts).toBe(0);
    expect(f.engine.prompts()).toBe(promptsBefore);
    expect(f.activationPosts(from)).toHaveLength(0);
    expect(again.stepUps).toEqual([]);
  });

  it('a cancelled step-up fails only the roles that need its context, and the run goes on for the others', async () => {
    let cancelled = 0;
    const f = await signedIn({
      scenario: threeContexts(),
      unattended: { username: NORA, methods: ['password', 'passkey'] },
      browseVia: async (url, chromium) => {
        if ((new URL(url).searchParams.get('claims') ?? '').includes('"c2"')) {
          // The person presses Cancel in the app while the browser waits for c2: once the browser has opened (this
          // call's promise chain has settled, which setImmediate waits for), not after some guessed delay.
          cancelled += 1;
          setImmediate(() => fixture?.engine.cancelSignIn());
          return;
        }
        await chromium(url);
      },
    });
    const from = f.lastSeq();
    const report = activated(await f.engine.activate(request(THREE)));
    const byRole = new Map(report.outcomes.map((o) => [o.roleId, o]));
    expect(cancelled).toBe(1);
    expect(byRole.get(roleKey(ROLE.privilegedRoleAdmin))?.error?.code).toBe('auth/cancelled');
    expect(byRole.get(roleKey(ROLE.globalAdmin))?.status, JSON.stringify(report.outcomes)).toBe('active');
    expect(byRole.get(roleKey(ROLE.securityAdmin))?.status, JSON.stringify(report.outcomes)).toBe('active');
    expect(report.prompts).toBe(3);
    // The cancelled role was not sent again after its challenge.
    const perRole = postsPerRole(f, from);
    expect(perRole.map((s) => s.length).sort()).toEqual([1, 2, 2]);
    expect(report.contextsProven).toEqual(['c1', 'c3']);
  });
});
