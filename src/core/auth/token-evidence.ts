/**
 * Decodes an access token's payload into a display-only summary of how it was earned.
 *
 * Graph tokens are opaque to clients by contract, so nothing here drives a decision: the
 * summary is shown to the person ("you proved: password + MFA, context c1 at 14:02") and the
 * token itself never leaves the auth layer.
 */
import type { AuthEvidence } from '../../shared/domain/session';
import { parseJsonStrict } from '../../shared/json/duplicate-keys';

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const json = Buffer.from(segment.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const parsed: unknown = parseJsonStrict(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const seconds = (value: unknown): string | null =>
  typeof value === 'number' && Number.isFinite(value) ? new Date(value * 1000).toISOString() : null;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The evidence in a JWT access token, or null when the token is not a readable JWT. */
export function evidenceFromAccessToken(accessToken: string): AuthEvidence | null {
  const parts = accessToken.split('.');
  if (parts.length < 2 || parts[1] === undefined) {
    return null;
  }
  const payload = decodeSegment(parts[1]);
  if (payload === null) {
    return null;
  }
  return {
    methods: strings(payload.amr),
    contexts: strings(payload.acrs),
    authenticatedAt: seconds(payload.auth_time) ?? seconds(payload.iat),
    expiresAt: seconds(payload.exp),
    tenantId: text(payload.tid),
    username: text(payload.upn) ?? text(payload.preferred_username) ?? text(payload.unique_name),
  };
}
