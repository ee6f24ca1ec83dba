/**
 * The caller's own PIM lists (`…/filterByCurrentUser(on='principal')`): one shape for every schedule, instance and
 * request collection of directory roles and groups, with the `$expand` each kind offers.
 */
import type { Target, TenantModel } from '../../model/tenant-model';
import type { Expandable } from '../graph-collection';
import { list, type GraphRoute } from '../graph-route';
import { groupResource, roleDefinition } from '../resources';

/** `$expand=roleDefinition` on directory role schedules, instances and requests. */
export function roleExpand(model: TenantModel): Expandable {
  return {
    roleDefinition: (item) => {
      const role = model.roles.get(String(item.roleDefinitionId));
      return role === undefined ? null : roleDefinition(role);
    },
  };
}

/** `$expand=group` on group schedules, instances and requests. */
export function groupExpand(model: TenantModel): Expandable {
  return {
    group: (item) => {
      const group = model.groups.get(String(item.groupId));
      return group === undefined ? null : groupResource(group);
    },
  };
}

export type CallerList<T extends { readonly target: Target }> = {
  readonly path: string;
  readonly scopes: readonly string[];
  readonly kind: 'directoryRole' | 'group';
  /** The caller's records of every kind; the route keeps those of `kind`. */
  readonly records: (model: TenantModel, userId: string) => readonly T[];
  readonly resource: (record: T, model: TenantModel) => Record<string, unknown>;
  /** The Graph type of one item (for `@odata.context` and `$expand` errors). */
  readonly entity: string;
};

/** `GET {path}/filterByCurrentUser(on='principal')` listing the caller's records of one kind. */
export function callerListRoute<T extends { readonly target: Target }>(spec: CallerList<T>): GraphRoute {
  return {
    method: 'GET',
    path: spec.path,
    byCurrentUser: true,
    handle: (exchange) => {
      const { model } = exchange;
      return list(
        exchange,
        spec.scopes,
        spec
          .records(model, exchange.principal.user.id)
          .filter((record) => record.target.kind === spec.kind)
          .map((record) => spec.resource(record, model)),
        spec.entity,
        spec.kind === 'group' ? groupExpand(model) : roleExpand(model),
      );
    },
  };
}
