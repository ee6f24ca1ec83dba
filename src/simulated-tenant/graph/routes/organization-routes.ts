/**
 * `GET /organization` and `GET /organization/{id}`: the signed-in user's own tenant, as Microsoft documents it. The
 * collection holds exactly one organization. With `User.Read` alone only `id`, `displayName` and `verifiedDomains`
 * carry values and every other property is null; `Organization.Read.All` (or a directory-wide read) fills them in.
 * `$select` narrows the properties as elsewhere.
 */
import type { Scenario } from '../../scenario/schema';
import { graphError, graphJson } from '../graph-errors';
import { refusal, type GraphExchange, type GraphRoute, type GraphRouted } from '../graph-route';
import { applySelect } from '../odata';

/** Least privileged first, as Microsoft lists them for the delegated read. */
const READ_SCOPES = ['User.Read', 'Organization.Read.All', 'Directory.Read.All', 'Organization.ReadWrite.All', 'Directory.ReadWrite.All'];
const FULL_READ_SCOPES = READ_SCOPES.slice(1);

type Tenant = Scenario['tenant'];

/** The organization resource; `full` is false when the caller holds only `User.Read`. */
export function organizationResource(tenant: Tenant, full: boolean): Record<string, unknown> {
  const more = (value: unknown): unknown => (full ? value : null);
  return {
    id: tenant.id,
    deletedDateTime: null,
    businessPhones: more([]),
    city: null,
    country: null,
    countryLetterCode: more('US'),
    createdDateTime: null,
    defaultUsageLocation: null,
    displayName: tenant.displayName,
    marketingNotificationEmails: more([]),
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    postalCode: null,
    preferredLanguage: more('en'),
    securityComplianceNotificationMails: more([]),
    securityComplianceNotificationPhones: more([]),
    state: null,
    street: null,
    technicalNotificationMails: more([]),
    tenantType: more('AAD'),
    assignedPlans: more([]),
    privacyProfile: null,
    provisionedPlans: more([]),
    verifiedDomains: [
      { capabilities: 'Email, OfficeCommunicationsOnlineService', isDefault: true, isInitial: true, name: tenant.domain, type: 'Managed' },
    ],
  };
}

/** The reply to a read of `organization` (`id` undefined) or `organization/{id}`. */
function readOrganization(exchange: GraphExchange, id: string | undefined): GraphRouted {
  const { call, request } = exchange;
  const tenant = exchange.model.scenario.tenant;
  const refused = refusal(exchange, READ_SCOPES);
  if (refused !== null) {
    return { reply: refused };
  }
  const full = refusal(exchange, FULL_READ_SCOPES) === null;
  const item = applySelect(organizationResource(tenant, full), request.url.searchParams.get('$select'));
  if (id === undefined) {
    return { reply: graphJson(call, 200, { '@odata.context': `${exchange.origin}/v1.0/$metadata#organization`, value: [item] }) };
  }
  if (id.toLowerCase() !== tenant.id.toLowerCase()) {
    return {
      reply: graphError(
        call,
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      ),
    };
  }
  return { reply: graphJson(call, 200, { '@odata.context': `${exchange.origin}/v1.0/$metadata#organization/$entity`, ...item }) };
}

export const organizationRoutes: readonly GraphRoute[] = [
  { method: 'GET', path: 'organization', handle: (exchange) => readOrganization(exchange, undefined) },
  { method: 'GET', path: 'organization/{id}', handle: (exchange, params) => readOrganization(exchange, params.id) },
];
