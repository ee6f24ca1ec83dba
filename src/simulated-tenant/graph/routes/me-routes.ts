/** The signed-in user: `/me`, its directory roles, owned groups and `checkMemberGroups`. */
import { graphError, graphJson } from '../graph-errors';
import { list, parseJsonBody, refusal, type GraphExchange, type GraphRoute, type GraphRouted } from '../graph-route';
import { GRAPH_SCOPES } from '../graph-scopes';
import { directoryRolesOf, memberGroupsOf, ownedGroupsOf } from '../membership';
import { applySelect } from '../odata';

function me(exchange: GraphExchange): GraphRouted {
  const { call, request } = exchange;
  const user = exchange.principal.user;
  const refused = refusal(exchange, GRAPH_SCOPES.me);
  return {
    reply:
      refused ??
      graphJson(call, 200, {
        '@odata.context': `${exchange.origin}/v1.0/$metadata#users/$entity`,
        ...applySelect(
          {
            businessPhones: [],
            displayName: user.displayName,
            givenName: user.displayName.split(' ')[0] ?? user.displayName,
            jobTitle: user.jobTitle,
            mail: user.userPrincipalName,
            mobilePhone: null,
            officeLocation: null,
            preferredLanguage: 'en-US',
            surname: user.displayName.split(' ').slice(1).join(' '),
            userPrincipalName: user.userPrincipalName,
            id: user.id,
          },
          request.url.searchParams.get('$select'),
        ),
      }),
  };
}

function checkMemberGroups(exchange: GraphExchange): GraphRouted {
  const { call, model } = exchange;
  const refused = refusal(exchange, GRAPH_SCOPES.me);
  if (refused !== null) {
    return { reply: refused };
  }
  const body = parseJsonBody(exchange.request);
  const groupIds =
    body.ok && typeof body.value === 'object' && body.value !== null ? (body.value as { groupIds?: unknown }).groupIds : undefined;
  if (!Array.isArray(groupIds) || groupIds.some((id) => typeof id !== 'string') || groupIds.length === 0 || groupIds.length > 20) {
    return { reply: graphError(call, 400, 'Request_BadRequest', 'groupIds must be an array of 1 to 20 group ids.') };
  }
  return {
    reply: graphJson(call, 200, {
      '@odata.context': `${exchange.origin}/v1.0/$metadata#Collection(Edm.String)`,
      value: memberGroupsOf(model, exchange.principal.user.id, groupIds as string[]),
    }),
  };
}

export const meRoutes: readonly GraphRoute[] = [
  { method: 'GET', path: 'me', handle: me },
  {
    method: 'GET',
    path: 'me/transitiveMemberOf/microsoft.graph.directoryRole',
    handle: (exchange) =>
      list(exchange, GRAPH_SCOPES.me, directoryRolesOf(exchange.model, exchange.principal.user.id), 'directoryObject', {}),
  },
  {
    method: 'GET',
    path: 'me/ownedObjects/microsoft.graph.group',
    handle: (exchange) => list(exchange, GRAPH_SCOPES.me, ownedGroupsOf(exchange.model, exchange.principal.user.id), 'directoryObject', {}),
  },
  { method: 'POST', path: 'me/checkMemberGroups', handle: checkMemberGroups },
];
