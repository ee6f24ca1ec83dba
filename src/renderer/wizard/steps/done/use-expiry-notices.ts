import { useEffect, useRef } from 'react';
import { formatClock } from '../../../components/format-time';
import { notify } from '../../../components/notify';
import { ENDING_SOON_MS } from '../../../../shared/rules/ending-soon';
import type { RoleView } from '../../result-view';
import type { RunRow } from '../../wizard-state';

/**
 * "Shortly before expiry" (the one ending-soon notion the tray uses too): one OS notification per role and end time; and one when a role that was waiting for
 * approval turns up active.
 */
export function useExpiryNotices(views: readonly { readonly row: RunRow; readonly view: RoleView }[], serverNow: number): void {
  const warned = useRef(new Set<string>());
  useEffect(() => {
    for (const { row, view } of views) {
      if (view.kind !== 'active') {
        continue;
      }
      const approvedKey = `${row.roleId}@approved`;
      if (row.outcome?.status === 'pending-approval' && !warned.current.has(approvedKey)) {
        warned.current.add(approvedKey);
        notify(`${row.displayName} is active`, 'Your request was approved.');
      }
      if (view.end === null) {
        continue;
      }
      const left = Date.parse(view.end) - serverNow;
      const key = `${row.roleId}@${view.end}`;
      if (left > 0 && left <= ENDING_SOON_MS && !warned.current.has(key)) {
        warned.current.add(key);
        notify(
          `${row.displayName} expires soon`,
          `It ends at ${formatClock(view.end)}. Activate it again in PIM Step-Up if you still need it.`,
        );
      }
    }
  });
}
