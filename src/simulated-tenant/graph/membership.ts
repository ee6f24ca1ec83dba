/**
 * What the directory reports about the signed-in user's memberships (Graph v1.0, permission `User.Read`):
 * `me/transitiveMemberOf/microsoft.graph.directoryRole` (directory roles in effect), `me/checkMemberGroups` (which
 * of the given groups the user is a member of) and `me/ownedObjects/microsoft.graph.group` (groups the user owns).
 * Only assignments their plane already honours count (`effectiveAssignments`): after a PIM activation, the directory
 * lags the instance by the propagation delay, as Microsoft documents it may.
 */
import { seededGuid, type TenantModel } from '../model/tenant-model';

/** A `directoryRole` object (an activated role template in the tenant) for each directory role in effect. */
export function directoryRolesOf(model: TenantModel, userId: string): Record<string, unknown>[] {
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (const assignment of model.effectiveAssignments(userId)) {
    if (assignment.target.kind !== 'directoryRole' || seen.has(assignment.target.roleId)) {
      continue;
    }
    seen.add(assignment.target.roleId);
    const role = model.roles.get(assignment.target.roleId);
    out.push({
      '@odata.type': '#microsoft.graph.directoryRole',
      id: seededGuid(`directory-role-object:${assignment.target.roleId}`),
      deletedDateTime: null,
      description: role?.description ?? '',
      displayName: role?.displayName ?? assignment.target.roleId,
      roleTemplateId: role?.templateId ?? assignment.target.roleId,
    });
  }
  return out;
}

/** Of `groupIds`, those the user is a member of now (as the directory reports it). */
export function memberGroupsOf(model: TenantModel, userId: string, groupIds: readonly string[]): string[] {
  const member = new Set(
    model
      .effectiveAssignments(userId)
      .flatMap((a) => (a.target.kind === 'group' && a.target.accessId === 'member' ? [a.target.groupId.toLowerCase()] : [])),
  );
  return groupIds.filter((id) => member.has(id.toLowerCase()));
}

/** `group` objects the user owns now. */
export function ownedGroupsOf(model: TenantModel, userId: string): Record<string, unknown>[] {
  const owned = new Set(
    model
      .effectiveAssignments(userId)
      .flatMap((a) => (a.target.kind === 'group' && a.target.accessId === 'owner' ? [a.target.groupId] : [])),
  );
  return [...owned].map((id) => ({
    '@odata.type': '#microsoft.graph.group',
    id,
    displayName: model.groups.get(id)?.displayName ?? id,
  }));
}
