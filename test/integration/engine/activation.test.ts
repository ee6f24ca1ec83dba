/**
 * The engine against the simulated tenant: real MSAL, real Graph client, real HTTPS, Chromium
 * as the system browser. Each test proves its claim from the tenant's own journal and state.
 */
import { describe, expect, it } from 'vitest';
import { createAuthService } from '../../../src/core/auth/auth-service';
import { acrsClaimsRequest } from '../../../src/core/auth/claims-challenge';
import { graphScopes } from '../../../src/core/auth/scopes';
import { silentLogger } from '../../../src/core/logging/logger';
import { createUndiciFetch } from '../../../src/core/net/undici-fetch';
import type { Fixture, FixtureOptions } from './engine-fixture';
import {
  activated,
  ADELE,
  demoScenario,
  NORA,
  PAUL,
  ROLE,
  roleKey,
  startFixture,
  startSignedIn,
  closeFixturesAfterEachTest,
} from './engine-fixture';
import { WALL_CLOCK_BAR_MS } from '../../support/time-bar';

let fixture: Fixture | null = null;

closeFixturesAfterEachTest();

const signedIn = async (options: FixtureOptions): Promise<Fixture> => (fixture = await startSignedIn(options, { readRoles: true }));

const request = (
  roleIds: string[],
  extra: Partial<{ duration: string; justification: string; ticketNumber: string; ticketSystem: string }> = {},
) => ({
  roleIds: roleIds.map(roleKey),
  duration: 'PT1H',
  justification: 'Integration test CHG-1',
  ...extra,
});

describe('step-up grouped by authentication context', () => {
  it('steps up once for three roles sharing a context', async () => {
    const scenario = demoScenario({
      [ROLE.exchangeAdmin]: { authenticationContext: 'c2', requireMfa: false },
      [ROLE.helpdeskAdmin]: { authenticationContext: 'c2', requireMfa: false },
      [ROLE.applicationAdmin]: { authenticationContext: 'c2' },
    });
    const f = await signedIn({ scenario, unattended: { username: ADELE, methods: ['password', 'passkey'] } });
    const from = f.lastSeq();
    const report = activated(await f.engine.activate(request([ROLE.exchangeAdmin, ROLE.helpdeskAdmin, ROLE.applicationAdmin])));
    expect(report.outcomes.map((o) => o.status)).toEqual(['active', 'active', 'active']);
    expect(report.prompts).toBe(1);
    expect(report.evidence?.contexts).toContain('c2');
    // Proactive: every POST succeeded on the first try, none was challenged.
    const posts = f.activationPosts(from);
    expect(posts.map((p) => p.status)).toEqual([201, 201, 201]);
    // Tokens never reach the log, even at debug level.
    const logText = JSON.stringify(f.logs);
    expect(logText).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect(logText.length).toBeGreaterThan(100);
  });

  it('activates a PIM group membership and lists groups with their policies', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const roles = await f.engine.listRoles();
    const member = roles.ok ? roles.value.eligible.find((r) => r.id === 'group:7a435917-cd76-49e7-a3df-51a745d9bfda:member') : undefined;
    expect(member?.displayName).toMatch(/PIM - Azure Subscription Owners/);
    expect(member?.requirements).toMatchObject({ known: true, mfa: true, maximumDuration: 'PT4H' });
    const owner = roles.ok ? roles.value.eligible.find((r) => r.id === 'group:7a435917-cd76-49e7-a3df-51a745d9bfda:owner') : undefined;
    expect(owner?.requirements.authenticationContext?.id).toBe('c2');
    const report = activated(await f.engine.activate({ roleIds: [member?.id ?? ''], duration: 'PT2H', justification: 'Group test' }));
    expect(report.outcomes[0]?.status, JSON.stringify(report.outcomes[0])).toBe('active');
    const after = await f.engine.listRoles();
    expect(after.ok && after.value.active.some((a) => a.id === member?.id)).toBe(true);
  });

  it('steps up once per distinct context', async () => {
    const f = await signedIn({
      scenario: demoScenario({ [ROLE.applicationAdmin]: { authenticationContext: 'c2' } }),
      unattended: { username: ADELE, methods: ['password', 'passkey'] },
    });
    const report = activated(await f.engine.activate(request([ROLE.globalAdmin, ROLE.privilegedRoleAdmin, ROLE.applicationAdmin])));
    expect(
      report.outcomes.every((o) => o.status === 'active'),
      JSON.stringify(report.outcomes),
    ).toBe(true);
    expect(report.prompts).toBe(2);
    const waits = f.events
      .filter((e) => e.channel === 'sign-in:state' && (e.payload as { phase: string }).phase === 'waiting')
      .map((e) => (e.payload as { contexts: { id: string }[] }).contexts.map((c) => c.id).join());
    expect(waits).toEqual(expect.arrayContaining(['c1', 'c2']));
  });
});

