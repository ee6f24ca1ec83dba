/**
 * The row-operations slice: deactivating an active role, cancelling a request that waits for
 * approval, and asking for an extension. Each keeps one `Loadable` per row (see `withRowResult`).
 */
import type { DeactivationOutcome, ExtensionOutcome } from '../../../shared/domain/activation';
import type { Result } from '../../../shared/result';
import { displayNameOf, illegal, withShared } from './common';
import { withRowResult } from './loadable';
import { reducerOf } from './types';
import type { Handlers, WizardState } from './types';

export type RowOperationEvent =
  | { readonly type: 'cancel-started'; readonly requestId: string }
  | { readonly type: 'cancel-finished'; readonly requestId: string; readonly displayName: string; readonly result: Result<null> }
  | { readonly type: 'deactivation-started'; readonly roleId: string }
  | { readonly type: 'deactivation-finished'; readonly roleId: string; readonly result: Result<DeactivationOutcome> }
  | { readonly type: 'extension-started'; readonly roleId: string }
  | {
      readonly type: 'extension-finished';
      readonly roleId: string;
      readonly displayName: string;
      readonly result: Result<ExtensionOutcome>;
    };

/** Deactivation is offered on My roles and on the results only. */
function deactivationAllowed(state: WizardState): boolean {
  return state.step.kind === 'done' || state.step.kind === 'roles';
}

function deactivationAnnouncement(name: string, result: Result<DeactivationOutcome>): string {
  if (!result.ok) {
    return `${name}: ${result.error.message}`;
  }
  return result.value.status === 'deactivated'
    ? `${name} is deactivated.`
    : `${name}: ${result.value.error?.message ?? 'deactivation failed.'}`;
}

export const rowOperationHandlers: Handlers<RowOperationEvent> = {
  'cancel-started': (state, event) =>
    withShared(state, { cancellations: withRowResult(state.shared.cancellations, event.requestId, null) }),

  'cancel-finished': (state, event) =>
    withShared(state, {
      cancellations: withRowResult(state.shared.cancellations, event.requestId, event.result),
      announcement: event.result.ok
        ? `The request for ${event.displayName} is cancelled.`
        : `The request for ${event.displayName} was not cancelled. ${event.result.error.message}`,
    }),

  'deactivation-started': (state, event) =>
    deactivationAllowed(state)
      ? withShared(state, { deactivations: withRowResult(state.shared.deactivations, event.roleId, null) })
      : illegal(state, event),

  'deactivation-finished': (state, event) =>
    deactivationAllowed(state)
      ? withShared(state, {
          deactivations: withRowResult(state.shared.deactivations, event.roleId, event.result),
          announcement: deactivationAnnouncement(displayNameOf(state.shared, event.roleId), event.result),
        })
      : illegal(state, event),

  'extension-started': (state, event) => withShared(state, { extensions: withRowResult(state.shared.extensions, event.roleId, null) }),

  'extension-finished': (state, event) =>
    withShared(state, {
      extensions: withRowResult(state.shared.extensions, event.roleId, event.result),
      announcement: event.result.ok
        ? `Extension requested for ${event.displayName}: waiting for an administrator.`
        : `The extension for ${event.displayName} was not requested. ${event.result.error.message}`,
    }),
};

export const reduceRowOperations = reducerOf(rowOperationHandlers);
