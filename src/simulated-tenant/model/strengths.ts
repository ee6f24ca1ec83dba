/**
 * Conditional Access authentication strengths: the built-in three and the rule that decides whether completed methods
 * satisfy one.
 *
 * Why: a CA policy binds an authentication context to a strength; the step-up page offers only methods that can
 * satisfy it, and tokens carry `acrs` only for contexts whose strength was met within the policy's sign-in frequency.
 */
import type { SignInMethod } from './methods';

export type AuthenticationStrength = {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  /** Each combination is a set of methods that together satisfy the strength. */
  readonly combinations: readonly (readonly SignInMethod[])[];
  readonly builtIn: boolean;
};

/** Built-in strengths with Entra's ids; scenarios may also name them by alias (`mfa`, `passwordlessMfa`, `phishingResistantMfa`). */
export const BUILT_IN_STRENGTHS: readonly AuthenticationStrength[] = [
  {
    id: '00000000-0000-0000-0000-000000000002',
    displayName: 'Multifactor authentication',
    description: 'Combinations of methods that satisfy strong authentication, such as a password + a second factor.',
    combinations: [['windowsHello'], ['passkey'], ['authenticatorPasswordless'], ['password', 'authenticatorPush'], ['password', 'oath']],
    builtIn: true,
  },
  {
    id: '00000000-0000-0000-0000-000000000003',
    displayName: 'Passwordless MFA',
    description: 'Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with Microsoft Authenticator.',
    combinations: [['windowsHello'], ['passkey'], ['authenticatorPasswordless']],
    builtIn: true,
  },
  {
    id: '00000000-0000-0000-0000-000000000004',
    displayName: 'Phishing-resistant MFA',
    description: 'Phishing-resistant, passwordless methods for the strongest authentication, such as a FIDO2 security key.',
    combinations: [['windowsHello'], ['passkey']],
    builtIn: true,
  },
];

export const STRENGTH_ALIASES: Readonly<Record<string, string>> = {
  mfa: '00000000-0000-0000-0000-000000000002',
  passwordlessMfa: '00000000-0000-0000-0000-000000000003',
  phishingResistantMfa: '00000000-0000-0000-0000-000000000004',
};

/** Whether the completed methods contain one of the strength's combinations. */
export function strengthSatisfied(strength: AuthenticationStrength, completed: ReadonlySet<SignInMethod>): boolean {
  return strength.combinations.some((combination) => combination.every((method) => completed.has(method)));
}

/** Methods (among those the user has registered) that appear in some combination of the strength. */
export function methodsThatCanSatisfy(strength: AuthenticationStrength, registered: readonly SignInMethod[]): SignInMethod[] {
  const useful = new Set<SignInMethod>();
  for (const combination of strength.combinations) {
    if (combination.every((method) => registered.includes(method))) {
      combination.forEach((method) => useful.add(method));
    }
  }
  return registered.filter((method) => useful.has(method));
}