describe('reactive step-up from the service answer', () => {
  for (const form of ['plain', 'unknown-error', 'www-authenticate'] as const) {
    it(`learns the context from a ${form} challenge when policies are unreadable`, async () => {
      const f = await signedIn({ unattended: { username: NORA, methods: ['password', 'passkey'] } });
      f.tenant.control.setAcrsChallengeForm(form);
      const roles = await f.engine.listRoles();
      expect(roles.ok && roles.value.policiesReadable).toBe(false);
      expect(roles.ok && roles.value.eligible.find((r) => r.id === roleKey(ROLE.globalAdmin))?.requirements.known).toBe(false);
      const from = f.lastSeq();
      const report = activated(await f.engine.activate(request([ROLE.globalAdmin])));
      expect(report.outcomes[0]?.status, JSON.stringify(report.outcomes[0])).toBe('active');
      expect(report.prompts).toBe(1);
      expect(f.activationPosts(from).map((p) => p.status)).toEqual([form === 'www-authenticate' ? 401 : 400, 201]);
    });
  }
});

describe('MFA rule', () => {
  it('plans an MFA sign-in for a password-only session and asks for it before submitting: one prompt, one POST', async () => {
    const f = await signedIn({ unattended: { username: PAUL, methods: ['password'] } });
    const plan = await f.engine.plan(request([ROLE.exchangeAdmin]));
    expect(plan.ok && plan.value.stepUps).toEqual([
      {
        context: null,
        roleIds: [roleKey(ROLE.exchangeAdmin)],
        satisfied: false,
        expect: expect.objectContaining({ text: 'an MFA sign-in (your current one used only a password)' }) as unknown,
      },
    ]);
    f.tenant.control.setUnattended({ username: PAUL, methods: ['password', 'authenticatorPush'] });
    const from = f.lastSeq();
    const report = activated(await f.engine.activate(request([ROLE.exchangeAdmin])));
    expect(report.outcomes[0]?.status, JSON.stringify(report.outcomes[0])).toBe('active');
    expect(report.prompts).toBe(1);
    expect(decodeURIComponent(f.opened.at(-1) ?? '')).toMatch(/"amr":\{"essential":true,"values":\["mfa"\]\}/);
    expect(f.activationPosts(from).map((p) => p.status)).toEqual([201]);
  });

  it('policy unreadable: learns the MFA rule from PIM, gets a fresh multifactor sign-in and retries once', async () => {
    const f = await signedIn({ unattended: { username: PAUL, methods: ['password'] } });
    f.tenant.control.setPolicyReadable(PAUL, false);
    await f.engine.listRoles();
    f.tenant.control.setUnattended({ username: PAUL, methods: ['password', 'authenticatorPush'] });
    const from = f.lastSeq();
    const report = activated(await f.engine.activate(request([ROLE.exchangeAdmin])));
    expect(report.outcomes[0]?.status, JSON.stringify(report.outcomes[0])).toBe('active');
    expect(report.prompts).toBe(1);
    expect(f.opened.at(-1)).toMatch(/prompt=login/);
    expect(f.activationPosts(from).map((p) => p.status)).toEqual([400, 201]);
  });

  it('needs one fresh sign-in for several roles that hit the MFA rule together', async () => {
    const f = await signedIn({
      scenario: demoScenario({ [ROLE.reportsReader]: { requireMfa: true } }),
      unattended: { username: PAUL, methods: ['password'] },
    });
    f.tenant.control.setPolicyReadable(PAUL, false);
    await f.engine.listRoles();
    f.tenant.control.setUnattended({ username: PAUL, methods: ['password', 'authenticatorPush'] });
    const from = f.lastSeq();
    const report = activated(await f.engine.activate(request([ROLE.exchangeAdmin, ROLE.reportsReader])));
    expect(
      report.outcomes.map((o) => o.status),
      JSON.stringify(report.outcomes),
    ).toEqual(['active', 'active']);
    expect(report.prompts).toBe(1);
    expect(
      f
        .activationPosts(from)
        .map((p) => p.status)
        .sort(),
    ).toEqual([201, 201, 400, 400]);
  });

  it('reports auth/mfa-unsatisfied when the fresh sign-in still lacks MFA, without looping', async () => {
    const f = await signedIn({ unattended: { username: PAUL, methods: ['password'] } });
    f.tenant.control.setPolicyReadable(PAUL, false);
    await f.engine.listRoles();
    const from = f.lastSeq();
    const report = activated(await f.engine.activate(request([ROLE.exchangeAdmin])));
    expect(report.outcomes[0]?.error?.code).toBe('auth/mfa-unsatisfied');
    // One POST (MfaRule), one fresh sign-in the tenant refused, and no further attempt.
    expect(f.activationPosts(from)).toHaveLength(1);
    expect(report.prompts).toBe(1);
  });
});

