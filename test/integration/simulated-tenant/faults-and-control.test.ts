/**
 * Fault injection and the control API, exercised with the real Graph client (its RetryHandler included) and plain
 * HTTP against the loopback control server. The journal proves what the client actually sent.
 */
import { GraphError, RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedTenant } from '../../../src/simulated-tenant';
import { control } from '../../support/tenant-control';
import { startTestTenant } from '../../support/test-tenant';
import { graphClientFor, httpsCall } from '../../support/tenant-clients';
import { createTenantPca, unattendedToken } from '../../support/tenant-session';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
const ADELE_ID = 'd4b1c272-be68-4b63-8afe-24c51943aabd';
const REPORTS_READER = '4a5d8f65-41da-4de4-8968-e035b65339cf';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const ELIGIBLE = "/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')";
const ACTIVE = "/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')";
const REQUESTS = '/roleManagement/directory/roleAssignmentScheduleRequests';

type Json = Record<string, unknown>;

const activate = (roleDefinitionId: string): Json => ({
  action: 'selfActivate',
  principalId: ADELE_ID,
  roleDefinitionId,
  directoryScopeId: '/',
  justification: 'fault test',
  scheduleInfo: { expiration: { type: 'AfterDuration', duration: 'PT1H' } },
});

describe('fault injection and control API', () => {
  let tenant: SimulatedTenant;
  let accessToken: string;

  beforeAll(async () => {
    tenant = await startTestTenant({ controlApi: true });
  });
  afterAll(async () => {
    await tenant.close();
  });
  beforeEach(async () => {
    tenant.control.reset('demo');
    accessToken = (await unattendedToken(tenant, createTenantPca(tenant), ADELE, ['windowsHello'])).accessToken;
    tenant.control.clearJournal();
  });
  const client = (retry: RetryHandlerOptions): Client =>
    graphClientFor(tenant.graphBaseUrl, tenant.caCertPem, () => Promise.resolve(accessToken), retry);
  const graphEntries = (fragment: string) =>
    tenant.control.journal().filter((entry) => entry.surface === 'graph' && entry.path.includes(fragment));

  it('429 with Retry-After is retried by the Graph RetryHandler after the advertised delay', async () => {
    tenant.control.injectFault({ kind: 'throttle', path: 'roleEligibilityScheduleInstances', retryAfterSeconds: 1 });
    const started = Date.now();
    const body = (await client(new RetryHandlerOptions(0.1, 3)).api(ELIGIBLE).get()) as { value: unknown[] };
    expect(body.value).toHaveLength(13);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const entries = graphEntries('roleEligibilityScheduleInstances');
    expect(entries.map((entry) => [entry.status, entry.fault])).toEqual([
      [429, 'throttle'],
      [200, null],
    ]);
  });

  it('429 can omit Retry-After; 503 and 504 carry Graph error bodies', async () => {
    tenant.control.injectFault({ kind: 'throttle', path: '/me', retryAfterSeconds: null });
    const throttled = await httpsCall(`${tenant.graphBaseUrl}v1.0/me`, {
      method: 'GET',
      headers: { authorization: `Bearer ${accessToken}` },
      ca: tenant.caCertPem,
    });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBeUndefined();
    expect(JSON.parse(throttled.body.toString())).toMatchObject({
      error: { code: 'TooManyRequests', innerError: { 'request-id': throttled.headers['request-id'] } },
    });

    tenant.control.injectFault({ kind: 'unavailable', path: '/me' });
    const unavailable: unknown = await client(new RetryHandlerOptions(0, 0))
      .api('/me')
      .get()
      .catch((error: unknown) => error as GraphError);
    expect(unavailable).toBeInstanceOf(GraphError);
    expect((unavailable as GraphError).statusCode).toBe(503);

    tenant.control.injectFault({ kind: 'gateway-timeout', path: '/me', times: 2 });
    const timedOut: unknown = await client(new RetryHandlerOptions(0, 0))
      .api('/me')
      .get()
      .catch((error: unknown) => error as GraphError);
    expect((timedOut as GraphError).statusCode).toBe(504);
    // One use left: the next call still fails, the one after succeeds.
    await expect(client(new RetryHandlerOptions(0, 0)).api('/me').get()).rejects.toBeInstanceOf(GraphError);
    await expect(client(new RetryHandlerOptions(0, 0)).api('/me').get()).resolves.toMatchObject({ id: ADELE_ID });
  });

  it('a 504 after the change was applied makes a retrying client POST twice (the journal proves it)', async () => {
    tenant.control.injectFault({ kind: 'gateway-timeout', path: REQUESTS, method: 'POST', afterApply: true });
    const outcome: unknown = await client(new RetryHandlerOptions(0.1, 3))
      .api(REQUESTS)
      .post(activate(REPORTS_READER))
      .catch((error: unknown) => error as GraphError);
    expect((outcome as GraphError).code).toBe('RoleAssignmentExists');
    const posts = graphEntries(REQUESTS).filter((entry) => entry.method === 'POST');
    expect(posts.map((entry) => [entry.status, entry.fault, entry.action])).toEqual([
      [504, 'gateway-timeout', 'selfActivate'],
      [400, null, 'selfActivate'],
    ]);
  });

  it('without automatic retry the 504 reaches the caller after exactly one POST, and the change is in place', async () => {
    tenant.control.injectFault({ kind: 'gateway-timeout', path: REQUESTS, method: 'POST', afterApply: true });
    const outcome: unknown = await client(new RetryHandlerOptions(0, 0))
      .api(REQUESTS)
      .post(activate(REPORTS_READER))
      .catch((error: unknown) => error as GraphError);
    expect((outcome as GraphError).statusCode).toBe(504);
    expect(graphEntries(REQUESTS).filter((entry) => entry.method === 'POST')).toHaveLength(1);
    const active = (await client(new RetryHandlerOptions(0, 0)).api(ACTIVE).get()) as { value: Json[] };
    expect(active.value.some((item) => item.roleDefinitionId === REPORTS_READER)).toBe(true);
  });

  it('a connection reset after the change was applied loses the response but not the activation', async () => {
    tenant.control.injectFault({ kind: 'reset-after-apply', path: REQUESTS, method: 'POST' });
    const outcome = await client(new RetryHandlerOptions(0, 0))
      .api(REQUESTS)
      .post(activate(REPORTS_READER))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(outcome).not.toBeNull();
    const entry = graphEntries(REQUESTS).find((item) => item.method === 'POST');
    expect(entry).toMatchObject({ status: 0, fault: 'reset-after-apply', action: 'selfActivate' });
    const active = (await client(new RetryHandlerOptions(0, 0)).api(ACTIVE).get()) as { value: Json[] };
    expect(active.value.some((item) => item.roleDefinitionId === REPORTS_READER)).toBe(true);
  });

  it('malformed JSON and latency', async () => {
    tenant.control.injectFault({ kind: 'malformed-json', path: '/me' });
    const broken = await httpsCall(`${tenant.graphBaseUrl}v1.0/me`, {
      method: 'GET',
      headers: { authorization: `Bearer ${accessToken}` },
      ca: tenant.caCertPem,
    });
    expect(broken.status).toBe(200);
    expect(() => JSON.parse(broken.body.toString()) as unknown).toThrow();

    tenant.control.injectFault({ kind: 'latency', path: '/me', latencyMs: 400 });
    const started = Date.now();
    await client(new RetryHandlerOptions(0, 0)).api('/me').get();
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(graphEntries('/me').at(-1)?.fault).toBe('latency');
  });

  it('authority faults use the OAuth error shape', async () => {
    tenant.control.injectFault({ kind: 'throttle', surface: 'authority', path: '/oauth2/v2.0/token', retryAfterSeconds: 2 });
    const reply = await httpsCall(`${tenant.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token',
      ca: tenant.caCertPem,
    });
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('2');
    expect(JSON.parse(reply.body.toString())).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90033] });
  });

  it('control API over HTTP: summary, clock, faults, journal, approval, settings, loopback Host check', async () => {
    const summary = await control(tenant, 'GET', '/');
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      scenario: 'demo',
      tenantId: tenant.tenantId,
      authority: tenant.authority,
      graphBaseUrl: tenant.graphBaseUrl,
    });
    expect((summary.body.users as Json[]).map((user) => user.username)).toContain(ADELE);

    const before = tenant.control.now().getTime();
    const advanced = await control(tenant, 'POST', '/clock/advance', { ms: 3_600_000 });
    expect(Date.parse(String(advanced.body.now)) - before).toBeGreaterThanOrEqual(3_600_000);
    expect((await control(tenant, 'POST', '/clock/advance', { ms: -5 })).status).toBe(400);
    tenant.control.reset();
    accessToken = (await unattendedToken(tenant, createTenantPca(tenant), ADELE, ['windowsHello'])).accessToken;

    expect((await control(tenant, 'POST', '/faults', { kind: 'unavailable', path: '/me' })).status).toBe(200);
    await expect(client(new RetryHandlerOptions(0, 0)).api('/me').get()).rejects.toBeInstanceOf(GraphError);
    expect((await control(tenant, 'POST', '/faults', { kind: 'explode', path: '/me' })).status).toBe(400);
    await control(tenant, 'POST', '/faults', { kind: 'unavailable', path: '/me', times: null });
    await control(tenant, 'DELETE', '/faults');
    await expect(client(new RetryHandlerOptions(0, 0)).api('/me').get()).resolves.toMatchObject({ id: ADELE_ID });

    const pending = (await client(new RetryHandlerOptions(0, 0)).api(REQUESTS).post(activate(USER_ADMIN))) as Json;
    const listed = await control(tenant, 'GET', '/requests');
    expect(listed.body.requests).toEqual([expect.objectContaining({ id: pending.id, status: 'PendingApproval' })]);
    const approved = await control(tenant, 'POST', `/requests/${String(pending.id)}/approve`);
    expect(approved.body).toMatchObject({ status: 'Provisioned' });
    expect((await control(tenant, 'POST', `/requests/${String(pending.id)}/deny`)).status).toBe(400);

    const journal = await control(tenant, 'GET', '/journal');
    const entries = journal.body.entries as Json[];
    expect(entries.some((entry) => entry.surface === 'graph' && entry.method === 'POST' && entry.action === 'selfActivate')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(accessToken.split('.')[2]);

    expect((await control(tenant, 'PUT', '/settings', { graphPageSize: 4 })).status).toBe(200);
    const page = (await client(new RetryHandlerOptions(0, 0)).api(ELIGIBLE).get()) as { value: unknown[] };
    expect(page.value).toHaveLength(4);
    expect(
      (await control(tenant, 'PUT', `/users/${encodeURIComponent('nobody@x.example')}/policy-readable`, { readable: true })).status,
    ).toBe(400);

    const rebinding = await control(tenant, 'GET', '/', undefined, 'attacker.example');
    expect(rebinding.status).toBe(403);
    expect((await control(tenant, 'GET', '/nothing-here')).status).toBe(404);
  });

  it('the clock can be set behind the machine clock; Date headers and Graph error dates follow it', async () => {
    const set = await control(tenant, 'PUT', '/clock', { offsetMs: -10 * 60_000 });
    expect(set.status).toBe(200);
    expect(Date.now() - Date.parse(String(set.body.now))).toBeGreaterThan(9 * 60_000);
    const reply = await httpsCall(`${tenant.graphBaseUrl}v1.0/me`, { method: 'GET', ca: tenant.caCertPem });
    expect(Date.now() - Date.parse(reply.headers.date ?? '')).toBeGreaterThan(9 * 60_000);
    const innerDate = (JSON.parse(reply.body.toString()) as { error: { innerError: { date: string } } }).error.innerError.date;
    expect(Date.now() - Date.parse(`${innerDate}Z`)).toBeGreaterThan(9 * 60_000);
    expect((await control(tenant, 'PUT', '/clock', { offsetMs: 'soon' })).status).toBe(400);
  });

  it('reset returns to the scenario: requests, activations, faults and clock are cleared', async () => {
    await client(new RetryHandlerOptions(0, 0)).api(REQUESTS).post(activate(REPORTS_READER));
    tenant.control.injectFault({ kind: 'unavailable', path: '/me', times: null });
    tenant.control.advanceClock(10 * 60_000);
    tenant.control.reset();
    expect(tenant.control.requests()).toEqual([]);
    expect(Math.abs(tenant.control.now().getTime() - Date.now())).toBeLessThan(5_000);
    accessToken = (await unattendedToken(tenant, createTenantPca(tenant), ADELE, ['windowsHello'])).accessToken;
    await expect(client(new RetryHandlerOptions(0, 0)).api('/me').get()).resolves.toMatchObject({ id: ADELE_ID });
    expect(() => {
      tenant.control.reset('no-such-scenario');
    }).toThrow(/Unknown scenario "no-such-scenario"/);
  });
});
