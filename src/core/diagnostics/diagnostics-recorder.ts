/**
 * A bounded timeline of what the app did, for "Copy diagnostics" and the support bundle.
 *
 * The engine feeds it (sign-in started, step-up for c1, Graph call with its request id,
 * activation outcome). Everything is redacted as it is recorded, so the buffer itself never
 * holds a secret, and the buffer is a ring: a long session keeps its most recent steps
 * without growing without limit. Kiosk purges call `clear()`.
 */
import type { AppError, ErrorCode } from '../../shared/errors';
import { redact } from './redact';
import { echoable } from '../../shared/rules/text';

export type TimelineOutcome = 'started' | 'succeeded' | 'failed' | 'info';

export type TimelineEntry = {
  /** ISO 8601 time of the step. */
  readonly at: string;
  /** What happened, e.g. `sign-in`, `step-up c1`, `GET roleEligibilityScheduleInstances`, `activate Exchange Administrator`. */
  readonly step: string;
  readonly outcome: TimelineOutcome;
  readonly detail?: string;
  /** Graph's `request-id` (or MSAL's correlation id): what Microsoft support asks for. */
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly errorCode?: ErrorCode;
  /** The service's own code, e.g. `RoleAssignmentRequestAcrsValidationFailed` or `AADSTS50076`. */
  readonly serviceCode?: string;
  readonly durationMs?: number;
};

export type TimelineInput = Omit<TimelineEntry, 'at' | 'outcome'> & { readonly at?: string; readonly outcome?: TimelineOutcome };

export const DEFAULT_TIMELINE_CAPACITY = 200;
const MAX_STEP = 160;
const MAX_DETAIL = 1000;
const MAX_ID = 100;

export type DiagnosticsRecorderOptions = {
  readonly capacity?: number;
  readonly now?: () => Date;
};

export class DiagnosticsRecorder {
  private readonly capacity: number;
  private readonly now: () => Date;
  private buffer: TimelineEntry[] = [];
  private droppedCount = 0;

  constructor(options: DiagnosticsRecorderOptions = {}) {
    this.capacity = Math.max(1, Math.floor(options.capacity ?? DEFAULT_TIMELINE_CAPACITY));
    this.now = options.now ?? (() => new Date());
  }

  /** Adds a step; strings are redacted and bounded before they are stored. */
  record(input: TimelineInput): void {
    const entry: TimelineEntry = {
      at: validIso(input.at) ?? this.now().toISOString(),
      step: clean(input.step, MAX_STEP) || '(unnamed step)',
      outcome: input.outcome ?? 'info',
      ...(input.detail === undefined ? {} : { detail: clean(input.detail, MAX_DETAIL) }),
      ...(input.requestId === undefined ? {} : { requestId: clean(input.requestId, MAX_ID) }),
      ...(Number.isInteger(input.httpStatus) ? { httpStatus: input.httpStatus } : {}),
      ...(input.errorCode === undefined ? {} : { errorCode: input.errorCode }),
      ...(input.serviceCode === undefined ? {} : { serviceCode: clean(input.serviceCode, MAX_ID) }),
      ...(typeof input.durationMs === 'number' && Number.isFinite(input.durationMs) ? { durationMs: Math.round(input.durationMs) } : {}),
    };
    this.buffer.push(entry);
    if (this.buffer.length > this.capacity) {
      this.droppedCount += this.buffer.length - this.capacity;
      this.buffer = this.buffer.slice(-this.capacity);
    }
  }

  /** Records a failed step from an AppError, keeping its codes and request id (and never its raw cause). */
  recordError(step: string, error: AppError): void {
    this.record({
      step,
      outcome: 'failed',
      detail: error.message,
      errorCode: error.code,
      ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
      ...(error.serviceCode === undefined ? {} : { serviceCode: error.serviceCode }),
    });
  }

  /** The recorded steps, oldest first. */
  entries(): readonly TimelineEntry[] {
    return [...this.buffer];
  }

  /** How many old steps were dropped to stay within capacity (shown so a reader knows the start is missing). */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Forgets everything (kiosk end-of-session). */
  clear(): void {
    this.buffer = [];
    this.droppedCount = 0;
  }
}

function clean(text: unknown, max: number): string {
  const value = typeof text === 'string' ? text : String(text);
  // Redact before truncating, so a cut cannot leave half a token that no rule recognises.
  return echoable(redact(value), { max, multiline: true, replacement: ' ' });
}

function validIso(at: string | undefined): string | undefined {
  if (at === undefined) {
    return undefined;
  }
  const time = Date.parse(at);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
