/**
 * One activation surface for every kind of role: directory roles and PIM groups go to Microsoft Graph, Azure resource
 * roles to Azure Resource Manager. The pipeline (submitter, follower, step-up coordinator) stays the same; what
 * differs per API is the surface and the token's resource, and both are decided here from the target's kind.
 */
import type { RoleTarget } from '../../shared/domain/roles';
import type { TokenResource } from '../auth/auth-service';
import { GraphCallError } from '../graph/graph-api';
import type { ActivationSurface } from './activation-surface';

/** The collection name the ARM surface uses for Azure roles. */
export const AZURE_COLLECTION = 'azureResource';

export function tokenResourceOf(target: RoleTarget): TokenResource {
  return target.kind === 'azureResource' ? 'arm' : 'graph';
}

export function tokenResourceOfCollection(collection: string): TokenResource {
  return collection === AZURE_COLLECTION ? 'arm' : 'graph';
}

export function createRoutedSurface(graph: ActivationSurface, arm: ActivationSurface | null): ActivationSurface {
  const armOrRefuse = (): ActivationSurface => {
    if (arm === null) {
      throw new GraphCallError({
        status: -1,
        code: 'ArmNotConfigured',
        message: 'No Azure Resource Manager endpoint is configured, so Azure roles cannot be activated.',
      });
    }
    return arm;
  };
  const surfaceOf = (collection: string): ActivationSurface => (collection === AZURE_COLLECTION ? armOrRefuse() : graph);
  return {
    collectionOf: (target) => (target.kind === 'azureResource' ? AZURE_COLLECTION : graph.collectionOf(target)),
    submit: (target, principalId, details, token, clientRequestId) =>
      (target.kind === 'azureResource' ? armOrRefuse() : graph).submit(target, principalId, details, token, clientRequestId),
    requests: (collection, token) => surfaceOf(collection).requests(collection, token),
    request: (target, requestId, token) =>
      (target.kind === 'azureResource' ? surfaceOf(AZURE_COLLECTION) : graph).request(target, requestId, token),
    instances: (collection, token) => surfaceOf(collection).instances(collection, token),
  };
}
