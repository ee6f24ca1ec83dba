/**
 * Conformance of the simulated Graph PIM API with the REAL @microsoft/microsoft-graph-client 3.0.7 and real MSAL
 * tokens (obtained through unattended sign-in over the same authorize/form_post/token protocol): response shapes,
 * every policy rule and error form, approval, async activation, clock-driven expiry, groups, $batch and paging,
 * and bearer validation.
 */
import { GraphError, PageIterator, RetryHandlerOptions, type Client, type PageCollection } from '@microsoft/microsoft-graph-client';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadShippedScenario, type SimulatedTenant } from '../../../src/simulated-tenant';
import { useTestTenant } from '../../support/test-tenant';
import { graphClientFor, httpsCall } from '../../support/tenant-clients';
import { createTenantPca, decodeJwt, unattendedToken } from '../../support/tenant-session';

const ADELE = 'adele.admin@contoso-sim.onmicrosoft.com';
const ADELE_ID = 'd4b1c272-be68-4b63-8afe-24c51943aabd';
const TENANT_ID = '46c1cd47-300b-449c-9635-f80c37b6ff9d';
const HENRY = 'henry.helpdesk@contoso-sim.onmicrosoft.com';
const HENRY_ID = '80ec7d09-9f1d-40e3-b101-6c6534ed779b';
const NORA = 'nora.noread@contoso-sim.onmicrosoft.com';
const PAUL = 'paul.password@contoso-sim.onmicrosoft.com';
const PAUL_ID = 'fc88f367-da23-437c-a1cd-d1de22226f44';
const ROLE = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  exchange: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  sharePoint: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  userAdmin: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  helpdesk: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  reportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  intune: '3a2c62db-5318-420d-8d74-23affee5d9d5',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
};
const GROUP = { breakGlass: 'e10d0933-62ed-4411-b23f-e07588dfc04d', helpdeskTier2: '5775ddf5-a8bd-4362-95bd-182ee22d1272' };
const PLAIN_C1_MESSAGE = '&claims=%7B%22access_token%22%3A%7B%22acrs%22%3A%7B%22essential%22%3Atrue%2C%20%22value%22%3A%22c1%22%7D%7D%7D';
const ELIGIBLE = "/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')";
const ACTIVE = "/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')";
const REQUESTS = '/roleManagement/directory/roleAssignmentScheduleRequests';
const GROUP_REQUESTS = '/identityGovernance/privilegedAccess/group/assignmentScheduleRequests';

type Json = Record<string, unknown>;

function activation(principalId: string, roleDefinitionId: string, extra: Json = {}): Json {
  return {
    action: 'selfActivate',
    principalId,
    roleDefinitionId,
    directoryScopeId: '/',
    justification: 'Conformance test',
    scheduleInfo: { startDateTime: new Date().toISOString(), expiration: { type: 'AfterDuration', duration: 'PT1H' } },
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<GraphError> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof GraphError)) {
    throw new Error(`expected a GraphError, got ${String(outcome)}`);
  }
  return outcome;
}

