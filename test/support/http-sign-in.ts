/**
 * A "system browser" that completes the simulated tenant's interactive sign-in pages over HTTPS, as a person would
 * (username, password, the method it is offered, the number, code or PIN from the simulated device), keeping one
 * cookie jar like one browser profile. It records every method choice the pages offered, so a test can compare what
 * a plan promised with what the sign-in then accepted. No Chromium: the same pages, read as HTML.
 */
import type { FetchLike } from '../../src/core/net/fetch-like';
import { decodeHtml as decodeEntities } from '../../src/demo/form-following-browser';

export type OfferedChoice = {
  /** `mfa` (a second factor), `stepup` (an authentication context) or `first`. */
  readonly purpose: string;
  readonly offered: readonly string[];
  /** True when the page refused the sign-in outright (no registered method satisfies the strength). */
  readonly blocked: boolean;
};

export type HttpSignInScript = {
  readonly username: string;
  readonly password: string;
  readonly pin: string | null;
  /** Which offered method to use (default: the first offered that is not the password). */
  readonly choose?: (offered: readonly string[], purpose: string) => string | undefined;
};

export type HttpSignInBrowser = {
  readonly open: (url: string) => Promise<void>;
  /** Choices the pages offered, in order, across every sign-in. */
  readonly choices: OfferedChoice[];
  /** Failures of the page driver (a page it could not read), in order. */
  readonly failures: unknown[];
  /** Sign-ins that reached the final form post (each is one visit of the authorize endpoint). */
  readonly completed: () => number;
  /** Waits until every sign-in started so far has ended. */
  readonly settled: () => Promise<void>;
};

const attr = (html: string, pattern: RegExp): string | null => pattern.exec(html)?.[1] ?? null;

/** The forms of a page: action and hidden fields. */
function forms(html: string): { action: string; fields: Record<string, string>; id: string | null }[] {
  return [...html.matchAll(/<form method="post" action="([^"]+)"(?: id="([^"]+)")?>([\s\S]*?)<\/form>/g)].map((match) => {
    const fields: Record<string, string> = {};
    for (const input of (match[3] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields[decodeEntities(input[1] ?? '')] = decodeEntities(input[2] ?? '');
    }
    return { action: decodeEntities(match[1] ?? ''), fields, id: match[2] ?? null };
  });
}

export function createHttpSignInBrowser(fetch: FetchLike, script: HttpSignInScript): HttpSignInBrowser {
  const cookies = new Map<string, string>();
  const choices: OfferedChoice[] = [];
  const failures: unknown[] = [];
  const running = new Set<Promise<void>>();
  let completed = 0;

  const request = async (url: string, body?: Record<string, string>): Promise<string> => {
    const response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        accept: 'text/html',
        ...(cookies.size === 0 ? {} : { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') }),
        ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(body === undefined ? {} : { body: new URLSearchParams(body).toString() }),
    });
    const setCookie = response.headers.get('set-cookie');
    const pair = setCookie === null ? null : /^([^=;]+)=([^;]*)/.exec(setCookie);
    if (pair !== null) {
      cookies.set(pair[1] ?? '', pair[2] ?? '');
    }
    return response.text();
  };

  const pick = (offered: readonly string[], purpose: string): string | undefined =>
    script.choose?.(offered, purpose) ?? offered.find((m) => m !== 'password') ?? offered[0];

  const complete = async (url: string): Promise<void> => {
    let html = await request(url);
    for (let step = 0; step < 30; step += 1) {
      const page = forms(html);
      const origin = new URL(url).origin;
      const post = (fields: Record<string, string>): Promise<string> => {
        const form = page.find((f) => f.fields.action === fields.action) ?? page[0];
        if (form === undefined) {
          throw new Error('the page has no form');
        }
        return request(new URL(form.action, origin).toString(), { ...form.fields, ...fields });
      };
      const final = page.find((f) => f.id === 'response-form');
      if (final !== undefined) {
        // The auto-submitting answer to MSAL's loopback.
        const target = new URL(final.action);
        target.hostname = '127.0.0.1';
        await fetch(target.toString(), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(final.fields).toString(),
        });
        completed += 1;
        return;
      }
      const stepName = attr(html, /<body data-step="([^"]+)"/);
      const purpose = attr(html, /data-purpose="([^"]+)"/) ?? 'first';
      switch (stepName) {
        case 'username':
          html = await post({ action: 'username', username: script.username });
          break;
        case 'account-picker':
          html = await post({ action: 'pick-account', choice: 'current' });
          break;
        case 'first-factor':
          html = await post({ action: 'password', password: script.password });
          break;
        case 'choose-method': {
          const offered = [...html.matchAll(/class="method" data-method="([^"]+)"/g)].map((m) => m[1] ?? '');
          choices.push({ purpose, offered, blocked: false });
          const method = pick(offered, purpose);
          if (method === undefined) {
            throw new Error('nothing offered');
          }
          html = await post({ action: 'choose', method });
          break;
        }
        case 'blocked':
          choices.push({ purpose: 'stepup', offered: [], blocked: true });
          html = await post({ action: 'give-up' });
          break;
        case 'method': {
          const method = attr(html, /data-method="([^"]+)" id="method-in-progress"/);
          if (method === 'authenticatorPush' || method === 'authenticatorPasswordless') {
            html = await post({ action: 'verify', decision: 'approve', matchNumber: attr(html, /id="match-number">(\d+)</) ?? '' });
          } else if (method === 'oath') {
            html = await post({ action: 'verify', otp: attr(html, /id="simulated-otp">(\d+)</) ?? '' });
          } else {
            html = await post({ action: 'verify', pin: script.pin ?? '' });
          }
          break;
        }
        default:
          throw new Error(`unexpected sign-in page "${stepName ?? 'none'}"`);
      }
    }
    throw new Error('the sign-in did not end');
  };

  return {
    open: (url) => {
      // Like a real browser, the pages run on their own while MSAL waits on its loopback.
      const run = complete(url).catch((cause: unknown) => {
        failures.push(cause);
      });
      running.add(run);
      void run.finally(() => running.delete(run));
      return Promise.resolve();
    },
    choices,
    failures,
    completed: () => completed,
    settled: async () => {
      await Promise.all([...running]);
    },
  };
}
