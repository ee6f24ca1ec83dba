/**
 * Values fetched over IPC, and the per-row maps of them the home screen keeps (a deactivation per
 * role, a cancellation per request, an extension per role): one helper for all three.
 */
import type { AppError } from '../../../shared/errors';
import type { Result } from '../../../shared/result';

/** A value fetched over IPC: not asked yet, in flight, arrived, or failed with an engine error. */
export type Loadable<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly value: T }
  | { readonly status: 'failed'; readonly error: AppError };

/** One operation's state per row key (role id or request id). */
export type RowLoadables<T> = Readonly<Record<string, Loadable<T>>>;

export function fromResult<T>(result: Result<T>): Loadable<T> {
  return result.ok ? { status: 'loaded', value: result.value } : { status: 'failed', error: result.error };
}

/** The value when it has arrived, else null. */
export function loadedOr<T>(loadable: Loadable<T>): T | null {
  return loadable.status === 'loaded' ? loadable.value : null;
}

/**
 * A row's operation moved on: `null` marks it started (loading), a result marks it finished.
 * Every other row keeps its state.
 */
export function withRowResult<T>(rows: RowLoadables<T>, key: string, result: Result<T> | null): RowLoadables<T> {
  return { ...rows, [key]: result === null ? { status: 'loading' } : fromResult(result) };
}
