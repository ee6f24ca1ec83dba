import { describe, expect, it } from 'vitest';
import { checkHistoryEntry, historyEntriesFromReport, historyEntrySchema } from '../../../../src/core/history/history-entry';
import { cancellationEntry, deactivationEntry, extensionEntry } from '../../../../src/core/history/role-events';
import type { RoleStateModel } from '../../../../src/shared/domain/role-state';
import type { ActivationReport, ActivationRequest } from '../../../../src/shared/domain/activation';
import { appError } from '../../../../src/shared/errors';

const AT = new Date(Date.UTC(2026, 10, 25, 14, 30, 0));

const request: ActivationRequest = {
  roleIds: ['role:a:/', 'group:g:member'],
  duration: 'PT2H',
  justification: 'Restore mailbox for INC0012345',
  ticketNumber: 'INC0012345',
  ticketSystem: 'ServiceNow',
};

const report: ActivationReport = {
  runId: 'run-1',
  prompts: 1,
  contextsProven: ['c1'],
  stepUps: [],
  evidence: {
    methods: ['pwd', 'mfa'],
    contexts: ['c1'],
    authenticatedAt: null,
    expiresAt: null,
    tenantId: 't',
    username: 'ana@contoso.com',
  },
  outcomes: [
    {
      roleId: 'role:a:/',
      displayName: 'Exchange Administrator',
      status: 'active',
      requestId: 'req-1',
      startDateTime: '2026-11-25T14:29:58Z',
      endDateTime: '2026-11-25T16:29:58Z',
      elapsedMs: 4000,
    },
    {
      roleId: 'group:g:member',
      displayName: 'PAW operators',
      status: 'failed',
      error: appError('pim/policy-violation', 'Ticket required.'),
      elapsedMs: 900,
    },
  ],
};

describe('historyEntriesFromReport', () => {
  it('records what, when, outcome, request id and the admin’s own reason', () => {
    expect(historyEntriesFromReport(report, request, AT)).toEqual([
      {
        v: 1,
        at: '2026-11-25T14:30:00.000Z',
        roleId: 'role:a:/',
        displayName: 'Exchange Administrator',
        status: 'active',
        duration: 'PT2H',
        requestId: 'req-1',
        startDateTime: '2026-11-25T14:29:58Z',
        endDateTime: '2026-11-25T16:29:58Z',
        justification: 'Restore mailbox for INC0012345',
        ticketNumber: 'INC0012345',
        ticketSystem: 'ServiceNow',
      },
      {
        v: 1,
        at: '2026-11-25T14:30:00.000Z',
        roleId: 'group:g:member',
        displayName: 'PAW operators',
        status: 'failed',
        duration: 'PT2H',
        errorCode: 'pim/policy-violation',
        justification: 'Restore mailbox for INC0012345',
        ticketNumber: 'INC0012345',
        ticketSystem: 'ServiceNow',
      },
    ]);
  });

  it('never keeps evidence, the username or a token', () => {
    const text = JSON.stringify(historyEntriesFromReport(report, request, AT));
    expect(text).not.toContain('ana@contoso.com');
    expect(text).not.toContain('mfa');
    expect(text).not.toContain('elapsedMs');
  });

  it('redacts a secret pasted into the justification', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const [first] = historyEntriesFromReport(report, { ...request, justification: `see token ${jwt} and password=hunter2` }, AT);
    expect(first?.justification).toBe('see token [redacted-jwt] and password=[redacted]');
  });

  it('keeps an Azure request’s full ARM id whole, so a later decision still matches it', () => {
    const armId =
      '/subscriptions/3f2c9a5e-1d4b-4c7a-9e8f-0a1b2c3d4e5f/resourceGroups/contoso-production-workloads/providers/' +
      'Microsoft.Authorization/roleAssignmentScheduleRequests/6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
    const azure: ActivationReport = {
      ...report,
      outcomes: [{ roleId: 'azure:x', displayName: 'Owner', status: 'pending-approval', requestId: armId, elapsedMs: 10 }],
    };
    const [entry] = historyEntriesFromReport(azure, { ...request, roleIds: ['azure:x'] }, AT);
    expect(entry?.requestId).toBe(armId);
    expect(historyEntrySchema.safeParse(entry).success).toBe(true);
  });
});

