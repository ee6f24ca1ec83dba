import { useState } from 'react';
import type { PendingRequest } from '../../shared/domain/activation';
import { ErrorPanel } from '../components/error-panel';
import { StepHeading } from '../components/step-heading';
import { plural } from '../wizard/format';
import type { Loadable } from '../wizard/wizard-state';
import { ClearHistoryConfirm } from './clear-history';
import { historyRows, skippedNote } from './history-rows';
import { HistoryTable } from './history-table';
import { useHistory } from './use-history';
import { useRequestUpdates } from './use-request-updates';

type Props = {
  readonly onClose: () => void;
  /** The home screen's pending list: when it is read again, what became of the recorded requests is read again too. */
  readonly pending: Loadable<readonly PendingRequest[]>;
};

/**
 * The local history: activations, deactivations, extension requests and cancellations, newest first. Read from main
 * each time the view opens; what PIM says now of each recorded request (a decision, an early end) comes from the
 * role-state model. Clearing asks first. Off (and said so) on kiosk workstations.
 */
export function HistoryView({ onClose, pending }: Props) {
  const history = useHistory();
  const [confirming, setConfirming] = useState(false);
  const value = history.readout.status === 'loaded' ? history.readout.value : null;
  const updates = useRequestUpdates(value, history.reads, pending);
  const rows = value === null ? [] : historyRows(value.entries, updates);
  const note = value === null ? null : skippedNote(value);

  return (
    <section aria-labelledby="history-heading" className="step">
      <StepHeading id="history-heading">Activation history</StepHeading>
      {history.readout.status === 'loading' ? <p role="status">Reading the history…</p> : null}
      {history.readout.status === 'failed' ? <ErrorPanel error={history.readout.error} title="The history could not be read" /> : null}
      {value !== null && !value.enabled ? (
        <p className="note">History is off on this workstation: nothing about your activations is kept here.</p>
      ) : null}
      {value?.enabled === true ? (
        <>
          <p className="muted">Kept on this computer only, without tokens or sign-in details. {plural(rows.length, 'entry', 'entries')}.</p>
          {note !== null ? <p className="note">{note}</p> : null}
          {history.cleared && rows.length === 0 ? <p role="status">The history was cleared.</p> : null}
          {rows.length === 0 && !history.cleared ? <p>Nothing recorded yet.</p> : null}
          {rows.length > 0 ? <HistoryTable rows={rows} /> : null}
          {history.clearError !== null ? <ErrorPanel error={history.clearError} title="The history was not cleared" /> : null}
          {confirming ? (
            <ClearHistoryConfirm
              count={rows.length}
              onClear={() => {
                void history.clear().then(() => {
                  setConfirming(false);
                });
              }}
              onKeep={() => {
                setConfirming(false);
              }}
            />
          ) : null}
        </>
      ) : null}
      <div className="actions step-actions">
        <button type="button" onClick={onClose}>
          Back to activation
        </button>
        {value?.enabled === true && rows.length > 0 && !confirming ? (
          <button
            type="button"
            onClick={() => {
              setConfirming(true);
            }}
          >
            Clear history
          </button>
        ) : null}
        <button type="button" onClick={history.refresh}>
          Refresh
        </button>
      </div>
    </section>
  );
}
