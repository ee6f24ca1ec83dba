/**
 * Parsing of the OIDC `claims` request parameter as Entra reads it (docs/protocol.md, "Claims requests and token claims").
 *
 * Why tolerant: MSAL merges `xms_cc` and default `id_token` keys into every claims request and re-serialises it, and
 * other clients send `acrs` with `value` or `values`. Unknown keys are ignored, never rejected.
 */

export type ClaimsRequest = {
  /** Authentication contexts requested in `access_token.acrs` (`value` and/or `values`). */
  readonly acrs: readonly string[];
  /** Client capabilities from `access_token.xms_cc.values` (e.g. `cp1`). */
  readonly xmsCc: readonly string[];
  /** `amr` values requested in `access_token.amr` (e.g. `mfa`). */
  readonly amr: readonly string[];
};

export const EMPTY_CLAIMS_REQUEST: ClaimsRequest = { acrs: [], xmsCc: [], amr: [] };

export type ClaimsParse = { readonly ok: true; readonly claims: ClaimsRequest } | { readonly ok: false; readonly error: string };

function stringsOf(request: unknown): string[] {
  if (typeof request !== 'object' || request === null) {
    return [];
  }
  const { value, values } = request as { value?: unknown; values?: unknown };
  const collected: string[] = [];
  if (typeof value === 'string') {
    collected.push(value);
  }
  if (Array.isArray(values)) {
    collected.push(...values.filter((item): item is string => typeof item === 'string'));
  } else if (typeof values === 'string') {
    collected.push(values);
  }
  return [...new Set(collected.map((item) => item.trim()).filter((item) => item !== ''))];
}

/** Parses a claims parameter (absent or empty means no claims). Only invalid JSON or a non-object is an error. */
export function parseClaimsRequest(text: string | null | undefined): ClaimsParse {
  if (text === null || text === undefined || text.trim() === '') {
    return { ok: true, claims: EMPTY_CLAIMS_REQUEST };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The claims parameter is not valid JSON.' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: 'The claims parameter must be a JSON object.' };
  }
  const accessToken = (parsed as { access_token?: unknown }).access_token;
  if (typeof accessToken !== 'object' || accessToken === null) {
    return { ok: true, claims: EMPTY_CLAIMS_REQUEST };
  }
  const { acrs, xms_cc: xmsCc, amr } = accessToken as { acrs?: unknown; xms_cc?: unknown; amr?: unknown };
  return {
    ok: true,
    claims: {
      acrs: stringsOf(acrs).map((value) => value.toLowerCase()),
      xmsCc: stringsOf(xmsCc).map((value) => value.toLowerCase()),
      amr: stringsOf(amr).map((value) => value.toLowerCase()),
    },
  };
}

/** The claims challenge for one or more contexts, in Entra's serialisation (space after the comma: docs/protocol.md, "The three challenge forms"). */
export function acrsChallengeJson(contexts: readonly string[]): string {
  if (contexts.length === 1) {
    return `{"access_token":{"acrs":{"essential":true, "value":"${contexts[0] ?? ''}"}}}`;
  }
  return `{"access_token":{"acrs":{"essential":true, "values":[${contexts.map((context) => `"${context}"`).join(',')}]}}}`;
}
