/**
 * Asking to extend an administrator's time-bound assignment (`selfExtend`), with real MSAL, the real Graph client and
 * the simulated tenant: the request reaches PIM with the chosen duration and Reason, waits for an administrator
 * (`PendingAdminDecision`), and is listed among the pending requests; activations and permanent assignments are
 * refused as data before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { PATHS } from '../../../src/core/pim/graph-paths';
import { ADELE, ROLE, roleKey, signedInPerTest } from './engine-fixture';

const BILLING_ADMIN = 'b0f54661-2d74-4c50-afa3-1ec803f12efe';
const GLOBAL_READER = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451';

const signedIn = signedInPerTest(ADELE, ['password', 'authenticatorPush']);

type WireRequest = { id: string; action: string; status: string; justification: string | null; scheduleInfo: unknown };

describe('requesting an extension', () => {
  it('sends selfExtend with the chosen duration and Reason, which waits for an administrator and is listed as pending', async () => {
    const f = await signedIn();
    const roles = await f.engine.listRoles();
    const billing = roles.ok ? roles.value.active.find((a) => a.id === roleKey(BILLING_ADMIN)) : undefined;
    expect(billing).toMatchObject({ assignmentType: 'Assigned', endDateTime: expect.any(String) as string });
    const from = f.lastSeq();

    const outcome = await f.handlers['activation:request-extension']({
      roleId: roleKey(BILLING_ADMIN),
      duration: 'pt6h',
      justification: 'Quarter-end invoices (FIN-12)',
    });

    expect(outcome.ok && outcome.value).toEqual({
      roleId: roleKey(BILLING_ADMIN),
      requestId: expect.any(String) as string,
      status: 'PendingAdminDecision',
    });
    const requestId = outcome.ok ? outcome.value.requestId : '';
    expect(f.activationPosts(from).map((p) => [p.action, p.status])).toEqual([['selfExtend', 201]]);
    // What PIM holds, read back from Graph: the canonical duration and the Reason as typed.
    const mine = await f.engine.readGraph('read', (graph, token) => graph.getAll<WireRequest>(PATHS.roleAssignmentRequestsMine, token));
    const sent = mine.ok ? mine.value.find((r) => r.id === requestId) : undefined;
    expect(sent).toMatchObject({
      action: 'selfExtend',
      status: 'PendingAdminDecision',
      justification: 'Quarter-end invoices (FIN-12)',
      scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT6H' } },
    });
    const pending = await f.handlers['activation:list-pending']();
    expect(pending.ok && pending.value.map((p) => [p.requestId, p.roleId, p.displayName, p.status])).toEqual([
      [requestId, roleKey(BILLING_ADMIN), 'Billing Administrator', 'PendingAdminDecision'],
    ]);
  });

  it('runs beside an activation that steps up, both in flight: the sign-ins take turns, neither is refused as busy', async () => {
    const f = await signedIn();
    // Security Administrator wants a fresh passwordless sign-in (c3), which the password and push session lacks.
    f.tenant.control.setUnattended({ username: ADELE, methods: ['passkey'] });
    const promptsBefore = f.engine.prompts();
    const from = f.lastSeq();
    const [activation, extension] = await Promise.all([
      f.handlers['activation:activate']({
        roleIds: [roleKey(ROLE.securityAdmin)],
        duration: 'PT1H',
        justification: 'App registration review (CHG-31)',
      }),
      f.handlers['activation:request-extension']({
        roleId: roleKey(BILLING_ADMIN),
        duration: 'PT4H',
        justification: 'Quarter-end invoices (FIN-13)',
      }),
    ]);
    expect(activation.ok && activation.value.outcomes.map((o) => [o.roleId, o.status]), JSON.stringify(activation)).toEqual([
      [roleKey(ROLE.securityAdmin), 'active'],
    ]);
    expect(extension.ok && extension.value.status, JSON.stringify(extension)).toBe('PendingAdminDecision');
    // The activation stepped up for c3 in the browser; the extension's MFA proof came with it or on its own turn.
    const prompts = f.engine.prompts() - promptsBefore;
    expect(prompts).toBeGreaterThanOrEqual(1);
    expect(prompts).toBeLessThanOrEqual(2);
    expect(
      f
        .activationPosts(from)
        .filter((p) => p.status === 201)
        .map((p) => p.action)
        .sort(),
    ).toEqual(['selfActivate', 'selfExtend']);
  });

  it('refuses an activation and a permanent assignment as data, without sending anything', async () => {
    const f = await signedIn();
    const activated = await f.engine.activate({
      roleIds: [roleKey(ROLE.reportsReader)],
      duration: 'PT1H',
      justification: 'Monthly report',
    });
    expect(activated.ok && activated.value.outcomes[0]?.status).toBe('active');
    const from = f.lastSeq();

    const again = await f.engine.requestExtension({ roleId: roleKey(ROLE.reportsReader), duration: 'PT2H', justification: 'More time' });
    expect(!again.ok && [again.error.code, again.error.message]).toEqual([
      'pim/not-active',
      'An activation cannot be lengthened; activate it again when it ends.',
    ]);
    const permanent = await f.engine.requestExtension({ roleId: roleKey(GLOBAL_READER), duration: 'PT2H', justification: 'More time' });
    expect(!permanent.ok && permanent.error.code).toBe('input/invalid');
    expect(f.activationPosts(from)).toEqual([]);
  });

  it('refuses a bad duration or an empty Reason before anything is sent', async () => {
    const f = await signedIn();
    const longer = await f.handlers['activation:request-extension']({
      roleId: roleKey(BILLING_ADMIN),
      duration: 'P1Y',
      justification: 'x',
    });
    expect(!longer.ok && longer.error.code).toBe('input/invalid');
    const blank = await f.engine.requestExtension({ roleId: roleKey(BILLING_ADMIN), duration: 'PT1H', justification: '  ' });
    expect(!blank.ok && blank.error.issues?.map((i) => i.path)).toEqual(['justification']);
  });
});
