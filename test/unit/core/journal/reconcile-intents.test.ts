/**
 * Reconciling interrupted activations: each intent is reported active, pending or absent from
 * what the reader finds, definitive answers clear the journal, and nothing is ever re-sent
 * (the reader interface only reads; the test counts its calls).
 */
import { describe, expect, it } from 'vitest';
import type { GraphApi } from '../../../../src/core/graph/graph-api';
import { createGraphIntentReader } from '../../../../src/core/journal/graph-intent-reader';
import type { ActivationIntent, IntentInput } from '../../../../src/core/journal/intent-journal';
import { createMemoryIntentJournal } from '../../../../src/core/journal/intent-journal';
import type { IntentState } from '../../../../src/core/journal/reconcile-intents';
import { reconcilePendingIntents } from '../../../../src/core/journal/reconcile-intents';

const ROLE = '62e90394-69f5-4237-9190-012177145e10';
const intent = (n: number, extra: Partial<IntentInput> = {}): IntentInput => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  roleId: `role:${ROLE}:/`,
  target: { kind: 'directoryRole', roleDefinitionId: ROLE, directoryScopeId: '/' },
  action: 'selfActivate',
  recordedAt: '2026-11-25T12:00:00.000Z',
  ...extra,
});

describe('reconcilePendingIntents', () => {
  it('reports each intent from the reader, clears definitive answers and keeps unknown ones', async () => {
    const journal = createMemoryIntentJournal();
    const fates: IntentState[] = ['active', 'pending', 'absent', 'unknown'];
    for (let n = 0; n < fates.length; n += 1) {
      await journal.record(intent(n, { recordedAt: `2026-11-25T12:00:0${String(n)}.000Z` }));
    }
    await journal.record(intent(9, { recordedAt: '2026-11-25T12:00:09.000Z' }));
    const asked: string[] = [];
    const report = await reconcilePendingIntents(journal, {
      findRequest: (i: ActivationIntent) => {
        asked.push(i.id);
        const n = Number(i.id.slice(-2));
        const fate = fates[n];
        return fate === undefined ? Promise.reject(new Error('network down')) : Promise.resolve(fate);
      },
    });
    expect(report.reconciled.map((r) => r.state)).toEqual(['active', 'pending', 'absent', 'unknown', 'unknown']);
    expect(asked).toHaveLength(5);
    expect(report.reconciled[0]?.message).toMatch(/did take effect: the role is active/);
    expect(report.reconciled[1]?.message).toMatch(/still pending .* not sent again/);
    expect(report.reconciled[2]?.message).toMatch(/did not take effect; you can request it again/);
    expect(report.reconciled[4]?.message).toMatch(/could not be checked; check the role list/);
    // The unknown ones remain for the next start, and the pending activation until PIM settles it (so activating the
    // role again follows that request instead of writing another).
    expect((await journal.read()).intents.map((i) => i.id)).toEqual([intent(1).id, intent(3).id, intent(9).id]);
  });

  it('treats a reader answer outside the closed set as unknown', async () => {
    const journal = createMemoryIntentJournal();
    await journal.record(intent(1));
    const report = await reconcilePendingIntents(journal, { findRequest: () => Promise.resolve('granted' as IntentState) });
    expect(report.reconciled.map((r) => r.state)).toEqual(['unknown']);
    expect((await journal.read()).intents).toHaveLength(1);
  });

  it('does nothing and asks nothing when the journal is empty', async () => {
    let calls = 0;
    const report = await reconcilePendingIntents(createMemoryIntentJournal(), {
      findRequest: () => {
        calls += 1;
        return Promise.resolve('active');
      },
    });
    expect(report).toEqual({ reconciled: [], problems: [] });
    expect(calls).toBe(0);
  });
});

