/**
 * Sign-in methods the simulated tenant offers, and what each puts in the token's `amr` claim.
 *
 * Why a closed list: authentication strengths are combinations of these methods, and the pages offer only methods
 * that satisfy the strength a context requires.
 */
export const SIGN_IN_METHODS = ['password', 'authenticatorPush', 'authenticatorPasswordless', 'oath', 'passkey', 'windowsHello'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

export function isSignInMethod(value: string): value is SignInMethod {
  return (SIGN_IN_METHODS as readonly string[]).includes(value);
}

/** Human names used on the pages. */
export const METHOD_DISPLAY_NAMES: Readonly<Record<SignInMethod, string>> = {
  password: 'Password',
  authenticatorPush: 'Microsoft Authenticator notification (number matching)',
  authenticatorPasswordless: 'Microsoft Authenticator passwordless sign-in',
  oath: 'Verification code from an authenticator app (OATH)',
  passkey: 'Passkey / FIDO2 security key',
  windowsHello: 'Windows Hello for Business',
};

/**
 * `amr` values per method (docs/protocol.md, "Claims requests and token claims"). `fido` is not in Microsoft's documented list but is what
 * real tokens show for FIDO2; `mfa` is added separately when the completed methods together are multifactor.
 */
export const METHOD_AMR: Readonly<Record<SignInMethod, readonly string[]>> = {
  password: ['pwd'],
  authenticatorPush: ['rsa'],
  authenticatorPasswordless: ['rsa'],
  oath: ['otp'],
  passkey: ['fido'],
  windowsHello: ['rsa', 'ngcmfa'],
};

/** Methods that are multifactor on their own (possession + inherence/knowledge in one gesture). */
export const MULTIFACTOR_METHODS: ReadonlySet<SignInMethod> = new Set(['authenticatorPasswordless', 'passkey', 'windowsHello']);

/** Methods usable as the first factor (on the sign-in page, before any second method). */
export const FIRST_FACTOR_METHODS: ReadonlySet<SignInMethod> = new Set([
  'password',
  'authenticatorPasswordless',
  'passkey',
  'windowsHello',
]);
