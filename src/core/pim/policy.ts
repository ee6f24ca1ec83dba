/**
 * Reads what an activation demands from a PIM policy's rules (docs/protocol.md, "Policy rules").
 *
 * Only the end-user activation rules matter here (`*_EndUser_Assignment`). Graph marks each
 * rule with `@odata.type`; ARM uses `ruleType`, so both are accepted.
 */
import type { AuthContextInfo, Requirements } from '../../shared/domain/roles';
import { isAuthContextId } from '../../shared/rules/auth-context-id';

export const UNKNOWN_REQUIREMENTS: Requirements = {
  known: false,
  authenticationContext: null,
  mfa: false,
  justification: false,
  ticket: false,
  approval: false,
  maximumDuration: null,
};

/** Requirements not read yet: unknown, and marked so that a surface says "checking…" rather than stating a fact. */
export const PENDING_REQUIREMENTS: Requirements = { ...UNKNOWN_REQUIREMENTS, pending: true };

type RawRule = Record<string, unknown>;

function ruleKind(rule: RawRule): string {
  const type = typeof rule['@odata.type'] === 'string' ? rule['@odata.type'] : typeof rule.ruleType === 'string' ? rule.ruleType : '';
  return type
    .replace(/^#?microsoft\.graph\.unified/i, '')
    .replace(/^#?microsoft\.graph\./i, '')
    .toLowerCase();
}

function isEndUserAssignment(rule: RawRule): boolean {
  const id = typeof rule.id === 'string' ? rule.id : '';
  if (id !== '') {
    return /_EndUser_Assignment$/i.test(id);
  }
  const target = rule.target as { caller?: unknown; level?: unknown } | undefined;
  return target?.caller === 'EndUser' && target.level === 'Assignment';
}

/**
 * Requirements from a policy's rules. `contextNames` maps `c1` → display info when the tenant's
 * authentication-context list was readable; otherwise the id is used as its own name.
 */
export function requirementsFromRules(
  rules: readonly unknown[],
  contextNames: ReadonlyMap<string, AuthContextInfo> = new Map(),
): Requirements {
  let authenticationContext: AuthContextInfo | null = null;
  let mfa = false;
  let justification = false;
  let ticket = false;
  let approval = false;
  let maximumDuration: string | null = null;
  for (const item of rules) {
    if (typeof item !== 'object' || item === null) {
      continue;
    }
    const rule = item as RawRule;
    if (!isEndUserAssignment(rule)) {
      continue;
    }
    const kind = ruleKind(rule);
    if (kind.includes('authenticationcontextrule')) {
      const claimValue = typeof rule.claimValue === 'string' ? rule.claimValue : '';
      if (rule.isEnabled === true && claimValue !== '') {
        // The id goes into the claims request sent to the authority: only c1..c25, as from a challenge. A policy
        // naming anything else is not understood, so the role's requirements are unknown rather than guessed.
        if (!isAuthContextId(claimValue)) {
          return UNKNOWN_REQUIREMENTS;
        }
        authenticationContext = contextNames.get(claimValue) ?? { id: claimValue, displayName: claimValue };
      }
    } else if (kind.includes('enablementrule')) {
      const enabled = Array.isArray(rule.enabledRules) ? rule.enabledRules : [];
      mfa = enabled.includes('MultiFactorAuthentication');
      justification = enabled.includes('Justification');
      ticket = enabled.includes('Ticketing');
    } else if (kind.includes('expirationrule')) {
      maximumDuration = typeof rule.maximumDuration === 'string' ? rule.maximumDuration : null;
    } else if (kind.includes('approvalrule')) {
      const setting = rule.setting as { isApprovalRequired?: unknown } | undefined;
      approval = setting?.isApprovalRequired === true;
    }
  }
  return { known: true, authenticationContext, mfa, justification, ticket, approval, maximumDuration };
}

/** Display info for the tenant's authentication contexts (`/identity/conditionalAccess/authenticationContextClassReferences`). */
export function contextNamesFrom(items: readonly unknown[]): Map<string, AuthContextInfo> {
  const out = new Map<string, AuthContextInfo>();
  for (const item of items) {
    if (typeof item !== 'object' || item === null) {
      continue;
    }
    const { id, displayName, description } = item as { id?: unknown; displayName?: unknown; description?: unknown };
    if (typeof id === 'string') {
      out.set(id, {
        id,
        displayName: typeof displayName === 'string' && displayName !== '' ? displayName : id,
        ...(typeof description === 'string' && description !== '' ? { description } : {}),
      });
    }
  }
  return out;
}
