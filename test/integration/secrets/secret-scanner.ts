/**
 * The scanner behind the "no secrets anywhere" gate: finds JWTs, the simulated tenant's
 * refresh tokens and authorization codes, unredacted `code=` values, and any literal secret
 * the test saw during the run (refresh tokens from MSAL's cache, codes posted to the loopback,
 * the demo users' passwords). It is independent of the app's own redaction on purpose.
 */

export type SecretKind = 'jwt' | 'tenant-refresh-token' | 'tenant-auth-code' | 'code-parameter' | 'known-secret';

export type SecretFinding = {
  readonly kind: SecretKind;
  /** Where the text came from (e.g. `logs`, `ipc`, `dist/renderer/assets/index.js`). */
  readonly source: string;
  /** A short, masked excerpt: enough to find it, never the whole secret. */
  readonly excerpt: string;
};

export type KnownSecret = { readonly label: string; readonly value: string };

const PATTERNS: readonly (readonly [SecretKind, RegExp])[] = [
  ['jwt', /eyJ[\w-]+\.eyJ[\w-]+/g],
  // The simulated tenant issues `0.sim.<base64url>` refresh tokens and `1.sim.<base64url>` codes.
  ['tenant-refresh-token', /\b0\.sim\.[\w-]{16,}/g],
  ['tenant-auth-code', /\b1\.sim\.[\w-]{16,}/g],
  // An OAuth code in a query or form body that is not redacted.
  ['code-parameter', /[?&"'\s]code=(?!\[redacted\]|&|$|"|')[\w.~%-]{8,}/g],
];

function mask(text: string, at: number, length: number): string {
  const value = text.slice(at, at + length);
  return `${text.slice(Math.max(0, at - 20), at).replace(/\s+/g, ' ')}[${value.slice(0, 6)}…${String(length)} chars]`;
}

/** Every secret in `text`; `known` are literal values (at least 8 characters) that must never appear. */
export function scanForSecrets(source: string, text: string, known: readonly KnownSecret[] = []): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      findings.push({ kind, source, excerpt: mask(text, match.index, match[0].length) });
    }
  }
  for (const secret of known) {
    if (secret.value.length < 8) {
      continue;
    }
    let at = text.indexOf(secret.value);
    while (at !== -1) {
      findings.push({ kind: 'known-secret', source, excerpt: `${secret.label}: ${mask(text, at, secret.value.length)}` });
      at = text.indexOf(secret.value, at + secret.value.length);
    }
  }
  return findings;
}

/** The secrets an MSAL cache serialization holds (access, id and refresh token `secret` fields). */
export function secretsInMsalCache(serialized: string): KnownSecret[] {
  const out: KnownSecret[] = [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch {
    return out;
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return out;
  }
  for (const [section, label] of [
    ['AccessToken', 'access token'],
    ['IdToken', 'id token'],
    ['RefreshToken', 'refresh token'],
  ] as const) {
    const entries = (parsed as Record<string, unknown>)[section];
    if (typeof entries !== 'object' || entries === null) {
      continue;
    }
    for (const entry of Object.values(entries)) {
      const secret = (entry as { secret?: unknown }).secret;
      if (typeof secret === 'string' && secret !== '') {
        out.push({ label, value: secret });
      }
    }
  }
  return out;
}
