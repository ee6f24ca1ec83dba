/**
 * The `--json` contract: every run prints exactly one JSON document on stdout, whatever the
 * outcome (usage errors and interruptions included), with the same envelope. Its shape is
 * published in docs/cli-output.schema.json; the CLI's integration tests validate real outputs
 * against that file. Progress goes to stderr, one JSON object per line.
 */
import type { AppError } from '../shared/errors';
import type { Command } from './help';

export const SCHEMA_VERSION = 1;

export type CliError = Pick<AppError, 'code' | 'message'> & Partial<Pick<AppError, 'issues' | 'requestId' | 'serviceCode' | 'retryable'>>;

export type CliDocument = {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  /** The command that ran, or null when the command line could not be read. */
  readonly command: Command | null;
  readonly ok: boolean;
  readonly exitCode: number;
  /** The command's result (its shape depends on the command), or null when there is none. */
  readonly result: unknown;
  readonly error: CliError | null;
  /** The signal that ended the run early, or null. */
  readonly interrupted: 'SIGINT' | 'SIGTERM' | null;
};

export function cliDocument(fields: {
  readonly command: Command | null;
  readonly exitCode: number;
  readonly result?: unknown;
  readonly error?: AppError | CliError | null;
  readonly interrupted?: 'SIGINT' | 'SIGTERM' | null;
}): CliDocument {
  const error = fields.error ?? null;
  return {
    schemaVersion: SCHEMA_VERSION,
    command: fields.command,
    ok: fields.exitCode === 0,
    exitCode: fields.exitCode,
    result: fields.result ?? null,
    error:
      error === null
        ? null
        : {
            code: error.code,
            message: error.message,
            ...(error.issues === undefined ? {} : { issues: error.issues }),
            ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
            ...(error.serviceCode === undefined ? {} : { serviceCode: error.serviceCode }),
            ...(error.retryable === undefined ? {} : { retryable: error.retryable }),
          },
    interrupted: fields.interrupted ?? null,
  };
}

/** One progress line for stderr in `--json` mode. */
export function progressLine(event: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ event, at: new Date().toISOString(), ...fields });
}
