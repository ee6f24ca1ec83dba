/**
 * Parses every observed form of "this call needs a stronger token" into one claims request.
 *
 * Forms:
 * - plain: `{"error":{"code":"RoleAssignmentRequestAcrsValidationFailed","message":"…&claims=%7B…%7D"}}`
 *   (percent-encoded JSON, not base64);
 * - wrapped: `{"error":{"code":"UnknownError","message":"{\"errorCode\":\"RoleAssignmentRequestAcrsValidationFailed\",\"message\":\"&claims=…\"}"}}`;
 * - a 401 (or 403) with `WWW-Authenticate: Bearer …, error="insufficient_claims", claims="<base64>"`, possibly
 *   beside other challenges (`PoP …`) in the same header.
 * When the code says "auth context" but no claims can be read, the caller supplies the context
 * from the role's policy (or, lacking that, the challenge is reported as unreadable).
 */

import { isAuthContextId } from '../../shared/rules/auth-context-id';
import { parseJsonStrict } from '../../shared/json/duplicate-keys';

/**
 * Bounds. Why: these inputs come from the network. A real claims request is a few hundred bytes; a challenge header
 * or error message a few kilobytes. Anything larger is not a challenge this app will pass on to MSAL.
 */
export const MAX_CLAIMS_LENGTH = 16_384;
export const MAX_CHALLENGE_INPUT_LENGTH = 65_536;

/** A string within the bound, or undefined (JSON bodies may carry numbers or objects where text is expected). */
function boundedText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= MAX_CHALLENGE_INPUT_LENGTH ? value : undefined;
}

export type ClaimsChallengeSource = 'acrs-plain' | 'acrs-unknown-error' | 'www-authenticate' | 'policy';

export type ClaimsChallenge = {
  readonly source: ClaimsChallengeSource;
  /** A JSON claims request, passed to MSAL `claims` unchanged. */
  readonly claims: string;
  /** Authentication context ids asked for (`acrs` value/values), possibly empty for non-acrs CAE challenges. */
  readonly contexts: readonly string[];
};

/** `code`/`message` of a Graph error, with the `UnknownError` JSON wrapper removed. */
export function unwrapServiceError(
  code: string | undefined,
  message: string | undefined,
): { code: string; message: string; wrapped: boolean } {
  const outerCode = typeof code === 'string' ? code : '';
  const outerMessage = boundedText(message) ?? '';
  if (outerCode === 'UnknownError' || outerMessage.trimStart().startsWith('{')) {
    try {
      const inner = JSON.parse(outerMessage) as unknown;
      if (typeof inner === 'object' && inner !== null) {
        const record = inner as Record<string, unknown>;
        const innerCode = record.errorCode ?? record.code;
        const innerMessage = record.message;
        if (typeof innerCode === 'string') {
          return { code: innerCode, message: typeof innerMessage === 'string' ? innerMessage : '', wrapped: true };
        }
      }
    } catch {
      // Not JSON: keep the outer values.
    }
  }
  return { code: outerCode, message: outerMessage, wrapped: false };
}

/** Reads `acrs` context ids from a claims request, or null when it is not a JSON object. */
export function contextsFromClaims(claims: string): string[] | null {
  if (typeof claims !== 'string' || claims.length > MAX_CLAIMS_LENGTH) {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = parseJsonStrict(claims);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return null;
  }
  const accessToken = (parsed as Record<string, unknown>).access_token;
  if (typeof accessToken !== 'object' || accessToken === null) {
    return [];
  }
  const acrs = (accessToken as Record<string, unknown>).acrs;
  if (typeof acrs !== 'object' || acrs === null) {
    return [];
  }
  const { value, values } = acrs as { value?: unknown; values?: unknown };
  const out: string[] = [];
  if (typeof value === 'string') {
    out.push(value);
  }
  if (Array.isArray(values)) {
    out.push(...values.filter((v): v is string => typeof v === 'string'));
  }
  return [...new Set(out)].filter((v) => isAuthContextId(v));
}

/**
 * The value of the `claims` parameter in an ACRS error message (`…&claims=%7B…%7D`): the name must stand alone,
 * at the start or after `&`, `?` or whitespace, so `xclaims=` is not taken for it. Linear, no pattern.
 */
function claimsParameter(message: string): string | null {
  const name = 'claims=';
  for (let at = message.indexOf(name); at !== -1; at = message.indexOf(name, at + 1)) {
    const before = at === 0 ? '' : message.charAt(at - 1);
    if (before === '' || before === '&' || before === '?' || before.trim() === '') {
      const start = at + name.length;
      let end = start;
      while (end < message.length && !'&" \t\r\n'.includes(message.charAt(end))) {
        end += 1;
      }
      return end > start ? message.slice(start, end) : null;
    }
  }
  return null;
}

/** Extracts the percent-encoded claims request from an ACRS error message (`…&claims=%7B…%7D`). */
export function claimsFromAcrsMessage(message: string): string | null {
  const text = boundedText(message);
  const encoded = text === undefined ? null : claimsParameter(text);
  if (encoded === null) {
    return null;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded.replace(/\+/g, '%20'));
  } catch {
    return null;
  }
  return contextsFromClaims(decoded) === null ? null : decoded;
}

type WwwAuthChallenge = { readonly scheme: string; readonly params: Readonly<Record<string, string>> };

/**
 * Parses a `WWW-Authenticate` value into its challenges (RFC 7235 auth-params; quoted strings
 * may hold commas, several challenges may share the header).
 */
