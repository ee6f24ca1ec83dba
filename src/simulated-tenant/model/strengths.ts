/**
 * Conditional Access authentication strengths, held as Microsoft Graph serves them (`allowedCombinations` of
 * authentication method modes, e.g. `password,microsoftAuthenticatorPush`), and the rules that decide whether the
 * simulated methods a person completed satisfy one.
 *
 * Why one table: Graph's `policies/authenticationStrengthPolicies` and `identity/conditionalAccess/policies` serve
 * these very combinations, and the step-up page offers exactly the methods they allow, so what a client reads and
 * what the sign-in then accepts cannot drift apart.
 */
import type { SignInMethod } from './methods';

export type AuthenticationStrength = {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  /** Graph's `allowedCombinations`: each entry a comma-joined set of method modes that together satisfy the strength. */
  readonly allowedCombinations: readonly string[];
  readonly builtIn: boolean;
};

/**
 * The authentication method mode (Graph's `authenticationMethodModes`) each simulated method is. Modes without a
 * simulated method (SMS, voice, certificates, Temporary Access Pass, federation) can appear in a strength but no
 * simulated person can complete them.
 */
export const METHOD_MODE: Readonly<Record<SignInMethod, string>> = {
  password: 'password',
  authenticatorPush: 'microsoftAuthenticatorPush',
  authenticatorPasswordless: 'deviceBasedPush',
  oath: 'softwareOath',
  passkey: 'fido2',
  windowsHello: 'windowsHelloForBusiness',
};

const METHOD_OF_MODE: ReadonlyMap<string, SignInMethod> = new Map(
  (Object.entries(METHOD_MODE) as [SignInMethod, string][]).map(([method, mode]) => [mode, method]),
);

/** Built-in strengths with Entra's ids and combinations as Microsoft documents them; scenarios may also name them by alias. */
export const BUILT_IN_STRENGTHS: readonly AuthenticationStrength[] = [
  {
    id: '00000000-0000-0000-0000-000000000002',
    displayName: 'Multifactor authentication',
    description: 'Combinations of methods that satisfy strong authentication, such as a password + SMS',
    allowedCombinations: [
      'windowsHelloForBusiness',
      'fido2',
      'x509CertificateMultiFactor',
      'deviceBasedPush',
      'temporaryAccessPassOneTime',
      'temporaryAccessPassMultiUse',
      'password,microsoftAuthenticatorPush',
      'password,softwareOath',
      'password,hardwareOath',
      'password,x509CertificateSingleFactor',
      'password,x509CertificateMultiFactor',
      'password,sms',
      'password,voice',
      'federatedMultiFactor',
      'microsoftAuthenticatorPush,federatedSingleFactor',
      'softwareOath,federatedSingleFactor',
      'hardwareOath,federatedSingleFactor',
      'sms,federatedSingleFactor',
      'voice,federatedSingleFactor',
    ],
    builtIn: true,
  },
  {
    id: '00000000-0000-0000-0000-000000000003',
    displayName: 'Passwordless MFA',
    description: 'Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with the Microsoft Authenticator',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor', 'deviceBasedPush'],
    builtIn: true,
  },
  {
    id: '00000000-0000-0000-0000-000000000004',
    displayName: 'Phishing-resistant MFA',
    description: 'Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
    builtIn: true,
  },
];

export const STRENGTH_ALIASES: Readonly<Record<string, string>> = {
  mfa: '00000000-0000-0000-0000-000000000002',
  passwordlessMfa: '00000000-0000-0000-0000-000000000003',
  phishingResistantMfa: '00000000-0000-0000-0000-000000000004',
};

/** A scenario's combination of simulated methods as Graph writes it (`password,microsoftAuthenticatorPush`). */
export function combinationOf(methods: readonly SignInMethod[]): string {
  return methods.map((method) => METHOD_MODE[method]).join(',');
}

/** A combination's simulated methods, or null when one of its modes has no simulated method. */
function methodsOf(combination: string): SignInMethod[] | null {
  const methods: SignInMethod[] = [];
  for (const mode of combination.split(',')) {
    const method = METHOD_OF_MODE.get(mode.trim());
    if (method === undefined) {
      return null;
    }
    methods.push(method);
  }
  return methods;
}

/** Whether the completed methods contain one of the strength's combinations. */
export function strengthSatisfied(strength: AuthenticationStrength, completed: ReadonlySet<SignInMethod>): boolean {
  return strength.allowedCombinations.some((combination) => methodsOf(combination)?.every((method) => completed.has(method)) ?? false);
}

/** Methods (among those the user has registered) that appear in a combination the user can complete. */
export function methodsThatCanSatisfy(strength: AuthenticationStrength, registered: readonly SignInMethod[]): SignInMethod[] {
  const useful = new Set<SignInMethod>();
  for (const combination of strength.allowedCombinations) {
    const methods = methodsOf(combination);
    if (methods !== null && methods.every((method) => registered.includes(method))) {
      methods.forEach((method) => useful.add(method));
    }
  }
  return registered.filter((method) => useful.has(method));
}
