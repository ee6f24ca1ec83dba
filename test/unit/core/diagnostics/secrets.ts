/**
 * Realistic secrets for redaction tests, generated from a seed so failures reproduce.
 */

export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function randomB64url(random: () => number, length: number): string {
  return Array.from({ length }, () => B64URL[Math.floor(random() * B64URL.length)]).join('');
}

function b64url(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/** An access-token-shaped JWT with a realistic payload and a random signature. */
export function makeJwt(random: () => number): string {
  const header = b64url({ typ: 'JWT', alg: 'RS256', kid: randomB64url(random, 12) });
  const payload = b64url({
    aud: '00000003-0000-0000-c000-000000000000',
    amr: ['pwd', 'mfa'],
    acrs: ['c1'],
    oid: randomB64url(random, 8),
    upn: 'ana@contoso.com',
  });
  return `${header}.${payload}.${randomB64url(random, 342)}`;
}

/** An Entra refresh token or authorization code: opaque, starting 0.A / 1.A. */
export function makeEntraOpaque(random: () => number): string {
  return `${random() < 0.5 ? '0' : '1'}.A${randomB64url(random, 300)}.${randomB64url(random, 80)}`;
}

/** A short opaque secret of the kind other servers issue (no recognisable shape). */
export function makeShortSecret(random: () => number): string {
  return `s3cr3t${randomB64url(random, 18)}`;
}

export const CLAIMS_CHALLENGE = 'eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19';
export const REQUEST_ID = '3f5c8a0e-1b2d-4c6e-9f80-123456789abc';
