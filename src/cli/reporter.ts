/**
 * How one run reports: exactly one result (the JSON document with `--json`, else text on stdout),
 * error messages and progress on stderr, and the exit code, which a SIGINT/SIGTERM turns into
 * 130/143 for any run that did not succeed.
 */
import type { AppError } from '../shared/errors';
import type { Command } from './help';
import { EXIT } from './help';
import { describeError } from './human-output';
import { cliDocument, progressLine } from './json-output';
import type { CliIo } from './output';

export type Interruption = 'SIGINT' | 'SIGTERM';

export function exitForError(error: AppError): number {
  return error.code === 'config/invalid' || error.code === 'input/invalid'
    ? EXIT.usage
    : error.code === 'pim/pending-request'
      ? EXIT.pending
      : EXIT.failed;
}

/** One run's way of reporting: the single JSON document or text, and progress on stderr. */
export type Reporter = {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly io: CliIo;
  /**
   * Prints the run's result and returns its exit code. After SIGINT/SIGTERM, a run that did not
   * succeed exits with the signal's code (130/143) and the document says which signal ended it.
   */
  done(command: Command | null, exitCode: number, result: unknown, text: () => string): number;
  failed(command: Command | null, error: AppError): number;
  progress(event: string, fields: Record<string, unknown>, text: string): void;
};

export function interruptionOf(signal: AbortSignal | undefined): Interruption | null {
  return signal?.aborted === true ? (signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT') : null;
}

export function reporter(io: CliIo, json: boolean, verbose: boolean, signal?: AbortSignal): Reporter {
  const finalCode = (exitCode: number): { exitCode: number; interrupted: Interruption | null } => {
    const interrupted = interruptionOf(signal);
    return {
      interrupted,
      exitCode: interrupted === null || exitCode === EXIT.ok ? exitCode : interrupted === 'SIGINT' ? EXIT.interrupted : EXIT.terminated,
    };
  };
  return {
    json,
    verbose,
    io,
    done: (command, code, result, text) => {
      const { exitCode, interrupted } = finalCode(code);
      if (json) {
        io.out(JSON.stringify(cliDocument({ command, exitCode, result, interrupted }), null, 2));
      } else {
        io.out(text());
      }
      return exitCode;
    },
    failed: (command, error) => {
      const { exitCode, interrupted } = finalCode(exitForError(error));
      if (json) {
        io.out(JSON.stringify(cliDocument({ command, exitCode, error, interrupted }), null, 2));
      }
      // The message also goes to stderr in JSON mode: a person watching a script sees why it stopped.
      io.err(error.code === 'input/invalid' ? error.message : describeError(error, verbose));
      return exitCode;
    },
    progress: (event, fields, text) => {
      io.err(json ? progressLine(event, fields) : text);
    },
  };
}
