/**
 * A "browser" for the simulated tenant's unattended mode: it fetches the authorize page and
 * submits its auto-submitting form to MSAL's loopback, exactly as a real browser would, over
 * plain HTTP. Only for `--demo` runs with unattended sign-in (scripts, benchmarks, CI): a real
 * tenant always gets the system browser.
 */
import type { Logger } from '../core/logging/logger';
import type { FetchLike } from '../core/net/fetch-like';

export function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x2F;/gi, '/')
    .replace(/&amp;/g, '&');
}

/** The first POST form of a page: its action and its named inputs' values. */
export function parseAutoSubmitForm(html: string): { action: string; fields: Record<string, string> } | null {
  const form =
    /<form\b[^>]*\bmethod="post"[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html) ??
    /<form\b[^>]*\baction="([^"]*)"[^>]*\bmethod="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (form?.[1] === undefined || form[2] === undefined) {
    return null;
  }
  const fields: Record<string, string> = {};
  for (const input of form[2].matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/i.exec(input[0])?.[1];
    const value = /\bvalue="([^"]*)"/i.exec(input[0])?.[1] ?? '';
    if (name !== undefined) {
      fields[decodeHtml(name)] = decodeHtml(value);
    }
  }
  return { action: decodeHtml(form[1]), fields };
}

/** An `openBrowser` that completes unattended sign-in pages by submitting their form. */
export function createFormFollowingBrowser(fetch: FetchLike, logger: Logger): (url: string) => Promise<void> {
  const follow = async (url: string): Promise<void> => {
    const page = await fetch(url, { method: 'GET', headers: { accept: 'text/html' } });
    const html = await page.text();
    const form = parseAutoSubmitForm(html);
    if (form === null) {
      throw new Error(`The sign-in page (HTTP ${String(page.status)}) has no form to submit; is unattended sign-in on?`);
    }
    const target = new URL(form.action, url);
    if (target.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(target.hostname)) {
      throw new Error('The sign-in page wants to post somewhere other than the local loopback; refusing.');
    }
    target.hostname = '127.0.0.1';
    await fetch(target.toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form.fields).toString(),
    });
  };
  return (url) => {
    // Like a real browser, this runs on its own; MSAL waits on its loopback, not on us.
    follow(url).catch((cause: unknown) => {
      logger.warn('unattended sign-in page could not be completed', { error: cause });
    });
    return Promise.resolve();
  };
}
