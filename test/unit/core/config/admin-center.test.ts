/**
 * Where "Open My roles in the Microsoft Entra admin center" goes: the worldwide cloud's PIM My
 * roles page for a real tenant, and no link for the demo, kiosk mode, a custom authority or a
 * cloud whose page we have not confirmed (US Government, 21Vianet).
 */
import { describe, expect, it } from 'vitest';
import { adminCenterMyRolesUrl } from '../../../../src/core/config/admin-center';
import type { AdminCenterInput } from '../../../../src/core/config/admin-center';

const PUBLIC: AdminCenterInput = {
  cloud: 'public',
  authorityHost: 'https://login.microsoftonline.com',
  demo: false,
  tenant: 'contoso.onmicrosoft.com',
  mode: 'standard',
};
const MY_ROLES = 'https://entra.microsoft.com/#view/Microsoft_Azure_PIMCommon/ActivationMenuBlade/~/aadmigratedroles';

describe('admin center link', () => {
  it("links the worldwide cloud's PIM My roles page", () => {
    expect(adminCenterMyRolesUrl(PUBLIC)).toBe(MY_ROLES);
  });

  it.each([
    ['US Government', { cloud: 'usgov', authorityHost: 'https://login.microsoftonline.us' }],
    ['US Government DoD', { cloud: 'usgov-dod', authorityHost: 'https://login.microsoftonline.us' }],
    ['21Vianet', { cloud: 'china', authorityHost: 'https://login.chinacloudapi.cn' }],
    ['a custom cloud', { cloud: 'custom', authorityHost: 'https://login.contoso-cloud.example' }],
    ['the public cloud behind another authority', { authorityHost: 'https://login.contoso-proxy.example' }],
    ['the demo', { demo: true }],
    ['no tenant (the demo by default)', { tenant: null }],
    ['kiosk mode (no external browser)', { mode: 'kiosk' }],
  ] as const)('offers no link for %s', (_name, change) => {
    const config = { ...PUBLIC, ...change };
    expect(adminCenterMyRolesUrl(config)).toBeNull();
  });
});
