/**
 * What a person, a help-desk link or an administrator's allow-list may name a role by besides its display name: the
 * directory role's or Azure role's definition id, or the group's object id.
 */
import type { RoleTarget } from './roles';

export function targetIdentifier(target: RoleTarget): string {
  return target.kind === 'group' ? target.groupId : target.roleDefinitionId;
}
