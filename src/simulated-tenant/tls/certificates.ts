/**
 * TLS material for the simulated tenant: a private CA and a `localhost` / `127.0.0.1` server certificate it signs.
 *
 * Why our own CA: MSAL refuses `http:` authorities and the Graph SDK attaches tokens only to `https:` hosts, so the
 * tenant must speak real TLS. Clients trust exactly this CA (Node `ca` option) and Chromium trusts exactly this leaf
 * key (`--ignore-certificate-errors-spki-list=<leafSpkiSha256>`). The pair is cached in a private per-user state
 * folder (state-dir.ts) so a restarted tenant keeps the same CA.
 *
 * Why the CA can do so little: people are told to trust it (`NODE_EXTRA_CA_CERTS`), so it must not be able to vouch
 * for anything but this machine. It is name-constrained to `localhost`, 127.0.0.1 and ::1, may sign no other CA
 * (pathLen 0), and its private key is never written to disk: it signs the leaf once and is discarded. A new leaf
 * (after about a year) comes with a new CA.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  objectIdentifier,
  octetString,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './der';
import { ensurePrivateStateDir } from './state-dir';
import { withStateLock } from './state-lock';

export type TlsMaterial = {
  readonly caCertPem: string;
  readonly caCertPath: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** base64 SHA-256 of the leaf certificate's SubjectPublicKeyInfo (Chromium's SPKI pin format). */
  readonly leafSpkiSha256: string;
};

const ECDSA_WITH_SHA256 = sequence(objectIdentifier('1.2.840.10045.4.3.2'));
const DAY = 86_400_000;

function distinguishedName(commonName: string): Buffer {
  return sequence(
    set(sequence(objectIdentifier('2.5.4.10'), utf8String('PIM Step-Up simulated tenant'))),
    set(sequence(objectIdentifier('2.5.4.3'), utf8String(commonName))),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(objectIdentifier(oid), boolean(true), octetString(value))
    : sequence(objectIdentifier(oid), octetString(value));
}

/** SHA-1 of the subjectPublicKey bits (RFC 5280 key identifier method 1). */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // For P-256 the SPKI is a fixed 26-byte header followed by the 65-byte uncompressed point.
  return createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest();
}

type CertificateInput = {
  readonly subject: string;
  readonly issuer: string;
  readonly publicKey: KeyObject;
  readonly signingKey: KeyObject;
  readonly issuerPublicKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly Buffer[];
};

