/**
 * What the engine records beside an activation, against the simulated tenant (real MSAL, real
 * Graph client, real HTTPS): the diagnostics timeline (request ids, no token), the local
 * history, machine policy's allowed roles, and the intent journal (written before the POST,
 * empty after, reconciled at the next start without a resend).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ICachePlugin } from '@azure/msal-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiagnosticsRecorder } from '../../../src/core/diagnostics/diagnostics-recorder';
import { findSecrets } from '../../../src/core/diagnostics/redact';
import { formatDiagnosticsText, serializeSupportBundle } from '../../../src/core/diagnostics/support-bundle';
import { createEngine } from '../../../src/core/engine/create-engine';
import { createActivationHistory } from '../../../src/core/history/activation-history';
import { nodeHistoryFs } from '../../../src/core/history/node-history-fs';
import type { ActivationIntent, IntentJournal } from '../../../src/core/journal/intent-journal';
import { createFileIntentJournal } from '../../../src/core/journal/intent-journal';
import { nodeJournalFs } from '../../../src/core/journal/node-journal-fs';
import { createLogger } from '../../../src/core/logging/logger';
import type { LogRecord } from '../../../src/core/logging/logger';
import { createUndiciFetch } from '../../../src/core/net/undici-fetch';
import type { Fixture, FixtureOptions } from './engine-fixture';
import { ADELE, demoScenario, ROLE, roleKey, startSignedIn, closeFixturesAfterEachTest } from './engine-fixture';

const scratch: string[] = [];

closeFixturesAfterEachTest();
afterEach(() => {
  for (const dir of scratch.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pim-engine-'));
  scratch.push(dir);
  return dir;
}

/** MSAL's cache kept in memory and shared between engines: a restart that keeps the sign-in. */
function memoryCache(): ICachePlugin & { text(): string } {
  let data = '';
  return {
    beforeCacheAccess: (context) => {
      if (data !== '') {
        context.tokenCache.deserialize(data);
      }
      return Promise.resolve();
    },
    afterCacheAccess: (context) => {
      if (context.cacheHasChanged) {
        data = context.tokenCache.serialize();
      }
      return Promise.resolve();
    },
    text: () => data,
  };
}

/** Every secret MSAL holds (access, refresh and id tokens), read from its serialized cache. */
function cacheSecrets(serialized: string): string[] {
  const cache = JSON.parse(serialized) as Record<string, Record<string, { secret?: string }>>;
  return Object.values(cache).flatMap((section) =>
    Object.values(section).flatMap((item) => (item.secret === undefined ? [] : [item.secret])),
  );
}

const signedIn = (options: FixtureOptions): Promise<Fixture> => startSignedIn(options);

const request = (roleIds: string[]) => ({ roleIds: roleIds.map(roleKey), duration: 'PT1H', justification: 'Engine records CHG-7' });
const ADELE_PASSKEY = { username: ADELE, methods: ['password', 'passkey'] };

