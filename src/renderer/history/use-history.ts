import { useEffect, useState } from 'react';
import type { HistoryReadout } from '../../shared/domain/history';
import type { AppError } from '../../shared/errors';
import { api } from '../api';
import type { Loadable } from '../wizard/wizard-state';

export type HistoryState = {
  readonly readout: Loadable<HistoryReadout>;
  /** How many times the history was read; what PIM says of its requests is read again with it. */
  readonly reads: number;
  readonly clearError: AppError | null;
  /** True after a clearing that worked, until the next Refresh or Clear. */
  readonly cleared: boolean;
  readonly refresh: () => void;
  readonly clear: () => Promise<void>;
};

/** The history read from main when the view opens and on Refresh, and cleared on request. */
export function useHistory(): HistoryState {
  const [readout, setReadout] = useState<Loadable<HistoryReadout>>({ status: 'loading' });
  const [clearError, setClearError] = useState<AppError | null>(null);
  const [cleared, setCleared] = useState(false);
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let current = true;
    void api.history.list().then((result) => {
      if (current) {
        setReadout(result.ok ? { status: 'loaded', value: result.value } : { status: 'failed', error: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [reads]);

  return {
    readout,
    reads,
    clearError,
    cleared,
    refresh: () => {
      setCleared(false);
      setReadout({ status: 'loading' });
      setReads((n) => n + 1);
    },
    clear: async () => {
      const result = await api.history.clear();
      if (!result.ok) {
        setClearError(result.error);
        return;
      }
      setClearError(null);
      setCleared(true);
      setReads((n) => n + 1);
    },
  };
}
