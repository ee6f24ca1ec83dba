/**
 * How a waiting link's roles are named in prose. A link may name roles by their display name (help-desk links) or by
 * the ids the tray writes (`role:<guid>:/`, an Azure scope…): ids are matched against the roles the window knows and
 * never printed, because people read names, not ids (the ids stay in the link itself and the diagnostics).
 */
import type { EligibleRole } from '../../shared/domain/roles';
import { listNames, plural } from '../wizard/format';

/** Looks like an id rather than a name: a target key (`kind:id:scope`), a resource path or a bare GUID. */
function looksLikeId(entry: string): boolean {
  return entry.includes(':') || entry.startsWith('/') || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(entry);
}

/** "Global Administrator and Reports Reader", "Global Administrator and 1 more role", or "2 roles". */
export function linkRoleNames(entries: readonly string[], known: readonly EligibleRole[]): string {
  const byId = new Map(known.map((role) => [role.id.toLowerCase(), role.displayName]));
  const names: string[] = [];
  let unnamed = 0;
  for (const entry of entries) {
    const name = byId.get(entry.toLowerCase()) ?? (looksLikeId(entry) ? null : entry);
    if (name === null) {
      unnamed += 1;
    } else {
      names.push(name);
    }
  }
  if (names.length === 0) {
    return plural(unnamed, 'role');
  }
  return listNames(unnamed === 0 ? names : [...names, plural(unnamed, 'more role')]);
}
