/**
 * The decisions Entra makes during a sign-in: is the session multifactor, which authentication contexts are satisfied
 * (strength + sign-in frequency), what goes into `amr`.
 *
 * Why separate: the interactive pages, unattended sign-in and the refresh-token grant must decide identically.
 */
import { FIRST_FACTOR_METHODS, METHOD_AMR, type SignInMethod } from '../model/methods';
import { BUILT_IN_STRENGTHS, strengthSatisfied, type AuthenticationStrength } from '../model/strengths';
import type { MethodRecord, TenantModel, UserRecord } from '../model/tenant-model';

const MFA_STRENGTH = BUILT_IN_STRENGTHS[0] as AuthenticationStrength;

export function methodSet(records: readonly MethodRecord[]): Set<SignInMethod> {
  return new Set(records.map((record) => record.method));
}

export function isMultifactor(records: readonly MethodRecord[]): boolean {
  return strengthSatisfied(MFA_STRENGTH, methodSet(records));
}

export function hasFirstFactor(records: readonly MethodRecord[]): boolean {
  return records.some((record) => FIRST_FACTOR_METHODS.has(record.method));
}

/** `amr` for completed methods, Entra style (`["pwd","rsa","mfa"]`). */
export function amrFor(records: readonly MethodRecord[]): string[] {
  const values = new Set<string>();
  for (const record of records) {
    METHOD_AMR[record.method].forEach((value) => values.add(value));
  }
  if (isMultifactor(records)) {
    values.add('mfa');
  }
  return [...values];
}

export type UnsatisfiedContext = {
  readonly contextId: string;
  readonly contextDisplayName: string;
  readonly policyDisplayName: string;
  readonly strength: AuthenticationStrength;
  readonly signInFrequency: 'everyTime' | { minutes: number } | null;
};

/**
 * The first requested context the methods do not satisfy, or null when all are satisfied.
 * `transactionStart` is when the current interactive sign-in began; `null` for a refresh-token grant, where a
 * sign-in frequency of "every time" can never be satisfied.
 */
export function firstUnsatisfiedContext(
  model: TenantModel,
  user: UserRecord,
  requested: readonly string[],
  records: readonly MethodRecord[],
  transactionStart: Date | null,
  now: Date,
): UnsatisfiedContext | null {
  for (const contextId of requested) {
    const requirement = model.caRequirement(contextId, user);
    for (const policy of requirement.policies) {
      const fresh = records.filter((record) => {
        const frequency = policy.signInFrequency;
        if (frequency === null) {
          return true;
        }
        if (frequency === 'everyTime') {
          return transactionStart !== null && record.at.getTime() >= transactionStart.getTime();
        }
        return record.at.getTime() >= now.getTime() - frequency.minutes * 60_000;
      });
      if (!strengthSatisfied(policy.strength, methodSet(fresh))) {
        return {
          contextId,
          contextDisplayName: model.contextDisplayName(contextId),
          policyDisplayName: policy.displayName,
          strength: policy.strength,
          signInFrequency: policy.signInFrequency,
        };
      }
    }
  }
  return null;
}

/** Methods the user has that would make the completed set multifactor. */
export function methodsCompletingMfa(user: UserRecord, records: readonly MethodRecord[]): SignInMethod[] {
  const done = methodSet(records);
  return user.methods.filter((method) => {
    const candidate = new Set(done);
    candidate.add(method);
    return strengthSatisfied(MFA_STRENGTH, candidate);
  });
}
