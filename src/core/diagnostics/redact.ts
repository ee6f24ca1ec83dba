/**
 * Removes secrets from anything that may end up in diagnostics: text, error messages, URLs,
 * request bodies, headers and nested objects.
 *
 * Diagnostics are pasted into tickets and emailed around, so they are treated as public. What
 * is removed: JWTs (access and id tokens, anywhere, even inside URLs or escaped JSON),
 * refresh tokens and other secrets under any spelling of their key, authorization codes in
 * query strings and form bodies, `Authorization`/`Cookie` headers, Bearer values, passwords,
 * client secrets and assertions, URL credentials, and long opaque Entra token strings. What
 * is kept on purpose: `claims` challenges (base64 JSON naming the required context, no
 * secret), Graph error codes such as `"code": "RoleAssignmentExists"`, request ids and dates.
 */

export const REDACTED = '[redacted]';

/** Key names are compared without case, `_`, `-`, `.` or spaces: `refresh_token`, `RefreshToken`, `refresh-token` are one key. */
function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[\s_.-]/g, '');
}

const SECRET_KEY_PARTS = [
  'token',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'assertion',
  'verifier',
  'cookie',
  'authorization',
  'apikey',
  'privatekey',
  'sessionkey',
];
const SECRET_KEYS_EXACT = new Set(['pwd', 'pass', 'authcode', 'authorizationcode', 'credential', 'credentials', 'sig', 'signature']);
/** Keys that contain a secret-looking part but carry none. */
const SAFE_KEYS = new Set(['tokentype', 'tokenendpoint', 'expiresin', 'extexpiresin', 'claims']);

/** True when a value stored under `key` must never be shown. */
export function isSecretKey(key: string): boolean {
  const normalized = normalizeKey(key);
  if (SAFE_KEYS.has(normalized)) {
    return false;
  }
  return SECRET_KEYS_EXACT.has(normalized) || SECRET_KEY_PARTS.some((part) => normalized.includes(part));
}

/**
 * `code` is both the OAuth authorization code and Graph's error code. A Graph (or app) error
 * code is a short identifier; an authorization code is hundreds of characters with dots and
 * dashes. Anything that is not a short identifier is treated as an authorization code.
 */
function isErrorCodeLike(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_/]{0,63}$/.test(value);
}

// Header and payload of a JWT are base64url JSON objects, so both start with "eyJ". A JWE has
// five parts; the pattern swallows all of them. Percent-encoded dots (%2E) are covered too.
// The header is bounded (real ones are under 1 KB) so a run of "eyJeyJ…" cannot make the
// search quadratic.
const JWT = /eyJ[A-Za-z0-9_-]{2,1000}(?:\.|%2[Ee])eyJ[A-Za-z0-9_-]*(?:(?:\.|%2[Ee])[A-Za-z0-9_-]*){1,3}/g;
// An unsigned or two-part token still starts with a JSON header followed by a dot.
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{10,1000}(?:\.|%2[Ee])[A-Za-z0-9_-]{2,}/g;

// Names whose value is secret in `name=value` / `name: value` text (query strings, form bodies, log lines).
// Affixes are bounded so a long run of word characters cannot make the search quadratic.
const SECRET_NAME = String.raw`[A-Za-z0-9_-]{0,40}(?:token|secret|password|passwd|passphrase|assertion|verifier)[A-Za-z0-9_-]{0,40}|pwd`;

// A query or form value ends at &, a quote, whitespace, or an encoded & (%26) inside a nested URL.
const QUERY_VALUE = String.raw`(?:(?!%26)[^\s&"',;}\]#])+`;

