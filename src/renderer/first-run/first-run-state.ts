/**
 * The first-run choice as data: a union of screens, the events that move between them, and one
 * pure reducer, in the wizard's style (see `wizard/wizard-state.ts`).
 *
 * Why outside the wizard: the choice comes before Sign in and ends either in the wizard (demo) or
 * in a restart (own tenant); the wizard's steps never need to know it existed.
 */
import { assertNever } from '../../shared/assert';
import type { AppError } from '../../shared/errors';

export type CloudChoice = 'public' | 'usgov' | 'usgov-dod' | 'china';

export type TenantForm = { readonly tenant: string; readonly clientId: string; readonly cloud: CloudChoice };

/** The fields the form shows errors beside; anything else goes to the form-level error. */
export type TenantField = 'tenant' | 'clientId' | 'cloud';

export type FirstRunState =
  | { readonly kind: 'choose'; readonly busy: boolean; readonly error: AppError | null }
  | {
      readonly kind: 'connect';
      readonly form: TenantForm;
      readonly busy: boolean;
      readonly fieldErrors: Readonly<Partial<Record<TenantField, string>>>;
      /** An error not about one field (a locked policy, a failed write). */
      readonly error: AppError | null;
    }
  | { readonly kind: 'restarting'; readonly tenant: string }
  | { readonly kind: 'done' };

export type FirstRunEvent =
  | { readonly type: 'open-connect' }
  | { readonly type: 'back' }
  | { readonly type: 'change'; readonly patch: Partial<TenantForm> }
  | { readonly type: 'submitted' }
  | { readonly type: 'connect-failed'; readonly error: AppError }
  | { readonly type: 'connected' }
  | { readonly type: 'demo-started' }
  | { readonly type: 'demo-failed'; readonly error: AppError }
  | { readonly type: 'demo-chosen' };

export const INITIAL_FIRST_RUN: FirstRunState = { kind: 'choose', busy: false, error: null };

const EMPTY_FORM: TenantForm = { tenant: '', clientId: '', cloud: 'public' };
const FIELDS: readonly TenantField[] = ['tenant', 'clientId', 'cloud'];

/** The engine's field issues keyed by form field; the first message per field wins. */
export function fieldErrorsOf(error: AppError): Partial<Record<TenantField, string>> {
  const errors: Partial<Record<TenantField, string>> = {};
  for (const issue of error.issues ?? []) {
    const field = FIELDS.find((f) => f === issue.path);
    if (field !== undefined && errors[field] === undefined) {
      errors[field] = issue.message;
    }
  }
  return errors;
}

export function firstRunReducer(state: FirstRunState, event: FirstRunEvent): FirstRunState {
  switch (event.type) {
    case 'open-connect':
      return state.kind === 'choose' ? { kind: 'connect', form: EMPTY_FORM, busy: false, fieldErrors: {}, error: null } : state;
    case 'back':
      return state.kind === 'connect' && !state.busy ? INITIAL_FIRST_RUN : state;
    case 'change':
      return state.kind === 'connect' ? { ...state, form: { ...state.form, ...event.patch } } : state;
    case 'submitted':
      return state.kind === 'connect' ? { ...state, busy: true, error: null } : state;
    case 'connect-failed': {
      if (state.kind !== 'connect') {
        return state;
      }
      const fieldErrors = fieldErrorsOf(event.error);
      return { ...state, busy: false, fieldErrors, error: Object.keys(fieldErrors).length === 0 ? event.error : null };
    }
    case 'connected':
      return state.kind === 'connect' ? { kind: 'restarting', tenant: state.form.tenant.trim() } : state;
    case 'demo-started':
      return state.kind === 'choose' ? { ...state, busy: true, error: null } : state;
    case 'demo-failed':
      return state.kind === 'choose' ? { ...state, busy: false, error: event.error } : state;
    case 'demo-chosen':
      return { kind: 'done' };
    default:
      return assertNever(event, 'first-run event');
  }
}
