/**
 * Kiosk mode's "the session ends after the activation" countdown, as pure data.
 *
 * On a shared privileged-access workstation the session ends on its own once the admin reaches
 * the Done step, after a visible countdown they can cancel (to deactivate a role, or read the
 * results). The hook that runs the timer only feeds `now` in and calls sign-out when told to.
 */
import type { AppInfo } from '../../shared/domain/app-info';
import { isKiosk, policyOf } from '../app-policy';
import type { StepKind } from '../wizard/wizard-state';

export const AUTO_END_SECONDS = 30;

export type AutoEnd =
  | { readonly status: 'off' }
  | { readonly status: 'counting'; readonly endsAt: number }
  | { readonly status: 'cancelled' }
  | { readonly status: 'ending' };

/** True when this workstation's policy ends the session after an activation, and the admin is on Done. */
export function autoEndApplies(info: AppInfo | null, step: StepKind): boolean {
  return isKiosk(info) && policyOf(info).endSessionAfterActivation && step === 'done';
}

/**
 * Follows the wizard: starts counting on arriving at Done, forgets everything on leaving it (so
 * the next activation counts again), and otherwise keeps the current state.
 */
export function followStep(current: AutoEnd, applies: boolean, now: number): AutoEnd {
  if (!applies) {
    return current.status === 'off' ? current : { status: 'off' };
  }
  return current.status === 'off' ? { status: 'counting', endsAt: now + AUTO_END_SECONDS * 1000 } : current;
}

/** Whole seconds left, never negative; null when not counting. */
export function secondsLeft(current: AutoEnd, now: number): number | null {
  return current.status === 'counting' ? Math.max(0, Math.ceil((current.endsAt - now) / 1000)) : null;
}

/** One clock tick: when the time is up, the state becomes `ending` and `endNow` is true exactly once. */
export function tick(current: AutoEnd, now: number): { readonly next: AutoEnd; readonly endNow: boolean } {
  if (current.status === 'counting' && now >= current.endsAt) {
    return { next: { status: 'ending' }, endNow: true };
  }
  return { next: current, endNow: false };
}

/** The admin keeps the session: only a counting session can be kept. */
export function cancel(current: AutoEnd): AutoEnd {
  return current.status === 'counting' ? { status: 'cancelled' } : current;
}
