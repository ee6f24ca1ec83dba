/**
 * What a run that submits to PIM (an activation, an extension request) needs besides the submitter itself, in one
 * place so both runs read tokens, name contexts and tell the time alike.
 */
import type { AuthContextInfo, EligibleRole } from '../../shared/domain/roles';
import type { GraphApi } from '../graph/graph-api';
import { tokenResourceOfCollection } from '../pim/routed-surface';
import type { CatalogSnapshot } from '../pim/role-catalog';
import { AppFailure } from './app-failure';
import type { StepUpCoordinator } from './step-up-coordinator';

/** A plain token for reading a collection, from the run's coordinator; a refusal stops the run as an AppFailure. */
export function readTokenFrom(coordinator: StepUpCoordinator): (collection: string) => Promise<string> {
  return async (collection) => {
    const grant = await coordinator.token({ purpose: 'sign-in', resource: tokenResourceOfCollection(collection) });
    if (!grant.ok) {
      throw new AppFailure(grant.error);
    }
    return grant.value.accessToken;
  };
}

/** A context's name: from the tenant's list when readable, else from any of the roles' policies, else its id. */
export function contextNamer(catalog: CatalogSnapshot, roles: readonly EligibleRole[]): (id: string) => AuthContextInfo {
  return (id) =>
    catalog.contextNames.get(id) ??
    roles.map((r) => r.requirements.authenticationContext).find((c): c is AuthContextInfo => c?.id === id) ?? { id, displayName: id };
}

/** Now by Graph's clock (PIM judges schedules and windows by it), from the skew its answers showed. */
export function graphNow(graph: Pick<GraphApi, 'clock'>): () => Date {
  return () => new Date(Date.now() - graph.clock().skewSeconds * 1000);
}
