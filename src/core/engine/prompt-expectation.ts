/**
 * "What will be asked", in words, from facts only: the methods a context's Conditional Access policies accept (their
 * authentication strengths, read from Graph) and how the current session signed in (its `amr`). When the facts
 * could not be read, it says so; it never infers methods from a context's name or description.
 */
import { ORGANISATION_DECIDES } from '../../shared/domain/activation';
import type { PromptExpectation } from '../../shared/domain/activation';
import type { AuthEvidence } from '../../shared/domain/session';
import type { ContextDemand } from '../pim/sign-in-facts';

export { ORGANISATION_DECIDES };

export const NOT_ENFORCED = 'no extra sign-in: no Conditional Access policy enforces this context for you';

/** Graph's authentication method modes as people know them. */
const MODE_NAMES: Readonly<Record<string, string>> = {
  windowsHelloForBusiness: 'Windows Hello',
  fido2: 'passkey',
  x509CertificateMultiFactor: 'certificate',
  x509CertificateSingleFactor: 'single-factor certificate',
  deviceBasedPush: 'Authenticator passwordless',
  microsoftAuthenticatorPush: 'Authenticator notification',
  softwareOath: 'authenticator app code',
  hardwareOath: 'hardware token code',
  sms: 'text message',
  voice: 'phone call',
  email: 'email code',
  password: 'password',
  temporaryAccessPassOneTime: 'Temporary Access Pass',
  temporaryAccessPassMultiUse: 'Temporary Access Pass',
  federatedSingleFactor: 'your federated sign-in',
  federatedMultiFactor: 'federated multifactor sign-in',
  qrCodePin: 'QR code and PIN',
};

const PHISHING_RESISTANT = new Set(['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor']);
const NEEDS_PASSWORD = new Set(['password', 'federatedSingleFactor']);
/** Beyond this many combinations a list stops helping; the strength's kind and the session note say enough. */
const LIST_LIMIT = 5;

function listOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

function combinationText(combination: readonly string[]): string {
  return combination.map((mode) => MODE_NAMES[mode] ?? mode).join(' + ');
}

/**
 * Which `amr` values show a method mode was used. Only unambiguous ones: `rsa` is any Authenticator or Windows Hello
 * gesture, so it shows the notification only beside a password; `deviceBasedPush` is never taken as shown.
 */
const SHOWN_BY: Readonly<Record<string, (amr: readonly string[]) => boolean>> = {
  password: (amr) => amr.includes('pwd'),
  fido2: (amr) => amr.includes('fido'),
  windowsHelloForBusiness: (amr) => amr.includes('ngcmfa') || amr.includes('hwk'),
  softwareOath: (amr) => amr.includes('otp'),
  hardwareOath: (amr) => amr.includes('otp'),
  microsoftAuthenticatorPush: (amr) => amr.includes('rsa') && amr.includes('pwd'),
  x509CertificateMultiFactor: (amr) => amr.includes('x509') && amr.includes('mfa'),
};

/**
 * Whether the current session already meets a context's demand, so the step-up will come silently: one accepted
 * combination is shown by its `amr`, and the proof is recent enough for the policies' sign-in frequency ("every
 * time" never is). A display hint for the plan; PIM and the sign-in page decide.
 */
export function sessionMeets(demand: ContextDemand, evidence: AuthEvidence | null, now: Date): boolean {
  if (demand.kind !== 'methods' || evidence === null) {
    return false;
  }
  if (demand.frequency === 'everyTime') {
    return false;
  }
  if (demand.frequency !== null) {
    const at = evidence.authenticatedAt === null ? Number.NaN : Date.parse(evidence.authenticatedAt);
    if (!(now.getTime() - at <= demand.frequency.withinMs)) {
      return false;
    }
  }
  return demand.combinations.some((combination) => combination.every((mode) => SHOWN_BY[mode]?.(evidence.methods) ?? false));
}

/** What the current sign-in lacks, from its `amr` (display only), or null when it says nothing useful. */
export function sessionNote(evidence: AuthEvidence | null): string | null {
  if (evidence === null || evidence.methods.length === 0 || evidence.methods.includes('mfa')) {
    return null;
  }
  return evidence.methods.every((m) => m === 'pwd') ? 'your current one used only a password' : 'your current one was not multifactor';
}

function withNote(head: string, details: readonly string[]): string {
  const parts = details.filter((d) => d !== '');
  return parts.length === 0 ? head : `${head} (${parts.join('; ')})`;
}

/** A multifactor sign-in: the MFA rule, PIM's backup protection, or the grant control `mfa`. */
export function mfaExpectation(accepts: PromptExpectation['accepts'], evidence: AuthEvidence | null): PromptExpectation {
  return { text: withNote('an MFA sign-in', [sessionNote(evidence) ?? '']), accepts };
}

/** A sign-in with one of these combinations, named by its kind and, when short enough, its methods. */
function methodsExpectation(
  combinations: readonly (readonly string[])[],
  multifactor: boolean,
  evidence: AuthEvidence | null,
): PromptExpectation {
  const phishingResistant = combinations.length > 0 && combinations.every((c) => c.length === 1 && PHISHING_RESISTANT.has(c[0] ?? ''));
  const passwordless = combinations.length > 0 && combinations.every((c) => !c.some((mode) => NEEDS_PASSWORD.has(mode)));
  const head = phishingResistant
    ? 'a phishing-resistant sign-in'
    : passwordless
      ? 'a passwordless sign-in'
      : multifactor
        ? 'an MFA sign-in'
        : 'a sign-in';
  const names = [...new Set(combinations.map(combinationText))];
  const list = names.length > 0 && names.length <= LIST_LIMIT ? listOr(names) : '';
  return { text: withNote(head, [list, sessionNote(evidence) ?? '']), accepts: combinations };
}

/** What a prompt for a context will ask, given what Conditional Access demands of this person for it. */
export function contextExpectation(
  demand: ContextDemand,
  evidence: AuthEvidence | null,
  mfaAccepts: PromptExpectation['accepts'],
): PromptExpectation {
  switch (demand.kind) {
    case 'unknown':
      return { text: ORGANISATION_DECIDES, accepts: null };
    case 'none':
      return { text: NOT_ENFORCED, accepts: [] };
    case 'backup-mfa':
      return mfaExpectation(mfaAccepts, evidence);
    case 'methods':
      return methodsExpectation(demand.combinations, demand.multifactor, evidence);
  }
}
