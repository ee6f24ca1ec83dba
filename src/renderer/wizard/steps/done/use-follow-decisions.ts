import { useEffect } from 'react';
import { api } from '../../../api';

/** The first re-read comes this soon; each later one waits twice as long, up to the cap. */
export const FOLLOW_FIRST_MS = 2000;
export const FOLLOW_MAX_MS = 30_000;

/** The wait before the re-read after `reads` earlier ones: 2 s, 4 s, 8 s… up to 30 s. */
export function followDelayMs(reads: number): number {
  return Math.min(FOLLOW_MAX_MS, FOLLOW_FIRST_MS * 2 ** Math.max(0, reads));
}

/**
 * While a role of the run waits for an approver, the role-state model is read again now and then, so a decision
 * reaches the Results screen without a Refresh. The engine pushes each read as the `roles:states` event, which the
 * wizard applies; a failed read is simply tried again later (the offline notice speaks for it).
 */
export function useFollowDecisions(waiting: boolean): void {
  useEffect(() => {
    if (!waiting) {
      return undefined;
    }
    let reads = 0;
    let timer = 0;
    let stopped = false;
    const next = () => {
      timer = window.setTimeout(() => {
        void api.roles.states().then(() => {
          reads += 1;
          if (!stopped) {
            next();
          }
        });
      }, followDelayMs(reads));
    };
    next();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [waiting]);
}
