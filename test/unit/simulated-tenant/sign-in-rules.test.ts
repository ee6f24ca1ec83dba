import { describe, expect, it } from 'vitest';
import {
  amrFor,
  firstUnsatisfiedContext,
  isMultifactor,
  methodsCompletingMfa,
} from '../../../src/simulated-tenant/authority/sign-in-rules';
import { TenantClock, TenantModel, type MethodRecord } from '../../../src/simulated-tenant/model/tenant-model';
import { BUILT_IN_STRENGTHS, methodsThatCanSatisfy } from '../../../src/simulated-tenant/model/strengths';
import { loadShippedScenario, parseScenario } from '../../../src/simulated-tenant';
import type { SignInMethod } from '../../../src/simulated-tenant';

function model(): TenantModel {
  const parsed = parseScenario(loadShippedScenario('demo'));
  if (!parsed.ok) {
    throw new Error(parsed.errors.join('\n'));
  }
  return new TenantModel(parsed.scenario, new TenantClock());
}
const at = (method: SignInMethod, date: Date): MethodRecord => ({ method, at: date });

describe('sign-in rules', () => {
  const tenant = model();
  const adele = tenant.userByName('adele.admin@contoso-sim.onmicrosoft.com')!;
  const now = tenant.clock.now();
  const earlier = new Date(now.getTime() - 20 * 60_000);
  const older = new Date(now.getTime() - 75 * 60_000);

  it('computes amr and multifactor like Entra', () => {
    expect(amrFor([at('password', now)])).toEqual(['pwd']);
    expect(amrFor([at('password', now), at('authenticatorPush', now)])).toEqual(['pwd', 'rsa', 'mfa']);
    expect(amrFor([at('windowsHello', now)])).toEqual(['rsa', 'ngcmfa', 'mfa']);
    expect(isMultifactor([at('password', now), at('oath', now)])).toBe(true);
    expect(isMultifactor([at('oath', now)])).toBe(false);
    expect(methodsCompletingMfa(tenant.userByName('henry.helpdesk@contoso-sim.onmicrosoft.com')!, [at('password', now)])).toEqual([
      'authenticatorPush',
      'oath',
    ]);
  });

  it('sign-in frequency "every time" is met only by methods of the current sign-in, never on refresh', () => {
    const methods = [at('windowsHello', earlier)];
    expect(firstUnsatisfiedContext(tenant, adele, ['c1'], methods, new Date(earlier.getTime() - 1), now)).toBeNull();
    expect(firstUnsatisfiedContext(tenant, adele, ['c1'], methods, now, now)?.contextId).toBe('c1');
    expect(firstUnsatisfiedContext(tenant, adele, ['c1'], methods, null, now)).toMatchObject({
      contextId: 'c1',
      signInFrequency: 'everyTime',
    });
  });

  it('a custom strength ignores methods outside it; a minutes window expires', () => {
    expect(firstUnsatisfiedContext(tenant, adele, ['c2'], [at('windowsHello', now)], now, now)?.strength.displayName).toBe(
      'Passkey or Authenticator passwordless',
    );
    expect(firstUnsatisfiedContext(tenant, adele, ['c2'], [at('passkey', now)], now, now)).toBeNull();
    expect(firstUnsatisfiedContext(tenant, adele, ['c3'], [at('windowsHello', earlier)], null, now)).toBeNull();
    expect(firstUnsatisfiedContext(tenant, adele, ['c3'], [at('windowsHello', older)], null, now)?.contextId).toBe('c3');
  });

  it('contexts without an enforcing CA policy are satisfied; backup protection depends on any policy existing', () => {
    expect(firstUnsatisfiedContext(tenant, adele, ['c4', 'c6'], [at('password', older)], null, now)).toBeNull();
    expect(tenant.contextTargetedByAnyPolicy('c4')).toBe(false);
    expect(tenant.contextTargetedByAnyPolicy('c6')).toBe(true);
  });

  it('offers only methods that can satisfy a strength', () => {
    const phishingResistant = BUILT_IN_STRENGTHS[2]!;
    expect(methodsThatCanSatisfy(phishingResistant, adele.methods)).toEqual(['windowsHello', 'passkey']);
    expect(methodsThatCanSatisfy(BUILT_IN_STRENGTHS[0]!, ['password', 'oath'])).toEqual(['password', 'oath']);
    expect(methodsThatCanSatisfy(phishingResistant, ['password', 'oath'])).toEqual([]);
  });
});
