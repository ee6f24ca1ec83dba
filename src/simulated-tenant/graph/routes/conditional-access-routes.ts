/**
 * Conditional Access reads: authentication contexts, the policies that bind them and the authentication strengths,
 * each behind its permission and, for the last two, the tenant's readability switches.
 */
import { conditionalAccessPolicyResource, strengthResource } from '../conditional-access';
import { graphError } from '../graph-errors';
import { list, refusal, type GraphExchange, type GraphRoute, type GraphRouted } from '../graph-route';
import { GRAPH_SCOPES } from '../graph-scopes';

function authenticationContexts(exchange: GraphExchange): GraphRouted {
  return list(
    exchange,
    GRAPH_SCOPES.authenticationContexts,
    exchange.model.scenario.authenticationContexts.map((item) => ({
      id: item.id,
      displayName: item.displayName,
      description: item.description,
      isAvailable: item.isAvailable,
    })),
    'identity/conditionalAccess/authenticationContextClassReferences',
    {},
  );
}

/** The policies (`strengths` false) or the authentication strengths (`strengths` true). */
function policyRead(exchange: GraphExchange, strengths: boolean): GraphRouted {
  const { model, origin } = exchange;
  const readable = strengths ? model.settings.conditionalAccessReadable.strengths : model.settings.conditionalAccessReadable.policies;
  const scopes = strengths ? GRAPH_SCOPES.authenticationStrengths : GRAPH_SCOPES.conditionalAccessPolicies;
  if (refusal(exchange, scopes) === null && (!readable || !model.canReadPolicies(exchange.principal.user))) {
    // Microsoft documents these reads for a few reader and administrator roles only.
    return { reply: graphError(exchange.call, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') };
  }
  return list(
    exchange,
    scopes,
    strengths
      ? [...model.strengths.values()].map((item) => strengthResource(item, origin))
      : model.scenario.conditionalAccessPolicies.map((item) => conditionalAccessPolicyResource(item, model, origin)),
    strengths ? 'policies/authenticationStrengthPolicies' : 'identity/conditionalAccess/policies',
    {},
  );
}

export const conditionalAccessRoutes: readonly GraphRoute[] = [
  { method: 'GET', path: 'identity/conditionalAccess/authenticationContextClassReferences', handle: authenticationContexts },
  { method: 'GET', path: 'identity/conditionalAccess/policies', handle: (exchange) => policyRead(exchange, false) },
  { method: 'GET', path: 'policies/authenticationStrengthPolicies', handle: (exchange) => policyRead(exchange, true) },
];
