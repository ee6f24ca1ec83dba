/**
 * The simulated ARM batch endpoint (`POST /batch`, docs/arm-batch.md) with a token from the REAL @azure/msal-node:
 * each item answered on its own (a refused or throttled item leaves the batch and the other items alone), items
 * journaled under the batch, more than 20 items accepted for later (202 + Location), more than 500 refused, and the
 * endpoint absent (404) where a scenario says the cloud does not offer it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadShippedScenario, type SimulatedTenant } from '../../../src/simulated-tenant';
import { httpsCall } from '../../support/tenant-clients';
import { startTestTenant } from '../../support/test-tenant';
import { createTenantPca, unattendedToken } from '../../support/tenant-session';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
const ARM_SCOPES = ['https://management.azure.com/user_impersonation'];
const PROD = '/subscriptions/3f2b6c1e-8d4a-4c57-9e1b-2a6d0f9c4b11';
const DEV = '/subscriptions/7c9e4a20-51b3-4f8e-a6d2-0b3c5e7f9a22';
const POLICIES = '/providers/Microsoft.Authorization/roleManagementPolicyAssignments';
const BATCH = '/batch?api-version=2020-06-01';

type Item = { name: string; httpStatusCode: number; headers: Record<string, string>; content: Record<string, unknown> };
type Answer = { status: number; headers: Record<string, string>; body: { responses?: Item[] } & Record<string, unknown> };

describe('simulated ARM batch endpoint', () => {
  let tenant: SimulatedTenant;
  let token = '';

  beforeAll(async () => {
    tenant = await startTestTenant();
    token = (await unattendedToken(tenant, createTenantPca(tenant), ADELE, ['windowsHello'], { scopes: ARM_SCOPES })).accessToken;
  });
  afterAll(async () => {
    await tenant.close();
  });
  beforeEach(() => {
    tenant.control.clearJournal();
    tenant.control.clearFaults();
  });

  async function call(method: string, pathAndQuery: string, body?: unknown): Promise<Answer> {
    const url = pathAndQuery.startsWith('https://') ? pathAndQuery : `${tenant.armBaseUrl.replace(/\/$/, '')}${pathAndQuery}`;
    const answer = await httpsCall(url, {
      method,
      ca: tenant.caCertPem,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = answer.body.toString('utf8');
    return { status: answer.status, headers: answer.headers, body: text === '' ? {} : (JSON.parse(text) as Answer['body']) };
  }

  const policies = (scope: string, name: string) => ({ httpMethod: 'GET', name, url: `${scope}${POLICIES}?api-version=2020-10-01` });

  it('answers each item on its own: one refused (unknown scope) and one throttled, the others read, the batch 200', async () => {
    tenant.control.injectFault({ kind: 'throttle', surface: 'arm', path: `^${DEV}${POLICIES}$`, retryAfterSeconds: 7 });
    const answer = await call('POST', BATCH, {
      requests: [policies(PROD, 'prod'), policies(DEV, 'dev'), policies(`${PROD}/resourceGroups/rg-unknown`, 'nowhere')],
    });
    expect(answer.status).toBe(200);
    const byName = new Map((answer.body.responses ?? []).map((item) => [item.name, item]));
    expect(answer.body.responses?.map((item) => item.name)).toEqual(['prod', 'dev', 'nowhere']);
    expect(byName.get('prod')?.httpStatusCode).toBe(200);
    expect(Array.isArray(byName.get('prod')?.content.value)).toBe(true);
    expect(byName.get('dev')).toMatchObject({
      httpStatusCode: 429,
      headers: { 'Retry-After': '7' },
      content: { error: { code: 'TooManyRequests' } },
    });
    expect(byName.get('nowhere')).toMatchObject({ httpStatusCode: 403, content: { error: { code: 'AuthorizationFailed' } } });
    const journal = tenant.control.journal().filter((j) => j.surface === 'arm');
    expect(journal.filter((j) => j.batchItemId === null).map((j) => `${j.method} ${j.path} ${String(j.status)}`)).toEqual([
      'POST /batch 200',
    ]);
    expect(journal.filter((j) => j.batchItemId !== null).map((j) => [j.batchItemId, j.status])).toEqual([
      ['prod', 200],
      ['dev', 429],
      ['nowhere', 403],
    ]);
  });

  it('accepts more than 20 items for later (202, Location), answers them there once, and refuses more than 500', async () => {
    const many = Array.from({ length: 21 }, (_, index) => policies(PROD, `item-${String(index)}`));
    const accepted = await call('POST', BATCH, { requests: many });
    expect(accepted.status).toBe(202);
    const location = accepted.headers.location ?? '';
    expect(location).toMatch(/\/batch\/[0-9a-f-]{36}\?api-version=2020-06-01$/);
    const answered = await call('GET', location);
    expect(answered.status).toBe(200);
    expect(answered.body.responses).toHaveLength(21);
    expect((await call('GET', location)).status).toBe(404);

    const tooMany = await call('POST', BATCH, { requests: Array.from({ length: 501 }, (_, index) => policies(PROD, String(index))) });
    expect(tooMany.status).toBe(400);
    expect((await call('POST', '/batch?api-version=2019-01-01', { requests: [policies(PROD, 'a')] })).status).toBe(400);
  });

  it('is absent (404) where the scenario says the cloud does not offer it', async () => {
    const demo = loadShippedScenario('demo') as { settings?: Record<string, unknown> };
    const other = await startTestTenant({ scenario: { ...demo, settings: { ...demo.settings, armBatch: false } } });
    try {
      const otherToken = (await unattendedToken(other, createTenantPca(other), ADELE, ['windowsHello'], { scopes: ARM_SCOPES }))
        .accessToken;
      const answer = await httpsCall(`${other.armBaseUrl.replace(/\/$/, '')}${BATCH}`, {
        method: 'POST',
        ca: other.caCertPem,
        headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ requests: [policies(PROD, 'a')] }),
      });
      expect(answer.status).toBe(404);
    } finally {
      await other.close();
    }
  });
});
