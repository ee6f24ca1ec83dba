/**
 * RS256 JSON Web Tokens: signing for the authority, verification for the Graph bearer check.
 *
 * Why RS256 with a published JWKS: it is what Entra issues, so diagnostic decoders and any client that does verify
 * tokens see the real format.
 */
import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export type JwtPayload = Readonly<Record<string, unknown>>;

export type SigningKey = {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
};

/**
 * A fresh RS256 key. Generating one costs a few hundred milliseconds of CPU; the tenant uses {@link processSigningKey}.
 */
export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64url')
    .slice(0, 27);
  return { kid, privateKey, publicKey };
}

let processKey: SigningKey | null = null;

/**
 * The one signing key of this process, made at its first use and shared by every tenant the process starts: Entra
 * too signs for all tenants of a cloud with the same published keys, rolled on its own schedule, not per tenant or
 * per sign-in. (A test suite starts hundreds of tenants; a key each was most of their start-up time.)
 */
export function processSigningKey(): SigningKey {
  processKey ??= createSigningKey();
  return processKey;
}

/** The JWKS document for the signing key. */
export function jwks(key: SigningKey): { keys: Record<string, unknown>[] } {
  const jwk = key.publicKey.export({ format: 'jwk' });
  return { keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid: key.kid, n: jwk.n, e: jwk.e }] };
}

export function signJwt(payload: JwtPayload, key: SigningKey): string {
  const header = { typ: 'JWT', alg: 'RS256', kid: key.kid };
  const signingInput = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(signingInput), key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

export type JwtCheck =
  { readonly ok: true; readonly payload: JwtPayload } | { readonly ok: false; readonly reason: 'malformed' | 'signature' };

/** Verifies structure, `alg` and the RS256 signature (claims such as `aud` and `exp` are the caller's business). */
export function verifyJwt(token: string, publicKey: KeyObject): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return { ok: false, reason: 'malformed' };
  }
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    (header as { alg?: unknown }).alg !== 'RS256' ||
    typeof payload !== 'object' ||
    payload === null
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const valid = verify('sha256', Buffer.from(`${headerPart}.${payloadPart}`), publicKey, Buffer.from(signaturePart, 'base64url'));
  return valid ? { ok: true, payload: payload as JwtPayload } : { ok: false, reason: 'signature' };
}

/** Decodes a JWT payload without verifying it (diagnostics and tests only). */
export function decodeJwtPayload(token: string): JwtPayload | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as JwtPayload) : null;
  } catch {
    return null;
  }
}