describe('role events in the history', () => {
  const at = new Date(Date.UTC(2026, 10, 25, 15, 0, 0));
  const assignment = {
    id: 'role:a:/',
    target: { kind: 'directoryRole', roleDefinitionId: 'a', directoryScopeId: '/' },
    displayName: 'Exchange Administrator',
    startDateTime: '2026-11-25T14:29:58Z',
    endDateTime: '2026-11-25T16:29:58Z',
    assignmentType: 'Activated',
  } as const;

  it('keeps a deactivation PIM accepted with the end it cut short, and nothing for a refused one', () => {
    const entry = deactivationEntry({ roleId: 'role:a:/', status: 'deactivated', requestId: 'req-d' }, assignment, at);
    expect(entry).toEqual({
      v: 1,
      kind: 'deactivation',
      at: '2026-11-25T15:00:00.000Z',
      roleId: 'role:a:/',
      displayName: 'Exchange Administrator',
      requestId: 'req-d',
      endDateTime: '2026-11-25T16:29:58Z',
    });
    expect(checkHistoryEntry(entry).success).toBe(true);
    const refused = deactivationEntry({ roleId: 'role:a:/', status: 'failed', error: appError('pim/not-active', 'x') }, assignment, at);
    expect(refused).toBeNull();
  });

  it('keeps an extension request with its duration and a redacted reason', () => {
    const entry = extensionEntry(
      { roleId: 'role:a:/', requestId: 'req-x', status: 'PendingAdminDecision' },
      { roleId: 'role:a:/', duration: 'PT8H', justification: 'Quarter close password=hunter2' },
      'Billing Administrator',
      at,
    );
    expect(entry).toMatchObject({ kind: 'extension', displayName: 'Billing Administrator', requestId: 'req-x', duration: 'PT8H' });
    expect(entry.justification).not.toContain('hunter2');
    expect(checkHistoryEntry(entry).success).toBe(true);
  });

  it('names a cancelled request from the role-state model that listed it, and keeps nothing it cannot name', () => {
    const model: RoleStateModel = {
      at: '2026-11-25T15:00:00Z',
      roles: [
        {
          roleId: 'role:a:/',
          kind: 'directoryRole',
          displayName: 'Exchange Administrator',
          state: 'scheduled',
          startDateTime: '2026-11-26T08:00:00Z',
          endDateTime: '2026-11-26T10:00:00Z',
          eligible: true,
          eligibleUntil: null,
          request: null,
        },
      ],
      requests: [
        {
          id: 'REQ-S',
          kind: 'directoryRole',
          roleId: 'role:a:/',
          action: 'selfActivate',
          status: 'Granted',
          phase: 'scheduled',
          createdDateTime: '2026-11-25T14:00:00Z',
          startDateTime: '2026-11-26T08:00:00Z',
          endDateTime: '2026-11-26T10:00:00Z',
        },
      ],
    };
    expect(cancellationEntry('req-s', model, at)).toEqual({
      v: 1,
      kind: 'cancellation',
      at: '2026-11-25T15:00:00.000Z',
      roleId: 'role:a:/',
      displayName: 'Exchange Administrator',
      requestId: 'REQ-S',
      startDateTime: '2026-11-26T08:00:00Z',
      endDateTime: '2026-11-26T10:00:00Z',
    });
    expect(cancellationEntry('req-unknown', model, at)).toBeNull();
    expect(cancellationEntry('req-s', null, at)).toBeNull();
  });

  it('reads back an older line without a kind as an activation, and names the bad field of a bad event', () => {
    const older = { v: 1, at: '2026-11-25T14:00:00Z', roleId: 'r', displayName: 'R', status: 'active', duration: 'PT1H' };
    expect(checkHistoryEntry(older).success).toBe(true);
    const bad = checkHistoryEntry({ v: 1, kind: 'deactivation', at: 'yesterday', roleId: 'r', displayName: 'R' });
    expect(bad.success ? null : bad.error.issues[0]?.path).toEqual(['at']);
    expect(checkHistoryEntry({ ...older, kind: 'teleport' }).success).toBe(false);
  });
});
