/**
 * The links slice: help-desk and tray links that pre-fill the form. A link never requests an
 * activation: only the Activate button does.
 */
import type { DeepLinkDelivery } from '../../../shared/domain/deep-link';
import { policyOf } from '../../app-policy';
import { originName, prefillFromIntent } from '../../help-desk/deep-link-prefill';
import type { LinkPrefill } from '../../help-desk/deep-link-prefill';
import { illegal, infoOf, runOf, sessionOf, withShared } from './common';
import { reducerOf } from './types';
import type { ActivationForm, Handlers, Shared, WizardState } from './types';

export type LinkEvent =
  | { readonly type: 'deep-link-delivered'; readonly delivery: DeepLinkDelivery }
  | { readonly type: 'deep-link-dismissed' }
  | { readonly type: 'open-pending-link' };

/** What the live region says when a pre-fill is applied. */
function prefillAnnouncement(prefill: LinkPrefill): string {
  const from = `Opened from ${originName(prefill.origin)}`;
  if (prefill.matched.length > 0) {
    return `${from}. Review the details and press Activate.`;
  }
  return prefill.stillActive.length > 0
    ? `${from}: ${prefill.stillActive.map((s) => s.displayName).join(', ')} still active, so nothing was selected.`
    : `${from}, but none of its roles are among your eligible roles.`;
}

/**
 * Applies a waiting link once the admin's eligible roles are known and the wizard is choosing
 * roles: selection and form are replaced by the link's, and the activate step opens for review.
 */
export function applyPendingLink(state: WizardState): WizardState {
  const { shared, step } = state;
  if (shared.link.kind !== 'pending' || shared.catalog.status !== 'loaded' || (step.kind !== 'roles' && step.kind !== 'activate')) {
    return state;
  }
  const prefill = prefillFromIntent(shared.catalog.value, shared.link.intent);
  const form: ActivationForm = {
    durationMinutes: prefill.durationMinutes ?? shared.form.durationMinutes,
    durations: {},
    startAt: '',
    justification: prefill.justification ?? '',
    ticketNumber: prefill.ticketNumber ?? '',
    ticketSystem: prefill.ticketSystem ?? policyOf(infoOf(shared)).ticketSystem ?? '',
  };
  const selection = prefill.matched.map((m) => m.id);
  const nextShared: Shared = {
    ...shared,
    selection,
    form,
    query: '',
    filter: 'all',
    kind: 'all',
    link: { kind: 'prefilled', prefill },
    announcement: prefillAnnouncement(prefill),
  };
  return selection.length > 0
    ? { shared: nextShared, step: { kind: 'activate', plan: { status: 'idle' }, lastPlan: null, planSeq: 0, showErrors: false } }
    : { shared: nextShared, step: { kind: 'roles' } };
}

export const linkHandlers: Handlers<LinkEvent> = {
  'deep-link-delivered': (state, event) => {
    if (!event.delivery.ok) {
      return withShared(state, {
        link: { kind: 'refused', error: event.delivery.error },
        announcement: `A help-desk link was refused. ${event.delivery.error.message}`,
      });
    }
    const tray = event.delivery.intent.origin === 'tray';
    const pending = withShared(state, {
      link: { kind: 'pending', intent: event.delivery.intent },
      announcement: tray ? 'Opened from the tray: reading your roles again.' : 'A help-desk link was received.',
    });
    // The tray acts on a role list the window may have read long ago (a role may since have been activated
    // elsewhere), so it waits for the re-read the window starts: "still running" is judged on what PIM says now.
    return tray ? pending : applyPendingLink(pending);
  },

  'deep-link-dismissed': (state) => withShared(state, { link: { kind: 'none' } }),

  'open-pending-link': (state, event) => {
    // From wherever the admin is (but never mid-run), back to choosing roles, where the link applies.
    const { shared, step } = state;
    if (shared.link.kind !== 'pending' || runOf(step)?.inFlight === true || (step.kind === 'sign-in' && sessionOf(shared) === null)) {
      return illegal(state, event);
    }
    return applyPendingLink({ shared: { ...shared, selection: [] }, step: { kind: 'roles' } });
  },
};

export const reduceLinks = reducerOf(linkHandlers);
