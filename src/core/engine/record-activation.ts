/**
 * After a run: each role's outcome goes to the diagnostics timeline, and the run to the local
 * history (when one is kept). Failing to write the history is logged; the run's report stands. Deactivations,
 * extension requests and cancellations go to the history the same way (`recordRoleEvent`).
 */
import type { ActivationReport, ActivationRequest } from '../../shared/domain/activation';
import type { RoleEventEntry } from '../../shared/domain/history';
import type { DiagnosticsRecorder } from '../diagnostics/diagnostics-recorder';
import type { ActivationHistory } from '../history/activation-history';
import { historyEntriesFromReport } from '../history/history-entry';
import type { Logger } from '../logging/logger';

export async function recordActivation(
  report: ActivationReport,
  request: ActivationRequest,
  deps: { readonly recorder: DiagnosticsRecorder; readonly history: ActivationHistory; readonly log: Logger; readonly now: Date },
): Promise<void> {
  for (const outcome of report.outcomes) {
    const step = `activate ${outcome.displayName}`;
    if (outcome.error === undefined) {
      deps.recorder.record({
        step,
        outcome: 'succeeded',
        detail: outcome.status,
        ...(outcome.requestId === undefined ? {} : { requestId: outcome.requestId }),
        durationMs: outcome.elapsedMs,
      });
    } else {
      deps.recorder.recordError(step, outcome.error);
    }
  }
  const kept = await deps.history.append(historyEntriesFromReport(report, request, deps.now));
  if (!kept.ok) {
    deps.log.warn('The activation history could not be updated', { code: kept.error.code, reason: kept.error.message });
  }
}

/** Keeps a deactivation, extension request or cancellation PIM accepted (none for a refusal); a failed write is logged. */
export async function recordRoleEvent(
  entry: RoleEventEntry | null,
  deps: { readonly history: ActivationHistory; readonly log: Logger },
): Promise<void> {
  if (entry === null) {
    return;
  }
  const kept = await deps.history.append([entry]);
  if (!kept.ok) {
    deps.log.warn('The activation history could not be updated', { code: kept.error.code, reason: kept.error.message });
  }
}
