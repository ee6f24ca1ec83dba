import { useEffect, useRef } from 'react';
import type { WizardStep } from '../wizard/wizard-state';
import { notify } from './notify';

/** One OS notification per role and run when it becomes active, wherever the admin is in the wizard. */
export function useActivationNotifications(step: WizardStep): void {
  const notified = useRef(new Set<string>());
  const run = step.kind === 'step-up' || step.kind === 'progress' || step.kind === 'done' ? step.run : null;
  useEffect(() => {
    if (run === null) {
      return;
    }
    for (const row of run.rows) {
      const active = row.marks.some((m) => m.phase === 'active');
      const key = `${run.startedAt}:${row.roleId}`;
      if (active && !notified.current.has(key)) {
        notified.current.add(key);
        const end = row.outcome?.endDateTime;
        notify(
          `${row.displayName} is active`,
          end
            ? `Active until ${new Date(end).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}.`
            : 'The role is active.',
        );
      }
    }
  }, [run]);
}
