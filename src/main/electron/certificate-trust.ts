/**
 * Trust for the simulated tenant's self-issued certificate, in the demo sign-in partition only.
 *
 * The demo tenant serves HTTPS on loopback with a certificate from its own CA, which Chromium
 * rightly does not trust. Rather than accept certificate errors (never, anywhere), the sign-in
 * window's own session gets a verify proc that accepts one
 * certificate for one host: the leaf must carry the pinned public key (SHA-256 of its
 * SubjectPublicKeyInfo, the tenant's `leafSpkiSha256`) and be signed by the tenant's CA. Every
 * other host is left to Chromium's normal verification; the app's default session and every
 * other partition keep Chromium's verifier untouched.
 */
import { createHash, X509Certificate } from 'node:crypto';

/** Chromium's verify-proc verdicts. */
export const VERIFY_ACCEPT = 0;
export const VERIFY_REJECT = -2;
export const VERIFY_USE_CHROMIUM = -3;

export type PinnedCertificate = {
  /** Host name exactly as in the URL (`localhost`), without port. */
  readonly host: string;
  /** base64 SHA-256 of the leaf's SubjectPublicKeyInfo (DER). */
  readonly spkiSha256: string;
  /** The CA that must have signed the leaf. */
  readonly caCertPem: string;
};

/** base64 SHA-256 of a PEM certificate's SubjectPublicKeyInfo, or null if it does not parse. */
export function spkiSha256OfPem(pem: string): string | null {
  try {
    const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
    return createHash('sha256').update(spki).digest('base64');
  } catch {
    return null;
  }
}

function issuedBy(leafPem: string, caPem: string): boolean {
  try {
    const leaf = new X509Certificate(leafPem);
    const ca = new X509Certificate(caPem);
    return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
  } catch {
    return false;
  }
}

/** What Chromium tells the verify proc about a connection. */
export type VerifyRequest = { readonly hostname: string; readonly certificate: { readonly data: string } };

export function verifyPinnedCertificate(request: VerifyRequest, pinned: PinnedCertificate): number {
  if (request.hostname !== pinned.host) {
    return VERIFY_USE_CHROMIUM;
  }
  const presented = spkiSha256OfPem(request.certificate.data);
  if (presented === null || presented !== pinned.spkiSha256) {
    return VERIFY_REJECT;
  }
  return issuedBy(request.certificate.data, pinned.caCertPem) ? VERIFY_ACCEPT : VERIFY_REJECT;
}

/** The slice of `Session` used here. */
export type VerifiableSession = {
  setCertificateVerifyProc(proc: (request: VerifyRequest, callback: (verificationResult: number) => void) => void): void;
};

/** Installs the pin on the given session: the demo sign-in partition, never the default session. */
export function trustPinnedCertificate(session: VerifiableSession, pinned: PinnedCertificate): void {
  const proc = (request: VerifyRequest, callback: (verificationResult: number) => void): void => {
    callback(verifyPinnedCertificate(request, pinned));
  };
  session.setCertificateVerifyProc(proc); // eng-disable CERTIFICATE_VERIFY_PROC_JS_CHECK: one pinned key for one host, demo sign-in partition only (certificate-trust.test.ts)
}
