/**
 * `activate --wait-usable`: after PIM reports the roles active, waits (bounded) until the engine's ready check
 * confirms each is usable, with a progress line per round, and says plainly which are still not confirmed when the
 * wait ends (the run then exits 3).
 */
import type { ActivationReport } from '../shared/domain/activation';
import type { Engine } from '../core/engine/create-engine';
import type { Reporter } from './reporter';

const waitingFor = (report: ActivationReport) =>
  report.outcomes.filter((o) => (o.status === 'active' || o.status === 'already-active') && (o.usableAt ?? null) === null);

export async function waitForUsable(
  report: ActivationReport,
  engine: Engine,
  out: Reporter,
  timeoutSeconds: number,
  signal: AbortSignal | undefined,
): Promise<ActivationReport> {
  if (waitingFor(report).length === 0) {
    return report;
  }
  out.progress(
    'usable-wait',
    { timeoutSeconds, roleIds: waitingFor(report).map((o) => o.roleId) },
    `Active per PIM. Waiting up to ${String(timeoutSeconds)} s until the access is confirmed usable (Ctrl+C stops waiting).`,
  );
  const waited = await engine.waitUntilUsable(report, {
    timeoutMs: timeoutSeconds * 1000,
    ...(signal === undefined ? {} : { signal }),
  });
  if (!waited.ok) {
    out.progress('usable-ended', { code: waited.error.code }, `Could not check that the roles are usable: ${waited.error.message}`);
    return report;
  }
  const still = waitingFor(waited.value);
  if (still.length > 0) {
    out.progress(
      'usable-ended',
      { roleIds: still.map((o) => o.roleId) },
      `Not confirmed usable after ${String(timeoutSeconds)} s: ${still.map((o) => o.displayName).join(', ')}. PIM reports ${still.length === 1 ? 'it' : 'them'} active; Microsoft services can take longer to honour a new role.`,
    );
  }
  return waited.value;
}
