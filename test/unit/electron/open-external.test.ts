/**
 * `openExternalSafe` is the only door to the OS, and it opens only known pages: the configured
 * authority's authorize endpoint for our own client id and, where the "Open My roles" link is
 * offered, that page of the Microsoft Entra admin center. A known host is not enough: another path
 * on the authority, or its authorize page for another client id (consent phishing), is refused.
 * (The single-call-site gate is in source-scan.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  appExternalTargets,
  authorityTargets,
  checkExternalUrl,
  createOpenExternalSafe,
  MAX_EXTERNAL_URL_LENGTH,
} from '../../../src/main/electron/open-external';

const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const OTHER_CLIENT = '1950a258-227b-4e31-a9cf-717495945fc2';

/** The Microsoft clouds' authorities, each allowed only when it is the configured one. */
const CLOUD_TARGETS = ['https://login.microsoftonline.com', 'https://login.microsoftonline.us', 'https://login.chinacloudapi.cn'].flatMap(
  (host) => authorityTargets(host, CLIENT),
);
const externalHostsFor = (authorityHost: string) => authorityTargets(authorityHost, CLIENT);

const AUTHORIZE = `https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=${CLIENT}&response_type=code&code_challenge_method=S256`;

function recordingShell() {
  const opened: string[] = [];
  return {
    opened,
    shell: {
      openExternal: (url: string) => {
        opened.push(url);
        return Promise.resolve();
      },
    },
  };
}

