/**
 * The row-operations slice: deactivating an active role, cancelling a request that waits for
 * approval, and asking for an extension. Each keeps one `Loadable` per row (see `withRowResult`).
 */
import type { DeactivationOutcome, ExtensionOutcome } from '../../../shared/domain/activation';
import type { Result } from '../../../shared/result';
import { displayNameOf, illegal, withShared } from './common';
import { withRowResult } from './loadable';
import { reducerOf } from './types';
import type { Handlers, RowStatus, WizardState } from './types';

export type RowOperationEvent =
  | { readonly type: 'cancel-started'; readonly requestId: string; readonly displayName: string }
  | { readonly type: 'cancel-finished'; readonly requestId: string; readonly displayName: string; readonly result: Result<null> }
  | { readonly type: 'deactivation-started'; readonly roleId: string }
  | { readonly type: 'deactivation-finished'; readonly roleId: string; readonly result: Result<DeactivationOutcome> }
  | { readonly type: 'extension-started'; readonly roleId: string; readonly displayName: string }
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

/** What a deactivation did, in one sentence for the status line and the live region alike. */
function deactivationStatus(name: string, result: Result<DeactivationOutcome>): RowStatus {
  if (!result.ok) {
    return { text: `${name} was not deactivated. ${result.error.message}`, phase: 'failed' };
  }
  return result.value.status === 'deactivated'
    ? { text: `${name} is deactivated.`, phase: 'done' }
    : { text: `${name} was not deactivated. ${result.value.error?.message ?? ''}`.trim(), phase: 'failed' };
}

function cancelStatus(name: string, result: Result<null>): RowStatus {
  return result.ok
    ? { text: `The request for ${name} is cancelled.`, phase: 'done' }
    : { text: `The request for ${name} was not cancelled. ${result.error.message}`, phase: 'failed' };
}

function extensionStatus(name: string, result: Result<ExtensionOutcome>): RowStatus {
  return result.ok
    ? { text: `Extension requested for ${name}: waiting for an administrator.`, phase: 'done' }
    : { text: `The extension for ${name} was not requested. ${result.error.message}`, phase: 'failed' };
}

/** The shared fields an operation's status sets: the visible line, and the same sentence for screen readers. */
const said = (status: RowStatus): Pick<WizardState['shared'], 'rowStatus' | 'announcement'> => ({
  rowStatus: status,
  announcement: status.text,
});

export const rowOperationHandlers: Handlers<RowOperationEvent> = {
  'cancel-started': (state, event) =>
    withShared(state, {
      cancellations: withRowResult(state.shared.cancellations, event.requestId, null),
      ...said({ text: `Cancelling the request for ${event.displayName}…`, phase: 'working' }),
    }),

  'cancel-finished': (state, event) =>
    withShared(state, {
      cancellations: withRowResult(state.shared.cancellations, event.requestId, event.result),
      ...said(cancelStatus(event.displayName, event.result)),
    }),

  'deactivation-started': (state, event) =>
    deactivationAllowed(state)
      ? withShared(state, {
          deactivations: withRowResult(state.shared.deactivations, event.roleId, null),
          ...said({ text: `Deactivating ${displayNameOf(state.shared, event.roleId)}…`, phase: 'working' }),
        })
      : illegal(state, event),

  'deactivation-finished': (state, event) =>
    deactivationAllowed(state)
      ? withShared(state, {
          deactivations: withRowResult(state.shared.deactivations, event.roleId, event.result),
          ...said(deactivationStatus(displayNameOf(state.shared, event.roleId), event.result)),
        })
      : illegal(state, event),

  'extension-started': (state, event) =>
    withShared(state, {
      extensions: withRowResult(state.shared.extensions, event.roleId, null),
      ...said({ text: `Requesting an extension for ${event.displayName}…`, phase: 'working' }),
    }),

  'extension-finished': (state, event) =>
    withShared(state, {
      extensions: withRowResult(state.shared.extensions, event.roleId, event.result),
      ...said(extensionStatus(event.displayName, event.result)),
    }),
};

export const reduceRowOperations = reducerOf(rowOperationHandlers);
