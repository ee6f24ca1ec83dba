/**
 * Failures for people: maps each service code of Graph (and, through arm-failure.ts, Azure Resource Manager) to a
 * closed AppError code with an actionable message. Answers are parsed into a GraphFailure by the request pipeline
 * (src/core/net/service-failure.ts); `graphFailureFrom` normalises what the Graph SDK throws on its own (an answer it
 * could not read) and network errors.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import { appError } from '../../shared/errors';
import type { AppError, PolicyRuleName } from '../../shared/errors';
import { unwrapServiceError } from '../auth/claims-challenge';

export type GraphFailure = {
  /** HTTP status; -1 when no response arrived (network error, reset connection). */
  readonly status: number;
  /** Service code with any `UnknownError` wrapper removed. */
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
  readonly date?: string;
  readonly retryAfterSeconds?: number;
  readonly wwwAuthenticate?: string | null;
};

/** Parses `Retry-After` (seconds or an HTTP date) into seconds, relative to `now`. */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    // Bounded: a hostile or broken header must not make us wait for days.
    return Math.min(Number(value.trim().slice(0, 9)), 86_400);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** A service code we can show and switch on: short and plain, or '' (codes come from the network). */
export function safeCode(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z][\w.-]{0,79}$/.test(value) ? value : '';
}

