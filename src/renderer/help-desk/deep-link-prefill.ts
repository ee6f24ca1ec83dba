/**
 * What a help-desk link fills in: its roles matched against the admin's eligible roles, and its
 * duration, reason and ticket as form values.
 *
 * Pure, so the rules (what counts as a match, what is refused as ambiguous) are unit-tested.
 * A link only ever PREPARES an activation: nothing here, and nothing that uses it, submits.
 */
import { targetIdentifier } from '../../shared/domain/role-target';
import type { DeepLinkIntent } from '../../shared/domain/deep-link';
import type { EligibleRole, RoleCatalog } from '../../shared/domain/roles';
import { isoDurationToMinutes } from '../wizard/format';

export type MatchedRole = { readonly asked: string; readonly id: string; readonly displayName: string };

/** How each role named in the link was understood. */
export type LinkRoleMatch = {
  readonly matched: readonly MatchedRole[];
  /** Names or ids that are not among the admin's eligible roles. */
  readonly unknown: readonly string[];
  /** Names that fit more than one eligible role (the same role at several scopes): the admin picks. */
  readonly ambiguous: readonly { readonly asked: string; readonly candidates: readonly string[] }[];
  /**
   * Roles that are active right now, so not selected: PIM refuses to activate a role that is
   * active. Mostly the tray's Re-activate, pressed before the role has ended; the notice says until when.
   */
  readonly stillActive: readonly { readonly displayName: string; readonly until: string | null }[];
};

/** Where a pre-fill came from: a help-desk link, or the tray's Re-activate / Activate favourites / expiry notification. */
export type PrefillOrigin = 'link' | 'tray';

export function originOf(intent: DeepLinkIntent): PrefillOrigin {
  return intent.origin ?? 'link';
}

/** How the notices name the source: "a help-desk link" or "the tray". */
export function originName(origin: PrefillOrigin): string {
  return origin === 'tray' ? 'the tray' : 'a help-desk link';
}

/** The link's content as the wizard applies it. */
export type LinkPrefill = LinkRoleMatch & {
  readonly origin: PrefillOrigin;
  /** Duration the link asked for, in minutes; null when it named none or it is unreadable. */
  readonly durationMinutes: number | null;
  readonly justification: string | null;
  readonly ticketNumber: string | null;
  readonly ticketSystem: string | null;
};

function normalized(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Ids a link may use for a role: its key, and the Entra object id behind it. */
function idsOf(role: EligibleRole): readonly string[] {
  const target = targetIdentifier(role.target);
  return [role.id.toLowerCase(), target.toLowerCase()];
}

/**
 * Matches each name or id against the eligible list: an exact id first (unambiguous by
 * construction), then the display name, case- and spacing-insensitive. A name shared by several
 * eligible roles selects none of them. A role active right now is not selected but reported.
 * Duplicates in the link count once.
 */
export function matchLinkRoles(catalog: RoleCatalog, asked: readonly string[]): LinkRoleMatch {
  const matched: MatchedRole[] = [];
  const unknown: string[] = [];
  const ambiguous: { asked: string; candidates: string[] }[] = [];
  const stillActive: { displayName: string; until: string | null }[] = [];
  for (const raw of asked) {
    const key = normalized(raw);
    if (key === '') {
      continue;
    }
    const byId = catalog.eligible.filter((role) => idsOf(role).includes(key));
    const candidates = byId.length === 1 ? byId : catalog.eligible.filter((role) => normalized(role.displayName) === key);
    const only = candidates[0];
    if (only?.active != null && candidates.length === 1) {
      if (!stillActive.some((s) => s.displayName === only.displayName)) {
        stillActive.push({ displayName: only.displayName, until: only.active.endDateTime });
      }
    } else if (candidates.length === 1 && only !== undefined) {
      if (!matched.some((m) => m.id === only.id)) {
        matched.push({ asked: raw, id: only.id, displayName: only.displayName });
      }
    } else if (candidates.length > 1) {
      ambiguous.push({ asked: raw, candidates: candidates.map((role) => `${role.displayName} (${role.scopeLabel})`) });
    } else if (!unknown.includes(raw)) {
      unknown.push(raw);
    }
  }
  return { matched, unknown, ambiguous, stillActive };
}

export function prefillFromIntent(catalog: RoleCatalog, intent: DeepLinkIntent): LinkPrefill {
  return {
    ...matchLinkRoles(catalog, intent.roles),
    origin: originOf(intent),
    durationMinutes: intent.duration === undefined ? null : isoDurationToMinutes(intent.duration),
    justification: intent.justification ?? null,
    ticketNumber: intent.ticketNumber ?? null,
    ticketSystem: intent.ticketSystem ?? null,
  };
}
