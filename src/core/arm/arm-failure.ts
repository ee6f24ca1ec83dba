/**
 * Azure Resource Manager failures as data: ARM's error envelope (`{"error":{"code","message"}}`, CloudError) read with
 * a schema into the same failure shape Graph's errors use, so the claims-challenge parsers, the reconcile rules and
 * the PIM error mapping serve both APIs, and the ARM-only codes mapped on top.
 */
import { z } from 'zod';
import { appError } from '../../shared/errors';
import type { AppError } from '../../shared/errors';
import type { GraphFailure } from '../graph/graph-failure';
import { appErrorFromGraph, parseRetryAfter, safeCode, safeText } from '../graph/graph-failure';

const SERVICE = 'Azure Resource Manager';

const errorBody = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }) });

/** A failure from an ARM answer with an error status. The body is read bounded; the message may carry claims. */
export function armFailureFrom(status: number, headers: Headers, bodyText: string, now: Date = new Date()): GraphFailure {
  let code = '';
  let message = '';
  try {
    const parsed = errorBody.safeParse(JSON.parse(bodyText.slice(0, 100_000)));
    if (parsed.success) {
      code = safeCode(parsed.data.error.code);
      // Not shortened: an acrs challenge sits at the end of the message, and the parsers bound their own reads.
      message = (parsed.data.error.message ?? '').slice(0, 20_000);
    }
  } catch {
    // Not JSON (a proxy's page): the status alone must do.
  }
  const requestId = safeCode(headers.get('x-ms-request-id')) || undefined;
  const date = headers.get('date') ?? undefined;
  const retryAfterSeconds = parseRetryAfter(headers.get('retry-after'), now);
  return {
    status,
    code: code || `HTTP${String(status)}`,
    message,
    ...(requestId === undefined ? {} : { requestId }),
    ...(date === undefined ? {} : { date }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    wwwAuthenticate: headers.get('www-authenticate'),
  };
}

/** A call that got no answer (reset, timeout, DNS): status -1, as for Graph. */
export function armNetworkFailure(cause: unknown): GraphFailure {
  const message = cause instanceof Error ? safeText(cause.message, 200) : '';
  return { status: -1, code: cause instanceof Error ? safeCode(cause.name) || 'NetworkError' : 'NetworkError', message };
}

/** Maps an ARM failure to the closed AppError set. `what` names the operation for generic messages. */
export function appErrorFromArm(f: GraphFailure, what = 'The request to Azure Resource Manager'): AppError {
  const trace = {
    ...(f.requestId === undefined ? {} : { requestId: f.requestId }),
    ...(f.date === undefined ? {} : { date: f.date }),
    serviceCode: f.code,
  };
  switch (f.code) {
    case 'RoleAssignmentRequestExists':
      return appError(
        'pim/pending-request',
        'A request for this Azure role is already waiting (for example for approval); wait for it or cancel it before asking again.',
        trace,
      );
    case 'RoleDefinitionDoesNotExist':
    case 'RoleAssignmentScheduleRequestNotFound':
      return appError('pim/not-found', 'Azure does not know this role or request any more; refresh the list.', trace);
    case 'InsufficientPermissions':
    case 'AuthorizationFailed':
      return appError(
        'graph/forbidden',
        `Azure Resource Manager refused this for your account (${f.code}); ask your Azure administrator to check your PIM eligibility.`,
        trace,
      );
    case 'InvalidAuthenticationTokenAudience':
      return appError(
        'graph/unauthorized',
        'Azure Resource Manager refused the token as issued for another audience; check the cloud and the ARM endpoint settings.',
        trace,
      );
    default:
      return appErrorFromGraph(f, what, SERVICE);
  }
}