/** Service text reduced to something safe to show: no markup, one line, bounded. */
export function safeText(value: unknown, max = 300): string {
  if (typeof value !== 'string') {
    return '';
  }
  const plain = value
    .slice(0, max * 4)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

export function isGraphFailure(value: unknown): value is GraphFailure {
  return typeof value === 'object' && value !== null && 'status' in value && 'code' in value && !(value instanceof Error);
}

/** Normalises whatever a Graph call threw. */
export function graphFailureFrom(cause: unknown): GraphFailure {
  if (isGraphFailure(cause)) {
    return cause;
  }
  if (cause instanceof GraphError) {
    const headers = cause.headers;
    const rawCode: unknown = cause.code;
    const rawMessage: unknown = cause.message;
    // Bounded before parsing: the message may be a JSON document (UnknownError) of any size.
    const unwrapped = unwrapServiceError(
      typeof rawCode === 'string' ? rawCode : undefined,
      typeof rawMessage === 'string' ? rawMessage.slice(0, 100_000) : undefined,
    );
    const date =
      cause.date instanceof Date && !Number.isNaN(cause.date.getTime()) ? cause.date.toISOString() : (headers?.get('date') ?? undefined);
    const requestId = safeCode(cause.requestId) || safeCode(headers?.get('request-id')) || undefined;
    const retryAfterSeconds = parseRetryAfter(headers?.get('retry-after'));
    const status = typeof cause.statusCode === 'number' && cause.statusCode > 0 ? cause.statusCode : -1;
    return {
      status,
      code: safeCode(unwrapped.code),
      message: unwrapped.message.slice(0, 20_000),
      ...(requestId === undefined ? {} : { requestId }),
      ...(date === undefined ? {} : { date }),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      wwwAuthenticate: headers?.get('www-authenticate') ?? null,
    };
  }
  // Anything else was thrown before a response.
  return failureWithoutAnswer(cause);
}

/** A call that got no answer (reset, timeout, DNS): status -1. Never `String()` the cause: it may have no prototype. */
export function failureWithoutAnswer(cause: unknown): GraphFailure {
  const message = cause instanceof Error ? safeText(cause.message, 200) : typeof cause === 'string' ? safeText(cause, 200) : '';
  return { status: -1, code: cause instanceof Error ? safeCode(cause.name) || 'NetworkError' : 'NetworkError', message };
}

/** The rule names in `The following policy rules failed: ["ExpirationRule","JustificationRule"]`. */
export function failedPolicyRules(message: string): PolicyRuleName[] {
  return parseRuleList(message)
    .map((rule) => safeCode(rule))
    .filter((rule) => rule !== '');
}

function parseRuleList(message: string): string[] {
  // Bounded: the list may be truncated by the slice, so a missing ']' still yields the names read so far.
  const match = /\[([^\]]*)/.exec(message.slice(0, 20_000));
  if (match?.[1] === undefined) {
    return [];
  }
  return match[1]
    .split(',')
    .map((part) => part.replace(/["'\s\\]/g, ''))
    .filter((part) => part !== '');
}

/** What each policy rule failure means to the person, and what to do. */
export function policyRuleMessage(rule: PolicyRuleName, context: { readonly maximumDuration?: string | null } = {}): string {
  switch (rule) {
    case 'ExpirationRule':
      return `The duration is longer than this role allows${context.maximumDuration ? ` (at most ${context.maximumDuration})` : ''}; choose a shorter duration.`;
    case 'JustificationRule':
      return 'This role requires a justification; say why you need it.';
    case 'TicketingRule':
      return 'This role requires a ticket number and ticket system.';
    case 'EligibilityRule':
      return 'You are no longer eligible for this role (the eligibility may have expired or been removed); refresh the list or ask your PIM administrator.';
    case 'MfaRule':
      return 'This role requires multifactor authentication and your sign-in did not prove it; sign in again with MFA.';
    default:
      return `The PIM policy rule "${rule}" was not met; check the role's settings with your PIM administrator.`;
  }
}

/** What an AppError keeps of a failure for the help desk: the request id, the service's date and code. */
export function failureTrace(f: GraphFailure): { readonly requestId?: string; readonly date?: string; readonly serviceCode: string } {
  return {
    ...(f.requestId === undefined ? {} : { requestId: f.requestId }),
    ...(f.date === undefined ? {} : { date: f.date }),
    serviceCode: f.code,
  };
}

/**
 * Maps a Graph failure to the closed AppError set. `what` names the operation for generic messages; `service` names
 * the API in them (Azure Resource Manager's failures share the PIM codes and this mapping).
 */
export function appErrorFromGraph(f: GraphFailure, what = 'The request to Microsoft Graph', service = 'Microsoft Graph'): AppError {
  const trace = failureTrace(f);
  switch (f.code) {
    case 'RoleAssignmentExists':
      return appError('pim/already-active', 'This role is already active for you; nothing needed to be done.', trace);
    case 'PendingRoleAssignmentRequest':
      return appError(
        'pim/pending-request',
        'A request for this role is already waiting (for example for approval); wait for it or cancel it before asking again.',
        trace,
      );
    case 'ActiveDurationTooShort':
      return appError(
        'pim/active-duration-too-short',
        'PIM does not allow deactivating a role within 5 minutes of activating it; try again in a few minutes.',
        { ...trace, retryable: true },
      );
    case 'RoleAssignmentDoesNotExist':
      return appError('pim/not-active', 'This role is not active for you, so there is nothing to deactivate.', trace);
    case 'RoleNotFound':
    case 'SubjectNotFound':
    case 'ResourceNotFound':
    case 'Request_ResourceNotFound':
      return appError('pim/not-found', 'PIM does not know this role or group any more; refresh the list.', trace);
    case 'RoleAssignmentRequestPolicyValidationFailed': {
      const allRules = failedPolicyRules(f.message);
      // Bounded for the AppError (a hostile answer may list thousands).
      const rules = allRules.slice(0, 20);
      if (rules.length === 1 && rules[0] === 'EligibilityRule') {
        return appError('pim/not-eligible', policyRuleMessage('EligibilityRule'), { ...trace, rules });
      }
      if (rules.length === 1 && rules[0] === 'MfaRule') {
        return appError(
          'auth/mfa-unsatisfied',
          'This role requires multifactor authentication and your sign-in could not prove it; sign in with an MFA method and try again.',
          {
            ...trace,
            rules,
          },
        );
      }
      const shown = rules.slice(0, 4).map((r) => policyRuleMessage(r));
      const more = allRules.length > 4 ? ` ${String(allRules.length - 4)} more rule${allRules.length === 5 ? '' : 's'} also failed.` : '';
      const text =
        rules.length === 0
          ? "The activation does not meet the role's PIM policy; check the role's settings with your PIM administrator."
          : `${shown.join(' ')}${more}`;
      return appError('pim/policy-violation', text, { ...trace, rules });
    }
    default:
      break;
  }
  if (f.status === -1) {
    return appError(
      'graph/network',
      // The transport's own words ("fetch failed", a TypeError) are for the log, not the sentence.
      `${what} did not get an answer; check your connection and try again.`,
      { ...trace, retryable: true },
    );
  }
  if (f.status === 429) {
    const wait =
      f.retryAfterSeconds === undefined ? 'a little while' : `${String(f.retryAfterSeconds)} second${f.retryAfterSeconds === 1 ? '' : 's'}`;
    return appError('graph/throttled', `${service} is busy and asked us to wait ${wait}; try again after that.`, {
      ...trace,
      retryable: true,
      ...(f.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: f.retryAfterSeconds }),
    });
  }
  if (f.status === 401) {
    return appError('graph/unauthorized', `${service} did not accept your sign-in; sign in again.`, trace);
  }
  if (f.status === 403) {
    return appError(
      'graph/forbidden',
      `${service} refused this: your account or the app lacks a permission for it. Ask your administrator to check the app's consented permissions.`,
      trace,
    );
  }
  if (f.status >= 500) {
    return appError('graph/server', `${service} had a problem (HTTP ${String(f.status)}); try again in a minute.`, {
      ...trace,
      retryable: true,
    });
  }
  if (f.code === 'InvalidJson' || f.code === 'SyntaxError') {
    return appError('graph/bad-response', `${service} sent an answer that could not be read; try again.`, {
      ...trace,
      retryable: true,
    });
  }
  return appError(
    'unexpected',
    // The service's code, request id and time travel beside the sentence (Details, diagnostics), never inside it.
    `${what} failed for a reason this app does not recognise; the help desk can trace it from the details.`,
    { ...trace, serviceCode: f.code || `HTTP ${String(f.status)}` },
  );
}