describe('outcomes', () => {
  it('reports a pending approval with its request id, then sees it active once approved', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const report = activated(await f.engine.activate(request([ROLE.userAdmin])));
    const outcome = report.outcomes[0];
    expect(outcome?.status).toBe('pending-approval');
    expect(outcome?.requestId).toMatch(/.+/);
    f.tenant.control.approve(outcome?.requestId ?? '');
    const roles = await f.engine.listRoles();
    expect(roles.ok && roles.value.active.some((a) => a.id === roleKey(ROLE.userAdmin))).toBe(true);
  });

  it('cancels a pending request', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const report = activated(await f.engine.activate(request([ROLE.userAdmin])));
    const requestId = report.outcomes[0]?.requestId ?? '';
    expect((await f.engine.cancelRequest(requestId, 'directoryRole')).ok).toBe(true);
    expect(f.tenant.control.requests().find((r) => r.id === requestId)?.status).toBe('Canceled');
  });

  it('treats an already active role as success and says so', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    activated(await f.engine.activate(request([ROLE.reportsReader])));
    const again = activated(await f.engine.activate(request([ROLE.reportsReader])));
    expect(again.outcomes[0]?.status).toBe('already-active');
  });

  it('refuses deactivation within five minutes, then deactivates', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    activated(await f.engine.activate(request([ROLE.reportsReader])));
    const early = await f.engine.deactivate(roleKey(ROLE.reportsReader));
    expect(early.ok && early.value.error?.code).toBe('pim/active-duration-too-short');
    expect(early.ok && early.value.error?.message).toMatch(/within 5 minutes/);
    f.tenant.control.advanceClock(6 * 60_000);
    const later = await f.engine.deactivate(roleKey(ROLE.reportsReader));
    expect(later.ok && later.value.status, JSON.stringify(later)).toBe('deactivated');
  });

  it('refuses input that breaks the policy before sending anything', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const from = f.lastSeq();
    const result = await f.engine.activate(request([ROLE.helpdeskAdmin], { duration: 'PT3H' }));
    expect(!result.ok && result.error.code).toBe('input/invalid');
    expect(!result.ok && result.error.message).toMatch(/at most 1 h/);
    expect(f.activationPosts(from)).toHaveLength(0);
  });
});

describe('options and provisioning', () => {
  it('demands a fresh sign-in for every activation when alwaysFreshAuth is on', async () => {
    const f = await signedIn({
      unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] },
      config: { alwaysFreshAuth: true },
    });
    const plan = await f.engine.plan(request([ROLE.reportsReader]));
    expect(plan.ok && plan.value.stepUps).toEqual([
      expect.objectContaining({ context: null, roleIds: [roleKey(ROLE.reportsReader)], satisfied: false }),
    ]);
    const report = activated(await f.engine.activate(request([ROLE.reportsReader])));
    expect(report.outcomes[0]?.status).toBe('active');
    expect(report.prompts).toBe(1);
    expect(f.opened.at(-1)).toMatch(/prompt=login/);
  });

  it('follows a granted request until its instance appears and reports the time it took', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    f.tenant.control.setActivationDelayMs(1500);
    const report = activated(await f.engine.activate(request([ROLE.reportsReader])));
    expect(report.outcomes[0]?.status).toBe('active');
    expect(report.outcomes[0]?.elapsedMs).toBeGreaterThanOrEqual(1400);
    const phases = f.events.filter((e) => e.channel === 'activation:progress').map((e) => (e.payload as { phase: string }).phase);
    expect(phases).toEqual(expect.arrayContaining(['queued', 'submitting', 'provisioning', 'active']));
  });

  it('reads policies through $batch, at most 20 per request', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const from = f.lastSeq();
    await f.engine.listRoles();
    const journal = f.tenant.control.journal().filter((j) => j.seq > from && j.surface === 'graph');
    const batches = journal.filter((j) => j.path.endsWith('/$batch') && j.batchItemId === null);
    const policyReads = journal.filter((j) => j.path.includes('roleManagementPolicyAssignments'));
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(policyReads.length).toBeGreaterThan(0);
    expect(policyReads.every((j) => j.batchItemId !== null)).toBe(true);
    expect(policyReads.length).toBeLessThanOrEqual(batches.length * 20);
  });
});

