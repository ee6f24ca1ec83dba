/**
 * HTML of the sign-in pages. Every page says plainly that this is a simulated tenant.
 *
 * Why stable `data-step` / `data-method` attributes and named inputs: people use these pages, and so do the
 * Playwright helpers (test/support/tenant-browser.ts) that drive them exactly as a person would.
 */
import { escapeHtml } from '../http/http-kit';
import { METHOD_DISPLAY_NAMES, type SignInMethod } from '../model/methods';

const STYLE = `
body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}
.banner{background:#8a2be2;color:#fff;padding:8px 16px;font-weight:600;text-align:center}
main{max-width:440px;margin:40px auto;background:#fff;padding:32px 40px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 16px}
label{display:block;margin:12px 0 4px}
input[type=text],input[type=password],input[type=email]{width:100%;box-sizing:border-box;padding:8px;font-size:15px;border:0;border-bottom:1px solid #666}
button{background:#0067b8;color:#fff;border:0;padding:8px 24px;font-size:15px;margin-top:16px;cursor:pointer}
button.secondary{background:#ccc;color:#000}
.method{display:block;width:100%;text-align:left;margin:8px 0;background:#fff;color:#1b1b1b;border:1px solid #8c8c8c}
.error{color:#e81123;margin:8px 0}
.note{font-size:13px;color:#505050}
.device{border:2px dashed #8a2be2;padding:12px;margin-top:20px;background:#faf5ff}
.device h2{font-size:15px;margin:0 0 8px;color:#8a2be2}
.number{font-size:40px;font-weight:700;text-align:center;margin:16px 0}
.code{font-family:monospace;font-size:28px;letter-spacing:4px}
`;

export type PageFrame = {
  readonly step: string;
  readonly title: string;
  readonly tenantName: string;
  readonly body: string;
  readonly purpose?: string;
};

export function page(frame: PageFrame): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(frame.title)} · Simulated tenant</title><style>${STYLE}</style></head>
<body data-step="${escapeHtml(frame.step)}"${frame.purpose === undefined ? '' : ` data-purpose="${escapeHtml(frame.purpose)}"`}>
<header class="banner" id="simulated-banner">SIMULATED TENANT — ${escapeHtml(frame.tenantName)} — not Microsoft Entra ID. Demo data only; never enter real credentials.</header>
<main>${frame.body}</main></body></html>`;
}

export function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

export function errorLine(message: string | null): string {
  return message === null ? '' : `<p class="error" role="alert" id="error-message">${escapeHtml(message)}</p>`;
}

export function formOpen(action: string, tx: string, formAction: string): string {
  return `<form method="post" action="${escapeHtml(action)}">${hidden('tx', tx)}${hidden('action', formAction)}`;
}

export function methodButtons(action: string, tx: string, methods: readonly SignInMethod[]): string {
  return methods
    .map(
      (method) =>
        `${formOpen(action, tx, 'choose')}${hidden('method', method)}<button type="submit" class="method" data-method="${method}">${escapeHtml(METHOD_DISPLAY_NAMES[method])}</button></form>`,
    )
    .join('\n');
}

export function cancelButton(action: string, tx: string): string {
  return `${formOpen(action, tx, 'cancel')}<button type="submit" class="secondary" id="cancel">Cancel sign-in</button></form>`;
}

/** The final page: an auto-submitting POST of the authorization response to the loopback redirect URI. */
export function formPostPage(tenantName: string, redirectUri: string, fields: Readonly<Record<string, string>>, note: string): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => hidden(name, value))
    .join('');
  return page({
    step: 'form-post',
    title: 'Working…',
    tenantName,
    body: `<h1>Returning to the application</h1><p class="note">${escapeHtml(note)}</p>
<form method="post" action="${escapeHtml(redirectUri)}" id="response-form">${inputs}<noscript><button type="submit">Continue</button></noscript></form>
<script>document.getElementById('response-form').submit();</script>`,
  });
}

export function errorPage(tenantName: string, title: string, message: string): string {
  return page({
    step: 'error',
    title,
    tenantName,
    body: `<h1>${escapeHtml(title)}</h1><p class="error" id="error-message">${escapeHtml(message)}</p>`,
  });
}
