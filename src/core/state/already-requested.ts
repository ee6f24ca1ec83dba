/**
 * Before anything is sent: whether PIM already holds an activation of the role that is on its way (scheduled to
 * start later, or waiting for an approver), as the role-state model says. Such a role is reported as it stands, and
 * nothing is written a second time.
 */
import type { RoleStateModel } from '../../shared/domain/role-state';
import { roleStateOf } from '../../shared/domain/role-state';

export type AlreadyRequested = {
  readonly status: 'scheduled' | 'pending-approval';
  readonly requestId: string | null;
  readonly startDateTime: string | null;
  readonly endDateTime: string | null;
};

export function alreadyRequested(model: RoleStateModel | undefined, roleId: string): AlreadyRequested | null {
  const state = roleStateOf(model, roleId);
  if (state?.state !== 'scheduled' && state?.state !== 'pending-approval') {
    return null;
  }
  return {
    status: state.state,
    requestId: state.request?.id ?? null,
    startDateTime: state.startDateTime,
    endDateTime: state.endDateTime,
  };
}
