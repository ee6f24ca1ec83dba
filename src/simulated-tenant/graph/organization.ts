/**
 * `GET /organization` and `GET /organization/{id}`: the signed-in user's own tenant, as Microsoft documents it. The
 * collection holds exactly one organization. With `User.Read` alone only `id`, `displayName` and `verifiedDomains`
 * carry values and every other property is null; `Organization.Read.All` (or a directory-wide read) fills them in.
 * `$select` narrows the properties as elsewhere.
 */
import type { InboundRequest, Reply } from '../http/http-kit';
import type { Scenario } from '../scenario/schema';
import { requireScope, type Principal } from './graph-auth';
import { graphError, graphJson, type GraphCall } from './graph-errors';
import { applySelect } from './odata';

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

/**
 * The reply to a read of `organization` (`id` null) or `organization/{id}`; null when the path is neither, so the
 * router answers as for any unknown segment.
 */
export function organizationReply(
  request: InboundRequest,
  call: GraphCall,
  principal: Principal,
  tenant: Tenant,
  origin: string,
  segments: readonly string[],
): Reply | null {
  if (request.method !== 'GET' || segments[0] !== 'organization' || segments.length > 2) {
    return null;
  }
  const refused = requireScope(principal, READ_SCOPES, call);
  if (refused !== null) {
    return refused;
  }
  const full = requireScope(principal, FULL_READ_SCOPES, call) === null;
  const item = applySelect(organizationResource(tenant, full), request.url.searchParams.get('$select'));
  const id = segments[1];
  if (id === undefined) {
    return graphJson(call, 200, { '@odata.context': `${origin}/v1.0/$metadata#organization`, value: [item] });
  }
  if (id.toLowerCase() !== tenant.id.toLowerCase()) {
    return graphError(
      call,
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  return graphJson(call, 200, { '@odata.context': `${origin}/v1.0/$metadata#organization/$entity`, ...item });
}
