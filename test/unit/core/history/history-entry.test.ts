import { describe, expect, it } from 'vitest';
import { historyEntriesFromReport, historyEntrySchema } from '../../../../src/core/history/history-entry';
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