describe('reliability', () => {
  it('honours throttling on reads and on the activation POST', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    f.tenant.control.injectFault({
      kind: 'throttle',
      path: 'roleEligibilityScheduleInstances',
      method: 'GET',
      times: 2,
      retryAfterSeconds: 1,
    });
    const started = Date.now();
    const roles = await f.engine.listRoles();
    expect(roles.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const throttled = f.tenant.control.journal().filter((j) => j.path.includes('roleEligibilityScheduleInstances') && j.status === 429);
    expect(throttled).toHaveLength(2);

    f.tenant.control.injectFault({
      kind: 'throttle',
      path: '/roleAssignmentScheduleRequests',
      method: 'POST',
      times: 1,
      retryAfterSeconds: 1,
    });
    const from = f.lastSeq();
    const report = activated(await f.engine.activate(request([ROLE.reportsReader])));
    expect(report.outcomes[0]?.status).toBe('active');
    expect(f.activationPosts(from).map((p) => p.status)).toEqual([429, 201]);
  });

  it('after a 504 on the activation POST, reconciles and sends it once more only because nothing took effect', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    f.tenant.control.injectFault({ kind: 'gateway-timeout', path: '/roleAssignmentScheduleRequests', method: 'POST', times: 1 });
    const from = f.lastSeq();
    const report = activated(await f.engine.activate(request([ROLE.reportsReader])));
    expect(report.outcomes[0]?.status).toBe('active');
    const journal = f.tenant.control.journal().filter((j) => j.seq > from && j.surface === 'graph');
    const posts = f.activationPosts(from);
    expect(posts.map((p) => p.status)).toEqual([504, 201]);
    // The requests were read between the two POSTs.
    const readBetween = journal.filter(
      (j) =>
        j.method === 'GET' &&
        j.path.includes('roleAssignmentScheduleRequests') &&
        j.seq > (posts[0]?.seq ?? 0) &&
        j.seq < (posts[1]?.seq ?? 0),
    );
    expect(readBetween.length).toBeGreaterThan(0);
    expect(f.tenant.control.requests().filter((r) => r.action.toLowerCase() === 'selfactivate')).toHaveLength(1);
  });

  it('sends a read again when its connection is reset', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    f.tenant.control.injectFault({ kind: 'reset-after-apply', path: 'roleEligibilityScheduleInstances', method: 'GET', times: 1 });
    const from = f.lastSeq();
    const roles = await f.engine.listRoles();
    expect(roles.ok, JSON.stringify(roles)).toBe(true);
    const reads = f.tenant.control
      .journal()
      .filter((j) => j.seq > from && j.surface === 'graph' && j.path.includes('roleEligibilityScheduleInstances'));
    expect(reads.map((j) => j.status)).toEqual([0, 200]);
  });

  it('never resends an accepted POST when following it fails', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    f.tenant.control.setActivationDelayMs(60_000);
    f.tenant.control.injectFault({ kind: 'malformed-json', path: 'roleAssignmentScheduleInstances', method: 'GET', times: null });
    const from = f.lastSeq();
    const report = activated(await f.engine.activate(request([ROLE.reportsReader])));
    const outcome = report.outcomes[0];
    expect(outcome?.status).toBe('failed');
    expect(outcome?.requestId).toMatch(/.+/);
    expect(outcome?.error?.message).toMatch(/The request was accepted \(request .+\), but following it failed/);
    expect(f.activationPosts(from)).toHaveLength(1);
  });

  it('after a reset on a committed activation POST, finds the request and does not resend', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    f.tenant.control.injectFault({ kind: 'reset-after-apply', path: '/roleAssignmentScheduleRequests', method: 'POST', times: 1 });
    const from = f.lastSeq();
    const report = activated(await f.engine.activate(request([ROLE.reportsReader])));
    expect(report.outcomes[0]?.status, JSON.stringify(report.outcomes[0])).toBe('active');
    expect(f.activationPosts(from)).toHaveLength(1);
    expect(f.tenant.control.requests().filter((r) => r.action.toLowerCase() === 'selfactivate')).toHaveLength(1);
  });
});