describe('createGraphIntentReader', () => {
  /** A GraphApi that can only read: any write would throw, proving reconciliation never re-sends. */
  const readOnlyGraph = (collections: Record<string, unknown[]>, log: string[]): GraphApi => ({
    get: () => Promise.reject(new Error('not used')),
    getAll: <T>(path: string) => {
      log.push(path);
      const key = Object.keys(collections).find((k) => path.includes(k));
      return Promise.resolve((key === undefined ? [] : collections[key]) as T[]);
    },
    batchGet: () => Promise.reject(new Error('not used')),
    post: () => Promise.reject(new Error('a reconciliation must never write')),
    clock: () => ({ skewSeconds: 0, serverTime: new Date() }),
    requestCount: () => log.length,
  });

  const cases: readonly { name: string; requests: unknown[]; instances: unknown[]; expected: IntentState }[] = [
    {
      name: 'an active instance of the target',
      requests: [],
      instances: [{ roleDefinitionId: ROLE, directoryScopeId: '/' }],
      expected: 'active',
    },
    {
      name: 'a recent request awaiting approval',
      requests: [
        {
          roleDefinitionId: ROLE,
          directoryScopeId: '/',
          action: 'selfActivate',
          status: 'PendingApproval',
          createdDateTime: '2026-11-25T12:00:01Z',
        },
      ],
      instances: [],
      expected: 'pending',
    },
    {
      name: 'a request still provisioning',
      requests: [
        {
          roleDefinitionId: ROLE,
          directoryScopeId: '/',
          action: 'SelfActivate',
          status: 'Granted',
          createdDateTime: '2026-11-25T11:55:00Z',
        },
      ],
      instances: [],
      expected: 'pending',
    },
    {
      name: 'only an old request from before the intent (a previous activation)',
      requests: [
        {
          roleDefinitionId: ROLE,
          directoryScopeId: '/',
          action: 'selfActivate',
          status: 'PendingApproval',
          createdDateTime: '2026-11-24T12:00:00Z',
        },
      ],
      instances: [],
      expected: 'absent',
    },
    {
      name: 'requests and instances of other roles only',
      requests: [
        {
          roleDefinitionId: 'other',
          directoryScopeId: '/',
          action: 'selfActivate',
          status: 'PendingApproval',
          createdDateTime: '2026-11-25T12:00:01Z',
        },
      ],
      instances: [{ roleDefinitionId: ROLE, directoryScopeId: '/administrativeUnits/x' }],
      expected: 'absent',
    },
    {
      name: 'a denied request',
      requests: [
        {
          roleDefinitionId: ROLE,
          directoryScopeId: '/',
          action: 'selfActivate',
          status: 'Denied',
          createdDateTime: '2026-11-25T12:00:01Z',
        },
      ],
      instances: [],
      expected: 'absent',
    },
  ];
  for (const c of cases) {
    it(`finds ${c.expected} for ${c.name}, reading only`, async () => {
      const log: string[] = [];
      const reader = createGraphIntentReader({
        graph: readOnlyGraph({ roleAssignmentScheduleRequests: c.requests, roleAssignmentScheduleInstances: c.instances }, log),
        token: () => Promise.resolve('token'),
      });
      const journal = createMemoryIntentJournal();
      await journal.record(intent(1));
      const report = await reconcilePendingIntents(journal, reader);
      expect(report.reconciled.map((r) => r.state)).toEqual([c.expected]);
      expect(log).toHaveLength(2);
    });
  }

  it('reads the group endpoints for a group target', async () => {
    const log: string[] = [];
    const reader = createGraphIntentReader({
      graph: readOnlyGraph({ 'group/assignmentScheduleInstances': [{ groupId: 'g1', accessId: 'member' }] }, log),
      token: () => Promise.resolve('token'),
    });
    const state = await reader.findRequest({
      ...intent(1),
      roleId: 'group:g1:member',
      target: { kind: 'group', groupId: 'g1', accessId: 'member' },
      recordedAt: '2026-11-25T12:00:00.000Z',
    });
    expect(state).toBe('active');
    expect(log.every((p) => p.includes('/identityGovernance/privilegedAccess/group/'))).toBe(true);
  });
});

describe('createGraphIntentReader for an extension request', () => {
  const graphWith = (requests: unknown[]): GraphApi => ({
    get: () => Promise.reject(new Error('not used')),
    // The assignment being extended is active before and after: its instance must prove nothing.
    getAll: <T>(path: string) =>
      Promise.resolve((path.includes('Instances') ? [{ roleDefinitionId: ROLE, directoryScopeId: '/' }] : requests) as T[]),
    batchGet: () => Promise.reject(new Error('not used')),
    post: () => Promise.reject(new Error('a reconciliation must never write')),
    clock: () => ({ skewSeconds: 0, serverTime: new Date() }),
    requestCount: () => 0,
  });
  const extension = (status: string, action = 'selfExtend') => ({
    roleDefinitionId: ROLE,
    directoryScopeId: '/',
    action,
    status,
    createdDateTime: '2026-11-25T12:00:01Z',
  });
  const cases: readonly { name: string; requests: unknown[]; expected: IntentState; message: RegExp }[] = [
    { name: 'no request of its own', requests: [], expected: 'absent', message: /did not reach PIM; you can request it again/ },
    {
      name: 'only an activation of the same role',
      requests: [extension('PendingApproval', 'selfActivate')],
      expected: 'absent',
      message: /did not reach PIM/,
    },
    {
      name: 'one waiting for an administrator',
      requests: [extension('PendingAdminDecision')],
      expected: 'pending',
      message: /still pending/,
    },
    { name: 'one decided since', requests: [extension('Denied')], expected: 'active', message: /an administrator has decided it/ },
  ];
  for (const c of cases) {
    it(`finds ${c.expected} for ${c.name}, never "active" from the instance alone`, async () => {
      const journal = createMemoryIntentJournal();
      await journal.record(intent(1, { action: 'selfExtend' }));
      const report = await reconcilePendingIntents(
        journal,
        createGraphIntentReader({ graph: graphWith(c.requests), token: () => Promise.resolve('t') }),
      );
      expect(report.reconciled.map((r) => r.state)).toEqual([c.expected]);
      expect(report.reconciled[0]?.message).toMatch(c.message);
    });
  }
});
