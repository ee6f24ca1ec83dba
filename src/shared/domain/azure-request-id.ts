/**
 * An Azure PIM request is cancelled at its scope, so it is named by its full ARM id:
 * `{scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{guid}`, where the scope is a
 * management group, a subscription, a resource group or a resource under one. One parser serves the IPC schema
 * (which refuses anything else) and the engine (which builds the ARM cancel call from the parts).
 */
const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// A name segment, never `.` or `..` (the id becomes a URL path: no traversal out of the scope).
const SEGMENT = "(?!\\.+/)[A-Za-z0-9._()'-]+";
const SCOPE =
  `/providers/Microsoft\\.Management/managementGroups/${SEGMENT}` +
  `|/subscriptions/${GUID}(?:/resourceGroups/${SEGMENT}(?:/providers/${SEGMENT}(?:/${SEGMENT})+)?)?`;
const REQUEST_ID = new RegExp(`^(${SCOPE})/providers/Microsoft\\.Authorization/roleAssignmentScheduleRequests/(${GUID})$`, 'i');

export const AZURE_REQUEST_ID_MAX = 1000;

export type AzureRequestRef = { readonly scope: string; readonly name: string };

/** The scope and request name of a full ARM request id, or null when it is not one. */
export function parseAzureRequestId(id: string): AzureRequestRef | null {
  if (id.length > AZURE_REQUEST_ID_MAX) {
    return null;
  }
  const match = REQUEST_ID.exec(id);
  return match?.[1] === undefined || match[2] === undefined ? null : { scope: match[1], name: match[2] };
}

export function azureRequestId(scope: string, name: string): string {
  return `${scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}`;
}