describe('diagnostics timeline', () => {
  it('holds the Graph request ids and the step-up of a real run, and no token', async () => {
    const cache = memoryCache();
    const scenario = demoScenario({ [ROLE.exchangeAdmin]: { authenticationContext: 'c2', requireMfa: false } });
    const f = await signedIn({ scenario, unattended: ADELE_PASSKEY, engine: { cachePlugin: cache } });
    const from = f.lastSeq();
    const report = await f.engine.activate(request([ROLE.exchangeAdmin]));
    expect(report.ok && report.value.outcomes.map((o) => o.status)).toEqual(['active']);

    const entries = f.engine.recorder.entries();
    // Every Graph request id the tenant answered with during the run is in the timeline.
    const tenantIds = f.tenant.control
      .journal()
      .filter((j) => j.seq > from && j.surface === 'graph' && j.batchItemId === null && j.requestId !== null)
      .map((j) => j.requestId);
    expect(tenantIds.length).toBeGreaterThan(1);
    const recordedIds = new Set(entries.map((e) => e.requestId));
    expect(tenantIds.filter((id) => !recordedIds.has(id ?? ''))).toEqual([]);
    const post = entries.find((e) => e.step === 'POST /roleManagement/directory/roleAssignmentScheduleRequests' && e.httpStatus === 201);
    const tenantPost = f.tenant.control.journal().filter((j) => j.seq > from && j.method === 'POST' && j.action === 'selfActivate');
    expect(tenantPost).toHaveLength(1);
    expect(post?.requestId).toBe(tenantPost[0]?.requestId);
    // Sign-in and step-up with their evidence summary, and the outcome.
    expect(entries.some((e) => e.step === 'sign-in' && e.outcome === 'succeeded' && /methods .*pwd/.test(e.detail ?? ''))).toBe(true);
    expect(entries.some((e) => e.step === 'step-up c2' && e.outcome === 'succeeded' && /contexts .*c2/.test(e.detail ?? ''))).toBe(true);
    expect(entries.some((e) => e.step === 'activate Exchange Administrator' && e.detail === 'active')).toBe(true);
    // No token anywhere: neither the recorder nor what leaves the machine holds MSAL's secrets.
    const secrets = cacheSecrets(cache.text());
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    const bundle = await f.engine.supportBundle();
    const outputs = [JSON.stringify(entries), formatDiagnosticsText(bundle), serializeSupportBundle(bundle)];
    for (const text of outputs) {
      for (const secret of secrets) {
        expect(text.includes(secret)).toBe(false);
      }
      expect(findSecrets(text)).toEqual([]);
    }
    expect(bundle.tenant.simulated).toBe(true);
    expect(bundle.evidence?.contexts).toContain('c2');
  });
});

