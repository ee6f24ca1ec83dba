import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createArmApi } from '../../../../src/core/arm/arm-api';
import { appErrorFromArm } from '../../../../src/core/arm/arm-failure';
import { failureFromAnswer as armFailureFrom } from '../../../../src/core/net/service-failure';
import { armPolicyPath, armRequestBody, armRequestPath } from '../../../../src/core/arm/arm-paths';
import { azureScopeKind, azureScopeLabel, azureScopeName } from '../../../../src/core/arm/azure-scope';
import { claimsChallengeFromError } from '../../../../src/core/auth/claims-challenge';
import { GraphCallError } from '../../../../src/core/graph/graph-api';
import { silentLogger } from '../../../../src/core/logging/logger';
import type { FetchLike } from '../../../../src/core/net/fetch-like';
import { targetKey } from '../../../../src/core/pim/target-key';
import type { AzureResourceTarget } from '../../../../src/shared/domain/roles';

const SUB = '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11';
const OWNER: AzureResourceTarget = {
  kind: 'azureResource',
  scope: SUB,
  roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
};

describe('Azure scopes as the portal shows them', () => {
  it('names each kind from ARM’s type or the id’s shape', () => {
    expect(azureScopeLabel(azureScopeKind(SUB, 'subscription'), azureScopeName(SUB, 'Contoso Prod'))).toBe('Subscription · Contoso Prod');
    expect(azureScopeLabel(azureScopeKind(`${SUB}/resourceGroups/rg-app`), azureScopeName(`${SUB}/resourceGroups/rg-app`))).toBe(
      'Resource group · rg-app',
    );
    expect(azureScopeKind('/providers/Microsoft.Management/managementGroups/platform')).toBe('managementGroup');
    expect(azureScopeKind(`${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`)).toBe('resource');
    expect(azureScopeName(`${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`, '  ')).toBe('kv');
  });

  it('keys Azure targets case-insensitively by scope and role GUID, whatever form of the definition id', () => {
    const tenantForm: AzureResourceTarget = {
      ...OWNER,
      scope: SUB.toUpperCase(),
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/8E3AF657-A8FF-443C-A75C-2FE8C4BCB635',
    };
    expect(targetKey(tenantForm)).toBe(targetKey(OWNER));
    expect(targetKey(OWNER)).toBe(`azure:${SUB}:8e3af657-a8ff-443c-a75c-2fe8c4bcb635`);
  });
});

describe('ARM paths and bodies', () => {
  it('builds the activation body with the linked eligibility, and a deactivation without a schedule', () => {
    const body = armRequestBody(OWNER, 'oid-1', 'SelfActivate', {
      duration: 'PT2H',
      justification: 'Incident 42',
      ticketNumber: 'INC42',
      ticketSystem: 'ServiceNow',
      linkedRoleEligibilityScheduleId: `${SUB}/providers/Microsoft.Authorization/roleEligibilitySchedules/abc`,
    });
    expect(body).toEqual({
      properties: {
        principalId: 'oid-1',
        roleDefinitionId: OWNER.roleDefinitionId,
        requestType: 'SelfActivate',
        justification: 'Incident 42',
        linkedRoleEligibilityScheduleId: `${SUB}/providers/Microsoft.Authorization/roleEligibilitySchedules/abc`,
        scheduleInfo: { expiration: { type: 'AfterDuration', endDateTime: null, duration: 'PT2H' } },
        ticketInfo: { ticketNumber: 'INC42', ticketSystem: 'ServiceNow' },
      },
    });
    expect(armRequestBody(OWNER, 'oid-1', 'SelfDeactivate').properties).toEqual({
      principalId: 'oid-1',
      roleDefinitionId: OWNER.roleDefinitionId,
      requestType: 'SelfDeactivate',
    });
    expect(armRequestPath(SUB, 'n1')).toBe(
      `${SUB}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/n1?api-version=2020-10-01`,
    );
    expect(decodeURIComponent(armPolicyPath(OWNER))).toContain(`$filter=roleDefinitionId eq '${OWNER.roleDefinitionId}'`);
  });
});

