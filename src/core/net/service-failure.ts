/**
 * Failures as data, parsed once for every Microsoft REST API the pipeline talks to. Graph and Azure Resource Manager
 * share the error envelope (`{"error":{"code","message","innerError"?}}`), so one parser reads it into the
 * `GraphFailure` every PIM rule of the engine reads (claims challenges, reconciliation, the error mapping):
 * the code with any `UnknownError` wrapper removed, the message (not shortened: an acrs challenge sits at its end, and
 * the parsers bound their own reads), the request id and date, `Retry-After`, and `WWW-Authenticate`.
 */
import { z } from 'zod';
import { unwrapServiceError } from '../auth/claims-challenge';
import type { GraphFailure } from '../graph/graph-failure';
import { failureWithoutAnswer, parseRetryAfter, safeCode } from '../graph/graph-failure';
import type { Exchange, Send } from './request-pipeline';

const errorEnvelope = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string().optional(),
    innerError: z.object({ 'request-id': z.string().optional(), date: z.string().optional() }).partial().optional().catch(undefined),
  }),
});

/** Bodies longer than this are not parsed (the status alone must do): a policy failure listing every rule fits. */
const MAX_ERROR_BODY = 1_000_000;

/** The envelope's error object; null when there is none; 'unreadable' for a body that says JSON and is not. */
function envelopeOf(bodyText: string, headers: Headers): z.infer<typeof errorEnvelope>['error'] | null | 'unreadable' {
  if (bodyText.length > MAX_ERROR_BODY) {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    // Not JSON: a proxy's page leaves the status alone, a body that claims to be JSON is a broken answer.
    return /\bjson\b/i.test(headers.get('content-type') ?? '') && bodyText.trim() !== '' ? 'unreadable' : null;
  }
  const parsed = errorEnvelope.safeParse(json);
  return parsed.success ? parsed.data.error : null;
}

function isoDate(value: string | undefined): string | undefined {
  const at = Date.parse(value ?? '');
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/** A failure from an answer with an error status. `now` reads a `Retry-After` given as a date. */
export function failureFromAnswer(status: number, headers: Headers, bodyText: string, now: Date = new Date()): GraphFailure {
  const read = envelopeOf(bodyText, headers);
  const envelope = read === 'unreadable' ? null : read;
  const unwrapped = unwrapServiceError(envelope?.code, envelope?.message?.slice(0, 100_000));
  const code = safeCode(unwrapped.code);
  const requestId =
    safeCode(envelope?.innerError?.['request-id']) ||
    safeCode(headers.get('request-id')) ||
    safeCode(headers.get('x-ms-request-id')) ||
    undefined;
  const date = isoDate(envelope?.innerError?.date) ?? headers.get('date') ?? undefined;
  const retryAfterSeconds = parseRetryAfter(headers.get('retry-after'), now);
  return {
    status,
    code: code || (read === 'unreadable' ? 'InvalidJson' : `HTTP${String(status)}`),
    message: unwrapped.message.slice(0, 20_000),
    ...(requestId === undefined ? {} : { requestId }),
    ...(date === undefined ? {} : { date }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    wwwAuthenticate: headers.get('www-authenticate'),
  };
}

/** What one exchange came to: the answer, or the failure as data (with the answer, when there was one). */
export type ExchangeOutcome =
  | { readonly ok: true; readonly response: Response }
  | { readonly ok: false; readonly failure: GraphFailure; readonly response: Response }
  | { readonly ok: false; readonly failure: GraphFailure; readonly response: null; readonly cause: unknown };

/** Sends through the pipeline and parses a failure; an error answer's body stays readable for the caller. */
export async function exchangeAsData(send: Send, exchange: Exchange, now: () => Date): Promise<ExchangeOutcome> {
  let response: Response;
  try {
    response = await send(exchange);
  } catch (cause) {
    return { ok: false, failure: failureWithoutAnswer(cause), response: null, cause };
  }
  if (response.ok) {
    return { ok: true, response };
  }
  const text = await response
    .clone()
    .text()
    .catch(() => '');
  return { ok: false, failure: failureFromAnswer(response.status, response.headers, text, now()), response };
}