const TEXT_RULES: readonly (readonly [RegExp, string | ((...groups: string[]) => string)])[] = [
  // Escaped JSON inside a string, e.g. an error message quoting a body: \"refresh_token\":\"…\".
  [
    new RegExp(String.raw`(\\{1,8}"(?:${SECRET_NAME})\\{1,8}"\s*:\s*\\{1,8}")((?:(?!\\{1,8}").)*)`, 'gi'),
    (_m: string, head: string) => `${head}${REDACTED}`,
  ],
  // JSON properties: "refresh_token": "…" (any spelling), with escapes inside the value.
  [
    new RegExp(String.raw`((["'])(?:${SECRET_NAME})\2\s*:\s*)(["'])(?:\\.|(?!\3)[^\\])*\3`, 'gi'),
    (_m: string, head: string, _q: string, q2: string) => `${head}${q2}${REDACTED}${q2}`,
  ],
  // JSON "code" values that are not an error-code identifier are authorization codes.
  [
    /((["'])code\2\s*:\s*)(["'])((?:\\.|(?!\3)[^\\])*)\3/gi,
    (m: string, head: string, _q: string, q2: string, value: string) => (isErrorCodeLike(value) ? m : `${head}${q2}${REDACTED}${q2}`),
  ],
  // Authorization / Proxy-Authorization headers, with or without a scheme.
  [
    /((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|pop|negotiate|ntlm|digest)\s+)?(?!\[redacted|(?:bearer|basic|pop|negotiate|ntlm|digest)\s)[^\s"',;}\]]+/gi,
    (_m: string, head: string, scheme?: string) => `${head}${scheme === undefined ? '' : `${scheme} `}${REDACTED}`,
  ],
  // Cookie and Set-Cookie headers carry the Entra browser session (ESTSAUTH…): drop to end of line.
  [/((?:set-)?cookie["']?\s*[:=]\s*["']?)[^\r\n"']+/gi, `$1${REDACTED}`],
  // A Bearer/PoP credential anywhere in text.
  [/\b(bearer|pop)(\s+)[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1$2${REDACTED}`],
  // name=value in query strings and form bodies, also percent-encoded (name%3Dvalue) inside another URL.
  [new RegExp(String.raw`(^|[^A-Za-z0-9_-])((?:${SECRET_NAME})\s*(?:=|%3[Dd]|:)\s*)(?!\[redacted)${QUERY_VALUE}`, 'gi'), `$1$2${REDACTED}`],
  // The authorization code: code=… in a query string or form body (not `error_code=` nor "code: 500" prose).
  [new RegExp(String.raw`(^|[?&#\s;,"']|%26|%3[Ff])(code(?:=|%3[Dd]))(?!\[redacted)${QUERY_VALUE}`, 'g'), `$1$2${REDACTED}`],
  // Credentials in a URL: https://user:secret@host. Bounded parts keep long junk linear.
  [/(\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s/:@"']{1,256}:)[^\s/@"']{1,256}@/gi, `$1${REDACTED}@`],
  // Entra refresh tokens and authorization codes are opaque strings starting "0.A" / "1.A".
  [/\b[01]\.A[A-Za-z0-9_-]{40,}[A-Za-z0-9_.*-]*/g, REDACTED],
];

// Anything this long without a break that is not a claims challenge (one base64 segment
// starting with eyJ) is treated as an opaque secret. Real diagnostics have no such strings.
const LONG_OPAQUE = /[A-Za-z0-9_\-.~+/=%]{200,}/g;

/** Removes secrets from a string. Idempotent: redacting twice changes nothing more. */
export function redact(text: string): string {
  let out = text.replace(JWT, '[redacted-jwt]').replace(JWT_LIKE, '[redacted-jwt]');
  for (const [pattern, replacement] of TEXT_RULES) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out.replace(LONG_OPAQUE, (run) => (/^eyJ[A-Za-z0-9+/=_-]+$/.test(run) ? run : REDACTED));
}

/**
 * Deep-copies a value with every secret removed: secret keys lose their value, strings are
 * passed through `redact`, Errors become `{ name, message }`. Output is plain JSON data with
 * no prototype keys; cycles and very deep nesting are cut off.
 */
export function redactValue(value: unknown): unknown {
  return redactInner(value, 0, new WeakSet());
}

const MAX_DEPTH = 12;
const MAX_ITEMS = 500;

function redactInner(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') {
    return redact(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return value;
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value !== 'object') {
    return `[${typeof value}]`;
  }
  if (seen.has(value)) {
    return '[circular]';
  }
  if (depth >= MAX_DEPTH) {
    return '[nested too deep]';
  }
  seen.add(value);
  try {
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return { name: redact(value.name), message: redact(value.message), ...(typeof code === 'string' ? { code: redact(code) } : {}) };
    }
    if (value instanceof Date) {
      return Number.isNaN(value.getTime()) ? null : value.toISOString();
    }
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((item: unknown) => redactInner(item, depth + 1, seen));
      return value.length > MAX_ITEMS ? [...items, `[${String(value.length - MAX_ITEMS)} more]`] : items;
    }
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value).slice(0, MAX_ITEMS)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
        continue;
      }
      out[redact(key)] = isSecretKey(key)
        ? REDACTED
        : normalizeKey(key) === 'code' && typeof inner === 'string'
          ? redactCodeValue(inner)
          : redactInner(inner, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function redactCodeValue(value: string): string {
  return isErrorCodeLike(value) ? value : REDACTED;
}

/**
 * Finds what would be a leak in `text`: used by tests and as the final check on every
 * diagnostics output. Returns the kinds found (empty when clean).
 */
export function findSecrets(text: string): readonly string[] {
  const found: string[] = [];
  // The same shape `redact` removes (JWT_LIKE), so a clean output is never withheld by mistake.
  if (/eyJ[A-Za-z0-9_-]{10,1000}(?:\.|%2[Ee])[A-Za-z0-9_-]{2}/.test(text)) {
    found.push('jwt');
  }
  if (/\b[01]\.A[A-Za-z0-9_-]{40,}/.test(text)) {
    found.push('entra-opaque-token');
  }
  if (/\bbearer\s+(?!\[redacted)[A-Za-z0-9\-._~+/]{8,}/i.test(text)) {
    found.push('bearer');
  }
  return found;
}