describe('activation history', () => {
  it('gets one entry per role after a run, read back from the file', async () => {
    const dir = tempDir();
    const file = join(dir, 'activation-history.jsonl');
    const history = createActivationHistory({ mode: 'standard', file, fs: nodeHistoryFs() });
    const f = await signedIn({ unattended: ADELE_PASSKEY, engine: { history } });
    const report = await f.engine.activate(request([ROLE.reportsReader]));
    expect(report.ok).toBe(true);
    const listed = await f.handlers['history:list']();
    expect(listed.ok && listed.value.enabled).toBe(true);
    const entries = listed.ok ? listed.value.entries : [];
    expect(entries.map((e) => [e.roleId, 'status' in e ? e.status : e.kind, e.duration])).toEqual([
      [roleKey(ROLE.reportsReader), 'active', 'PT1H'],
    ]);
    expect(entries[0]?.requestId).toBe(f.tenant.control.requests().at(-1)?.id);
    expect(readFileSync(file, 'utf8')).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});

describe('history: every event, and what became of each request', () => {
  it("reads nothing while nothing is followed, then reports the approver's answer as a summary", async () => {
    const history = createActivationHistory({ mode: 'standard', file: join(tempDir(), 'h.jsonl'), fs: nodeHistoryFs() });
    const f = await signedIn({ unattended: ADELE_PASSKEY, engine: { history } });
    // An empty history: no read of PIM at all.
    f.tenant.control.clearJournal();
    expect(await f.handlers['history:request-updates']()).toEqual({ ok: true, value: [] });
    expect(f.tenant.control.journal()).toEqual([]);

    expect((await f.engine.activate(request([ROLE.userAdmin]))).ok).toBe(true);
    const waiting = f.tenant.control.requests().find((r) => r.status === 'PendingApproval');
    expect(await f.handlers['history:request-updates']()).toEqual({ ok: true, value: [] });
    f.tenant.control.deny(waiting?.id ?? '?');
    const updates = await f.handlers['history:request-updates']();
    expect(updates).toEqual({ ok: true, value: [{ requestId: waiting?.id, state: 'denied' }] });
    expect(JSON.stringify(updates)).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('records a deactivation and a cancellation PIM accepted (not a refused one), and learns the early end from PIM', async () => {
    const history = createActivationHistory({ mode: 'standard', file: join(tempDir(), 'h.jsonl'), fs: nodeHistoryFs() });
    const f = await signedIn({ unattended: ADELE_PASSKEY, engine: { history } });
    const rr = roleKey(ROLE.reportsReader);
    expect((await f.engine.activate(request([ROLE.reportsReader, ROLE.userAdmin]))).ok).toBe(true);
    const activation = f.tenant.control.requests().find((r) => r.targetDisplayName === 'Reports Reader');
    // Refused within PIM's first five minutes: nothing changed, nothing recorded.
    expect((await f.engine.deactivate(rr)).ok).toBe(true);
    f.tenant.control.advanceClock(6 * 60_000);
    const deactivated = await f.engine.deactivate(rr);
    expect(deactivated.ok && deactivated.value.status).toBe('deactivated');
    const pending = f.tenant.control.requests().find((r) => r.status === 'PendingApproval');
    expect(await f.engine.cancelRequest(pending?.id ?? '?', 'directoryRole')).toEqual({ ok: true, value: null });

    const listed = await f.handlers['history:list']();
    const entries = listed.ok ? listed.value.entries : [];
    expect(entries.map((e) => [e.displayName, 'status' in e ? e.status : e.kind])).toEqual([
      ['User Administrator', 'cancellation'],
      ['Reports Reader', 'deactivation'],
      ['User Administrator', 'pending-approval'],
      ['Reports Reader', 'active'],
    ]);
    expect(entries[0]?.requestId).toBe(pending?.id);
    const revoked = f.tenant.control.requests().find((r) => r.action === 'selfDeactivate');
    expect(entries[1]?.requestId).toBe(revoked?.id);

    // PIM's word, from the role-state model: the pending request was cancelled, the activation ended early.
    const updates = await f.handlers['history:request-updates']();
    expect(updates.ok && [...updates.value].sort((a, b) => a.state.localeCompare(b.state))).toEqual([
      { requestId: pending?.id, state: 'canceled' },
      { requestId: activation?.id, state: 'deactivated', endedAt: new Date(revoked?.createdDateTime ?? '').toISOString() },
    ]);
  });
});

describe('machine policy: allowed roles', () => {
  it('hides roles outside the list and refuses to activate them, sending nothing', async () => {
    const f = await signedIn({
      unattended: ADELE_PASSKEY,
      engine: { managed: { allowedRoles: ['Reports Reader', ROLE.helpdeskAdmin], locked: ['allowedRoles'] } },
    });
    const roles = await f.handlers['roles:list']();
    expect(roles.ok && roles.value.eligible.map((r) => r.id).sort()).toEqual(
      [roleKey(ROLE.helpdeskAdmin), roleKey(ROLE.reportsReader)].sort(),
    );
    const info = await f.handlers['app:get-info']();
    expect(info.ok && info.value.policy.allowedRolesRestricted).toBe(true);

    const from = f.lastSeq();
    const refused = await f.handlers['activation:activate'](request([ROLE.reportsReader, ROLE.globalAdmin]));
    expect(refused.ok).toBe(false);
    expect(refused.ok ? null : refused.error.code).toBe('input/invalid');
    expect(refused.ok ? '' : refused.error.message).toMatch(/Global Administrator/);
    expect(refused.ok ? [] : refused.error.issues).toEqual([
      { path: 'roleIds', message: expect.stringMatching(/Global Administrator/) as unknown },
    ]);
    const plan = await f.handlers['activation:plan'](request([ROLE.globalAdmin]));
    expect(plan.ok ? null : plan.error.code).toBe('input/invalid');
    expect(f.activationPosts(from)).toEqual([]);
    // An allowed role still activates.
    const allowed = await f.engine.activate(request([ROLE.reportsReader]));
    expect(allowed.ok && allowed.value.outcomes[0]?.status).toBe('active');
  });
});

/** A file journal that notes, at each record, how many activation POSTs the tenant had already received. */
function observedJournal(
  path: string,
  posts: () => number,
): IntentJournal & { recorded: { intent: ActivationIntent; postsBefore: number }[] } {
  const inner = createFileIntentJournal({ path, fs: nodeJournalFs() });
  const recorded: { intent: ActivationIntent; postsBefore: number }[] = [];
  return {
    persistent: inner.persistent,
    recorded,
    record: async (input) => {
      const postsBefore = posts();
      const intent = await inner.record(input);
      recorded.push({ intent, postsBefore });
      return intent;
    },
    clear: (id) => inner.clear(id),
    read: () => inner.read(),
  };
}

/** The next start: a new engine on the same user data (token cache, journal file); nothing may open a browser. */
function restart(
  f: Fixture,
  data: { cache: ICachePlugin; path: string; recorder: DiagnosticsRecorder; logs: LogRecord[] },
): ReturnType<typeof createEngine> {
  return createEngine({
    config: f.config,
    fetch: createUndiciFetch({ extraCaPem: f.config.extraCaPem }),
    openBrowser: () => Promise.reject(new Error('no browser at start')),
    cachePlugin: data.cache,
    journal: createFileIntentJournal({ path: data.path, fs: nodeJournalFs() }),
    recorder: data.recorder,
    emit: () => undefined,
    logger: createLogger({ level: 'info', sink: (r) => data.logs.push(r) }),
  });
}

describe('intent journal', () => {
  it('is written before the activation POST (with its client-request-id) and empty after the answer', async () => {
    const path = join(tempDir(), 'activation-intents.json');
    let current: Fixture | null = null;
    const journal = observedJournal(path, () => current?.activationPosts().length ?? -1);
    const f = await signedIn({ unattended: ADELE_PASSKEY, engine: { journal } });
    current = f;
    const report = await f.engine.activate(request([ROLE.reportsReader]));
    expect(report.ok).toBe(true);
    expect(journal.recorded.map((r) => [r.intent.roleId, r.intent.action, r.postsBefore])).toEqual([
      [roleKey(ROLE.reportsReader), 'selfActivate', 0],
    ]);
    const posted = f.tenant.control.journal().filter((j) => j.clientRequestId === journal.recorded[0]?.intent.id && j.method === 'POST');
    expect(posted.map((j) => j.status)).toEqual([201]);
    expect((await journal.read()).intents).toEqual([]);
  });

  it('deactivations are journaled too: recorded before each POST, cleared on a refusal and on success', async () => {
    const path = join(tempDir(), 'activation-intents.json');
    let current: Fixture | null = null;
    const journal = observedJournal(path, () => current?.activationPosts().length ?? -1);
    const f = await signedIn({ unattended: ADELE_PASSKEY, engine: { journal } });
    current = f;
    expect((await f.engine.activate(request([ROLE.reportsReader]))).ok).toBe(true);
    const early = await f.engine.deactivate(roleKey(ROLE.reportsReader));
    expect(early.ok && early.value.error?.code).toBe('pim/active-duration-too-short');
    expect((await journal.read()).intents).toEqual([]);
    f.tenant.control.advanceClock(6 * 60_000);
    const later = await f.engine.deactivate(roleKey(ROLE.reportsReader));
    expect(later.ok && later.value.status).toBe('deactivated');
    expect(journal.recorded.map((r) => [r.intent.action, r.postsBefore])).toEqual([
      ['selfActivate', 0],
      ['selfDeactivate', 1],
      ['selfDeactivate', 2],
    ]);
    expect((await journal.read()).intents).toEqual([]);
  });

  it('a pending intent at the next start is reconciled, reported and not sent again', async () => {
    const path = join(tempDir(), 'activation-intents.json');
    const cache = memoryCache();
    const f = await signedIn({ unattended: ADELE_PASSKEY, engine: { cachePlugin: cache } });
    // The first run activated the role, then died before it could clear its intent.
    expect((await f.engine.activate(request([ROLE.reportsReader]))).ok).toBe(true);
    const first = createFileIntentJournal({ path, fs: nodeJournalFs() });
    await first.record({
      id: 'run-that-crashed',
      roleId: roleKey(ROLE.reportsReader),
      target: { kind: 'directoryRole', roleDefinitionId: ROLE.reportsReader, directoryScopeId: '/' },
      action: 'selfActivate',
    });
    const seq = f.lastSeq();
    const selfActivations = f.tenant.control.requests().filter((r) => r.action === 'selfActivate').length;

    // The next start: same user data (journal, token cache), a new engine.
    const logs: LogRecord[] = [];
    const recorder = new DiagnosticsRecorder();
    const restarted = restart(f, { cache, path, recorder, logs });
    try {
      await vi.waitFor(
        () => {
          expect(recorder.entries().some((e) => e.step.startsWith('reconcile interrupted'))).toBe(true);
        },
        { timeout: 10_000 },
      );
      const step = recorder.entries().find((e) => e.step.startsWith('reconcile interrupted'));
      expect(step?.detail).toMatch(/^active: .*did take effect/);
      expect(logs.some((r) => r.message.includes('without resending'))).toBe(true);
      expect((await createFileIntentJournal({ path, fs: nodeJournalFs() }).read()).intents).toEqual([]);
      // Nothing was sent: no activation POST since the crash, and PIM has the one request only.
      expect(f.activationPosts(seq)).toEqual([]);
      expect(f.tenant.control.requests().filter((r) => r.action === 'selfActivate')).toHaveLength(selfActivations);
      expect(await restarted.reconcileIntents()).toBeNull();
    } finally {
      await restarted.dispose();
    }
  });
  it('Azure intents left by a crash are looked up on ARM by their request name at the next start; nothing is sent again', async () => {
    const path = join(tempDir(), 'activation-intents.json');
    const cache = memoryCache();
    const journal = observedJournal(path, () => -1);
    const f = await signedIn({ unattended: ADELE_PASSKEY, engine: { cachePlugin: cache, journal } });
    const roles = await f.engine.listRoles();
    const azure = (name: string, scope: string) => {
      const found = roles.ok ? roles.value.eligible.find((r) => r.displayName === name && r.azure?.scopeDisplayName === scope) : undefined;
      expect(found, `${name} at ${scope}`).toBeDefined();
      return found as NonNullable<typeof found>;
    };
    const reader = azure('Reader', 'Contoso Dev');
    const uaa = azure('User Access Administrator', 'Contoso Platform');
    const ownerDev = azure('Owner', 'Contoso Dev');
    // Reader on Dev is applied at once, User Access Administrator waits for an approver.
    const run = await f.engine.activate({ roleIds: [reader.id, uaa.id], duration: 'PT1H', justification: 'CHG-11 crash' });
    expect(run.ok && run.value.outcomes.map((o) => [o.roleId, o.status])).toEqual([
      [reader.id, 'active'],
      [uaa.id, 'pending-approval'],
    ]);
    // The run died before clearing its intents: they are back as recorded (each one the name of its ARM request),
    // beside one for a PUT that never left the machine.
    const crashed = createFileIntentJournal({ path, fs: nodeJournalFs() });
    for (const { intent } of journal.recorded) {
      await crashed.record(intent);
    }
    await crashed.record({ id: randomUUID(), roleId: ownerDev.id, target: ownerDev.target, action: 'selfActivate' });
    const armPuts = () => f.tenant.control.journal().filter((j) => j.surface === 'arm' && j.method === 'PUT').length;
    const putsBefore = armPuts();

    const recorder = new DiagnosticsRecorder();
    const restarted = restart(f, { cache, path, recorder, logs: [] });
    try {
      const reconciled = () => recorder.entries().filter((e) => e.step.startsWith('reconcile interrupted'));
      await vi.waitFor(
        () => {
          expect(reconciled()).toHaveLength(3);
        },
        { timeout: 15_000 },
      );
      const stateOf = (roleId: string) =>
        reconciled()
          .find((e) => e.step.endsWith(roleId))
          ?.detail?.split(':')[0];
      expect([stateOf(reader.id), stateOf(uaa.id), stateOf(ownerDev.id)]).toEqual(['active', 'pending', 'absent']);
      // The pending one stays journalled until PIM settles it (activating it again follows that request).
      expect((await createFileIntentJournal({ path, fs: nodeJournalFs() }).read()).intents.map((i) => i.roleId)).toEqual([uaa.id]);
      expect(armPuts()).toBe(putsBefore);
      // The lookups were by name at each scope: one GET per request that was not found active.
      const byName = f.tenant.control
        .journal()
        .filter((j) => j.surface === 'arm' && j.method === 'GET' && /roleAssignmentScheduleRequests\/[0-9a-f-]{36}$/i.test(j.path));
      expect(byName.map((j) => j.status).sort()).toEqual([200, 404]);
    } finally {
      await restarted.dispose();
    }
  });
});