describe('ARM failures', () => {
  const headers = (extra: Record<string, string> = {}) =>
    new Headers({ 'x-ms-request-id': 'req-1', date: 'Thu, 03 Dec 2026 00:00:00 GMT', ...extra });

  it('reads the acrs 400 into a claims challenge, Retry-After into seconds, and a proxy page into the status alone', () => {
    const acrs = armFailureFrom(
      400,
      headers(),
      JSON.stringify({
        error: {
          code: 'RoleAssignmentRequestAcrsValidationFailed',
          message: '&claims=%7B%22access_token%22%3A%7B%22acrs%22%3A%7B%22essential%22%3Atrue%2C%20%22value%22%3A%22c1%22%7D%7D%7D',
        },
      }),
    );
    expect(acrs).toMatchObject({ status: 400, requestId: 'req-1', wwwAuthenticate: null });
    expect(claimsChallengeFromError(acrs)).toEqual({
      kind: 'challenge',
      challenge: { source: 'acrs-plain', claims: '{"access_token":{"acrs":{"essential":true, "value":"c1"}}}', contexts: ['c1'] },
    });
    const throttled = armFailureFrom(429, headers({ 'retry-after': '17' }), '{"error":{"code":"TooManyRequests","message":"slow"}}');
    expect(appErrorFromArm(throttled)).toMatchObject({ code: 'graph/throttled', retryAfterSeconds: 17, retryable: true });
    expect(appErrorFromArm(throttled).message).toContain('Azure Resource Manager is busy');
    expect(armFailureFrom(502, headers(), '<html>Bad gateway</html>')).toMatchObject({ status: 502, code: 'HTTP502', message: '' });
  });

  it('maps the PIM codes ARM shares with Graph, and its own', () => {
    const failure = (code: string, message = '') => armFailureFrom(400, headers(), JSON.stringify({ error: { code, message } }));
    expect(appErrorFromArm(failure('RoleAssignmentExists')).code).toBe('pim/already-active');
    expect(appErrorFromArm(failure('RoleAssignmentRequestExists')).code).toBe('pim/pending-request');
    expect(appErrorFromArm(failure('ActiveDurationTooShort')).code).toBe('pim/active-duration-too-short');
    expect(
      appErrorFromArm(failure('RoleAssignmentRequestPolicyValidationFailed', 'The following policy rules failed: ["TicketingRule"]')),
    ).toMatchObject({
      code: 'pim/policy-violation',
      rules: ['TicketingRule'],
    });
    expect(appErrorFromArm(failure('InsufficientPermissions')).code).toBe('graph/forbidden');
  });
});

describe('ARM client', () => {
  it('refuses a nextLink to another host: the token never leaves the ARM origin', async () => {
    const sent: string[] = [];
    const fetch: FetchLike = (input) => {
      sent.push(input instanceof Request ? input.url : input.toString());
      return Promise.resolve(
        new Response(JSON.stringify({ value: [], nextLink: 'https://evil.example/providers/x?api-version=2020-10-01' }), { status: 200 }),
      );
    };
    const arm = createArmApi({ armEndpoint: 'https://management.azure.com', fetch, logger: silentLogger });
    const outcome = await arm
      .getAll('/providers/Microsoft.Authorization/roleEligibilityScheduleInstances', 't', {
        safeParse: () => ({ success: false }),
      } as never)
      .then(
        () => null,
        (cause: unknown) => cause,
      );
    expect(outcome).toBeInstanceOf(GraphCallError);
    expect(sent).toEqual([
      'https://management.azure.com/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01',
    ]);
  });

  it('sends a write once even when it gets no answer', async () => {
    let calls = 0;
    const fetch: FetchLike = () => {
      calls += 1;
      return Promise.reject(new Error('socket hang up'));
    };
    const arm = createArmApi({ armEndpoint: 'https://management.azure.com', fetch, logger: silentLogger, baseRetryDelayMs: 1 });
    const outcome = await arm.send('PUT', armRequestPath(SUB, 'n1'), {}, 't').then(
      () => null,
      (cause: unknown) => cause,
    );
    expect((outcome as GraphCallError).failure.status).toBe(-1);
    expect(calls).toBe(1);
    await arm.get('/x', 't', z.unknown()).catch(() => undefined);
    expect(calls).toBe(1 + 5);
  });
});
