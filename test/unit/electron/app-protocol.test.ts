/**
 * docs/security.md, rows 4 and 10: the renderer is served from app:// with a strict CSP,
 * and nothing outside dist/renderer can be read through it.
 */
import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  registerAppProtocol,
  resolveAppPath,
  serveAppRequest,
} from '../../../src/main/electron/app-protocol';
import { effectiveSources, parseCsp } from './support/csp';

// Created at load time: the refusal table below names paths inside it.
const base = mkdtempSync(join(tmpdir(), 'pim-app-protocol-'));
const root = join(base, 'dist', 'renderer');

beforeAll(() => {
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>PIM</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), 'refresh_token=SECRET');
  mkdirSync(join(base, 'dist', 'main'), { recursive: true });
  writeFileSync(join(base, 'dist', 'main', 'index.js'), 'main process code');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'escape.txt'));
  symlinkSync(base, join(root, 'up'));
  symlinkSync(join(root, 'index.html'), join(root, 'assets', 'inside-link.html'));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => serveAppRequest({ url, method }, { root });

describe('CSP', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY);

  it('closes everything by default and allows only same-origin scripts and styles', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(effectiveSources(csp, 'script-src')).toEqual(["'self'"]);
    expect(effectiveSources(csp, 'style-src')).toEqual(["'self'"]);
  });

  it.each(['script-src', 'style-src', 'img-src', 'font-src', 'connect-src', 'default-src'])(
    '%s allows no inline code, eval, wildcard or remote origin',
    (directive) => {
      for (const source of effectiveSources(csp, directive)) {
        expect(source).not.toMatch(/unsafe-|^\*$|^https?:|^blob:|^'strict-dynamic'$|^'wasm/);
      }
    },
  );

  it.each([
    ['connect-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ])('%s is closed', (directive, expected) => {
    expect(csp.get(directive)).toEqual(expected);
  });

  it('is sent as a header on every response, including refusals', async () => {
    const okResponse = await get(APP_ENTRY_URL);
    const refused = await get(`${APP_ORIGIN}/../secret.txt`);
    expect(okResponse.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(refused.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(okResponse.headers.get('x-content-type-options')).toBe('nosniff');
  });

  const indexHtml = join(process.cwd(), 'src', 'renderer', 'index.html');
  it.skipIf(!existsSync(indexHtml))('the renderer index.html meta CSP is as strict (script-src self, no inline, connect closed)', () => {
    const html = readFileSync(indexHtml, 'utf8');
    const meta = /<meta[^>]+http-equiv=["']Content-Security-Policy["'][^>]*content=(["'])(.+?)\1/is.exec(html);
    expect(meta, 'index.html must carry a CSP meta tag').not.toBeNull();
    const metaCsp = parseCsp(meta?.[2] ?? '');
    expect(effectiveSources(metaCsp, 'script-src')).toEqual(["'self'"]);
    expect(effectiveSources(metaCsp, 'connect-src')).toEqual(["'none'"]);
    expect(effectiveSources(metaCsp, 'object-src')).toEqual(["'none'"]);
    for (const [, sources] of metaCsp) {
      expect(sources.join(' ')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    }
    // No inline script at all: every <script> has a src.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  });
});

describe('scheme registration', () => {
  it('is standard and secure, with no CSP bypass, service workers or cross-origin fetch', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({
      standard: true,
      secure: true,
      bypassCSP: false,
      allowServiceWorkers: false,
      corsEnabled: false,
      supportFetchAPI: false,
    });
  });

  it('registerAppProtocol installs a handler for app: that serves from the root', async () => {
    const handlers = new Map<string, (request: Request) => Promise<Response>>();
    registerAppProtocol({ handle: (scheme, handler) => handlers.set(scheme, handler) }, { root });
    const handler = handlers.get('app');
    expect(handler).toBeDefined();
    const response = await handler?.(new Request(APP_ENTRY_URL));
    expect(response?.status).toBe(200);
    expect(await response?.text()).toContain('<title>PIM</title>');
  });
});

describe('serving dist/renderer', () => {
  it.each([
    [APP_ENTRY_URL, 'text/html', '<!doctype html><title>PIM</title>'],
    [`${APP_ORIGIN}/`, 'text/html', '<!doctype html><title>PIM</title>'],
    [`${APP_ORIGIN}/assets/index-abc.js`, 'text/javascript', 'console.log(1)'],
    [`${APP_ORIGIN}/assets/index-abc.css?v=1#x`, 'text/css', 'body{}'],
    [`${APP_ORIGIN}/assets/inside-link.html`, 'text/html', '<!doctype html><title>PIM</title>'],
  ])('%s', async (url, type, body) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(type);
    expect(await response.text()).toBe(body);
  });

  it.each([
    ['dot-dot', `${APP_ORIGIN}/../secret.txt`],
    ['dot-dot deeper', `${APP_ORIGIN}/assets/../../secret.txt`],
    ['dot-dot into main', `${APP_ORIGIN}/../main/index.js`],
    ['encoded dot-dot', `${APP_ORIGIN}/%2e%2e/secret.txt`],
    ['encoded dot-dot, upper case', `${APP_ORIGIN}/%2E%2E/%2E%2E/secret.txt`],
    ['encoded slash and dot-dot', `${APP_ORIGIN}/assets%2f..%2f..%2fsecret.txt`],
    ['double-encoded dot-dot', `${APP_ORIGIN}/%252e%252e/secret.txt`],
    ['backslash dot-dot', `${APP_ORIGIN}/..%5csecret.txt`],
    ['absolute path', `${APP_ORIGIN}//etc/passwd`],
    ['absolute path to the secret', `${APP_ORIGIN}/${encodeURIComponent(join(base, 'secret.txt'))}`],
    ['Windows drive path', `${APP_ORIGIN}/C:/Windows/win.ini`],
    ['NUL byte', `${APP_ORIGIN}/index.html%00.js`],
    ['symlink to a file outside', `${APP_ORIGIN}/assets/escape.txt`],
    ['symlinked directory outside', `${APP_ORIGIN}/up/secret.txt`],
    ['another host', 'app://evil/index.html'],
    ['another scheme', 'https://pim-stepup/index.html'],
    ['missing file', `${APP_ORIGIN}/nope.js`],
    ['a directory', `${APP_ORIGIN}/assets`],
  ])('refuses %s', async (_name, url) => {
    const response = await get(url);
    expect([400, 403, 404]).toContain(response.status);
    const text = await response.text();
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('main process code');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
    const head = await get(APP_ENTRY_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('resolveAppPath names traversal as 403 before touching the file system', () => {
    expect(resolveAppPath(`${APP_ORIGIN}/../x`, '/srv/root')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppPath(`${APP_ORIGIN}/a/b.js`, '/srv/root')).toEqual({ ok: true, file: '/srv/root/a/b.js' });
  });
});
