/** Effective permissions at a scope and the built-in role definitions they come from (`effective-permissions.ts`). */
import type { ArmRoute } from '../arm-route';
import { effectivePermissions, roleDefinition } from '../effective-permissions';

export const permissionRoutes: readonly ArmRoute[] = [
  {
    method: 'GET',
    path: 'permissions',
    handle: (exchange) => ({ reply: effectivePermissions(exchange.model, exchange.call, exchange.principal.user.id, exchange.path.scope) }),
  },
  {
    method: 'GET',
    path: 'roleDefinitions/{name}',
    handle: (exchange, params) => ({ reply: roleDefinition(exchange.model, exchange.call, exchange.path.scope, params.name ?? '') }),
  },
];
