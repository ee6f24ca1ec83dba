/**
 * Helpers to obtain real tokens from a simulated tenant with the real MSAL:
 * - `createTenantPca` — a PublicClientApplication configured as the app would be (knownAuthorities, cp1, CA trust);
 * - `formPostOpener` — an `openBrowser` for UNATTENDED tenants: fetches the authorize URL, reads the auto-submitting
 *   form with the product's own parser (the demo's form-following browser) and posts it to the loopback exactly as a
 *   browser would (no Chromium needed, same protocol).
 */
import { PublicClientApplication, type AuthenticationResult } from '@azure/msal-node';
import { parseAutoSubmitForm } from '../../src/demo/form-following-browser';
import type { SimulatedTenant } from '../../src/simulated-tenant';
import { httpsCall, msalNetworkClient } from './tenant-clients';

export const GRAPH_SCOPES = [
  'https://graph.microsoft.com/User.Read',
  'https://graph.microsoft.com/RoleManagement.ReadWrite.Directory',
  'https://graph.microsoft.com/RoleManagementPolicy.Read.Directory',
  'https://graph.microsoft.com/RoleManagementPolicy.Read.AzureADGroup',
  'https://graph.microsoft.com/PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'https://graph.microsoft.com/PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
  'https://graph.microsoft.com/Policy.Read.ConditionalAccess',
];

export function createTenantPca(tenant: SimulatedTenant, clientCapabilities: string[] = ['cp1']): PublicClientApplication {
  return new PublicClientApplication({
    auth: {
      clientId: tenant.clientId,
      authority: tenant.authority,
      knownAuthorities: [new URL(tenant.authorityHost).host],
      clientCapabilities,
    },
    system: { networkClient: msalNetworkClient(tenant.caCertPem) },
  });
}

/** `openBrowser` for unattended tenants: GET authorize over TLS, then POST the form to the loopback. */
export function formPostOpener(ca: string): (url: string) => Promise<void> {
  return async (url) => {
    const page = await httpsCall(url, { method: 'GET', ca });
    const form = parseAutoSubmitForm(page.body.toString('utf8'));
    if (form === null) {
      throw new Error(`The authorize page did not end with a form post (status ${page.status}).`);
    }
    const body = new URLSearchParams(form.fields).toString();
    await fetch(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  };
}

/** Signs in unattended as `username` with `methods` (sets the tenant's unattended mode for the call). */
export async function unattendedToken(
  tenant: SimulatedTenant,
  pca: PublicClientApplication,
  username: string,
  methods: readonly string[],
  extra: { claims?: string; scopes?: string[]; prompt?: string } = {},
): Promise<AuthenticationResult> {
  tenant.control.setUnattended({ username, methods });
  try {
    return await pca.acquireTokenInteractive({
      scopes: extra.scopes ?? GRAPH_SCOPES,
      openBrowser: formPostOpener(tenant.caCertPem),
      loginHint: username,
      ...(extra.prompt === undefined ? {} : { prompt: extra.prompt }),
      ...(extra.claims === undefined ? {} : { claims: extra.claims }),
    });
  } finally {
    tenant.control.setUnattended(null);
  }
}

export function decodeJwt(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
