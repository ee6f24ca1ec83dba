import type { ActiveAssignment } from '../../shared/domain/roles';
import { formatClock } from '../components/format-time';
import { useNow } from '../components/use-now';
import { MIN_ACTIVE_BEFORE_DEACTIVATE_MS } from '../wizard/selectors';
import { ConfirmAction } from './confirm-action';

/** What the 5-minute rule needs to know of an activation. */
export type ActivationStart = Pick<ActiveAssignment, 'id' | 'startDateTime'>;

/** Why Deactivate cannot be pressed right now, or null when it can. */
export function deactivateBlocker(active: ActivationStart, serverNow: number, busy: boolean): string | null {
  if (busy) {
    return 'Deactivating…';
  }
  const start = active.startDateTime === null ? Number.NaN : Date.parse(active.startDateTime);
  if (!Number.isNaN(start) && serverNow < start + MIN_ACTIVE_BEFORE_DEACTIVATE_MS) {
    return `Available from ${formatClock(new Date(start + MIN_ACTIVE_BEFORE_DEACTIVATE_MS).toISOString())}: PIM allows deactivation 5 minutes after activation.`;
  }
  return null;
}

/**
 * Deactivate, with PIM's 5-minute rule shown, confirmed inline before anything is sent (PIM cannot undo a
 * deactivation). While it cannot be used it stays focusable (aria-disabled, not disabled) so keyboard and
 * screen-reader users reach it and hear why.
 */
export function DeactivateButton({
  active,
  name,
  skew,
  busy,
  onDeactivate,
}: {
  readonly active: ActivationStart;
  readonly name: string;
  readonly skew: number;
  readonly busy: boolean;
  readonly onDeactivate: () => void;
}) {
  const serverNow = useNow(1000) - skew;
  return (
    <ConfirmAction
      label="Deactivate"
      accessibleName={`Deactivate ${name}`}
      question={`Deactivate ${name} now? It ends at once, and PIM cannot undo it.`}
      confirmLabel="Yes, deactivate"
      keepLabel="Keep it active"
      busyLabel="Deactivating…"
      busy={busy}
      blocker={deactivateBlocker(active, serverNow, false)}
      onConfirm={onDeactivate}
    />
  );
}
