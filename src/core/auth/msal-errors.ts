/**
 * MSAL's and Entra's sign-in failures for people: a set-up mistake named with what to fix (never retryable), an
 * unreachable or untrusted sign-in service, a cancel in the browser, a missing API permission, and otherwise the
 * service's code and first line.
 */
import { appError } from '../../shared/errors';
import type { AppError } from '../../shared/errors';

/**
 * Entra's answers when the app registration lacks the API permission (AADSTS650057: not in the registration;
 * AADSTS65001: no consent; AADSTS650052: the API's service principal is missing from the tenant).
 */
const PERMISSION_MISSING_CODES = new Set(['650057', '65001', '650052']);

/** True for a token refusal that means "the app registration lacks this API's permission". */
export function isPermissionMissing(error: AppError): boolean {
  return error.serviceCode !== undefined && PERMISSION_MISSING_CODES.has(error.serviceCode.replace(/^AADSTS/, ''));
}

/**
 * Entra's answers that name a set-up mistake, not a passing fault: never retryable, each with what to fix. MSAL
 * reports an unknown tenant at discovery only as `endpoints_resolution_error`, so its code comes from the network
 * client (`lastServiceError`).
 */
const SETUP_ERRORS: Readonly<Record<string, string>> = {
  AADSTS90002: 'The tenant was not found (AADSTS90002): check --tenant (the directory id or a verified domain) and the cloud it is in.',
  AADSTS700016:
    'The app registration was not found in this tenant (AADSTS700016): check --client-id, and that the app is registered in (or consented to by) this tenant.',
  AADSTS50011:
    'The app registration does not allow this redirect URI (AADSTS50011): an administrator must add "http://localhost" as a redirect URI for mobile and desktop applications.',
};

export function mapMsalError(cause: unknown, serviceError: string | null = null): AppError {
  const e = cause as { errorCode?: unknown; errorMessage?: unknown; message?: unknown; subError?: unknown };
  const code = typeof e.errorCode === 'string' ? e.errorCode : '';
  const message =
    typeof e.errorMessage === 'string' && e.errorMessage !== '' ? e.errorMessage : typeof e.message === 'string' ? e.message : '';
  const firstLine = message.split(/\r?\n/)[0]?.slice(0, 240) ?? '';
  const named = /AADSTS\d+/.exec(message)?.[0] ?? (code === 'endpoints_resolution_error' ? serviceError : null);
  const setup = named === null ? undefined : SETUP_ERRORS[named];
  if (named !== null && setup !== undefined) {
    return appError('auth/failed', setup, { serviceCode: named, retryable: false });
  }
  if (code === 'endpoints_resolution_error' || code === 'network_error' || code === 'untrusted_authority') {
    return appError(
      'auth/failed',
      'The sign-in service could not be reached or is not trusted; check the tenant, the authority host and your network (and any proxy or CA settings).',
      {
        serviceCode: code,
        retryable: true,
      },
    );
  }
  if (code === 'access_denied' || code === 'user_cancelled') {
    return appError('auth/cancelled', 'Sign-in was cancelled in the browser.', { serviceCode: code });
  }
  const aadsts = /AADSTS(\d+)/.exec(message)?.[1];
  if (aadsts !== undefined && PERMISSION_MISSING_CODES.has(aadsts)) {
    return appError(
      'auth/failed',
      `The app registration does not have this API's permission (AADSTS${aadsts}); an administrator must add it (for Azure roles: "Azure Service Management / user_impersonation") and grant consent.`,
      { serviceCode: `AADSTS${aadsts}` },
    );
  }
  return appError(
    'auth/failed',
    `Sign-in failed${code === '' ? '' : ` (${code})`}${firstLine === '' ? '' : `: ${firstLine}`}. Try again; if it repeats, copy diagnostics for your help desk.`,
    {
      ...(code === '' ? {} : { serviceCode: code }),
    },
  );
}