export function parseWwwAuthenticate(header: string): WwwAuthChallenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let i = 0;
  const n = header.length;
  const skip = (): void => {
    while (i < n && /[\s,]/.test(header.charAt(i))) {
      i += 1;
    }
  };
  const token = (): string => {
    const start = i;
    while (i < n && /[\w!#$%&'*+.^`|~-]/.test(header.charAt(i))) {
      i += 1;
    }
    return header.slice(start, i);
  };
  while (i < n) {
    skip();
    const word = token();
    if (word === '') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < n && header.charAt(j) === ' ') {
      j += 1;
    }
    if (header.charAt(j) === '=' && challenges.length > 0) {
      // An auth-param of the current challenge.
      i = j + 1;
      while (i < n && header.charAt(i) === ' ') {
        i += 1;
      }
      let value = '';
      if (header.charAt(i) === '"') {
        i += 1;
        while (i < n && header.charAt(i) !== '"') {
          if (header.charAt(i) === '\\' && i + 1 < n) {
            i += 1;
          }
          value += header.charAt(i);
          i += 1;
        }
        i += 1;
      } else {
        const start = i;
        while (i < n && !/[\s,]/.test(header.charAt(i))) {
          i += 1;
        }
        value = header.slice(start, i);
      }
      const params = challenges[challenges.length - 1]?.params;
      if (params !== undefined && !(word.toLowerCase() in params)) {
        params[word.toLowerCase()] = value;
      }
    } else {
      challenges.push({ scheme: word, params: {} });
    }
  }
  return challenges;
}

function decodeBase64Claims(value: string): string | null {
  // base64 is 4/3 of the text it carries.
  if (value.length > (MAX_CLAIMS_LENGTH * 4) / 3 + 4) {
    return null;
  }
  try {
    const text = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    return contextsFromClaims(text) === null ? null : text;
  } catch {
    return null;
  }
}

/** The claims request of a Bearer `insufficient_claims` challenge, or null. */
export function claimsFromWwwAuthenticate(header: string | null | undefined): string | null {
  const text = boundedText(header);
  if (text === undefined || text === '') {
    return null;
  }
  for (const challenge of parseWwwAuthenticate(text)) {
    if (challenge.scheme.toLowerCase() !== 'bearer' || challenge.params.error !== 'insufficient_claims') {
      continue;
    }
    const claims = challenge.params.claims;
    if (claims !== undefined) {
      const decoded = decodeBase64Claims(claims);
      if (decoded !== null) {
        return decoded;
      }
    }
  }
  return null;
}

export function isAcrsCode(code: string): boolean {
  return /AcrsValidationFailed$/i.test(code);
}

/**
 * The claims challenge in a failed Graph call, if it is one.
 *
 * Returns `{ contexts: [] }`-free results only: an ACRS code without readable claims yields a
 * challenge built from `fallbackContexts` (the policy's), or `unreadable: true` when there are none.
 */
export function claimsChallengeFromError(error: {
  readonly status: number;
  readonly code?: string;
  readonly message?: string;
  readonly wwwAuthenticate?: string | null;
  readonly fallbackContexts?: readonly string[];
}): { readonly kind: 'challenge'; readonly challenge: ClaimsChallenge } | { readonly kind: 'unreadable' } | { readonly kind: 'none' } {
  const fromHeader = claimsFromWwwAuthenticate(boundedText(error.wwwAuthenticate));
  if (fromHeader !== null) {
    return {
      kind: 'challenge',
      challenge: { source: 'www-authenticate', claims: fromHeader, contexts: contextsFromClaims(fromHeader) ?? [] },
    };
  }
  const unwrapped = unwrapServiceError(error.code, error.message);
  if (!isAcrsCode(unwrapped.code)) {
    return { kind: 'none' };
  }
  const source: ClaimsChallengeSource = unwrapped.wrapped ? 'acrs-unknown-error' : 'acrs-plain';
  const fromMessage = claimsFromAcrsMessage(unwrapped.message);
  if (fromMessage !== null && (contextsFromClaims(fromMessage) ?? []).length > 0) {
    return { kind: 'challenge', challenge: { source, claims: fromMessage, contexts: contextsFromClaims(fromMessage) ?? [] } };
  }
  const fallback: readonly string[] = Array.isArray(error.fallbackContexts) ? error.fallbackContexts : [];
  if (fallback.length > 0) {
    return { kind: 'challenge', challenge: { source: 'policy', claims: acrsClaimsRequest(fallback), contexts: [...fallback] } };
  }
  return { kind: 'unreadable' };
}

/** `{"access_token":{"acrs":{"essential":true,"value":"c1"}}}`; `values` when there are several. */
export function acrsClaimsRequest(contexts: readonly string[]): string {
  const unique = [...new Set(contexts)].sort();
  const acrs = unique.length === 1 ? { essential: true, value: unique[0] } : { essential: true, values: unique };
  return JSON.stringify({ access_token: { acrs } });
}

/** A claims request for a token proving multifactor authentication (used with prompt=login for the MFA rule). */
export function mfaClaimsRequest(contexts: readonly string[] = []): string {
  const base =
    contexts.length > 0 ? (JSON.parse(acrsClaimsRequest(contexts)) as { access_token: Record<string, unknown> }) : { access_token: {} };
  base.access_token.amr = { essential: true, values: ['mfa'] };
  return JSON.stringify(base);
}
