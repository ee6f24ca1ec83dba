/**
 * A small leveled logger that writes structured lines to an injected sink, redacting secrets.
 *
 * App code never calls `console`: the Electron shell points the sink at a log file, the CLI at
 * stderr (only with `--verbose`), tests at an array. Everything passes through `redact` first,
 * because MSAL's own log lines and Graph error bodies can quote tokens, codes and headers.
 */
import { redact as redactText, redactValue } from '../diagnostics/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogRecord = {
  readonly level: LogLevel;
  readonly time: string;
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
};

export type LogSink = (record: LogRecord) => void;

export type Logger = {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose records carry `fields` in addition to their own. */
  child(fields: Record<string, unknown>): Logger;
};

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Longest text redacted and kept; anything longer is cut (logs never need more, and the work stays bounded). */
const MAX_TEXT = 64 * 1024;

/**
 * Runs of token characters, matched greedily with nothing to backtrack into, so the scan is
 * linear even on hostile input (a JWT pattern with `[\w-]*\.` is quadratic on "eyJeyJeyJ…").
 */
const TOKEN_RUN = /[\w.-]+/g;

/**
 * Replaces `eyJ….eyJ….sig` segment triples in a run of token characters (linear: split, then
 * one pass). It keeps a sentence's final dot and the text around the token, which log lines
 * are read for.
 */
function redactJwtsInRun(run: string): string {
  if (!run.includes('eyJ')) {
    return run;
  }
  const segments = run.split('.');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i += 1) {
    const header = segments[i] ?? '';
    const payload = segments[i + 1];
    if (header.startsWith('eyJ') && payload?.startsWith('eyJ') === true && i + 2 < segments.length) {
      out.push('[redacted-jwt]');
      i += 2;
    } else {
      out.push(header);
    }
  }
  return out.join('.');
}

/**
 * Removes tokens, codes, passwords and Authorization values from a string.
 *
 * After the JWT pass above, the rules are the diagnostics redactor's
 * (`src/core/diagnostics/redact.ts`), so a log line and a support bundle hide the same things.
 */
export function redact(text: string): string {
  const bounded = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…[truncated]` : text;
  return redactText(bounded.replace(TOKEN_RUN, redactJwtsInRun));
}

export function createLogger(options: { readonly sink: LogSink; readonly level?: LogLevel; readonly now?: () => Date }): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const now = options.now ?? (() => new Date());
  const make = (bound: Record<string, unknown>): Logger => {
    const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
      if (ORDER[level] < threshold) {
        return;
      }
      const merged = { ...bound, ...fields };
      const record: LogRecord = {
        level,
        time: now().toISOString(),
        message: redact(message),
        ...(Object.keys(merged).length > 0 ? { fields: redactValue(merged) as Record<string, unknown> } : {}),
      };
      options.sink(record);
    };
    return {
      debug: (m, f) => {
        write('debug', m, f);
      },
      info: (m, f) => {
        write('info', m, f);
      },
      warn: (m, f) => {
        write('warn', m, f);
      },
      error: (m, f) => {
        write('error', m, f);
      },
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return make({});
}

/** A logger that drops everything, for callers that do not care. */
export const silentLogger: Logger = createLogger({ sink: () => undefined, level: 'error' });

/** Formats a record as one line (used by the CLI's `--verbose` and the shell's log file). */
export function formatLogRecord(record: LogRecord): string {
  const fields = record.fields === undefined ? '' : ` ${JSON.stringify(record.fields)}`;
  return `${record.time} ${record.level.toUpperCase()} ${record.message}${fields}`;
}
