/**
 * History lines for what the engine did besides activating: a deactivation, an extension request, a cancelled
 * request. Built from the engine's own outcomes (what PIM accepted) and the role-state model's request (what was
 * cancelled), never from what a screen showed. Refusals change nothing in PIM and make no line.
 */
import type { DeactivationOutcome, ExtensionOutcome, ExtensionRequest } from '../../shared/domain/activation';
import type { RoleEventEntry } from '../../shared/domain/history';
import type { RoleStateModel } from '../../shared/domain/role-state';
import type { ActiveAssignment } from '../../shared/domain/roles';
import { JUSTIFICATION_MAX } from '../../shared/rules/text';
import { redact } from '../diagnostics/redact';
import { DURATION_TEXT_MAX } from '../../shared/rules/activation-input';
import { ROLE_ID_MAX } from '../../shared/domain/roles';
import { HISTORY_REQUEST_ID_MAX, ROLE_NAME_MAX, bounded } from './history-entry';

/** What every line of these kinds starts with: its kind and time, the role by id and name, and the request if it fits. */
function eventHead(kind: RoleEventEntry['kind'], at: Date, roleId: string, displayName: string, requestId: string | undefined) {
  return {
    v: 1,
    kind,
    at: at.toISOString(),
    roleId: bounded(roleId, ROLE_ID_MAX),
    displayName: bounded(displayName, ROLE_NAME_MAX),
    ...(requestId === undefined || requestId.length > HISTORY_REQUEST_ID_MAX ? {} : { requestId }),
  } as const;
}

/** A deactivation PIM accepted: the role, and the end it had been due to reach. Null for a refused one. */
export function deactivationEntry(outcome: DeactivationOutcome, assignment: ActiveAssignment | undefined, at: Date): RoleEventEntry | null {
  if (outcome.status !== 'deactivated') {
    return null;
  }
  return {
    ...eventHead('deactivation', at, outcome.roleId, assignment?.displayName ?? outcome.roleId, outcome.requestId),
    ...(assignment === undefined ? {} : { endDateTime: assignment.endDateTime }),
  };
}

/** An extension request PIM accepted (it waits for an administrator): the duration and reason given. */
export function extensionEntry(outcome: ExtensionOutcome, request: ExtensionRequest, displayName: string, at: Date): RoleEventEntry {
  const justification = bounded(redact(request.justification), JUSTIFICATION_MAX);
  return {
    ...eventHead('extension', at, outcome.roleId, displayName, outcome.requestId),
    duration: bounded(request.duration, DURATION_TEXT_MAX),
    ...(justification === '' ? {} : { justification }),
  };
}

/**
 * A cancelled request, named from the role-state model read before it was cancelled (its role, its start and end when
 * it was scheduled). Null when that model did not list it: a line without its role would say nothing true.
 */
export function cancellationEntry(requestId: string, model: RoleStateModel | null, at: Date): RoleEventEntry | null {
  const request = model?.requests.find((r) => r.id.toLowerCase() === requestId.toLowerCase());
  if (request === undefined) {
    return null;
  }
  const role = model?.roles.find((r) => r.roleId === request.roleId);
  return {
    ...eventHead('cancellation', at, request.roleId, role?.displayName ?? request.roleId, request.id),
    startDateTime: request.startDateTime,
    endDateTime: request.endDateTime,
  };
}
