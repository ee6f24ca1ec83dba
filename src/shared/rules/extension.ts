/**
 * When PIM lets a person ask to lengthen an active role (docs/protocol.md, "Graph PIM endpoints", on extend and
 * renew), as one pure rule that the engine enforces and the home screen shows:
 * - an activation (`Activated`) can never be lengthened: activate again when it ends;
 * - an assignment an administrator made (`Assigned`) with an end date can be extended (`selfExtend`); Microsoft's
 *   portal offers it within 14 days of the end, and so does the app;
 * - a permanent assignment has nothing to extend; groups and Azure roles are not offered (Graph refuses `selfExtend`
 *   for groups, and Azure extension goes through ARM, which the app does not send yet).
 */
import type { ActiveAssignment } from '../domain/roles';
import { ACTIVATION_TEXT_FIELDS, textProblem } from './text';

/** The portal's window: an expiring assignment is offered for extension in its last 14 days. */
export const EXTENSION_WINDOW_MS = 14 * 86_400_000;

export type ExtensionEligibility =
  | { readonly kind: 'extendable' }
  | { readonly kind: 'activation' | 'permanent' | 'not-directory' | 'not-yet' | 'ended'; readonly reason: string };

export const ACTIVATION_NOT_EXTENDABLE = 'An activation cannot be lengthened; activate it again when it ends.';

/** Whether `active` may be extended now (`serverNow` in ms, by the service's clock), and why not. */
export function extensionEligibility(active: ActiveAssignment, serverNow: number): ExtensionEligibility {
  if (active.assignmentType === 'Activated') {
    return { kind: 'activation', reason: ACTIVATION_NOT_EXTENDABLE };
  }
  if (active.endDateTime === null) {
    return { kind: 'permanent', reason: 'This assignment is permanent; there is no end date to extend.' };
  }
  if (active.target.kind !== 'directoryRole') {
    return {
      kind: 'not-directory',
      reason:
        active.target.kind === 'group'
          ? 'PIM does not take extension requests for group assignments; ask the group owner or your administrator.'
          : 'Extending Azure role assignments is not supported here yet; use the Azure portal or ask your administrator.',
    };
  }
  const left = Date.parse(active.endDateTime) - serverNow;
  if (Number.isNaN(left) || left <= 0) {
    return { kind: 'ended', reason: 'This assignment has ended; ask your administrator to renew it.' };
  }
  if (left > EXTENSION_WINDOW_MS) {
    return { kind: 'not-yet', reason: 'PIM offers an extension only in the last 14 days of an assignment.' };
  }
  return { kind: 'extendable' };
}

/**
 * What is wrong with an extension request's Reason, or null: the activation's text rule, and unlike an activation a
 * Reason is always required, since an administrator decides on it. The form, the IPC schema and the engine ask this.
 */
export function extensionReasonProblem(reason: string): string | null {
  return reason.trim() === ''
    ? 'Give a reason: the administrator who decides reads it.'
    : textProblem(reason, ACTIVATION_TEXT_FIELDS.justification);
}
