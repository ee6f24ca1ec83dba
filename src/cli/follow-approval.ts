/**
 * `activate --wait`: follows the requests that wait for an approver (src/cli/wait-for-approval.ts)
 * with the engine's readers, reporting each change as a progress line, and says how to follow or
 * cancel a request that is still pending when the wait ends.
 */
import type { ActivationReport } from '../shared/domain/activation';
import type { Engine } from '../core/engine/create-engine';
import { readAzureActiveInstance, readAzureRequest } from '../core/arm/arm-requests';
import { readActiveInstance, readRequest } from '../core/pim/pim-requests';
import type { Reporter } from './reporter';
import { waitForApproval } from './wait-for-approval';

export async function followApprovals(
  report: ActivationReport,
  engine: Engine,
  out: Reporter,
  timeoutSeconds: number,
  signal: AbortSignal | undefined,
): Promise<ActivationReport> {
  out.progress(
    'waiting',
    { timeoutSeconds },
    `Waiting up to ${String(timeoutSeconds)} s for approval (Ctrl+C stops waiting; the request stays).`,
  );
  const waited = await waitForApproval(
    report.outcomes,
    {
      // An Azure request is read on ARM at its scope (its id is its full ARM id); the others on Graph.
      request: (kind, id) =>
        kind === 'azureResource'
          ? engine.readArm('Reading the request', (arm, token) => readAzureRequest(arm, token, id))
          : engine.readGraph('Reading the request', (graph, token) => readRequest(graph, token, kind, id)),
      instance: (kind, roleId) =>
        kind === 'azureResource'
          ? engine.readArm('Reading the activation', (arm, token) => readAzureActiveInstance(arm, token, roleId))
          : engine.readGraph('Reading the activation', (graph, token) => readActiveInstance(graph, token, kind, roleId)),
    },
    {
      timeoutMs: timeoutSeconds * 1000,
      ...(signal === undefined ? {} : { signal }),
      onChange: (outcome, graphStatus) => {
        out.progress(
          'progress',
          { roleId: outcome.roleId, phase: outcome.status, requestId: outcome.requestId, graphStatus },
          `  ${outcome.displayName}: ${outcome.status} (${graphStatus})`,
        );
      },
      onReadProblem: (error, nextPollMs) => {
        out.progress(
          'poll-problem',
          { code: error.code, nextPollMs },
          `  Could not read the request (${error.code}); trying again in ${String(Math.round(nextPollMs / 1000))} s.`,
        );
      },
    },
  );
  const final = { ...report, outcomes: waited.outcomes };
  if (waited.timedOut) {
    const ids = final.outcomes.filter((o) => o.status === 'pending-approval').map((o) => o.requestId ?? '');
    out.progress(
      'wait-ended',
      { requestIds: ids },
      `Still waiting for approval after ${String(timeoutSeconds)} s. The request stays open: follow it with "pim-stepup status", or end it with "pim-stepup cancel --request-id ${ids[0] ?? 'ID'}".`,
    );
  }
  return final;
}
