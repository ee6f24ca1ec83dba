/**
 * An AppError carried as an exception inside the engine, so deep helpers can stop a flow; the
 * engine's handlers catch it at the boundary and return it as data (never thrown across IPC).
 */
import type { AppError } from '../../shared/errors';
import { appError, isAppError } from '../../shared/errors';

export class AppFailure extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
    this.error = error;
  }
}

/** The AppError in a caught value, or a generic one (the cause is for the log only). */
export function toAppError(cause: unknown): AppError {
  if (cause instanceof AppFailure) {
    return cause.error;
  }
  if (isAppError(cause)) {
    return cause;
  }
  return appError(
    'unexpected',
    'Something went wrong inside PIM Step-Up. Nothing was lost; try again, and copy diagnostics if it repeats.',
  );
}