describe('sign-in control', () => {
  it('cancels a waiting sign-in and frees the loopback for the next one', async () => {
    let resolveOpened: (url: string) => void = () => undefined;
    const opened = new Promise<string>((resolve) => {
      resolveOpened = resolve;
    });
    fixture = await startFixture({
      unattended: null,
      openBrowser: (url) => {
        resolveOpened(url);
        return Promise.resolve();
      },
    });
    const pending = fixture.handlers['auth:sign-in']();
    const url = await opened;
    // A second identical sign-in joins the first rather than opening another browser.
    const joined = fixture.handlers['auth:sign-in']();
    expect((await fixture.handlers['auth:cancel-sign-in']()).ok).toBe(true);
    const [result, joinedResult] = await Promise.all([pending, joined]);
    expect(!result.ok && result.error.code).toBe('auth/cancelled');
    expect(!joinedResult.ok && joinedResult.error.code).toBe('auth/cancelled');
    expect(fixture.opened).toHaveLength(1);
    // MSAL's loopback was told to stop: it no longer accepts connections.
    const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
    await expect(fetch(redirect.replace('localhost', '127.0.0.1'), { method: 'POST', body: 'x' })).rejects.toThrow();
    expect(fixture.events.some((e) => e.channel === 'sign-in:state' && (e.payload as { phase: string }).phase === 'idle')).toBe(true);
  });

  it('times out a sign-in nobody completes, and closes the loopback', async () => {
    fixture = await startFixture({ unattended: null, openBrowser: () => Promise.resolve(), config: { signInTimeoutSeconds: 2 } });
    const started = Date.now();
    const result = await fixture.handlers['auth:sign-in']();
    expect(!result.ok && result.error.code).toBe('auth/timed-out');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(Date.now() - started).toBeLessThan(10_000);
    const redirect = new URL(fixture.opened[0] ?? '').searchParams.get('redirect_uri') ?? '';
    // The loopback closes as the sign-in ends; asked until it refuses, within the wall-clock bar.
    const loopback = () =>
      fetch(redirect.replace('localhost', '127.0.0.1'), { method: 'POST', body: 'x' }).then(
        () => 'open',
        () => 'closed',
      );
    await expect.poll(loopback, { timeout: WALL_CLOCK_BAR_MS }).toBe('closed');
  });

  it('refuses a different interactive sign-in while one is waiting (single flight)', async () => {
    fixture = await startFixture({ unattended: null, openBrowser: () => Promise.resolve(), config: { signInTimeoutSeconds: 20 } });
    const { tenant } = fixture;
    let browserOpened: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => {
      browserOpened = resolve;
    });
    const auth = createAuthService({
      clientId: tenant.clientId,
      authority: tenant.authority,
      scopes: graphScopes(),
      signInTimeoutSeconds: 20,
      fetch: createUndiciFetch({ extraCaPem: [tenant.caCertPem] }),
      openBrowser: () => {
        browserOpened();
        return Promise.resolve();
      },
      onSignInState: () => undefined,
      onSessionChanged: () => undefined,
      logger: silentLogger,
      now: () => new Date(),
    });
    const first = auth.acquire({ purpose: 'sign-in' });
    // The first sign-in is waiting once its page is open in the browser.
    await waiting;
    const other = await auth.acquire({ purpose: 'step-up', claims: acrsClaimsRequest(['c1']) });
    expect(!other.ok && other.error.code).toBe('auth/busy');
    expect(auth.prompts()).toBe(1);
    expect(auth.cancel()).toBe(true);
    const firstResult = await first;
    expect(!firstResult.ok && firstResult.error.code).toBe('auth/cancelled');
    await auth.dispose();
  });

  it('reports a step-up the sign-in cannot satisfy, naming the context, without looping', async () => {
    const f = await signedIn({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const from = f.lastSeq();
    const report = activated(await f.engine.activate(request([ROLE.globalAdmin])));
    const outcome = report.outcomes[0];
    expect(outcome?.error?.code).toBe('auth/step-up-unsatisfied');
    expect(outcome?.error?.message).toMatch(/could not satisfy Tier 0 admin: phishing-resistant/);
    expect(f.activationPosts(from).length).toBeLessThanOrEqual(2);
  });
});