describe('simulated Graph PIM API with the real Graph client', () => {
  let tenant: SimulatedTenant;
  const tokens = new Map<string, string>();

  useTestTenant((started) => (tenant = started), 'demo');
  beforeEach(() => {
    tokens.clear();
  });

  async function token(
    username: string,
    methods: readonly string[],
    options: { claims?: string; capabilities?: string[]; scopes?: string[] } = {},
  ): Promise<string> {
    const key = JSON.stringify([username, methods, options]);
    const cached = tokens.get(key);
    if (cached !== undefined) {
      return cached;
    }
    const pca = createTenantPca(tenant, options.capabilities ?? ['cp1']);
    const result = await unattendedToken(tenant, pca, username, methods, {
      ...(options.claims === undefined ? {} : { claims: options.claims }),
      ...(options.scopes === undefined ? {} : { scopes: options.scopes }),
    });
    tokens.set(key, result.accessToken);
    return result.accessToken;
  }
  const adele = () => token(ADELE, ['windowsHello']);
  const client = (accessToken: string, retry?: RetryHandlerOptions): Client =>
    graphClientFor(tenant.graphBaseUrl, tenant.caCertPem, () => Promise.resolve(accessToken), retry);
  const noRetry = () => new RetryHandlerOptions(0, 0);

  describe('reads', () => {
    it('lists my eligible directory roles with $expand=roleDefinition in the documented shape', async () => {
      const body = (await client(await adele())
        .api(ELIGIBLE)
        .expand('roleDefinition')
        .get()) as { '@odata.context': string; value: Json[] };
      expect(body['@odata.context']).toContain('$metadata#Collection(unifiedRoleEligibilityScheduleInstance)');
      expect(body.value).toHaveLength(13);
      const globalAdmin = body.value.find((item) => item.roleDefinitionId === ROLE.globalAdmin);
      expect(globalAdmin).toMatchObject({
        '@odata.type': '#microsoft.graph.unifiedRoleEligibilityScheduleInstance',
        principalId: ADELE_ID,
        directoryScopeId: '/',
        appScopeId: null,
        endDateTime: null,
        memberType: 'Direct',
        roleDefinition: { id: ROLE.globalAdmin, displayName: 'Global Administrator', templateId: ROLE.globalAdmin },
      });
      expect(Object.keys(globalAdmin ?? {})).toEqual(
        expect.arrayContaining([
          'id',
          'principalId',
          'roleDefinitionId',
          'directoryScopeId',
          'appScopeId',
          'startDateTime',
          'endDateTime',
          'memberType',
          'roleEligibilityScheduleId',
        ]),
      );
    });

    it("accepts %27-encoded quotes in filterByCurrentUser(on='principal') and refuses other 'on' values", async () => {
      const accessToken = await adele();
      const encoded = await httpsCall(
        `${tenant.graphBaseUrl}v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on=%27principal%27)`,
        {
          method: 'GET',
          headers: { authorization: `Bearer ${accessToken}` },
          ca: tenant.caCertPem,
        },
      );
      expect(encoded.status).toBe(200);
      expect((JSON.parse(encoded.body.toString()) as { value: unknown[] }).value).toHaveLength(13);
      const wrong = await failure(
        client(accessToken).api("/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='everyone')").get(),
      );
      expect(wrong.statusCode).toBe(400);
    });

    it('lists eligibility schedules, active assignments, /me and authentication contexts', async () => {
      const graph = client(await adele());
      const schedules = (await graph
        .api("/roleManagement/directory/roleEligibilitySchedules/filterByCurrentUser(on='principal')")
        .get()) as { value: Json[] };
      expect(schedules.value[0]).toMatchObject({ status: 'Provisioned', scheduleInfo: { expiration: { type: 'noExpiration' } } });
      const active = (await graph.api(ACTIVE).get()) as { value: Json[] };
      expect(active.value).toEqual([
        expect.objectContaining({
          roleDefinitionId: ROLE.globalReader,
          assignmentType: 'Assigned',
          startDateTime: null,
          endDateTime: null,
        }),
        // Billing Administrator, assigned by an administrator until ten days after the scenario loaded (to extend).
        expect.objectContaining({
          roleDefinitionId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
          assignmentType: 'Assigned',
          endDateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as string,
        }),
      ]);
      const me = (await graph.api('/me').get()) as Json;
      expect(me).toMatchObject({ id: ADELE_ID, userPrincipalName: ADELE, displayName: 'Adele Admin' });
      const contexts = (await graph.api('/identity/conditionalAccess/authenticationContextClassReferences').get()) as { value: Json[] };
      expect(contexts.value.map((item) => item.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c6', 'c5']);
      expect(contexts.value[0]).toEqual({
        id: 'c1',
        displayName: 'Tier 0 admin: phishing-resistant',
        description: expect.any(String) as string,
        isAvailable: true,
      });
    });

    it("reads the user's own organization: one item, only id, displayName and verifiedDomains with User.Read alone", async () => {
      const graph = client(await adele());
      const list = (await graph.api('/organization').get()) as { '@odata.context': string; value: Json[] };
      expect(list['@odata.context']).toMatch(/\/v1\.0\/\$metadata#organization$/);
      expect(list.value).toHaveLength(1);
      const organization = list.value[0] ?? {};
      expect(organization).toMatchObject({
        id: TENANT_ID,
        displayName: 'Contoso (simulated tenant)',
        verifiedDomains: [expect.objectContaining({ name: 'contoso-sim.onmicrosoft.com', isDefault: true, isInitial: true })],
      });
      // Microsoft: with User.Read every other property comes back null.
      const others = Object.entries(organization).filter(([name]) => !['id', 'displayName', 'verifiedDomains'].includes(name));
      expect(others.length).toBeGreaterThan(10);
      expect(others.filter(([, value]) => value !== null)).toEqual([]);

      const selected = (await graph.api('/organization').select(['displayName']).get()) as { value: Json[] };
      expect(selected.value).toEqual([{ id: TENANT_ID, displayName: 'Contoso (simulated tenant)' }]);
      const byId = (await graph.api(`/organization/${TENANT_ID}`).get()) as Json;
      expect(byId).toMatchObject({ id: TENANT_ID, displayName: 'Contoso (simulated tenant)' });
      const other = await failure(
        client(await adele(), noRetry())
          .api('/organization/00000000-0000-0000-0000-000000000001')
          .get(),
      );
      expect([other.statusCode, other.code]).toEqual([404, 'Request_ResourceNotFound']);

      const narrow = await token(ADELE, ['windowsHello'], {
        scopes: ['https://graph.microsoft.com/RoleEligibilitySchedule.Read.Directory'],
      });
      const refused = await failure(client(narrow, noRetry()).api('/organization').get());
      expect([refused.statusCode, refused.code]).toEqual([403, 'Authorization_RequestDenied']);
    });

    it('returns the policy with its 17 rules for the documented $filter and $expand=policy($expand=rules)', async () => {
      const graph = client(await adele());
      const body = (await graph
        .api('/policies/roleManagementPolicyAssignments')
        .filter(`scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${ROLE.globalAdmin}'`)
        .expand('policy($expand=rules)')
        .get()) as { '@odata.context': string; value: Json[] };
      expect(body['@odata.context']).toContain('#policies/roleManagementPolicyAssignments(policy(rules()))');
      expect(body.value).toHaveLength(1);
      const assignment = body.value[0] as { id: string; policyId: string; scopeType: string; policy: { rules: Json[] } };
      expect(assignment.id).toBe(`${assignment.policyId}_${ROLE.globalAdmin}`);
      expect(assignment.policyId).toMatch(new RegExp(`^DirectoryRole_${tenant.tenantId}_`));
      const rules = assignment.policy.rules;
      expect(rules).toHaveLength(17);
      expect(rules.find((rule) => rule.id === 'AuthenticationContext_EndUser_Assignment')).toMatchObject({
        '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule',
        isEnabled: true,
        claimValue: 'c1',
      });
      expect(rules.find((rule) => rule.id === 'Expiration_EndUser_Assignment')).toMatchObject({
        maximumDuration: 'PT4H',
        isExpirationRequired: true,
      });

      const sharePoint = (await graph
        .api('/policies/roleManagementPolicyAssignments')
        .filter(`scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${ROLE.sharePoint}'`)
        .expand('policy($expand=rules)')
        .get()) as { value: { policy: { rules: Json[] } }[] };
      expect(sharePoint.value[0]?.policy.rules.find((rule) => rule.id === 'Enablement_EndUser_Assignment')?.enabledRules).toEqual([
        'MultiFactorAuthentication',
        'Justification',
        'Ticketing',
      ]);

      const missingFilter = await failure(graph.api('/policies/roleManagementPolicyAssignments').get());
      expect(missingFilter.statusCode).toBe(400);

      const groupPolicies = (await graph
        .api('/policies/roleManagementPolicyAssignments')
        .filter(`scopeId eq '${GROUP.breakGlass}' and scopeType eq 'Group' and roleDefinitionId eq 'member'`)
        .expand('policy($expand=rules)')
        .get()) as { value: { policyId: string; policy: { rules: Json[] } }[] };
      expect(groupPolicies.value[0]?.policyId).toMatch(new RegExp(`^Group_${GROUP.breakGlass}_`));
      expect(groupPolicies.value[0]?.policy.rules.find((rule) => rule.id === 'AuthenticationContext_EndUser_Assignment')?.claimValue).toBe(
        'c1',
      );
    });

    it('answers 403 on policies for a user without read permission, switchable per user', async () => {
      const graph = client(await token(NORA, ['password', 'authenticatorPush']));
      const request = () =>
        graph.api('/policies/roleManagementPolicyAssignments').filter("scopeId eq '/' and scopeType eq 'DirectoryRole'").get() as Promise<{
          value: unknown[];
        }>;
      const denied = await failure(request());
      expect(denied.statusCode).toBe(403);
      expect(denied.code).toBe('Authorization_RequestDenied');
      tenant.control.setPolicyReadable(NORA, true);
      expect((await request()).value.length).toBeGreaterThan(10);
    });
  });

  describe('activation rules', () => {
    it('activates, refuses a duplicate, refuses an early deactivation, then deactivates on the tenant clock', async () => {
      const graph = client(await adele(), noRetry());
      const created = (await graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.reportsReader))) as Json;
      expect(created).toMatchObject({
        status: 'Provisioned',
        action: 'selfActivate',
        principalId: ADELE_ID,
        roleDefinitionId: ROLE.reportsReader,
        directoryScopeId: '/',
        isValidationOnly: false,
        justification: 'Conformance test',
        scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT1H' } },
      });
      expect(created['@odata.context']).toContain('roleAssignmentScheduleRequests/$entity');
      const active = (await graph.api(ACTIVE).get()) as { value: Json[] };
      expect(active.value.find((item) => item.roleDefinitionId === ROLE.reportsReader)).toMatchObject({ assignmentType: 'Activated' });

      const duplicate = await failure(graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.reportsReader)));
      expect([duplicate.statusCode, duplicate.code, duplicate.message]).toEqual([
        400,
        'RoleAssignmentExists',
        'The Role assignment already exists.',
      ]);
      expect(duplicate.requestId).toBe(duplicate.headers?.get('request-id'));
      expect(JSON.parse(String(duplicate.body))).toMatchObject({
        innerError: { 'request-id': duplicate.requestId, 'client-request-id': expect.any(String) as string },
      });

      const deactivate = { action: 'selfDeactivate', principalId: ADELE_ID, roleDefinitionId: ROLE.reportsReader, directoryScopeId: '/' };
      const early = await failure(graph.api(REQUESTS).post(deactivate));
      expect([early.statusCode, early.code]).toEqual([400, 'ActiveDurationTooShort']);
      tenant.control.advanceClock(6 * 60_000);
      const revoked = (await graph.api(REQUESTS).post(deactivate)) as Json;
      expect(revoked.status).toBe('Revoked');
      const after = (await graph.api(ACTIVE).get()) as { value: Json[] };
      expect(after.value.some((item) => item.roleDefinitionId === ROLE.reportsReader)).toBe(false);
      const again = await failure(graph.api(REQUESTS).post(deactivate));
      expect(again.code).toBe('RoleAssignmentDoesNotExist');
    });

    it('reports ExpirationRule, JustificationRule + TicketingRule, MfaRule and EligibilityRule with the documented message', async () => {
      const graph = client(await adele(), noRetry());
      const tooLong = await failure(
        graph
          .api(REQUESTS)
          .post(activation(ADELE_ID, ROLE.helpdesk, { scheduleInfo: { expiration: { type: 'AfterDuration', duration: 'PT2H' } } })),
      );
      expect([tooLong.statusCode, tooLong.code, tooLong.message]).toEqual([
        400,
        'RoleAssignmentRequestPolicyValidationFailed',
        'The following policy rules failed: ["ExpirationRule"]',
      ]);

      const bare = await failure(graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.sharePoint, { justification: undefined })));
      expect(bare.message).toBe('The following policy rules failed: ["JustificationRule","TicketingRule"]');

      const paulToken = await token(PAUL, ['password']);
      expect(decodeJwt(paulToken).amr).toEqual(['pwd']);
      const mfa = await failure(client(paulToken, noRetry()).api(REQUESTS).post(activation(PAUL_ID, ROLE.exchange)));
      expect(mfa.message).toBe('The following policy rules failed: ["MfaRule"]');

      const henry = await failure(
        client(await token(HENRY, ['password', 'oath']), noRetry())
          .api(REQUESTS)
          .post(activation(HENRY_ID, ROLE.globalAdmin)),
      );
      expect(henry.message).toBe('The following policy rules failed: ["EligibilityRule"]');
    });

    it('applies backup protection: a context no CA policy targets requires MFA instead', async () => {
      const scenario = loadShippedScenario('demo') as { eligibilities: Json[] };
      scenario.eligibilities.push({ kind: 'directoryRole', user: PAUL, roleId: ROLE.intune });
      tenant.control.reset(scenario);
      const paul = await failure(
        client(await token(PAUL, ['password']), noRetry())
          .api(REQUESTS)
          .post(activation(PAUL_ID, ROLE.intune)),
      );
      expect(paul.message).toBe('The following policy rules failed: ["MfaRule"]');
      const ok = (await client(await adele(), noRetry())
        .api(REQUESTS)
        .post(activation(ADELE_ID, ROLE.intune))) as Json;
      expect(ok.status).toBe('Provisioned');
    });

    it('refuses a token without the context in each selectable form, and accepts the stepped-up token', async () => {
      const graph = client(await adele(), noRetry());
      const plain = await failure(graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.globalAdmin)));
      expect([plain.statusCode, plain.code, plain.message]).toEqual([400, 'RoleAssignmentRequestAcrsValidationFailed', PLAIN_C1_MESSAGE]);
      expect(decodeURIComponent(plain.message.slice('&claims='.length))).toBe('{"access_token":{"acrs":{"essential":true, "value":"c1"}}}');

      tenant.control.setAcrsChallengeForm('unknown-error');
      const wrapped = await failure(graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.globalAdmin)));
      expect([wrapped.statusCode, wrapped.code]).toEqual([400, 'UnknownError']);
      expect(JSON.parse(wrapped.message)).toEqual({ errorCode: 'RoleAssignmentRequestAcrsValidationFailed', message: PLAIN_C1_MESSAGE });

      tenant.control.setAcrsChallengeForm('www-authenticate');
      const challenged = await failure(graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.globalAdmin)));
      expect(challenged.statusCode).toBe(401);
      const header = challenged.headers?.get('www-authenticate') ?? '';
      expect(header).toContain('error="insufficient_claims"');
      const claims = /claims="([^"]+)"/.exec(header)?.[1] ?? '';
      expect(JSON.parse(Buffer.from(claims, 'base64').toString('utf8'))).toEqual({
        access_token: { acrs: { essential: true, value: 'c1' } },
      });
      // Graph sends claims challenges only to clients that declared cp1: without it the plain 400 comes back.
      const noCp1 = await failure(
        client(await token(ADELE, ['windowsHello'], { capabilities: [] }), noRetry())
          .api(REQUESTS)
          .post(activation(ADELE_ID, ROLE.globalAdmin)),
      );
      expect(noCp1.statusCode).toBe(400);

      const claimsRequest = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } });
      const stepped = await token(ADELE, ['passkey'], { claims: claimsRequest });
      expect(decodeJwt(stepped).acrs).toEqual(['c1']);
      const ok = (await client(stepped, noRetry()).api(REQUESTS).post(activation(ADELE_ID, ROLE.globalAdmin))) as Json;
      expect(ok.status).toBe('Provisioned');
    });

    it('optionally requires xms_cc cp1 before acrs counts', async () => {
      tenant.control.setRequireCp1ForAcrs(true);
      const claimsRequest = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } });
      const withoutCp1 = await token(ADELE, ['passkey'], { claims: claimsRequest, capabilities: [] });
      expect(decodeJwt(withoutCp1).acrs).toEqual(['c1']);
      expect(decodeJwt(withoutCp1)).not.toHaveProperty('xms_cc');
      const refused = await failure(client(withoutCp1, noRetry()).api(REQUESTS).post(activation(ADELE_ID, ROLE.globalAdmin)));
      expect(refused.code).toBe('RoleAssignmentRequestAcrsValidationFailed');
      const withCp1 = await token(ADELE, ['passkey'], { claims: claimsRequest });
      expect(((await client(withCp1, noRetry()).api(REQUESTS).post(activation(ADELE_ID, ROLE.globalAdmin))) as Json).status).toBe(
        'Provisioned',
      );
    });

    it('sends approval-required activations to PendingApproval; approve, deny and cancel work', async () => {
      const graph = client(await adele(), noRetry());
      const pending = (await graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.userAdmin))) as Json;
      expect(pending.status).toBe('PendingApproval');
      expect(pending.approvalId).toEqual(expect.any(String));
      const duplicate = await failure(graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.userAdmin)));
      expect(duplicate.code).toBe('PendingRoleAssignmentRequest');
      expect(tenant.control.requests()).toEqual([
        expect.objectContaining({ id: pending.id, status: 'PendingApproval', targetDisplayName: 'User Administrator' }),
      ]);
      tenant.control.approve(String(pending.id));
      const active = (await graph.api(ACTIVE).get()) as { value: Json[] };
      expect(active.value.some((item) => item.roleDefinitionId === ROLE.userAdmin)).toBe(true);
      const mine = (await graph.api(`${REQUESTS}/filterByCurrentUser(on='principal')`).get()) as { value: Json[] };
      expect(mine.value.find((item) => item.id === pending.id)?.status).toBe('Provisioned');

      const second = (await graph
        .api(REQUESTS)
        .post(activation(ADELE_ID, 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', { ticketInfo: { ticketNumber: 'CHG-1', ticketSystem: 'SNOW' } }))
        .catch((error: unknown) => error)) as Json | GraphError;
      // Conditional Access Administrator needs c1 first: the ACRS check comes before approval.
      expect(second).toBeInstanceOf(GraphError);

      tenant.control.reset('demo');
      const graph2 = client(await adele(), noRetry());
      const toDeny = (await graph2.api(REQUESTS).post(activation(ADELE_ID, ROLE.userAdmin))) as Json;
      expect(tenant.control.deny(String(toDeny.id)).status).toBe('Denied');
      const toCancel = (await graph2.api(REQUESTS).post(activation(ADELE_ID, ROLE.userAdmin))) as Json;
      await graph2.api(`${REQUESTS}/${String(toCancel.id)}/cancel`).post({});
      const fetched = (await graph2.api(`${REQUESTS}/${String(toCancel.id)}`).get()) as Json;
      expect(fetched.status).toBe('Canceled');
    });

    it('ends activations on the tenant clock and reflects active roles in new tokens (wids)', async () => {
      const graph = client(await adele(), noRetry());
      await graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.reportsReader));
      const fresh = await token(ADELE, ['windowsHello', 'passkey']);
      expect(decodeJwt(fresh).wids).toContain(ROLE.reportsReader);
      tenant.control.advanceClock(61 * 60_000);
      tokens.clear();
      const later = await adele();
      expect(decodeJwt(later).wids).not.toContain(ROLE.reportsReader);
      const active = (await client(later, noRetry()).api(ACTIVE).get()) as { value: Json[] };
      expect(active.value.some((item) => item.roleDefinitionId === ROLE.reportsReader)).toBe(false);
    });

    it('keeps an activation Granted until provisioning completes (configurable delay)', async () => {
      tenant.control.setActivationDelayMs(60_000);
      const graph = client(await adele(), noRetry());
      const created = (await graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.reportsReader))) as Json;
      expect(created.status).toBe('Granted');
      expect(
        ((await graph.api(ACTIVE).get()) as { value: Json[] }).value.some((item) => item.roleDefinitionId === ROLE.reportsReader),
      ).toBe(false);
      const duplicate = await failure(graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.reportsReader)));
      expect(duplicate.code).toBe('RoleAssignmentExists');
      tenant.control.advanceClock(61_000);
      expect(
        ((await graph.api(ACTIVE).get()) as { value: Json[] }).value.some((item) => item.roleDefinitionId === ROLE.reportsReader),
      ).toBe(true);
      const fetched = (await graph.api(`${REQUESTS}/${String(created.id)}`).get()) as Json;
      expect(fetched.status).toBe('Provisioned');
    });

    it('selfExtend goes to an administrator and lengthens the assignment once approved; selfRenew refuses an active one', async () => {
      const graph = client(await adele(), noRetry());
      await graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.reportsReader));
      const endOf = async () =>
        Date.parse(
          String(
            ((await graph.api(ACTIVE).get()) as { value: Json[] }).value.find((item) => item.roleDefinitionId === ROLE.reportsReader)
              ?.endDateTime,
          ),
        );
      const before = await endOf();
      const extend = (await graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.reportsReader, { action: 'selfExtend' }))) as Json;
      expect(extend).toMatchObject({ action: 'selfExtend', status: 'PendingAdminDecision' });
      tenant.control.approve(String(extend.id));
      expect((await endOf()) - before).toBe(3_600_000);
      const renew = await failure(graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.reportsReader, { action: 'SelfRenew' })));
      expect(renew.code).toBe('RoleAssignmentExists');
      const extendNothing = await failure(graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.exchange, { action: 'selfExtend' })));
      expect(extendNothing.code).toBe('RoleAssignmentDoesNotExist');
    });

    it('refuses admin actions and requests for someone else', async () => {
      const graph = client(await adele(), noRetry());
      const admin = await failure(graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.reportsReader, { action: 'adminAssign' })));
      expect(admin.statusCode).toBe(403);
      const other = await failure(graph.api(REQUESTS).post(activation(HENRY_ID, ROLE.reportsReader)));
      expect(other.statusCode).toBe(403);
      const garbage = await failure(graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.reportsReader, { action: 'becomeGod' })));
      expect([garbage.statusCode, garbage.code]).toEqual([400, 'BadRequest']);
    });

    it('validation-only requests change nothing', async () => {
      const graph = client(await adele(), noRetry());
      const checked = (await graph.api(REQUESTS).post(activation(ADELE_ID, ROLE.reportsReader, { isValidationOnly: true }))) as Json;
      expect(checked.isValidationOnly).toBe(true);
      expect(
        ((await graph.api(ACTIVE).get()) as { value: Json[] }).value.some((item) => item.roleDefinitionId === ROLE.reportsReader),
      ).toBe(false);
    });
  });

  describe('PIM for Groups', () => {
    it('lists group eligibilities with $expand=group and activates a membership', async () => {
      const graph = client(await token(HENRY, ['password', 'authenticatorPush']), noRetry());
      const eligible = (await graph
        .api("/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances/filterByCurrentUser(on='principal')")
        .expand('group')
        .get()) as {
        value: Json[];
      };
      expect(eligible.value).toEqual([
        expect.objectContaining({
          '@odata.type': '#microsoft.graph.privilegedAccessGroupEligibilityScheduleInstance',
          accessId: 'member',
          groupId: GROUP.helpdeskTier2,
          principalId: HENRY_ID,
          group: expect.objectContaining({ displayName: 'PIM - Helpdesk Tier 2' }) as unknown,
        }),
      ]);
      const created = (await graph.api(GROUP_REQUESTS).post({
        accessId: 'member',
        principalId: HENRY_ID,
        groupId: GROUP.helpdeskTier2,
        action: 'selfActivate',
        scheduleInfo: { startDateTime: new Date().toISOString(), expiration: { type: 'afterDuration', duration: 'PT2H' } },
        justification: 'Ticket queue',
      })) as Json;
      expect(created).toMatchObject({
        status: 'Provisioned',
        accessId: 'member',
        groupId: GROUP.helpdeskTier2,
        targetScheduleId: expect.stringContaining(`${GROUP.helpdeskTier2}_member_`) as string,
      });
      const active = (await graph
        .api("/identityGovernance/privilegedAccess/group/assignmentScheduleInstances/filterByCurrentUser(on='principal')")
        .get()) as { value: Json[] };
      expect(active.value).toEqual([
        expect.objectContaining({ groupId: GROUP.helpdeskTier2, accessId: 'member', assignmentType: 'Activated' }),
      ]);
    });

    it('deactivates a group membership after five minutes; owner access needs its own context', async () => {
      const henry = client(await token(HENRY, ['password', 'authenticatorPush']), noRetry());
      const base = { accessId: 'member', principalId: HENRY_ID, groupId: GROUP.helpdeskTier2 };
      await henry
        .api(GROUP_REQUESTS)
        .post({ ...base, action: 'selfActivate', scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT1H' } } });
      const early = await failure(henry.api(GROUP_REQUESTS).post({ ...base, action: 'selfDeactivate' }));
      expect(early.code).toBe('ActiveDurationTooShort');
      tenant.control.advanceClock(5 * 60_000 + 1_000);
      expect(((await henry.api(GROUP_REQUESTS).post({ ...base, action: 'selfDeactivate' })) as Json).status).toBe('Revoked');

      const owner = await failure(
        client(await adele(), noRetry())
          .api(GROUP_REQUESTS)
          .post({
            accessId: 'owner',
            principalId: ADELE_ID,
            groupId: '7a435917-cd76-49e7-a3df-51a745d9bfda',
            action: 'selfActivate',
            justification: 'owner work',
          }),
      );
      expect(owner.message).toContain(encodeURIComponent('"value":"c2"'));
    });

    it('refuses a group membership that needs a context, in the group form selected', async () => {
      const graph = client(await adele(), noRetry());
      const body = {
        accessId: 'member',
        principalId: ADELE_ID,
        groupId: GROUP.breakGlass,
        action: 'selfActivate',
        justification: 'x',
        ticketInfo: { ticketNumber: 'INC-1' },
      };
      const plain = await failure(graph.api(GROUP_REQUESTS).post(body));
      expect(plain.code).toBe('RoleAssignmentRequestAcrsValidationFailed');
      tenant.control.setAcrsChallengeForm('unknown-error');
      const wrapped = await failure(graph.api(GROUP_REQUESTS).post(body));
      expect(wrapped.code).toBe('UnknownError');
    });
  });

  describe('$batch and paging', () => {
    it('runs up to 20 requests with per-item status and refuses 21', async () => {
      const graph = client(await adele(), noRetry());
      const result = (await graph.api('/$batch').post({
        requests: [
          { id: '1', method: 'GET', url: '/me' },
          { id: '2', method: 'GET', url: ELIGIBLE },
          {
            id: '3',
            method: 'GET',
            url: "/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole'&$expand=policy($expand=rules)",
          },
          {
            id: '4',
            method: 'POST',
            url: REQUESTS,
            body: activation(ADELE_ID, ROLE.globalAdmin),
            headers: { 'Content-Type': 'application/json' },
          },
          { id: '5', method: 'GET', url: '/me', dependsOn: ['4'] },
        ],
      })) as { responses: { id: string; status: number; body: Json }[] };
      const byId = new Map(result.responses.map((item) => [item.id, item]));
      expect(byId.get('1')?.status).toBe(200);
      expect((byId.get('2')?.body.value as unknown[]).length).toBe(13);
      expect((byId.get('3')?.body.value as unknown[]).length).toBeGreaterThan(10);
      expect(byId.get('4')?.status).toBe(400);
      expect((byId.get('4')?.body.error as Json).code).toBe('RoleAssignmentRequestAcrsValidationFailed');
      expect(byId.get('5')?.status).toBe(424);
      const journal = tenant.control.journal().filter((entry) => entry.batchItemId !== null);
      expect(journal.map((entry) => entry.batchItemId)).toEqual(['1', '2', '3', '4', '5']);
      expect(journal.find((entry) => entry.batchItemId === '4')?.action).toBe('selfActivate');

      const tooMany = await failure(
        graph
          .api('/$batch')
          .post({ requests: Array.from({ length: 21 }, (_, index) => ({ id: String(index + 1), method: 'GET', url: '/me' })) }),
      );
      expect(tooMany.statusCode).toBe(400);
    });

    it('pages with @odata.nextLink at the configured page size (PageIterator follows it)', async () => {
      tenant.control.setGraphPageSize(5);
      const graph = client(await adele(), noRetry());
      const first = (await graph.api(ELIGIBLE).get()) as PageCollection;
      expect(first.value).toHaveLength(5);
      expect(first['@odata.nextLink']).toContain('$skiptoken=');
      const ids: string[] = [];
      const iterator = new PageIterator(graph, first, (item: Json) => {
        ids.push(String(item.id));
        return true;
      });
      await iterator.iterate();
      expect(new Set(ids).size).toBe(13);
      const pages = tenant.control.journal().filter((entry) => entry.path.includes('roleEligibilityScheduleInstances'));
      expect(pages).toHaveLength(3);
    });
  });

  describe('bearer validation', () => {
    it('answers 401 for a missing, tampered or expired token and 403 for a missing scope', async () => {
      const url = `${tenant.graphBaseUrl}v1.0${ELIGIBLE}`;
      const missing = await httpsCall(url, { method: 'GET', ca: tenant.caCertPem });
      expect(missing.status).toBe(401);
      expect(missing.headers['www-authenticate']).toContain('Bearer');
      expect(JSON.parse(missing.body.toString())).toMatchObject({
        error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' },
      });

      const accessToken = await adele();
      const [header, payload] = accessToken.split('.');
      const forged = `${header ?? ''}.${Buffer.from(JSON.stringify({ ...decodeJwt(accessToken), oid: HENRY_ID })).toString('base64url')}.${accessToken.split('.')[2] ?? ''}`;
      expect(payload).toBeDefined();
      const tampered = await failure(client(forged, noRetry()).api(ELIGIBLE).get());
      expect([tampered.statusCode, tampered.code]).toEqual([401, 'InvalidAuthenticationToken']);

      const narrow = await token(ADELE, ['windowsHello'], { scopes: ['https://graph.microsoft.com/User.Read'] });
      const forbidden = await failure(client(narrow, noRetry()).api(ELIGIBLE).get());
      expect(forbidden.statusCode).toBe(403);

      tenant.control.advanceClock(2 * 3_600_000);
      const expired = await failure(client(accessToken, noRetry()).api(ELIGIBLE).get());
      expect([expired.statusCode, expired.message]).toEqual([401, 'Lifetime validation failed, the token is expired.']);
    });
  });
});
