import type { AppError } from './errors';

/**
 * The outcome of any operation that can fail in an expected way.
 *
 * Errors are data: they cross the IPC bridge intact (a thrown Error loses everything but
 * its message there) and the UI switches on `error.code`.
 */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(error: AppError): Result<T> {
  return { ok: false, error };
}
