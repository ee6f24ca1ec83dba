/**
 * The tenant by name: the engine reads the signed-in person's organisation (Graph `GET /organization`, allowed by
 * User.Read) and every session it hands out carries its name and domain, the sign-in result, the session read and
 * the session:changed event alike. A read that fails leaves the name unknown and never fails the session.
 */
import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../src/shared/domain/session';
import { tenantLabel } from '../../../src/shared/rules/tenant-label';
import type { Fixture } from './engine-fixture';
import { ADELE, startFixture, closeFixturesAfterEachTest } from './engine-fixture';

let fixture: Fixture | null = null;
closeFixturesAfterEachTest();

const organizationReads = (f: Fixture) => f.tenant.control.journal().filter((entry) => entry.path.startsWith('/v1.0/organization'));

describe('the tenant by name', () => {
  it('names the organisation on the sign-in result, the session read and the session event, reading Graph once', async () => {
    fixture = await startFixture({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    const signedIn = await fixture.engine.signIn();
    expect(signedIn).toMatchObject({
      ok: true,
      value: { username: ADELE, tenantName: 'Contoso (simulated tenant)', tenantDomain: 'contoso-sim.onmicrosoft.com' },
    });
    const read = await fixture.engine.readSession();
    expect(read).toMatchObject({ ok: true, value: { tenantName: 'Contoso (simulated tenant)' } });
    expect(await fixture.engine.session()).toMatchObject({ tenantName: 'Contoso (simulated tenant)' });

    const named = fixture.events
      .filter((event) => event.channel === 'session:changed')
      .map((event) => event.payload as SessionSummary | null);
    expect(named.at(-1)).toMatchObject({ username: ADELE, tenantName: 'Contoso (simulated tenant)' });
    // Kept per tenant: one read however often the session is asked for.
    expect(organizationReads(fixture)).toHaveLength(1);
  });

  it('leaves the name unknown when the read fails, and says "your organisation" rather than an id', async () => {
    fixture = await startFixture({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    fixture.tenant.control.injectFault({ kind: 'malformed-json', path: '/v1.0/organization', surface: 'graph', times: null });
    const signedIn = await fixture.engine.signIn();
    expect(signedIn.ok).toBe(true);
    const session = signedIn.ok ? signedIn.value : null;
    expect(session).toMatchObject({ username: ADELE, tenantName: null, tenantDomain: null });
    expect(tenantLabel(session ?? { tenantName: null, tenantDomain: null })).toBe('your organisation');

    // Read again at the next ask once Graph answers.
    fixture.tenant.control.clearFaults();
    expect(await fixture.engine.session()).toMatchObject({ tenantName: 'Contoso (simulated tenant)' });
  });

  it('tries the name once when Graph is unavailable, so the sign-in is not held by the read retries', async () => {
    fixture = await startFixture({ unattended: { username: ADELE, methods: ['password', 'authenticatorPush'] } });
    fixture.tenant.control.injectFault({ kind: 'gateway-timeout', path: '/v1.0/organization', surface: 'graph', times: null });
    const signedIn = await fixture.engine.signIn();
    expect(signedIn).toMatchObject({ ok: true, value: { username: ADELE, tenantName: null } });
    // The sign-in result and the session event may each ask once; neither retries (the read policy would try 5 times).
    expect(organizationReads(fixture).length).toBeGreaterThanOrEqual(1);
    expect(organizationReads(fixture).length).toBeLessThanOrEqual(2);
  });
});
