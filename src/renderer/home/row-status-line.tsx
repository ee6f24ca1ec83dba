import type { RowStatus } from '../wizard/state/types';

/**
 * What the last deactivation, cancellation or extension request did, in words anyone can see: the row it acted on may
 * have gone from the list. Not a live region: the app's announcer already says the same sentence to screen readers.
 */
export function RowStatusLine({ status }: { readonly status: RowStatus | null }) {
  if (status === null) {
    return null;
  }
  return (
    <p className={`row-status-line row-status-${status.phase}`} data-testid="row-status">
      {status.text}
    </p>
  );
}
