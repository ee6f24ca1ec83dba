/**
 * `openExternalSafe` is the only door to the OS, and it opens only https URLs on the allowlist,
 * which holds the configured authority and, where the "Open My roles" link is offered, the
 * Microsoft Entra admin center's host. (The single-call-site gate is in source-scan.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  appExternalHosts,
  checkExternalUrl,
  createOpenExternalSafe,
  externalHostsFor,
  MAX_EXTERNAL_URL_LENGTH,
} from '../../../src/main/electron/open-external';

/** The Microsoft clouds' authorities, each allowed only when it is the configured one. */
const CLOUD_HOSTS = ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn'];

const AUTHORIZE =
  'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=0000&response_type=code&code_challenge_method=S256';

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
    ['US Government authority', 'https://login.microsoftonline.us/tenant/oauth2/v2.0/authorize'],
    ['China authority', 'https://login.chinacloudapi.cn/tenant/oauth2/v2.0/authorize'],
    ['upper-case host', 'https://LOGIN.MICROSOFTONLINE.COM/common'],
    ['exactly the maximum length', `https://login.microsoftonline.com/?q=${'a'.repeat(MAX_EXTERNAL_URL_LENGTH - 37)}`],
  ])('allows %s', (_name, url) => {
    expect(url.length).toBeLessThanOrEqual(MAX_EXTERNAL_URL_LENGTH);
    expect(checkExternalUrl(url, CLOUD_HOSTS).ok).toBe(true);
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
    const result = checkExternalUrl(url, CLOUD_HOSTS);
    expect(result.ok).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(checkExternalUrl(undefined, CLOUD_HOSTS).ok).toBe(false);
    expect(checkExternalUrl({ href: AUTHORIZE }, CLOUD_HOSTS).ok).toBe(false);
  });
});

describe('openExternalSafe', () => {
  it('opens an allowed URL through shell.openExternal', async () => {
    const { shell, opened } = recordingShell();
    const open = createOpenExternalSafe(shell, { allowedHosts: externalHostsFor('https://login.microsoftonline.com') });
    expect(await open(AUTHORIZE)).toEqual({ opened: true });
    expect(opened).toEqual([new URL(AUTHORIZE).href]);
  });

  it('never calls the shell for a refused URL, and reports why', async () => {
    const { shell, opened } = recordingShell();
    const onRefused = vi.fn();
    const open = createOpenExternalSafe(shell, { allowedHosts: externalHostsFor('https://login.microsoftonline.com'), onRefused });
    for (const url of ['file:///etc/passwd', 'ms-msdt:/id', 'https://evil.example/', 'smb://x/y']) {
      const result = await open(url);
      expect(result.opened).toBe(false);
    }
    expect(opened).toEqual([]);
    expect(onRefused).toHaveBeenCalledTimes(4);
  });

  it('allows exactly the configured authority: no portal, docs site, redirector or other cloud', async () => {
    const { shell, opened } = recordingShell();
    const open = createOpenExternalSafe(shell, { allowedHosts: externalHostsFor('https://login.microsoftonline.com/') });
    for (const url of [
      'https://aka.ms/pim',
      'https://learn.microsoft.com/entra/',
      'https://entra.microsoft.com/#view/PIM',
      'https://portal.azure.com/',
      'https://login.microsoftonline.us/t/oauth2/v2.0/authorize',
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
      mode: 'standard',
    } as const;
    expect(appExternalHosts(tenant)).toEqual(['login.microsoftonline.com', 'entra.microsoft.com']);
    const open = createOpenExternalSafe(shell, { allowedHosts: appExternalHosts(tenant) });
    const myRoles = 'https://entra.microsoft.com/#view/Microsoft_Azure_PIMCommon/ActivationMenuBlade/~/aadmigratedroles';
    expect(await open(myRoles)).toEqual({ opened: true });
    for (const url of [
      'http://entra.microsoft.com/',
      'https://x.entra.microsoft.com/',
      'https://entra.microsoft.com.evil.example/',
      'https://entra.microsoft.us/',
      'https://portal.azure.com/',
      'https://aka.ms/pim',
    ]) {
      expect((await open(url)).opened, url).toBe(false);
    }
    expect(opened).toEqual([new URL(myRoles).href]);
    // The demo and kiosk mode offer no link, so their list is the authority alone.
    expect(appExternalHosts({ ...tenant, demo: true })).toEqual(['login.microsoftonline.com']);
    expect(appExternalHosts({ ...tenant, mode: 'kiosk' })).toEqual(['login.microsoftonline.com']);
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
    const open = createOpenExternalSafe(shell, { allowedHosts: externalHostsFor('https://login.contoso-cloud.example:8443') });
    expect((await open('https://login.contoso-cloud.example:8443/t/oauth2/v2.0/authorize')).opened).toBe(true);
    expect((await open('https://login.contoso-cloud.example/t')).opened).toBe(false);
    expect((await open('http://login.contoso-cloud.example:8443/t')).opened).toBe(false);
    expect(opened).toHaveLength(1);
  });
});
