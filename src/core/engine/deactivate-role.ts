/**
 * Deactivates one active role. Like an activation, the intent is on record before the POST and
 * cleared once PIM answered definitively. PIM refuses deactivation within 5 minutes of
 * activation (`ActiveDurationTooShort`); the service decides, because only its clock counts, and
 * its answer is mapped to a clear message.
 */
import { randomUUID } from 'node:crypto';
import { appError } from '../../shared/errors';
import type { DeactivationOutcome } from '../../shared/domain/activation';
import type { DiagnosticsRecorder } from '../diagnostics/diagnostics-recorder';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import { appErrorFromGraph } from '../graph/graph-failure';
import type { IntentJournal } from '../journal/intent-journal';
import type { Logger } from '../logging/logger';
import { requestBody, requestsPath } from '../pim/graph-paths';
import type { CatalogSnapshot } from '../pim/role-catalog';
import type { ArmApi } from '../arm/arm-api';
import { deactivateAzureRole } from '../arm/arm-activation-surface';
import { appErrorFromArm } from '../arm/arm-failure';
import type { TokenResource } from '../auth/auth-service';
import { tokenResourceOf } from '../pim/routed-surface';

export type DeactivateDeps = {
  readonly graph: GraphApi;
  readonly journal: IntentJournal;
  readonly recorder: DiagnosticsRecorder;
  readonly log: Logger;
  /** Azure Resource Manager, for Azure roles (null when no ARM endpoint is configured). */
  readonly arm: ArmApi | null;
  /** The plain token (of the role's API) and the person's object id, asked for only when there is something to deactivate. */
  readonly token: (resource: TokenResource) => Promise<string>;
  readonly principalId: () => Promise<string>;
};

export async function deactivateRole(roleId: string, snapshot: CatalogSnapshot, deps: DeactivateDeps): Promise<DeactivationOutcome> {
  const assignment = snapshot.active.find((x) => x.id === roleId);
  if (assignment === undefined) {
    return {
      roleId,
      status: 'failed',
      error: appError('pim/not-active', 'This role is not active for you, so there is nothing to deactivate.'),
    };
  }
  if (assignment.assignmentType !== 'Activated') {
    return {
      roleId,
      status: 'failed',
      error: appError('pim/not-active', 'This role is permanently assigned, not activated through PIM; it cannot be deactivated here.'),
    };
  }
  const target = assignment.target;
  const resource = tokenResourceOf(target);
  if (resource === 'arm' && deps.arm === null) {
    return {
      roleId,
      status: 'failed',
      error: appError('input/invalid', 'No Azure Resource Manager endpoint is configured for this cloud.'),
    };
  }
  const token = await deps.token(resource);
  const principalId = await deps.principalId();
  const clientRequestId = randomUUID();
  await deps.journal
    .record({ id: clientRequestId, roleId, target: assignment.target, action: 'selfDeactivate' })
    .catch((cause: unknown) => {
      deps.log.warn('the deactivation intent could not be recorded', { roleId, error: cause });
    });
  const settle = () =>
    deps.journal.clear(clientRequestId).catch((cause: unknown) => {
      deps.log.warn('the deactivation intent could not be cleared', { roleId, error: cause });
    });
  try {
    // An Azure role is deactivated on ARM under a request named by the same id the journal holds.
    const answer =
      target.kind === 'azureResource'
        ? { id: (await deactivateAzureRole(deps.arm as ArmApi, target, principalId, token, clientRequestId)).id }
        : await deps.graph.post<{ id?: unknown }>(requestsPath(target), requestBody(target, principalId, 'selfDeactivate'), token, {
            clientRequestId,
          });
    await settle();
    const requestId = typeof answer.id === 'string' ? answer.id : undefined;
    deps.recorder.record({
      step: `deactivate ${assignment.displayName}`,
      outcome: 'succeeded',
      ...(requestId === undefined ? {} : { requestId }),
    });
    return { roleId, status: 'deactivated', ...(requestId === undefined ? {} : { requestId }) };
  } catch (cause) {
    if (cause instanceof GraphCallError) {
      if (cause.failure.status >= 400 && cause.failure.status < 500) {
        await settle();
      }
      const error =
        resource === 'arm' ? appErrorFromArm(cause.failure, 'The deactivation') : appErrorFromGraph(cause.failure, 'The deactivation');
      deps.recorder.recordError(`deactivate ${assignment.displayName}`, error);
      return { roleId, status: 'failed', error };
    }
    throw cause;
  }
}
