import { useEffect, useState } from 'react';
import type { PendingRequest } from '../../shared/domain/activation';
import type { HistoryReadout, HistoryRequestUpdate } from '../../shared/domain/history';
import { followedRequestIds } from '../../shared/domain/history';
import { api } from '../api';
import type { Loadable } from '../wizard/wizard-state';

/**
 * What PIM says now about the requests the history recorded (decisions, early ends), read when the history is
 * read (opening, Refresh) and when the home screen's pending list is read again. Only summaries
 * cross IPC (request id and state). A failed read (signed out, offline) leaves the recorded
 * outcomes as they are: the history is still true about what happened at the time.
 */
export function useRequestUpdates(
  readout: HistoryReadout | null,
  reads: number,
  pending: Loadable<readonly PendingRequest[]>,
): readonly HistoryRequestUpdate[] {
  const [updates, setUpdates] = useState<readonly HistoryRequestUpdate[]>([]);
  const waiting = readout !== null && followedRequestIds(readout.entries).size > 0;
  useEffect(() => {
    if (!waiting) {
      return;
    }
    let current = true;
    void api.history.requestUpdates().then((result) => {
      if (current && result.ok) {
        setUpdates(result.value);
      }
    });
    return () => {
      current = false;
    };
  }, [waiting, reads, pending]);
  return updates;
}
