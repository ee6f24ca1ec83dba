/**
 * Azure scopes as the portal names them: "Subscription · Contoso Prod", "Resource group · rg-app".
 *
 * The kind comes from ARM's `expandedProperties.scope.type` when present, else from the shape of the scope id; the
 * name from `displayName`, else the last segment of the id.
 */
import type { AzureScopeKind } from '../../shared/domain/roles';

const KIND_LABELS: Readonly<Record<AzureScopeKind, string>> = {
  managementGroup: 'Management group',
  subscription: 'Subscription',
  resourceGroup: 'Resource group',
  resource: 'Resource',
};

export function azureScopeKind(scope: string, type?: string | null): AzureScopeKind {
  switch ((type ?? '').toLowerCase()) {
    case 'managementgroup':
      return 'managementGroup';
    case 'subscription':
      return 'subscription';
    case 'resourcegroup':
      return 'resourceGroup';
    case 'resource':
      return 'resource';
    default:
      break;
  }
  if (/^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i.test(scope)) {
    return 'managementGroup';
  }
  if (/^\/subscriptions\/[^/]+$/i.test(scope)) {
    return 'subscription';
  }
  return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(scope) ? 'resourceGroup' : 'resource';
}

/** The scope's name: ARM's display name when it gave one, else the id's last segment. */
export function azureScopeName(scope: string, displayName?: string | null): string {
  const name = displayName?.trim();
  return name !== undefined && name !== ''
    ? name
    : (scope
        .split('/')
        .filter((part) => part !== '')
        .pop() ?? scope);
}

export function azureScopeLabel(kind: AzureScopeKind, name: string): string {
  return `${KIND_LABELS[kind]} · ${name}`;
}