function buildCertificate(input: CertificateInput): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    ECDSA_WITH_SHA256,
    distinguishedName(input.issuer),
    sequence(time(input.notBefore), time(input.notAfter)),
    distinguishedName(input.subject),
    input.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...input.extensions)),
  );
  const signature = sign('sha256', tbs, input.signingKey);
  const der = sequence(tbs, ECDSA_WITH_SHA256, bitString(signature));
  const base64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.trimEnd()}\n-----END CERTIFICATE-----\n`;
}

const LOOPBACK_V4 = Buffer.from([127, 0, 0, 1]);
const LOOPBACK_V6 = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

/**
 * NameConstraints (RFC 5280 section 4.2.1.10): permitted subtrees `localhost` (dNSName), 127.0.0.1/32 and ::1/128
 * (iPAddress with mask). Critical, as RFC 5280 requires, so a verifier that cannot enforce it refuses the CA.
 */
function loopbackNameConstraints(): Buffer {
  const subtree = (generalName: Buffer): Buffer => sequence(generalName);
  const permitted = Buffer.concat([
    subtree(implicitPrimitive(2, Buffer.from('localhost', 'ascii'))),
    subtree(implicitPrimitive(7, Buffer.concat([LOOPBACK_V4, Buffer.alloc(4, 0xff)]))),
    subtree(implicitPrimitive(7, Buffer.concat([LOOPBACK_V6, Buffer.alloc(16, 0xff)]))),
  ]);
  return sequence(explicit(0, permitted));
}

/** The DER of the NameConstraints extension id (2.5.29.30), to recognise a CA made with the constraints. */
const NAME_CONSTRAINTS_OID = objectIdentifier('2.5.29.30');

/** A fresh constrained CA; its key stays in memory (exported for tests). */
export function generateCa(now: Date): { certPem: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ski = keyIdentifier(publicKey);
  const certPem = buildCertificate({
    subject: 'PIM Step-Up Simulated Tenant CA',
    issuer: 'PIM Step-Up Simulated Tenant CA',
    publicKey,
    signingKey: privateKey,
    issuerPublicKey: publicKey,
    notBefore: new Date(now.getTime() - DAY),
    // The CA lives as long as its one leaf: its key is gone once the leaf is signed.
    notAfter: new Date(now.getTime() + 390 * DAY),
    extensions: [
      extension('2.5.29.19', true, sequence(boolean(true), smallInteger(0))), // cA, pathLenConstraint 0
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
      extension('2.5.29.30', true, loopbackNameConstraints()),
      extension('2.5.29.14', false, octetString(ski)),
    ],
  });
  return { certPem, privateKey };
}

/** Exported for the tests that prove the CA cannot vouch for other names; the tenant issues only the default. */
export function generateLeaf(
  now: Date,
  caKey: KeyObject,
  caCert: X509Certificate,
  dnsName = 'localhost',
): { certPem: string; keyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caPublicKey = caCert.publicKey;
  const subjectAltName = sequence(
    implicitPrimitive(2, Buffer.from(dnsName, 'ascii')),
    implicitPrimitive(7, LOOPBACK_V4),
    implicitPrimitive(7, LOOPBACK_V6),
  );
  const certPem = buildCertificate({
    subject: dnsName,
    issuer: 'PIM Step-Up Simulated Tenant CA',
    publicKey,
    signingKey: caKey,
    issuerPublicKey: caPublicKey,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 390 * DAY),
    extensions: [
      extension('2.5.29.19', true, sequence()),
      extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)), // digitalSignature
      extension('2.5.29.37', false, sequence(objectIdentifier('1.3.6.1.5.5.7.3.1'))), // serverAuth
      extension('2.5.29.17', false, subjectAltName),
      extension('2.5.29.14', false, octetString(keyIdentifier(publicKey))),
      extension('2.5.29.35', false, sequence(implicitPrimitive(0, keyIdentifier(caPublicKey)))),
    ],
  });
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** base64 SHA-256 over the DER SubjectPublicKeyInfo of a certificate. */
export function spkiSha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Whether cached material is still usable: the leaf is signed by the CA, names localhost and is valid for a day more,
 * and the CA is one made with the loopback name constraints (an older, unconstrained CA is replaced).
 */
function usable(caPem: string, leafPem: string, now: Date): boolean {
  try {
    const ca = new X509Certificate(caPem);
    const leaf = new X509Certificate(leafPem);
    const margin = now.getTime() + DAY;
    return (
      ca.raw.includes(NAME_CONSTRAINTS_OID) &&
      leaf.verify(ca.publicKey) &&
      leaf.checkHost('localhost') !== undefined &&
      new Date(leaf.validTo).getTime() > margin &&
      new Date(ca.validTo).getTime() > margin
    );
  } catch {
    return false;
  }
}

/** Writes a file atomically (temp + rename) so that concurrent readers never see half a PEM. */
function writeAtomic(path: string, content: string, mode: number): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, path);
}

/** Loads the cached CA and leaf from `stateDir`, or generates (and caches) fresh ones. */
export function loadOrCreateTlsMaterial(stateDir: string, now = new Date()): TlsMaterial {
  ensurePrivateStateDir(stateDir);
  return withStateLock(stateDir, () => loadOrCreateLocked(stateDir, now));
}

function loadOrCreateLocked(stateDir: string, now: Date): TlsMaterial {
  const paths = {
    caCert: join(stateDir, 'ca-cert.pem'),
    cert: join(stateDir, 'localhost-cert.pem'),
    key: join(stateDir, 'localhost-key.pem'),
  };
  // Earlier versions kept the CA's private key; it is never needed again.
  rmSync(join(stateDir, 'ca-key.pem'), { force: true });
  const cached = Object.values(paths).every((path) => existsSync(path));
  if (cached) {
    const caCertPem = readFileSync(paths.caCert, 'utf8');
    const certPem = readFileSync(paths.cert, 'utf8');
    if (usable(caCertPem, certPem, now)) {
      return { caCertPem, caCertPath: paths.caCert, certPem, keyPem: readFileSync(paths.key, 'utf8'), leafSpkiSha256: spkiSha256(certPem) };
    }
  }
  const ca = generateCa(now);
  const leaf = generateLeaf(now, ca.privateKey, new X509Certificate(ca.certPem));
  writeAtomic(paths.key, leaf.keyPem, 0o600);
  writeAtomic(paths.cert, leaf.certPem, 0o644);
  writeAtomic(paths.caCert, ca.certPem, 0o644);
  return {
    caCertPem: ca.certPem,
    caCertPath: paths.caCert,
    certPem: leaf.certPem,
    keyPem: leaf.keyPem,
    leafSpkiSha256: spkiSha256(leaf.certPem),
  };
}