describe('checkExternalUrl', () => {
  it.each([
    ['the Entra authorize URL', AUTHORIZE],
    ['US Government authority', `https://login.microsoftonline.us/tenant/oauth2/v2.0/authorize?client_id=${CLIENT}`],
    ['China authority', `https://login.chinacloudapi.cn/tenant/oauth2/v2.0/authorize?client_id=${CLIENT}`],
    [
      'the tenant as its GUID (as discovery names it)',
      `https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize?client_id=${CLIENT}`,
    ],
    ['upper-case host', `https://LOGIN.MICROSOFTONLINE.COM/common/oauth2/v2.0/authorize?client_id=${CLIENT}`],
    ['exactly the maximum length', `${AUTHORIZE}&q=${'a'.repeat(MAX_EXTERNAL_URL_LENGTH - AUTHORIZE.length - 3)}`],
  ])('allows %s', (_name, url) => {
    expect(url.length).toBeLessThanOrEqual(MAX_EXTERNAL_URL_LENGTH);
    expect(checkExternalUrl(url, CLOUD_TARGETS).ok).toBe(true);
  });

  // The authority is a known host, but it serves far more than our sign-in page.
  it.each([
    ['another client id (consent phishing)', AUTHORIZE.replace(CLIENT, OTHER_CLIENT)],
    ['a second client_id', `${AUTHORIZE}&client_id=${OTHER_CLIENT}`],
    ['no client id', 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?response_type=code'],
    ['the v1 authorize endpoint', `https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/authorize?client_id=${CLIENT}`],
    ['the device code page', `https://login.microsoftonline.com/common/oauth2/deviceauth?client_id=${CLIENT}`],
    [
      'the logout page with a redirect',
      `https://login.microsoftonline.com/common/oauth2/v2.0/logout?post_logout_redirect_uri=https://evil.example`,
    ],
    ['the authority root', 'https://login.microsoftonline.com/'],
    ['an extra path segment', `https://login.microsoftonline.com/a/b/oauth2/v2.0/authorize?client_id=${CLIENT}`],
    ['an encoded slash in the tenant', `https://login.microsoftonline.com/a%2Fb/oauth2/v2.0/authorize?client_id=${CLIENT}`],
  ])('refuses the authority host for %s', (_name, url) => {
    expect(checkExternalUrl(url, CLOUD_TARGETS).ok).toBe(false);
  });

  it.each([
    ['http', 'http://login.microsoftonline.com/common'],
    ['file', 'file:///C:/Windows/System32/calc.exe'],
    ['file UNC', 'file://attacker/share/payload.exe'],
    ['smb', 'smb://attacker/share'],
    ['ms-msdt (Follina)', 'ms-msdt:/id PCWDiagnostic /skip force'],
    ['ms-settings', 'ms-settings:privacy'],
    ['ms-officecmd', 'ms-officecmd:{"id":3}'],
    ['search-ms', 'search-ms:query=x&crumb=location:\\\\attacker\\share'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,hi'],
    ['vbscript', 'vbscript:msgbox'],
    ['custom protocol', 'pim-stepup://activate?role=x'],
    ['unknown host', 'https://evil.example/'],
    ['suffix trick', 'https://login.microsoftonline.com.evil.example/'],
    ['prefix trick', 'https://evillogin.microsoftonline.com/'],
    ['subdomain not listed', 'https://x.login.microsoftonline.com/'],
    ['non-default port', 'https://login.microsoftonline.com:8443/'],
    ['credentials', 'https://user:pw@login.microsoftonline.com/'],
    ['userinfo host confusion', 'https://login.microsoftonline.com@evil.example/'],
    ['backslash host confusion', 'https://evil.example\\@login.microsoftonline.com/'],
    ['leading space', ' https://login.microsoftonline.com/'],
    ['embedded newline', 'https://login.microsoftonline.com/\n'],
    ['over 2081 characters', `${AUTHORIZE}&x=${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`],
    ['empty', ''],
    ['garbage', 'not a url'],
  ])('refuses %s', (_name, url) => {
    const result = checkExternalUrl(url, CLOUD_TARGETS);
    expect(result.ok).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(checkExternalUrl(undefined, CLOUD_TARGETS).ok).toBe(false);
    expect(checkExternalUrl({ href: AUTHORIZE }, CLOUD_TARGETS).ok).toBe(false);
  });
});

describe('openExternalSafe', () => {
  it('opens an allowed URL through shell.openExternal', async () => {
    const { shell, opened } = recordingShell();
    const open = createOpenExternalSafe(shell, { allowed: externalHostsFor('https://login.microsoftonline.com') });
    expect(await open(AUTHORIZE)).toEqual({ opened: true });
    expect(opened).toEqual([new URL(AUTHORIZE).href]);
  });

  it('never calls the shell for a refused URL, and reports why', async () => {
    const { shell, opened } = recordingShell();
    const onRefused = vi.fn();
    const open = createOpenExternalSafe(shell, { allowed: externalHostsFor('https://login.microsoftonline.com'), onRefused });
    for (const url of ['file:///etc/passwd', 'ms-msdt:/id', 'https://evil.example/', 'smb://x/y']) {
      const result = await open(url);
      expect(result.opened).toBe(false);
    }
    expect(opened).toEqual([]);
    expect(onRefused).toHaveBeenCalledTimes(4);
  });

  it('allows exactly the configured authority: no portal, docs site, redirector or other cloud', async () => {
    const { shell, opened } = recordingShell();
    const open = createOpenExternalSafe(shell, { allowed: externalHostsFor('https://login.microsoftonline.com/') });
    for (const url of [
      'https://aka.ms/pim',
      'https://learn.microsoft.com/entra/',
      'https://entra.microsoft.com/#view/PIM',
      'https://portal.azure.com/',
      `https://login.microsoftonline.us/t/oauth2/v2.0/authorize?client_id=${CLIENT}`,
      'https://login.live.com/',
    ]) {
      expect((await open(url)).opened, url).toBe(false);
    }
    expect(opened).toEqual([]);
  });

  it('adds the admin center for the My roles link of a worldwide tenant, and nothing else', async () => {
    const { shell, opened } = recordingShell();
    const tenant = {
      cloud: 'public',
      authorityHost: 'https://login.microsoftonline.com',
      demo: false,
      tenant: 'contoso.onmicrosoft.com',
      clientId: CLIENT,
      mode: 'standard',
    } as const;
    const hosts = (config: Parameters<typeof appExternalTargets>[0]) => appExternalTargets(config).map((target) => target.host);
    expect(hosts(tenant)).toEqual(['login.microsoftonline.com', 'entra.microsoft.com', 'mysignins.microsoft.com']);
    const open = createOpenExternalSafe(shell, { allowed: appExternalTargets(tenant) });
    const myRoles = 'https://entra.microsoft.com/#view/Microsoft_Azure_PIMCommon/ActivationMenuBlade/~/aadmigratedroles';
    expect(await open(myRoles)).toEqual({ opened: true });
    for (const url of [
      'http://entra.microsoft.com/',
      'https://x.entra.microsoft.com/',
      'https://entra.microsoft.com.evil.example/',
      'https://entra.microsoft.us/',
      'https://portal.azure.com/',
      'https://aka.ms/pim',
      // The admin center's host, another page: only My roles is offered.
      'https://entra.microsoft.com/',
      'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
      'https://entra.microsoft.com/other#view/Microsoft_Azure_PIMCommon/ActivationMenuBlade/~/aadmigratedroles',
    ]) {
      expect((await open(url)).opened, url).toBe(false);
    }
    // My Security Info, for a step-up no registered method can satisfy: that page alone on its host.
    const securityInfo = 'https://mysignins.microsoft.com/security-info';
    expect(await open(securityInfo)).toEqual({ opened: true });
    expect((await open('https://mysignins.microsoft.com/')).opened).toBe(false);
    expect(opened).toEqual([new URL(myRoles).href, securityInfo]);
    // The demo and kiosk mode offer no link, so their list is the authority alone; without a client id, nothing.
    expect(hosts({ ...tenant, demo: true })).toEqual(['login.microsoftonline.com']);
    expect(hosts({ ...tenant, mode: 'kiosk' })).toEqual(['login.microsoftonline.com']);
    expect(hosts({ ...tenant, mode: 'kiosk', clientId: null })).toEqual([]);
  });

  it('the renderer holds no external URL of its own: the admin-center link comes from main', () => {
    const root = join(__dirname, '..', '..', '..', 'src', 'renderer');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(tsx?|css)$/.test(file));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(/https?:\/\/(?!localhost)/);
    }
  });

  it('a private-cloud authority host is allowed with its port, and nothing else', async () => {
    const { shell, opened } = recordingShell();
    const open = createOpenExternalSafe(shell, { allowed: externalHostsFor('https://login.contoso-cloud.example:8443') });
    const page = `https://login.contoso-cloud.example:8443/t/oauth2/v2.0/authorize?client_id=${CLIENT}`;
    expect((await open(page)).opened).toBe(true);
    expect((await open(page.replace(':8443', ''))).opened).toBe(false);
    expect((await open(page.replace('https:', 'http:'))).opened).toBe(false);
    expect(opened).toHaveLength(1);
  });
});
