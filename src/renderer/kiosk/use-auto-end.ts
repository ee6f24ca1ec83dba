import { useEffect, useRef, useState } from 'react';
import type { AutoEnd } from './auto-end';
import { cancel, followStep, tick } from './auto-end';

/**
 * Runs the kiosk's end-of-session countdown: follows the wizard, ticks each second, and calls
 * `endSession` once when the time is up. The rules live in `auto-end.ts`.
 */
const OFF: AutoEnd = { status: 'off' };

export function useAutoEnd(
  applies: boolean,
  endSession: () => void,
): { readonly autoEnd: AutoEnd; readonly now: number; readonly cancel: () => void } {
  const [autoEnd, setAutoEnd] = useState<AutoEnd>({ status: 'off' });
  const [now, setNow] = useState(() => Date.now());
  const endRef = useRef(endSession);
  useEffect(() => {
    endRef.current = endSession;
  });

  // Arriving at Done starts a fresh countdown; leaving it stops the clock (and the state shown
  // is 'off' at once, below). State is only set from timer callbacks.
  useEffect(() => {
    if (!applies) {
      return undefined;
    }
    const begin = window.setTimeout(() => {
      const at = Date.now();
      setNow(at);
      setAutoEnd(followStep({ status: 'off' }, true, at));
    }, 0);
    const timer = window.setInterval(() => {
      const at = Date.now();
      setNow(at);
      setAutoEnd((current) => {
        const { next, endNow } = tick(current, at);
        if (endNow) {
          // Outside the state updater's render phase: a plain task.
          window.setTimeout(() => {
            endRef.current();
          }, 0);
        }
        return next;
      });
    }, 1000);
    return () => {
      window.clearTimeout(begin);
      window.clearInterval(timer);
    };
  }, [applies]);

  return {
    autoEnd: applies ? autoEnd : OFF,
    now,
    cancel: () => {
      setAutoEnd(cancel);
    },
  };
}
